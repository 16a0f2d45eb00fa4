"""The metadata block of a Markdown file, read by exactly the rule Python-Markdown reads it.

The build takes an article's fields from Python-Markdown's ``meta`` extension, which accepts
up to three leading spaces before a key, continuation lines indented by four or more (a tab
counts as four), a key starting with a digit, and a ``---`` line before the block. A check
that read the block by a rule of its own would let a field it does not see (`` URL: …``)
reach the build unchecked. So the reader's checks and ``huinong check`` both read the block
here, with the extension's own expressions, after the same whitespace normalisation its
``NormalizeWhitespace`` step does; ``tests/column/test_metadata.py`` compares the result
with the extension's ``Meta`` on generated headers.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

TAB_LENGTH = 4  # Python-Markdown's default; the column's settings do not change it
# Markdown's placeholder markers, removed before any line is read (NormalizeWhitespace).
STX, ETX = "\x02", "\x03"


@dataclass(frozen=True)
class Header:
    """The fields of the block, and where the body begins."""

    # lower-case key -> (line number, values): one per line of the key, continuations included
    fields: dict[str, tuple[int, list[str]]]
    body_start: int  # index of the first body line in ``split_lines(text)``

    def first_values(self) -> dict[str, tuple[int, str]]:
        """{key: (line, first value)}: the value Pelican keeps for a single-valued field."""
        return {key: (line, values[0]) for key, (line, values) in self.fields.items()}


def split_lines(text: str) -> list[str]:
    """Lines the way Markdown splits them (``str.splitlines`` also splits at U+2028…)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_header(text: str, tab_length: int = TAB_LENGTH) -> Header:
    """The metadata block of ``text`` as ``markdown.extensions.meta`` reads it."""
    if not text.strip():  # Markdown.convert returns at once: no metadata at all
        return Header({}, 0)
    raw = split_lines(text)
    normal = [line.replace(STX, "").replace(ETX, "").expandtabs(tab_length) for line in raw]
    fields: dict[str, tuple[int, list[str]]] = {}
    index = 1 if normal and BEGIN_RE.match(normal[0]) else 0
    key = None
    while index < len(normal):
        line = normal[index]
        if line.strip() == "" or END_RE.match(line):
            return Header(fields, index + 1)  # the closing line belongs to the block
        match = META_RE.match(line)
        if match:
            key = match.group("key").lower().strip()
            value = match.group("value").strip()
            fields.setdefault(key, (index + 1, []))[1].append(value)
        else:
            more = META_MORE_RE.match(line)
            if not (more and key):
                return Header(fields, index)
            fields[key][1].append(more.group("value").strip())
        index += 1
    return Header(fields, len(raw))
