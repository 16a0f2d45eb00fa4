"""Readable ASCII slugs for new and imported articles, by the registry's conventions.

The convention is ``<unit slug>-<yyyymmdd>`` (``huinong-tuanwei-20211112``), the same slug
the build gives an article that has none. An article without a date (an old page that
never said when it was published) gets ``<unit slug>-<pinyin of the title>`` instead, cut
to fit in 80 characters. A slug already taken gets ``-2``, ``-3``….
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from .reader import SLUG_MAX
from .registry import SLUG_RE, Registry, UnitSpec

WORDS = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")
MAX_WORDS = 3  # a slug names the article, it does not spell out the whole title
MAX_WORD = 30  # syllables of one run of characters, enough to recognise it


def title_pinyin(title: str, registry: Registry, room: int = SLUG_MAX) -> str:
    """``sigeqianghua-fuwuqingnian-budayang`` for “惠农区团委“四个强化”服务青年“不打烊””.

    The unit's name is left out (its slug stands in front); each run of Chinese characters
    becomes one word of joined syllables. At most ``room`` characters, cut after a whole
    syllable: a title without punctuation is one long run.
    """
    # Imported here: pypinyin's dictionaries cost every build process 40 MB and 0.3 s, and
    # the build itself needs only ``default_slug``.
    from pypinyin import lazy_pinyin

    text = registry.unit_pattern.sub(" ", title) if registry.unit_names() else title
    words = []
    for run in WORDS.findall(text)[:MAX_WORDS]:
        used = len("-".join(words))
        word = ""
        for syllable in lazy_pinyin(run):
            too_long = len(word) + len(syllable) > MAX_WORD
            if too_long or used + bool(words) + len(word) + len(syllable) > room:
                break
            word += syllable.lower()
        if not word:
            break
        words.append(word)
    return "-".join(words)


def suggest_slug(
    registry: Registry,
    unit: UnitSpec | None,
    day: date | None,
    title: str,
    taken: Collection[str],
) -> str:
    parts = [unit.slug] if unit else []
    room = SLUG_MAX - len(unit.slug) - 1 - len("-99") if unit else SLUG_MAX - len("-99")
    parts.append(f"{day:%Y%m%d}" if day else title_pinyin(title, registry, room))
    base = "-".join(p for p in parts if p) or "article"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def default_slug(article) -> str:
    """The file name when it is readable ASCII, else ``<unit slug>-<yyyymmdd>``."""
    stem = article.source_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if SLUG_RE.match(stem):
        return stem
    return f"{article.unit.slug}-{article.date:%Y%m%d}"
