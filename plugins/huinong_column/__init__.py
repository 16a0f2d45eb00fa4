"""Pelican plugin for the column “讲政治 转作风 强责任 抓落实” on 惠农清风.

Tags every article with its reporting unit (单位) and topics (主题), from the registry in
``COLUMN_REGISTRY``, and writes the unit and topic pages and feeds. The code lives in four
packages, by job (``docs/architecture.md``): ``column`` (what an article is), ``site``
(what readers get), ``publishing`` (build, check, put in place, deploy) and ``desk`` (the
editor's commands); speed comes from ``pelican_fastbuild``, which knows nothing of the
column. This module is the one map of Pelican's signals to the column's handlers.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.readers import BaseReader

import pelican_fastbuild

from .column import rules
from .column.articles import tag_all
from .column.errors import ProblemLog
from .column.reader import ColumnMarkdownReader, NotMarkdownReader
from .column.state import BUILD, ColumnBuild, column_build
from .site import freshness, minify, navigation, notfound, search, siteinfo
from .site.feeds import categorise
from .site.pages import ColumnGenerator
from .site.sitemap import Sitemap, base_url
from .site.stats import StatsGenerator

# Libraries the theme's filters call (qr_code): their versions shape a page.
RENDERING_PACKAGES = ("zxing-cpp",)


def _initialized(pelican) -> None:
    settings = pelican.settings
    build = ColumnBuild.start(settings)
    build.sitemap = Sitemap()
    settings["COLUMN"] = build.tagger.registry.column
    # The column's notes (inferred tags…) are logged at INFO: a cached article repeats them.
    settings["FASTBUILD_LOUD_LOGGERS"] = ("huinong_column",)
    settings["FASTBUILD_PACKAGES"] = RENDERING_PACKAGES


def _add_reader(readers) -> None:
    for ext, reader in list(readers.reader_classes.items()):
        if reader is not BaseReader:  # BaseReader passes static files (images) through
            readers.reader_classes[ext] = NotMarkdownReader
    for ext in ColumnMarkdownReader.file_extensions:
        readers.reader_classes[ext] = ColumnMarkdownReader


def _tag_articles(generator) -> None:
    """Tag all articles once they are read, before Pelican groups them.

    Stops the build with every problem found so far: files that could not be read, the
    rulebook's errors (``column/rules.py``, the same as ``huinong check``), tags that cannot
    be resolved, and, once those are fixed, articles sharing a URL.
    """
    build = column_build(generator.settings)
    timings = pelican_fastbuild.session(generator.settings).timings
    read, ruled = list(build.problems.problems), ProblemLog()
    with timings.phase("rules"):
        rules.enforce(generator.settings, build.tagger.registry, ruled)
    with timings.phase("tagging"):  # also when the rulebook refuses: the tagging report
        tag_all(generator, build)
    if ruled.problems:  # every problem tagging finds, the rulebook names at its line
        build.problems.problems[:] = read + ruled.problems
    build.problems.raise_if_any()


def _check_all_read(generators) -> None:
    if generators:  # pages and other files read after the articles
        column_build(generators[0].settings).problems.raise_if_any()


def _get_generators(pelican):
    return ColumnGenerator


def _get_stats_generator(pelican):
    return StatsGenerator


def _articles_ready(generator) -> None:
    column_build(generator.settings).articles[:] = generator.articles
    categorise([*generator.articles, *generator.drafts, *generator.hidden_articles])


def _start_search_index(generators) -> None:
    """Index the articles in the background while the pages render.

    Not earlier: an article's ``content`` resolves ``{static}`` links, so it may be read only
    once every generator has found its files.
    """
    settings, output_path = generators[0].settings, generators[0].output_path
    build, fast = column_build(settings), pelican_fastbuild.session(settings)
    if not settings["COLUMN_SEARCH_INDEX"] or not build.articles:
        return  # nothing to index: the search page says search is unavailable
    with fast.timings.phase("search_start"):  # a part of "read"
        workers = pelican_fastbuild.parallel.worker_count(settings)
        build.indexer = search.Indexer(build.articles, fast.read_afresh, output_path, settings,
                                       workers)  # fmt: skip
        fast.background = True


def _annotate(generators) -> None:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            navigation.annotate(generator)


def _page_written(path: str, context: dict) -> None:
    build = context.get(BUILD)
    if build is not None and build.sitemap is not None:
        build.sitemap.written(path, context)


def _finalized(pelican) -> None:
    """Search index, sitemap and freshness reminders, once every page is written; then the
    build object leaves the settings (the build driver holds it for its summary)."""
    settings = pelican.settings
    build, fast = column_build(settings), pelican_fastbuild.session(settings)
    indexer, build.indexer = build.indexer, None
    if indexer is not None:
        with fast.timings.phase("search"):
            seconds, shards, indexed, kept = indexer.finish()
        fast.background = False
        fast.kept.update(kept)
        fast.timings.count("search_index_s", seconds)
        fast.timings.count("search_shards", shards)
        fast.timings.count("search_shards_indexed", indexed)
    build.sitemap.write(pelican.output_path, base_url(settings))
    column, topics = build.tagger.registry.column, build.tagger.topics
    build.reminders[:] = freshness.reminders(build.articles, settings, column.name, topics)
    del settings[BUILD]


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.readers_init.connect(_add_reader)
    signals.article_generator_pretaxonomy.connect(_tag_articles)
    # Once the articles are read and tagged, in this order: their feed categories (which a
    # URL may name), their URLs frozen (pelican_fastbuild), their public addresses.
    signals.article_generator_finalized.connect(_articles_ready)
    # Once every file is read: stop on an editor's mistake, before pelican_fastbuild freezes
    # the URLs and sends ``context_ready``.
    signals.all_generators_finalized.connect(_check_all_read)
    pelican_fastbuild.register()
    signals.article_generator_finalized.connect(siteinfo.add_public_urls)
    # With the URLs frozen: start the search index, which needs no related articles; then
    # choose those. pelican_fastbuild then digests the final context and renders the pages.
    pelican_fastbuild.context_ready.connect(_start_search_index)
    pelican_fastbuild.context_ready.connect(_annotate)
    signals.get_generators.connect(_get_generators)
    # The theme's build-time data: head and footer facts, navigation, QR codes, 404.
    signals.initialized.connect(siteinfo.configure)
    signals.generator_init.connect(siteinfo.configure_jinja)
    signals.get_generators.connect(notfound.get_generators)
    # Finding things: search, feeds' categories, sitemap, statistics, freshness reminders.
    signals.get_generators.connect(_get_stats_generator)
    signals.content_written.connect(_page_written)
    signals.finalized.connect(_finalized)
    signals.finalized.connect(minify.minify_theme)
