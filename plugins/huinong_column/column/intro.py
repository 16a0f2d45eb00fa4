"""Recognise the column's 开栏语 when it has been pasted into an article.

On the old site the 开栏语 was pasted above every article of the column. It belongs to the
column (``data/column.toml``) and is shown once, on the landing page. ``check`` reports a
pasted copy and ``import`` drops it. Matching ignores spaces and the width of punctuation,
so a copy that was "fixed" to full-width marks, or only partly pasted, is still found.
"""

from __future__ import annotations

import re
import unicodedata

from .registry import ColumnSpec

SENTENCE_END = re.compile(r"(?<=[。！？!?])")
CLAUSE_END = re.compile(r"(?<=[，,；;。！？!?])")
MIN_SENTENCE = 12  # shorter sentences ("敬请关注。") could be in any article
# A copy retold in other words keeps some of the clauses: two of them are the 开栏语.
MIN_CLAUSES = 2


def normalise(text: str) -> str:
    """Text without spaces or Markdown emphasis, with full-width marks made half-width."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s*_#>]+", "", text)


class IntroMatcher:
    def __init__(self, column: ColumnSpec):
        self.label = normalise(column.intro_title) if column.intro_title else ""
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

    def is_label(self, paragraph: str) -> bool:
        """A paragraph that is only the heading “开栏语”."""
        return bool(self.label) and normalise(paragraph) in (self.label, self.label + ":")

    def is_pasted(self, paragraph: str) -> bool:
        """A paragraph that holds a sentence of the 开栏语, or two of its clauses."""
        text = normalise(paragraph)
        if any(sentence in text for sentence in self.sentences):
            return True
        return sum(clause in text for clause in self.clauses) >= MIN_CLAUSES
