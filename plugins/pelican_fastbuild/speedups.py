"""Work Pelican repeats for every page, done once instead.

* **Author, category and tag pages that are never written.** Pelican filters, for every
  author (category, tag), the whole date-sorted article list with a ``list`` membership
  test: quadratic in the number of articles (0.7 s at 10,000, about 70 s at 100,000), spent
  even when ``AUTHOR_SAVE_AS = ""`` means no page is written. Such terms are dropped from
  the generator's write loop; templates still see them in the context.
* **URLs.** ``article.url`` and ``save_as`` are recomputed from the URL settings on every
  access (a path ``relpath`` and a ``str.format`` each time), and listing pages ask for
  them hundreds of thousands of times. Once tagging has set the slugs, an article's are
  final (other contents' once every generator has built its context), so each one is
  computed once, the URL kept in Pelican's own ``override_url``.
* **Source paths.** Every URL Pelican computes before they are frozen starts from the
  article's path relative to ``PATH``, by two ``abspath`` and a ``relpath`` (1.5 s of
  profiled time at 10,000 articles, five times per article). It depends only on the two
  paths and the working folder, so it is computed once per path.
* **Year and month archives.** Pelican fills each period's ``articles`` by testing every
  article for membership in the period's list: periods × articles (1.4 s at 10,000
  articles over 130 periods). Pelican still builds the archives, with an empty article
  list; each period's articles are then grouped in one pass, in the same order.
* **Dates.** ``date.strftime`` goes through Pelican's locale-aware wrapper, about 15 µs a
  call; templates format machine-readable dates with the ``isodate`` filter instead.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections import defaultdict
from operator import attrgetter

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.utils import posixize_path

_pelican_period_archives = ArticlesGenerator._build_period_archives
PERIOD_KEYS = {  # as in ArticlesGenerator._build_period_archives
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def isodate(value: datetime.date) -> str:
    """``YYYY-MM-DD``, as ``strftime('%Y-%m-%d')`` gives, for the ``datetime`` attribute."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


def _start_build(pelican) -> None:
    _relative_path.cache_clear()  # one build's paths; a long-lived process builds many sites
    filters = dict(pelican.settings.get("JINJA_FILTERS") or {})
    filters.setdefault("isodate", isodate)
    pelican.settings["JINJA_FILTERS"] = filters


def _drop_unwritten_terms(generator) -> None:
    generator.authors = [(a, arts) for a, arts in generator.authors if a.save_as]
    generator.categories = [(c, arts) for c, arts in generator.categories if c.save_as]
    generator.tags = {t: arts for t, arts in generator.tags.items() if t.save_as}


def _relative_source_path(self, source_path: str | None = None) -> str | None:
    """``Content.get_relative_source_path``, remembered per (PATH, path, working folder)."""
    source_path = source_path or self.source_path
    if source_path is None:
        return None
    path = self.settings["PATH"]
    absolute = path[:1] == "/" and source_path[:1] == "/"  # then the folder plays no part
    return _relative_path(path, source_path, "" if absolute else os.getcwd())


@functools.cache
def _relative_path(path: str, source_path: str, cwd: str) -> str:
    # As Pelican's; ``cwd`` is part of the key because ``abspath`` reads it. Pelican reads
    # each file by its absolute, normalised path under the absolute ``PATH``: then the
    # relative path is the rest of the string.
    prefix = os.path.join(path, "")
    if (
        os.path.isabs(path)
        and source_path.startswith(prefix)
        and os.path.normpath(source_path) == source_path
        and os.path.normpath(path) == path
    ):
        return posixize_path(source_path[len(prefix) :])
    return posixize_path(
        os.path.relpath(os.path.abspath(os.path.join(path, source_path)), os.path.abspath(path))
    )


def _build_period_archives(self, sorted_articles, articles, settings):
    archives = _pelican_period_archives(self, sorted_articles, [], settings)
    for granularity, periods in archives.items():
        key = PERIOD_KEYS[granularity]
        members = defaultdict(list)
        for article in articles:
            members[key(article)].append(article)
        for archive in periods:
            archive["articles"] = list(members[key(archive["dates"][0])])
    return archives


def _freeze(content) -> None:
    if not hasattr(content, "override_url"):  # never replace an editor's own URL
        content.override_url = content.url
    content._frozen_save_as = content.save_as


def _save_as(self) -> str:
    """``Content.save_as``, once frozen the file name computed then."""
    frozen = self.__dict__.get("_frozen_save_as")
    return frozen if frozen is not None else self.get_url_setting("save_as")


def freeze_article_urls(generator) -> None:
    """At ``article_generator_finalized``: tagging has given every article its slug, and the
    article URLs are read from here on (public URLs, the search index, every page)."""
    for article in (*generator.articles, *generator.translations, *generator.drafts):
        _freeze(article)
    for article in (*generator.drafts_translations, *generator.hidden_articles):
        _freeze(article)
    for article in generator.hidden_translations:
        _freeze(article)


def freeze_urls(generators) -> None:
    """Connected by the plugin before the search index starts, which reads every URL."""
    if not generators:
        return
    for content in generators[0].context["generated_content"].values():
        if "_frozen_save_as" not in content.__dict__:
            _freeze(content)


def register() -> None:
    ArticlesGenerator._build_period_archives = _build_period_archives
    Content.get_relative_source_path = _relative_source_path
    Content.save_as = property(_save_as)
    signals.initialized.connect(_start_build)
    signals.article_generator_finalized.connect(_drop_unwritten_terms)
