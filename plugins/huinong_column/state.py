"""State shared by the plugin's signal handlers, its generator and the build driver.

Pelican creates generators itself and passes them no plugin objects, so the tagger of the
build under way lives here. It is reset at the start of every build.
"""

from __future__ import annotations

import time

from .contentcache import ContentCache
from .errors import problems
from .registry import load_registry
from .sourcestamps import SourceStamps
from .tagging import Tagger

_tagger: Tagger | None = None
_cache: ContentCache | None = None
_stamps: SourceStamps | None = None
inferred: list[str] = []
articles: list = []  # the published articles, newest first, once they are tagged
reminders: list[str] = []  # freshness reminders for the build summary
source_digests: dict[str, bytes] = {}  # absolute source path -> digest of its bytes
read_afresh: set[str] = set()  # absolute source paths of the articles not kept whole
pages_written: list = []  # callbacks that record what the new output holds, once in place
kept: set[str] = set()  # files of the output that this build reuses where they are (inplace)
# A file changed less than a second before it is read may change again while it is read,
# within the file system's time granularity (sourcestamps, pagememo.RenderingFiles): the
# code is trusted if it changed a second before this process imported it, the sources and
# templates a second before the build started.
code_settled_ns = time.time_ns() - 1_000_000_000
settled_ns = 0
rendering = None  # this build's code and templates, once read (pagememo.RenderingFiles)
indexer = None  # the search index being built in the background (search.Indexer)
digest = None  # the page memo's digest being computed in the background (PendingDigest)


def start_build(settings: dict) -> Tagger:
    """Load the registry named by ``COLUMN_REGISTRY`` and forget the previous build."""
    global _tagger, _cache, _stamps, settled_ns, rendering
    abandon_background()  # left by a build that ended without needing them
    problems.problems.clear()
    inferred.clear()
    articles.clear()
    reminders.clear()
    source_digests.clear()
    read_afresh.clear()
    pages_written.clear()
    kept.clear()
    _cache = ContentCache.for_settings(settings)
    settled_ns = time.time_ns() - 1_000_000_000
    rendering = None
    cache = settings["CACHE_PATH"] if settings.get("COLUMN_CONTENT_CACHE") else None
    _stamps = SourceStamps(cache, settled_ns)
    _tagger = Tagger(load_registry(settings["COLUMN_REGISTRY"]), settings)
    return _tagger


def content_cache() -> ContentCache:
    if _cache is None:
        raise RuntimeError("the huinong_column plugin was not initialised")
    return _cache


def source_stamps() -> SourceStamps:
    if _stamps is None:
        raise RuntimeError("the huinong_column plugin was not initialised")
    return _stamps


def output_in_place() -> None:
    """Called by the build driver once the new output has replaced the old one."""
    for callback in pages_written:
        callback()


def abandon_background() -> None:
    """Stop the search index and the page digest of a build that failed before them."""
    global indexer, digest
    if indexer is not None:
        indexer.abandon()
        indexer = None
    if digest is not None:
        digest.abandon()
        digest = None


def end_build(read_everything: bool) -> None:
    """Keep what this build converted, even when it failed on an editor's mistake."""
    if _cache is not None:
        _cache.save(prune=read_everything)
    if _stamps is not None:
        _stamps.save(prune=read_everything)


def current_tagger() -> Tagger:
    if _tagger is None:
        raise RuntimeError("the huinong_column plugin was not initialised")
    return _tagger
