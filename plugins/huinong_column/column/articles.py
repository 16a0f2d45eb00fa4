"""The column's step on the articles Pelican has read: tag them, name them, order them."""

from __future__ import annotations

from collections import defaultdict

from .errors import Problem
from .reader import display_path
from .slugs import default_slug
from .state import ColumnBuild
from .tagging import Inference


def tag_all(generator, build: ColumnBuild) -> None:
    """Tag every article the generator read, give slug-less ones their slug, sort every
    list newest first, and record in ``build.problems`` whatever stops the build."""
    tagger = build.tagger
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
            topics = tuple(t.name for t in article.topics)
            build.inferred.append(
                Inference(path, str(article.title), article.unit.name, topics, article.tagging)
            )
    if tagger.memo is not None:
        tagger.memo.save()
    if not found:
        found = _duplicates(everything)
    for articles in (generator.articles, generator.drafts, generator.hidden_articles):
        _newest_first(articles)
    for problem in found:
        build.problems.add(problem)


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


def _newest_first(articles: list) -> None:
    """Sort in place, newest first; same-date articles by source path.

    Pelican sorts by date only, keeping the order in which the file system listed the files,
    which differs between machines.
    """
    articles.sort(key=lambda a: a.source_path)
    articles.sort(key=lambda a: a.date, reverse=True)
