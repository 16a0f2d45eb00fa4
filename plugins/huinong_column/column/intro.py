"""Recognise the column's 开栏语 when it has been pasted into an article.

On the old site the 开栏语 was pasted above every article of the column. It belongs to the
column (``data/column.toml``) and is shown once, on the landing page. ``check`` reports a
pasted copy and ``import`` drops it. Matching ignores spaces and the width of punctuation,
so a copy that was "fixed" to full-width marks, or only partly pasted, is still found.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from .registry import ColumnSpec

SENTENCE_END = re.compile(r"(?<=[。！？!?])")
CLAUSE_END = re.compile(r"(?<=[，,；;。！？!?])")
MIN_SENTENCE = 12  # shorter sentences ("敬请关注。") could be in any article
# A copy retold in other words keeps some of the clauses: two of them are the 开栏语.
MIN_CLAUSES = 2
CLOSE = 0.6  # similarity to the registered 开栏语 from which a paragraph is a version of it
BRACKETS = "【】[]（）()〔〕<>《》"


def normalise(text: str) -> str:
    """Text without spaces or Markdown emphasis, with full-width marks made half-width."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s*_#>]+", "", text)


class IntroMatcher:
    """Finds the 开栏语 as units paste it: its label alone (``开栏语``, ``【开栏语】``,
    ``开栏语：``), the label opening the text (``开栏语：今年9月…``), a sentence of it, or a
    version close to the registered one (edited, shortened, or with other punctuation)."""

    def __init__(self, column: ColumnSpec):
        self.label = normalise(column.intro_title) if column.intro_title else ""
        self.whole = normalise("".join(column.intro))
        self.sentences = [
            s
            for paragraph in column.intro
            for s in (normalise(x) for x in SENTENCE_END.split(paragraph))
            if len(s) >= MIN_SENTENCE
        ]
        self.clauses = [
            c.rstrip(",;.!?。")
            for paragraph in column.intro
            for c in (normalise(x) for x in CLAUSE_END.split(paragraph))
            if len(c) > MIN_SENTENCE
        ]

    def _unlabelled(self, text: str) -> str | None:
        """The normalised text after a leading label (``开栏语：…``, ``【开栏语】…``); None
        without one."""
        text = text.lstrip(BRACKETS)
        if not self.label or not text.startswith(self.label):
            return None
        return text[len(self.label) :].lstrip(BRACKETS + ":")

    def is_label(self, paragraph: str) -> bool:
        """A paragraph that is only the heading “开栏语” (in brackets, with a colon…)."""
        return self._unlabelled(normalise(paragraph)) == ""

    def is_labelled(self, paragraph: str) -> bool:
        """A paragraph that opens with the label and goes on with the 开栏语's text."""
        return bool(self._unlabelled(normalise(paragraph)))

    def is_pasted(self, paragraph: str) -> bool:
        """A paragraph that holds a sentence of the 开栏语, or two of its clauses."""
        return self._pasted(normalise(paragraph))

    def _pasted(self, text: str) -> bool:
        if any(sentence in text for sentence in self.sentences):
            return True
        return sum(clause in text for clause in self.clauses) >= MIN_CLAUSES

    def is_close(self, paragraph: str) -> bool:
        """A paragraph that is a version of the registered 开栏语, not an exact copy."""
        return self._close(normalise(paragraph))

    def _close(self, text: str) -> bool:
        if not self.whole or len(text) < MIN_SENTENCE:
            return False
        matcher = difflib.SequenceMatcher(None, text, self.whole, autojunk=False)
        # Each ratio bounds the next from above, cheapest first: most paragraphs differ
        # from the 开栏语 in length alone.
        return all(
            ratio() >= CLOSE
            for ratio in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)
        )

    def is_intro(self, paragraph: str) -> bool:
        """Any form of the 开栏语 that does not belong in an article."""
        text = normalise(paragraph)  # once: every check below reads the same form
        return self._unlabelled(text) is not None or self._pasted(text) or self._close(text)
