"""A Markdown reader that turns an editor's mistake into one clear line.

Pelican's own reader logs a generic "Could not process" for a file that is not UTF-8 or has
a malformed date, and silently skips an article without a title. This reader checks the
raw file first, records a ``Problem`` naming the file, line and field, and then lets the
build stop with every problem listed.
"""

from __future__ import annotations

import os
import re
from datetime import datetime

from pelican.readers import MarkdownReader

from .errors import Problem, problems

HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s*(.*)$")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
REQUIRED = ("title", "date")


def display_path(path: str) -> str:
    """The path as an editor sees it: relative to the working folder when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def parse_date(value: str) -> datetime | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def header_fields(text: str) -> dict[str, tuple[int, str]]:
    """The metadata block at the top of a Markdown file: {lower-case key: (line, value)}."""
    fields: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        if match:
            fields.setdefault(match.group(1).lower(), (number, match.group(2).strip()))
        elif not line.startswith((" ", "\t")):
            break
    return fields


def check_source(path: str, raw: bytes) -> list[Problem]:
    """Problems that stop Pelican from reading the file at all."""
    shown = display_path(path)
    if b"\x00" in raw:
        return [Problem(shown, "文件", "含有二进制内容，不是文本文件", "从 content/ 中移除该文件")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [
            Problem(
                shown,
                "编码",
                f"文件不是 UTF-8 编码（第 {exc.start} 字节无法识别，可能是 GBK）",
                "用编辑器“另存为 UTF-8”后再构建",
            )
        ]
    fields = header_fields(text)
    found = []
    for key in REQUIRED:
        line, value = fields.get(key, (1, ""))
        if not value:
            label = key.capitalize()
            example = "2021-11-12" if key == "date" else "文章标题"
            found.append(
                Problem(shown, label, f"缺少 {label}", f"在文件开头加一行 {label}: {example}", line)
            )
    line, value = fields.get("date", (0, ""))
    if value and parse_date(value) is None:
        found.append(
            Problem(
                shown,
                "Date",
                f"“{value}”不是有效日期",
                "写成 2021-11-12 或 2021-11-12 09:30（年-月-日 时:分）",
                line,
            )
        )
    return found


class ColumnMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with the column's checks in front of it."""

    def read(self, source_path):
        with open(source_path, "rb") as fh:
            found = check_source(source_path, fh.read())
        if found:
            for problem in found:
                problems.add(problem)
            raise ValueError(found[0])
        return super().read(source_path)
