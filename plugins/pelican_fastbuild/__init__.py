"""pelican_fastbuild: a Pelican build that reads and renders on every core and reuses what
did not change, for any Pelican site (``PLUGINS = ["pelican_fastbuild"]``).

Its promise: **the output is byte-identical to a serial, uncached Pelican build** of the
same sources and settings. Everything it keeps is keyed by what could change it (source
bytes, every setting, the code of every plugin, the templates, library versions), and a
value it cannot describe stably turns the reuse off for that build rather than risk a stale
page. ``tests/fastbuild/`` builds the same site serially and fast and compares the trees.

- ``parallel``: Markdown converted in forked workers before Pelican reads; pages recorded
  by ``ParallelWriter`` and rendered by workers once every generator has asked for them;
- ``contentcache``, ``sourcestamps``, ``articlecache``: converted Markdown, source digests
  and whole articles kept between builds;
- ``pagememo``: a page or feed whose inputs did not change is kept where it is;
- ``speedups``: work Pelican repeats for every page, done once;
- ``session``: one build's state, kept in the settings; ``timings``: where the time went.

It knows nothing of any site. A plugin that must finish the context before the pages'
digest is taken (URLs, related articles, a background index) connects to
``context_ready``, sent once every generator has read its files and the URLs are frozen.
Settings: ``FASTBUILD_WORKERS`` (None = every CPU, 1 = serial), ``FASTBUILD_CACHE`` (keep
caches under ``CACHE_PATH``), ``FASTBUILD_OUTPUT_TARGET`` and ``FASTBUILD_UPDATE_IN_PLACE``
(set by a build driver that reuses an existing output), ``FASTBUILD_PACKAGES`` (libraries
whose versions shape a page), ``FASTBUILD_LOUD_LOGGERS`` (loggers whose every record must
repeat at the next build).
"""

from __future__ import annotations

from blinker import signal
from pelican import signals

from . import parallel, speedups
from .session import SESSION, Session, session

__all__ = ["context_ready", "register", "session"]

context_ready = signal("fastbuild_context_ready")


def _initialized(pelican) -> None:
    previous = pelican.settings.get(SESSION)
    if previous is not None:  # the same settings built again: that build's work is over
        previous.abandon_background()
    pelican.settings[SESSION] = Session.start(pelican.settings)


def _context_final(generators) -> None:
    """Once every generator has read its files, in this order: freeze the URLs; let plugins
    finish the context; start the page memo's digest of it; save the caches while it works;
    render the pages once the static files are next."""
    speedups.freeze_urls(generators)
    context_ready.send(generators)
    parallel.start_digest(generators)
    if generators:
        session(generators[0].settings).save_caches(read_everything=True)
    parallel.keep_articles(generators)
    parallel.flush_before_static(generators)


def register() -> None:
    signals.initialized.connect(_initialized)
    # Once the articles are read (and a plugin connected before this one has set what their
    # URLs name), their URLs are final.
    signals.article_generator_finalized.connect(speedups.freeze_article_urls)
    signals.all_generators_finalized.connect(_context_final)
    parallel.register()
    speedups.register()
