"""Fuzzing ``check`` and the build with what slipped past them in issue 19: metadata lines
indented, continued, fenced or repeated; fields choosing URLs and output files; deep
nesting; any Unicode. Both run in this process through the command line's own entry points
(``cli.main``, ``build``), so an exception escaping them, a traceback for an editor, fails
the example.

Every example must end in a clean result or in one-line errors naming the file; whatever
stops the build, ``check`` reports too; the sources stay as they were and nothing outside
``output/`` is written. Hypothesis raises the recursion limit while a test runs, so nesting
deep enough to exhaust Python's stack is tested without it, in ``test_refusals.py``.
Examples are few, bounded in time and derandomized (reproducible in CI); FUZZ_EXAMPLES
explores more locally.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import SyntheticSite
from huinong_column.desk.cli import main
from huinong_column.publishing.build import build

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=120),  # one build on a busy shared machine, with room
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAME = "content/articles/fuzz.md"

INDENTS = ["", "", " ", "   ", "    ", "\t", " \t"]
KEYS = [
    *("Title", "Date", "Organization", "Themes", "Slug", "Status", "Author", "Summary"),
    *("URL", "Save_as", "Template", "save_as", "Lang", "Modified", "Category", "2x", "标题"),
]
VALUES = [
    "【测试】合成标题",
    "2024-03-01",
    "示例区团委",
    "讲政治",
    "index.html",
    "../../../etc/x",
    "javascript:alert(1)//",
    "/tmp/outside.html",
    "draft",
    "",
]
ONE_LINE = st.characters(exclude_categories=("Cs",), exclude_characters="\n\r")
value = st.one_of(st.sampled_from(VALUES), st.text(ONE_LINE, max_size=12))
header_line = st.one_of(
    st.builds(
        lambda indent, key, sep, text: f"{indent}{key}{sep}{text}",
        st.sampled_from(INDENTS),
        st.sampled_from(KEYS),
        st.sampled_from([": ", ":", " : ", "："]),
        value,
    ),
    st.sampled_from(["---", "...", "    续行", "\t续行", "正文混进了字段区"]),
)
GOOD_HEADER = [
    "Title: 【测试】合成",
    "Date: 2024-03-01",
    "Organization: 示例区团委",
    "Themes: 讲政治",
]


def nested(kind: str, depth: int) -> str:
    if kind == "list":
        return "\n".join("  " * level + "- 层" for level in range(depth))
    if kind == "quote":
        return ">" * depth + " 引用"
    if kind == "emphasis":
        return "*" * depth + "强调" + "*" * depth
    return "[" * depth + "链接" + "](x)" * depth


body = st.one_of(
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60),
    st.builds(
        nested,
        st.sampled_from(["list", "quote", "emphasis", "brackets"]),
        st.sampled_from([0, 3, 40, 150]),
    ),
)
article = st.builds(
    lambda header, extra, text, bom, crlf: (
        ("\ufeff" if bom else "") + ("\r\n" if crlf else "\n").join([*header, *extra, "", text, ""])
    ),
    st.sampled_from([GOOD_HEADER, GOOD_HEADER, GOOD_HEADER, GOOD_HEADER[:1], []]),
    st.lists(header_line, max_size=3),
    body,
    st.booleans(),
    st.booleans(),
)


# The review's probes: always among the examples, whatever the budget.
PROBES = [
    "\n".join([*GOOD_HEADER, " Save_as: index.html", " URL: index.html", "", "正文。", ""]),
    "\n".join([*GOOD_HEADER, "   URL: javascript:alert(1)//", "", "正文。", ""]),
    "\n".join([*GOOD_HEADER, "  Slug: ../../../x", "", "正文。", ""]),
    "\n".join([*GOOD_HEADER, ""]),
]


def probes(test):
    for text in PROBES:
        test = example(text)(test)
    return test


def fingerprint(root: Path, skip: Path) -> dict[str, str]:
    """Every file under ``root`` but those under ``skip`` (the output) and the previous
    output a successful build removes in the background (``.output-old-*``)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and skip not in p.parents
        and not any(part.startswith(".output-old-") for part in p.relative_to(root).parts)
    }


@contextmanager
def fuzzed_site(text: str):
    with tempfile.TemporaryDirectory() as tmp:
        site = SyntheticSite(Path(tmp) / "site")
        site.configure(CACHE_PATH=str(Path(tmp) / "site" / "cache"))
        site.write("fuzz.md", text)
        previous = os.getcwd()
        os.chdir(site.root)
        try:
            yield site
        finally:
            os.chdir(previous)


def assert_editor_errors(lines: list[str]) -> None:
    for line in lines:
        assert "Traceback" not in line and "构建中断" not in line, line
        assert NAME in line, f"names no file: {line}"


def check(site: SyntheticSite) -> dict:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["check", "-s", "synthetic_settings.py", "--today", "2024-06-01",
                     "--format", "json"])  # fmt: skip
    assert code in (0, 1), err.getvalue()
    report = json.loads(out.getvalue())
    assert all(f["path"] == NAME and f["line"] >= 1 for f in report["findings"])
    assert (code == 1) == (report["errors"] > 0)
    return report


@FUZZ
@given(article)
@probes
def test_check_and_build_fail_cleanly_or_build_inside_output(text):
    """One rulebook: whatever stops the build, ``check`` reports as an error first."""
    with fuzzed_site(text) as site:
        before = fingerprint(site.root.parent, site.output)
        report = check(site)
        assert fingerprint(site.root.parent, site.output) == before  # check writes nothing

        messages = io.StringIO()
        with redirect_stdout(io.StringIO()):
            code = build(str(site.settings), str(site.output), stream=messages)
        event(f"exit status {code}")  # shown by --hypothesis-show-statistics
        assert code in (0, 1), messages.getvalue()
        if code == 1:
            errors = [
                line for line in messages.getvalue().splitlines() if line.startswith("错误: ")
            ]
            assert errors, messages.getvalue()
            assert_editor_errors(errors)
            assert not site.output.exists()
            assert report["errors"], f"check passed what the build refused: {errors}"
        else:  # built: the landing page is the column's, and no feed links to a script
            landing = (site.output / "index.html").read_text(encoding="utf-8")
            assert "<title>讲政治 转作风 强责任 抓落实 - 惠农清风</title>" in landing
            for feed in site.output.rglob("*.xml"):
                for element in ElementTree.parse(feed).iter():  # an entry's link and id
                    links = [element.get("href", "")]
                    if element.tag.endswith("}id"):
                        links.append(element.text or "")
                    assert not any(u.strip().lower().startswith("javascript:") for u in links)
        # Only the cache and the output may change.
        after = fingerprint(site.root.parent, site.output)
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        cache = site.root / "cache"
        assert all(Path(site.root.parent, k).is_relative_to(cache) for k in changed), changed
