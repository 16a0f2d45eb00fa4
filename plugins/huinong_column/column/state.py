"""One build of the column: made at Pelican's ``initialized``, dropped at ``finalized``.

Pelican creates generators, readers and the writer itself and passes them no plugin
objects, but all of them hold the same settings dict. The column's build object is kept
there, under ``BUILD``, so that two builds in one process (the test suite, the preview)
share nothing. The build driver takes it from the settings once Pelican is set up, to print
the summary after the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pelican_fastbuild.pagememo import Transient

from .confine import linked_paths
from .errors import ColumnError, ProblemLog
from .inference import VerdictMemo
from .registry import load_registry
from .tagging import Inference, Tagger

if TYPE_CHECKING:
    from ..site.search import Indexer
    from ..site.sitemap import Sitemap

BUILD = "COLUMN_BUILD"


@dataclass
class ColumnBuild(Transient):
    """What the column's steps hand each other; each field names the module that fills it."""

    tagger: Tagger
    problems: ProblemLog = field(default_factory=ProblemLog)  # reader, tagging: editor's errors
    inferred: list[Inference] = field(default_factory=list)  # articles: summary and report
    articles: list = field(default_factory=list)  # published articles, newest first, once tagged
    reminders: list[str] = field(default_factory=list)  # site.freshness, for the summary
    indexer: Indexer | None = None  # site.search: the index built in the background
    sitemap: Sitemap | None = None  # site.sitemap: every page written

    @classmethod
    def start(cls, settings: dict) -> ColumnBuild:
        """Load the registry named by ``COLUMN_REGISTRY`` and keep the build in ``settings``."""
        previous = settings.get(BUILD)
        if previous is not None:
            previous.abandon_background()
        linked = linked_paths(settings)  # before anything is read through a link
        if linked:
            raise ColumnError(linked)
        build = cls(Tagger(load_registry(settings["COLUMN_REGISTRY"]), settings))
        if settings.get("FASTBUILD_CACHE"):  # the same switch as the accelerator's caches
            build.tagger.memo = VerdictMemo(settings["CACHE_PATH"], build.tagger.model)
        settings[BUILD] = build
        return build

    def abandon_background(self) -> None:
        """Stop the search index of a build that failed before it was waited for."""
        if self.indexer is not None:
            self.indexer.abandon()
            self.indexer = None


def column_build(settings: dict) -> ColumnBuild:
    """The column's build that these settings belong to."""
    try:
        return settings[BUILD]
    except KeyError:
        raise RuntimeError("the huinong_column plugin was not initialised") from None
