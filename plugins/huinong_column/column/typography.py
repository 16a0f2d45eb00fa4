"""Chinese punctuation and character widths in article text (W3C clreq, GB/T 15834).

Chinese text takes full-width punctuation (，。、；：？！, quotes “”‘’, brackets （）,
ellipsis ……, dash ——) and half-width Latin letters and digits. Old articles often went
through tools that swapped these: the seed is full of ``,`` ``(`` ``)`` between Chinese
characters. This module finds such spots in one line of Markdown
and, for ``huinong check --fix``, corrects exactly those spots and nothing else.

It is deliberately conservative: a half-width mark is flagged only where the text on both
sides is Chinese, or Chinese and a digit (``活动;组织2021年``, ``09:30,共``), so ``40,000``,
``09:30``, ``Python,Java`` and URLs are left alone. A full stop ``.`` is one only after
Chinese and before Chinese or the end (``v1.2``, ``3.5``, ``www.gov.cn`` stay); quotes are
made Chinese only in pairs that hold Chinese text (``"OK"`` stays); ``...`` and a lone ``…``
after Chinese become ``……``, and ``--`` or a lone ``—`` between Chinese becomes ``——``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Han, CJK punctuation (、。《》「」…), full-width forms and the curly quotes Chinese uses.
CHINESE = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uffef“”‘’…—·]")
HAN_CHAR = re.compile(f"[{HAN}]")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
FULL_WIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
MARKUP = "*_"  # emphasis markers are transparent: **标题**,正文 is still Chinese on both sides

# Spans that are not prose: inline code, link and image targets, autolinks, bare URLs.
PROTECTED = re.compile(r"`[^`]*`|\]\([^)]*\)|\]\[[^\]]*\]|<[^>\s]+>|https?://\S+")
PAIR = re.compile(r"\(([^()\n]*)\)")
QUOTES = ((re.compile(r'"([^"\n]*)"'), "“", "”"), (re.compile(r"'([^'\n]*)'"), "‘", "’"))
# Chinese that may stand before a full stop or an ellipsis: Han, closing quotes and brackets.
CLOSING = re.compile(f"[{HAN}”’）》」』】]")
ELLIPSIS = re.compile(r"\.{3,6}|。{2,6}|(?<!…)…(?!…)")
DASH = re.compile(r"-{2,3}|(?<!—)—(?!—)|－{1,2}")


@dataclass(frozen=True)
class Edit:
    """Replace the character at ``start`` (and any spaces up to ``end``) by ``text``."""

    start: int
    end: int
    text: str
    kind: str  # "punctuation" or "width"
    original: str


def _masked(line: str) -> str:
    """The line with protected spans blanked out, same length, so indexes still match."""
    return PROTECTED.sub(lambda m: "\0" * len(m.group(0)), line)


def _neighbour(text: str, index: int, step: int, skip: str) -> str:
    while 0 <= index < len(text) and text[index] in skip:
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _between_chinese(before: str, after: str) -> bool:
    """活动,组织 / 2021年,13名 / 09:30,共: yes.  40,000 / 1,2 / Python,Java: no."""
    if CHINESE.match(before):
        return not after or bool(CHINESE.match(after)) or after.isdigit()
    return before.isdigit() and bool(HAN_CHAR.match(after))


def line_edits(line: str) -> list[Edit]:
    """Every punctuation and width correction this line needs, left to right."""
    text = _masked(line)
    edits: dict[int, Edit] = {}

    # A pair around Chinese text is Chinese, whatever stands at its edges: (2021年).
    for match in PAIR.finditer(text):
        if HAN_CHAR.search(match.group(1)):
            for index, full in ((match.start(), "（"), (match.end() - 1, "）")):
                edits[index] = Edit(index, index + 1, full, "punctuation", text[index])
    _marks(text, edits)
    covered = {i for e in edits.values() for i in range(e.start, e.end)}
    for index, char in enumerate(text):
        if index in covered:
            continue
        if char == "(" and HAN_CHAR.match(_neighbour(text, index + 1, 1, MARKUP)):
            edits[index] = Edit(index, index + 1, "（", "punctuation", char)
        elif char == ")" and HAN_CHAR.match(_neighbour(text, index - 1, -1, MARKUP)):
            edits[index] = Edit(index, index + 1, "）", "punctuation", char)
        elif FULL_WIDTH_ALNUM.match(char):
            edits[index] = Edit(index, index + 1, chr(ord(char) - 0xFEE0), "width", char)

    # A mark is judged by its neighbours as they will be once corrected: in (合成);共有
    # the ";" follows "）". Repeat until nothing more changes.
    view = list(text)
    for index, edit in edits.items():
        # Same length as the text: a two-character fix fills both places with Chinese.
        view[index : edit.end] = edit.text[0] * (edit.end - index)
    changed = True
    while changed:
        changed = False
        current = "".join(view)
        for index, char in enumerate(current):
            if char not in ",;:?!" or index in edits:
                continue
            before = _neighbour(current, index - 1, -1, MARKUP)
            after = _neighbour(current, index + 1, 1, MARKUP + " ")
            if _between_chinese(before, after):
                end = index + 1
                while end < len(text) and text[end] == " ":
                    end += 1  # full-width marks carry their own space
                edits[index] = Edit(index, end, FULL_WIDTH[char], "punctuation", char)
                view[index] = FULL_WIDTH[char]
                changed = True
    return [edits[i] for i in sorted(edits)]


def _marks(text: str, edits: dict[int, Edit]) -> None:
    """Quotes, full stops, ellipses and dashes in Chinese text (GB/T 15834)."""

    def add(start: int, end: int, full: str) -> None:
        edits[start] = Edit(start, end, full, "punctuation", text[start:end])

    for pattern, opening, closing in QUOTES:
        for match in pattern.finditer(text):
            if HAN_CHAR.search(match.group(1)):
                add(match.start(), match.start() + 1, opening)
                add(match.end() - 1, match.end(), closing)
    for match in ELLIPSIS.finditer(text):
        if CLOSING.match(_neighbour(text, match.start() - 1, -1, MARKUP)):
            add(match.start(), match.end(), "……")
    for match in DASH.finditer(text):
        before = _neighbour(text, match.start() - 1, -1, MARKUP + " ")
        after = _neighbour(text, match.end(), 1, MARKUP + " ")
        if CLOSING.match(before) and (HAN_CHAR.match(after) or after in "“‘（《"):
            add(match.start(), match.end(), "——")
    covered = {i for e in edits.values() for i in range(e.start, e.end)}
    for index, char in enumerate(text):
        if char != "." or index in covered:
            continue
        before = _neighbour(text, index - 1, -1, MARKUP)
        after = _neighbour(text, index + 1, 1, MARKUP)
        if CLOSING.match(before) and (not after or after in "”’" or HAN_CHAR.match(after)):
            add(index, index + 1, "。")


def apply(line: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for edit in edits:
        out.append(line[last : edit.start])
        out.append(edit.text)
        last = edit.end
    out.append(line[last:])
    return "".join(out)


def describe(line: str, edits: list[Edit]) -> str:
    """``“,”×12、“(”×2（如“要求,精心”）``: counts by mark and the first place it occurs."""
    counts = Counter(e.original for e in edits)
    marks = "、".join(f"“{mark}”×{n}" for mark, n in sorted(counts.items(), key=lambda c: -c[1]))
    first = edits[0].start
    return f"{marks}（如“{line[max(0, first - 2) : first + 3].strip()}”）"
