"""One reading of metadata: ``metadata.read_header`` reads a block exactly as Python-Markdown's
``meta`` extension does (the build takes its fields from there), so no field that Markdown
accepts escapes the checks. Generated headers mix indentation, tabs, continuation lines,
``---`` fences and Unicode; the extension itself is the oracle."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

from huinong_column.column.metadata import read_header

KEYS = ["Title", "URL", "Save_as", "Slug", "template", "2x", "a-b_c", "标题", "Date"]
INDENTS = ["", " ", "  ", "   ", "    ", "     ", "\t", " \t", "   \t"]
value = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"), max_size=6)
field_line = st.builds(
    lambda indent, key, sep, text: f"{indent}{key}{sep}{text}",
    st.sampled_from(INDENTS),
    st.sampled_from(KEYS),
    st.sampled_from([":", ": ", " :", ":\t", "：", ""]),
    value,
)
other_line = st.one_of(
    st.builds(lambda indent, text: indent + text, st.sampled_from(INDENTS), value),
    st.sampled_from(["", " ", "---", "...", "--- x", "-- x", "\u3000", "\x02Title: x"]),
)
header_text = st.lists(st.one_of(field_line, field_line, other_line), max_size=8).map(
    lambda lines: "\n".join(lines) + "\n\n正文。\n"
)


def markdown_reading(text: str) -> tuple[dict[str, list[str]], int]:
    """The extension's own result: its ``Meta``, and how many lines it took as metadata."""
    md = Markdown(extensions=["markdown.extensions.meta"])
    lines = md.preprocessors["normalize_whitespace"].run(text.split("\n"))
    rest = md.preprocessors["meta"].run(list(lines))
    return md.Meta, len(lines) - len(rest)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(header_text)
def test_header_is_read_exactly_as_markdown_reads_it(text):
    meta, taken = markdown_reading(text)
    header = read_header(text)
    assert {key: values for key, (_, values) in header.fields.items()} == meta
    assert header.body_start == taken


def test_indented_fields_and_continuations_are_fields():
    text = "---\n Save_as: index.html\n   URL: javascript:alert(1)//\n\tmore\nTitle: x\n---\n正文"
    header = read_header(text)
    assert header.first_values() == {
        "save_as": (2, "index.html"),
        "url": (3, "javascript:alert(1)//"),
        "title": (5, "x"),
    }
    assert header.fields["url"][1] == ["javascript:alert(1)//", "more"]
    assert text.split("\n")[header.body_start] == "正文"


def test_line_numbers_follow_markdown_line_breaks():
    # U+2028 is a line break for str.splitlines, not for Markdown: line 2 stays line 2.
    header = read_header("Title: a\u2028b\nSlug: x\n\n正文")
    assert header.first_values() == {"title": (1, "a\u2028b"), "slug": (2, "x")}
