"""One build's state for the accelerator: made at ``initialized``, kept in the settings.

Pelican builds its generators, readers and writer itself and hands them nothing of a
plugin's, but every one of them holds the same settings dict. The session of the build under
way is kept there, under ``SESSION``, so that a process that builds several sites in turn
(the test suite, the preview) never carries anything from one build into the next. The
page memo and the article cache leave that key out of what they describe.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .contentcache import ContentCache
from .pagememo import PendingDigest, RenderingFiles, Transient
from .sourcestamps import SourceStamps
from .timings import Timings

SESSION = "FASTBUILD_SESSION"
TIMINGS = "FASTBUILD_TIMINGS"  # a driver's own Timings, to count its setup in the same report
# A file changed less than a second before it is read may change again while it is read,
# within the file system's time granularity (sourcestamps, pagememo.RenderingFiles): the
# code is trusted if it changed a second before this process imported it.
CODE_SETTLED_NS = time.time_ns() - 1_000_000_000


@dataclass
class Session(Transient):
    """What the accelerator's steps hand each other during one build.

    Each field names the module that fills it; the build driver reads ``kept`` and calls
    ``output_in_place`` once the new output has replaced the old one.
    """

    cache: ContentCache
    stamps: SourceStamps
    timings: Timings
    # Sources and templates are trusted if they changed a second before the build started.
    settled_ns: int
    source_digests: dict[str, bytes] = field(default_factory=dict)  # parallel, by abs path
    read_afresh: set[str] = field(default_factory=set)  # articlecache: not kept whole
    kept: set[str] = field(default_factory=set)  # parallel: output files reused in place
    pages_written: list[Callable[[], None]] = field(default_factory=list)  # parallel
    rendering: RenderingFiles | None = None  # parallel: the code and templates, read once
    digest: PendingDigest | None = None  # parallel: the page memo's digest, computed aside
    # Set by a plugin while a background job (a search index) wants the CPU more than the
    # rendering workers do.
    background: bool = False

    @classmethod
    def start(cls, settings: dict) -> Session:
        settled_ns = time.time_ns() - 1_000_000_000
        folder = settings["CACHE_PATH"] if settings.get("FASTBUILD_CACHE") else None
        timings = settings.pop(TIMINGS, None) or Timings()
        return cls(ContentCache.for_settings(settings), SourceStamps(folder, settled_ns, timings),
                   timings, settled_ns)  # fmt: skip

    def output_in_place(self) -> None:
        for callback in self.pages_written:
            callback()

    def abandon_background(self) -> None:
        """Stop the page digest of a build that failed before it was needed."""
        if self.digest is not None:
            self.digest.abandon()
            self.digest = None

    def save_caches(self, read_everything: bool) -> None:
        """Keep what this build converted, even when it failed on an editor's mistake."""
        self.cache.save(prune=read_everything)
        self.stamps.save(prune=read_everything)


def session(settings: dict) -> Session:
    """The session of the build these settings belong to."""
    try:
        return settings[SESSION]
    except KeyError:
        raise RuntimeError("pelican_fastbuild was not initialised for these settings") from None
