"""``huinong confirm FILE…``: turn inferred tags into the editor's decision.

For each article, the unit and themes the build would infer (or that ``huinong import``
wrote with ``Inferred:``) are written as ``Organization:`` and ``Themes:`` in its metadata,
and the ``Inferred:`` line is removed. The rest of the file is left byte for byte as it
was. An article whose tags were all given by the editor is not touched.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..column.reader import display_path
from ..column.rules import markdown_converter, tag_source
from ..column.sources import Site, read_source
from ..column.tagging import INFERRED_FIELD, Tagger


def confirmed_text(text: str, fields: dict[str, tuple[int, str]], values: dict[str, str]) -> str:
    """The file's text with ``values`` (field name → value) written into its metadata block
    (replacing a line already there, else added after the last metadata line) and the
    ``Inferred:`` line removed."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    last = max((number for number, _ in fields.values()), default=0)
    added = []
    for name, value in values.items():
        key = name.lower()
        if key in fields:
            lines[fields[key][0] - 1] = f"{name}: {value}{newline}"
        else:
            added.append(f"{name}: {value}{newline}")
    lines[last:last] = added
    if INFERRED_FIELD.lower() in fields:
        del lines[fields[INFERRED_FIELD.lower()][0] - 1]
    return "".join(lines)


def run(site: Site, paths: list[str], out=None) -> int:
    """Confirm every file given; exit 1 when one could not be (unreadable, untaggable)."""
    out = out or sys.stdout
    tagger = Tagger(site.registry, site.settings)
    converter = markdown_converter(site)
    failed = 0
    for given in paths:
        path = Path(given)
        if not path.is_file():
            print(f"错误: {given}: 文件不存在 修改办法：检查路径", file=out)
            failed += 1
            continue
        source = read_source(path)
        if not source.readable:
            for problem in source.problems:
                print(f"错误: {problem}", file=out)
            failed += 1
            continue
        article, problems = tag_source(tagger, site, source, converter)
        if problems:
            for problem in problems:
                print(f"错误: {problem}", file=out)
            failed += 1
            continue
        how = article.tagging
        values = {}
        if how.unit_how == "inferred":
            values["Organization"] = article.unit.name
        if how.topics_how == "inferred" and article.topics:
            values["Themes"] = ", ".join(t.name for t in article.topics)
        shown = display_path(str(path))
        if not values:
            print(f"{shown}: 单位和主题都是编辑写明的，无需确认", file=out)
            continue
        new_text = confirmed_text(source.text, source.fields, values)
        bom = b"\xef\xbb\xbf" if source.raw.startswith(b"\xef\xbb\xbf") else b""
        path.write_bytes(bom + new_text.encode("utf-8"))
        written = "；".join(f"{k}: {v}" for k, v in values.items())
        print(f"{shown}: 已确认并写入 {written}", file=out)
    return 1 if failed else 0
