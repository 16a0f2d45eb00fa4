"""Pelican plugin for the column “讲政治 转作风 强责任 抓落实” on 惠农清风.

Tags every article with its reporting unit (单位) and topics (主题), from the registry in
``COLUMN_REGISTRY``, and writes the unit and topic pages and feeds. See
``docs/architecture.md`` for how the pieces fit.
"""

from __future__ import annotations

from collections import defaultdict

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.readers import BaseReader

from . import (
    freshness,
    images,
    navigation,
    notfound,
    parallel,
    search,
    siteinfo,
    speedups,
    state,
    timings,
)
from .errors import Problem, problems
from .feeds import categorise
from .pages import ColumnGenerator
from .reader import ColumnMarkdownReader, NotMarkdownReader, display_path
from .registry import SLUG_RE
from .sitemap import Sitemap, base_url
from .stats import StatsGenerator

_sitemap = Sitemap()


def _initialized(pelican) -> None:
    tagger = state.start_build(pelican.settings)
    pelican.settings["COLUMN"] = tagger.registry.column
    global _sitemap
    _sitemap = Sitemap()


def _add_reader(readers) -> None:
    for ext, reader in list(readers.reader_classes.items()):
        if reader is not BaseReader:  # BaseReader passes static files (images) through
            readers.reader_classes[ext] = NotMarkdownReader
    for ext in ColumnMarkdownReader.file_extensions:
        readers.reader_classes[ext] = ColumnMarkdownReader


def default_slug(article) -> str:
    """The file name when it is readable ASCII, else ``<unit slug>-<yyyymmdd>``."""
    stem = article.source_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if SLUG_RE.match(stem):
        return stem
    return f"{article.unit.slug}-{article.date:%Y%m%d}"


def _duplicates(contents) -> list[Problem]:
    by_target = defaultdict(list)
    for content in contents:
        by_target[content.save_as].append(display_path(content.source_path))
    found = []
    for target, paths in sorted(by_target.items()):
        if len(paths) > 1:
            first, *others = sorted(paths)
            for other in others:
                found.append(
                    Problem(
                        other,
                        "Slug",
                        f"与 {first} 的网址相同（{target}）",
                        "给其中一篇加一行不同的 Slug: 拼音-网址",
                    )
                )
    return found


def _tag_articles(generator) -> None:
    """Tag all articles once they are read, before Pelican groups them.

    Stops the build with every problem found so far: files that could not be read, tags
    that cannot be resolved, and, once those are fixed, articles sharing a URL.
    """
    with timings.phase("tagging"):
        _tag_all(generator)
    problems.raise_if_any()


def _tag_all(generator) -> None:
    tagger = state.current_tagger()
    everything = sorted(
        [*generator.articles, *generator.drafts, *generator.hidden_articles],
        key=lambda a: a.source_path,
    )
    found = []
    for article in everything:
        path = display_path(article.source_path)
        found += tagger.tag(article, path)
        if "slug" not in article.metadata and hasattr(article, "unit"):
            article.slug = default_slug(article)
        if getattr(article, "tagging", None) and article.tagging.inferred:
            state.inferred.append(_describe_inference(path, article))
    if not found:
        found = _duplicates(everything)
    for articles in (generator.articles, generator.drafts, generator.hidden_articles):
        _newest_first(articles)
    for problem in found:
        problems.add(problem)


def _newest_first(articles: list) -> None:
    """Sort in place, newest first; same-date articles by source path.

    Pelican sorts by date only, keeping the order in which the file system listed the files,
    which differs between machines.
    """
    articles.sort(key=lambda a: a.source_path)
    articles.sort(key=lambda a: a.date, reverse=True)


def _describe_inference(path: str, article) -> str:
    how = article.tagging
    parts = []
    if how.unit_how == "inferred":
        where = "标题" if how.unit_from == "title" else "导语"
        parts.append(f"单位 {article.unit.name}（由{where}推断）")
    if how.topics_how == "inferred":
        parts.append(f"主题 {'、'.join(t.name for t in article.topics)}（由关键词推断）")
    return f"{path}: {'；'.join(parts)}"


def _check_all_read(generators) -> None:
    problems.raise_if_any()  # pages and other files read after the articles


def _keep_conversions(generators) -> None:
    state.end_build(read_everything=True)


def _get_generators(pelican):
    return ColumnGenerator


def _get_stats_generator(pelican):
    return StatsGenerator


def _articles_ready(generator) -> None:
    state.articles[:] = generator.articles
    categorise([*generator.articles, *generator.drafts, *generator.hidden_articles])


def _start_search_index(generators) -> None:
    """Index the articles in the background while the pages render.

    Not earlier: an article's ``content`` resolves ``{static}`` links, so it may be read only
    once every generator has found its files.
    """
    settings, output_path = generators[0].settings, generators[0].output_path
    if not settings["COLUMN_SEARCH_INDEX"] or not state.articles:
        return  # nothing to index: the search page says search is unavailable
    with timings.phase("search_start"):  # a part of "read"
        workers = parallel.worker_count(settings)
        fresh = state.read_afresh
        state.indexer = search.Indexer(state.articles, fresh, output_path, settings, workers)


def _annotate(generators) -> None:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            navigation.annotate(generator)


def _page_written(path: str, context: dict) -> None:
    _sitemap.written(path, context)


def _finalized(pelican) -> None:
    """Search index, sitemap and freshness reminders, once every page is written."""
    indexer, state.indexer = state.indexer, None
    if indexer is not None:
        with timings.phase("search"):
            seconds, shards, indexed, kept = indexer.finish()
        state.kept.update(kept)
        timings.count("search_index_s", seconds)
        timings.count("search_shards", shards)
        timings.count("search_shards_indexed", indexed)
    _sitemap.write(pelican.output_path, base_url(pelican.settings))
    column = state.current_tagger().registry.column
    topics = state.current_tagger().topics
    state.reminders[:] = freshness.reminders(state.articles, pelican.settings, column.name, topics)


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.readers_init.connect(_add_reader)
    signals.article_generator_pretaxonomy.connect(_tag_articles)
    # Once the articles are read and tagged, in this order: their feed categories (which a
    # URL may name), their URLs frozen, their public addresses.
    for step in (_articles_ready, speedups.freeze_article_urls, siteinfo.add_public_urls):
        signals.article_generator_finalized.connect(step)
    # Once every file is read, in this order: stop on an editor's mistake; freeze the URLs;
    # start the search index, which needs no related articles; choose those; start the page
    # memo's digest, which needs the final context; save the caches while both work.
    for step in (
        _check_all_read,
        speedups.freeze_urls,
        _start_search_index,
        _annotate,
        parallel.start_digest,
        _keep_conversions,
        parallel.keep_articles,
        parallel.flush_before_static,
    ):
        signals.all_generators_finalized.connect(step)
    signals.get_generators.connect(_get_generators)
    # The theme's build-time data: head and footer facts, navigation, QR codes, 404, alt text.
    signals.initialized.connect(siteinfo.configure)
    signals.generator_init.connect(siteinfo.configure_jinja)
    signals.get_generators.connect(notfound.get_generators)
    signals.content_object_init.connect(images.check_alt_text)
    # Finding things: search, feeds' categories, sitemap, statistics, freshness reminders.
    signals.get_generators.connect(_get_stats_generator)
    signals.content_written.connect(_page_written)
    signals.finalized.connect(_finalized)
    parallel.register()
    speedups.register()
