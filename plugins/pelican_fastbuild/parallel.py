"""Reading and rendering spread over every core, with output identical to a serial build.

Two steps dominate a large build and are independent per file, so both are handed to
forked worker processes (``FASTBUILD_WORKERS``; 1 = serial):

* **Reading** (``prefetch``): when an article or page generator starts, every Markdown file
  it is about to read is hashed; files the content cache knows are taken from it, the
  others are converted by the workers. Pelican then reads as usual and the reader hands it
  the prepared result, so metadata handling, signals and errors stay Pelican's. A reader
  takes part by having ``prepared`` (a dict) and ``convert(path, raw)``, which returns
  ``(findings, content, metadata)``; a conversion with findings is not cached.
* **Rendering** (``ParallelWriter``): the writer computes every page's local context and
  file name as Pelican's does (pagination, relative URLs, duplicate checks), but records
  the page instead of rendering it. Just before the static files are copied, when every
  generator has asked for its pages, the recorded pages are rendered and written by
  workers forked from the finished context, in slices, each page exactly as the serial
  writer would have rendered it. ``content_written`` is then sent for every page, in the
  serial order, once the files exist. Feeds are few and are still written at once.

What the rest of the plugin, and any later feature, must respect:

* a template must not change shared state (render order is not the serial order); a
  ``content_written`` receiver runs in the parent process once the pages are rendered,
  and must not read the file: a page kept where it is in ``output/`` has no file at the
  path given, and in a rebuild in place a page may still be rendered after its signal
  (see ``flush``);
* workers cannot change the parent's objects: compute lists (related articles, previous and
  next…) in a generator's ``generate_context`` or at ``all_generators_finalized``, never
  lazily inside a template;
* warnings and errors logged while rendering are passed back to the build log, so strict
  mode still fails the build; an exception in a worker fails the build.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import signal
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial

from pelican import signals
from pelican.contents import Content
from pelican.generators import StaticGenerator
from pelican.paginator import Paginator
from pelican.utils import file_suffix, path_to_url
from pelican.writers import FileOverwriteFailedError, Writer

from . import forking, pagememo
from .articlecache import ArticleCache
from .contentcache import digest
from .logcount import loud_loggers, said
from .session import CODE_SETTLED_NS, session

log = logging.getLogger(__name__)

READ_CHUNK = 16  # files per task: small enough to balance, large enough to amortise pickling
RENDER_CHUNK = 64  # pages per task
MIN_PARALLEL = 64  # below this many files or pages, forking costs more than it saves
BACKGROUND_NICENESS = 15  # of work that can wait for the search index's Pagefind runs


class OutputClashError(FileOverwriteFailedError):
    """Two things claimed one output file: each a source path, a template name, or ""."""

    def __init__(self, name: str, first: str, second: str):
        self.name, self.first, self.second = name, first, second
        super().__init__(f'"{name}" is claimed by both {first or "?"} and {second or "?"}')


def worker_count(settings: dict) -> int:
    wanted = settings.get("FASTBUILD_WORKERS") or 0
    if wanted:
        return max(1, int(wanted))
    # sched_getaffinity (the CPUs this process may use) is Linux's; macOS editors have only
    # the machine's count.
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return max(1, len(usable) if usable is not None else os.cpu_count() or 1)


# --- worker processes ---------------------------------------------------------------------

# Set only inside a forked worker, by ``_init_worker``: the pool's functions are found by
# name, and what they work on (the reader, the recorded pages) is inherited by the fork.
_task: dict = {}


class _Collector(logging.Handler):
    """In a worker: keeps the records the build log would print, to hand them back."""

    def __init__(self, loud: tuple[str, ...]):
        super().__init__(logging.INFO)
        self.loud = loud
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or (self.loud and record.name.startswith(self.loud)):
            self.records.append((record.name, record.levelno, record.getMessage()))


def _init_worker(parent: int, niceness: int, loud: tuple[str, ...], task: dict) -> None:
    forking.die_with_parent(parent)
    # Ctrl+C reaches the whole process group: the parent stops the pool; a worker that
    # raised KeyboardInterrupt too would print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(niceness)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    _task.update(task, log=_Collector(loud))
    root.addHandler(_task["log"])
    for name in ("get_content", "get_summary"):  # see pagememo: which bodies a page reads
        setattr(Content, name, _watch(Content.__dict__[name]))


def _watch(method):
    def watched(self, *args):
        if self is not _task.get("own"):
            _task["foreign"] = True
        return method.__get__(self, type(self))(*args)

    return watched


def _drain() -> list[tuple[str, int, str]]:
    records, _task["log"].records = _task["log"].records, []
    return records


def _replay(records) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


@contextmanager
def _pool(workers: int, settings: dict, task: dict, niceness: int = 0):
    gc.freeze()  # inherited objects stay shared pages instead of being copied by the GC
    try:
        fork = multiprocessing.get_context("fork")
        initargs = (os.getpid(), niceness, loud_loggers(settings), task)  # inherited, not pickled
        with fork.Pool(workers, _init_worker, initargs) as pool:
            yield pool
    finally:
        gc.unfreeze()


# --- reading ------------------------------------------------------------------------------


def _convert(path: str, reader=None):
    with open(path, "rb") as fh:
        raw = fh.read()
    if reader is not None:  # in this process: what it logs goes to the build log at once
        return path, digest(raw), reader.convert(path, raw), []
    return path, digest(raw), _task["reader"].convert(path, raw), _drain()


def _prefetching(reader) -> bool:
    return isinstance(getattr(reader, "prepared", None), dict) and hasattr(reader, "convert")


def prefetch(generator, paths: list[str], exclude: list[str], kept=None) -> None:
    """Prepare every Markdown file ``generator`` will read: from the cache or converted.

    ``kept(name, digest)`` tells which files need nothing: their article is kept whole.
    """
    build = session(generator.settings)
    with build.timings.phase("read_prefetch"):
        cache, stamps = build.cache, build.stamps
        todo: list[str] = []
        readers: dict[str, object] = {}
        for name in sorted(generator.get_files(paths, exclude=exclude)):
            reader = generator.readers.readers.get(file_suffix(name))
            if not _prefetching(reader):
                continue
            path = os.path.abspath(os.path.join(generator.path, name))
            readers[path] = reader
            try:
                key = stamps.digest(path)
            except OSError:
                continue  # Pelican reports unreadable files itself
            build.source_digests[path] = key
            entry = cache.get(key)  # marked as used even when the article is kept whole
            if kept is not None and kept(name, key):
                continue
            if entry is not None:
                reader.prepared[path] = ([], *entry)
            else:
                todo.append(path)
        if not todo:
            return
        workers = min(worker_count(generator.settings), len(todo) // MIN_PARALLEL + 1)
        if workers > 1:
            task = {"reader": next(iter(readers.values()))}
            with _pool(workers, generator.settings, task) as pool:
                results = list(pool.imap(_convert, todo, chunksize=READ_CHUNK))
        else:
            results = [_convert(path, readers[path]) for path in todo]
        for path, key, (found, content, meta), records in results:
            _replay(records)
            build.source_digests[path] = key
            readers[path].prepared[path] = (found, content, meta)
            if not found:
                cache.put(key, (content, meta))
        build.timings.count("files_converted", len(todo))


def _prefetch_articles(generator) -> None:
    s = generator.settings
    generator.column_articles = ArticleCache(generator)
    prefetch(generator, s["ARTICLE_PATHS"], s["ARTICLE_EXCLUDES"], generator.column_articles.known)


def keep_articles(generators) -> None:
    """At ``all_generators_finalized``, once the background work has started."""
    for generator in generators:
        if hasattr(generator, "column_articles"):
            generator.column_articles.save()


def _prefetch_pages(generator) -> None:
    s = generator.settings
    prefetch(generator, s["PAGE_PATHS"], s["PAGE_EXCLUDES"])


# --- rendering ----------------------------------------------------------------------------


@dataclass
class _Feed:
    """A feed as ``Writer.write_feed`` was asked for it; ``write`` writes it so."""

    write: partial
    elements: list
    context: dict
    siteurl: object  # context["localsiteurl"] when Pelican's writer would have written it
    path: str
    name: str  # ``path`` relative to the output folder
    override: bool


@dataclass
class _Page:
    path: str
    name: str  # ``path`` relative to the output folder
    template: object
    localcontext: dict
    context: dict
    siteurl: object  # context["localsiteurl"] at the moment the serial writer renders
    key: bytes | None = None  # pagememo key, None when the page cannot be reused
    reuse: tuple[str, tuple] | None = None  # previous file and the stamp it must still have


def _own(localcontext: dict):
    for name in ("article", "page"):
        if isinstance(localcontext.get(name), Content):
            return localcontext[name]
    return None


@cache
def _parents(depth: int) -> str:
    return os.path.join(*[os.pardir] * depth) if depth else os.curdir


def _relative_root(name: str) -> str:
    """``pelican.utils.get_relative_path(name)``: as many ``..`` as folders above the file."""
    return _parents(max(0, len([part for part in name.split("/") if part]) - 1))


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_ino, st.st_size, st.st_mtime_ns


def _reuse(old: str, stamp: tuple, path: str, in_place: bool) -> tuple | None:
    """Keep the previous file if it is still what we wrote: where it is, or hard-linked into
    the staging folder when the output is replaced whole."""
    try:
        if _stamp(os.stat(old)) != stamp:
            return None
        if not in_place:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.link(old, path)
    except OSError:
        return None
    return stamp


def _render(page: _Page) -> tuple[float, float, bool, tuple, bool]:
    """Write one page, or reuse it: (render s, write s, unkept, file stamp, reused).

    ``unkept`` tells that the page showed another article's text, or that rendering it
    logged a warning (a link to nothing…): it is never reused, so the warning is repeated.
    """
    started = time.perf_counter()
    stamp = _reuse(*page.reuse, page.path, _task["in_place"]) if page.reuse else None
    if stamp is not None:
        return 0.0, time.perf_counter() - started, False, stamp, True
    _task["own"], _task["foreign"] = _own(page.localcontext), False
    page.context["localsiteurl"] = page.siteurl
    with said() as warned:
        output = page.template.render(page.localcontext)
    rendered = time.perf_counter()
    os.makedirs(os.path.dirname(page.path), exist_ok=True)
    with open(page.path, "w", encoding="utf-8") as fh:
        fh.write(output)
        fh.flush()
        stamp = _stamp(os.fstat(fh.fileno()))
    unkept = _task["foreign"] or bool(warned)
    return rendered - started, time.perf_counter() - rendered, unkept, stamp, False


def _render_slice(bounds: tuple[int, int]):
    seconds = {"render_cpu_s": 0.0, "write_cpu_s": 0.0, "pages_reused": 0}
    done = []
    try:
        for page in _task["pages"][bounds[0] : bounds[1]]:
            r, w, unkept, stamp, reused = _render(page)
            seconds["render_cpu_s"] += r
            seconds["write_cpu_s"] += w
            seconds["pages_reused"] += reused
            done.append((unkept, stamp, reused))
    except Exception:
        return seconds, done, _drain(), traceback.format_exc()
    return seconds, done, _drain(), None


class ParallelWriter(Writer):
    """Pelican's writer, with every page recorded by ``write_file`` and rendered by ``flush``.

    ``write_file`` and ``_claim`` follow ``pelican.writers.Writer.write_file`` and
    ``_open_w`` step by step (pagination, local context, relative URLs, the rules for
    writing a file twice); only the template call and the file system work move to the
    workers. ``tests/fastbuild/test_fastbuild.py`` checks the result against Pelican's own writer.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.session = session(self.settings)
        self.workers = worker_count(self.settings)
        self._pages: list[_Page] = []
        self._base = os.path.abspath(self.output_path)
        self._prefix = os.path.join(self._base, "")
        self._feeds: list[_Feed] = []
        self._digested: dict | None = None  # the context the page memo's digest describes
        self._owners: dict[str, str] = {}  # output path -> the source or template that claimed it

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if self.workers == 1:
            return super().write_file(
                name, template, context, relative_urls, paginated, template_name,
                override_output, url, **kwargs,
            )  # fmt: skip
        if not name:
            return None
        record = partial(self._record, template, context, relative_urls, override_output)
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            return record(name, kwargs)
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        paginators = {
            key: Paginator(name, url, value, self.settings, per_page)
            for key, value in paginated.items()
        }
        for number in range(1, next(iter(paginators.values())).num_pages + 1):
            page_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                page = paginator.page(number)
                page_kwargs[f"{key}_paginator"] = paginator
                page_kwargs[f"{key}_page"] = page
                page_kwargs[f"{key}_previous_page"] = (
                    paginator.page(number - 1) if number > 1 else None
                )
                page_kwargs[f"{key}_next_page"] = (
                    paginator.page(number + 1) if number < paginator.num_pages else None
                )
            record(page.save_as, page_kwargs)
        return None

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        """Pelican's, but written by ``flush``: a feed whose inputs did not change is kept.

        Returns nothing (Pelican's generators ignore the feed object), unless the feed is
        written at once: built serially, not saved, or watched by a ``feed_*`` signal.
        """
        watched = signals.feed_generated.receivers or signals.feed_written.receivers
        if self.workers == 1 or not path or watched:
            args = (elements, context, path, url, feed_type, override_output, feed_title)
            return super().write_feed(*args)
        items = list(elements)  # as they are now, when Pelican's writer would write them
        args = (items, context, path, url, feed_type, override_output, feed_title)
        full = self._join(path)
        write = partial(super().write_feed, *args)
        siteurl = context.get("localsiteurl")  # summaries' links are made relative to it
        feed = _Feed(write, items, context, siteurl, full, self._relative(full), override_output)
        self._feeds.append(feed)
        return None

    def _feed_key(self, feed: _Feed, site: bytes) -> bytes | None:
        """Like a page's key: the site's digest, and the source bytes of the feed's items."""
        h = hashlib.blake2b(site + feed.name.encode() + b"\0", digest_size=20)
        write = feed.write.args[3:]  # url, type, override, title
        h.update(repr((*write, feed.siteurl)).encode())
        for element in feed.elements[: self.settings["FEED_MAX_ITEMS"]]:
            source = getattr(element, "source_path", None)
            own = self.session.source_digests.get(source)
            if own is None:
                return None
            h.update(f"{source}\0".encode() + own)
        return h.digest()

    def _write_feeds(self, feeds, site, manifest, in_place: bool) -> None:
        target = self.settings.get("FASTBUILD_OUTPUT_TARGET")
        for feed in feeds:
            key = None
            # A file written twice follows Pelican's writer's rules (feed.write): only a
            # first write may be a reuse.
            first = feed.path not in self._written_files
            if first and site and manifest is not None and feed.context is self._digested:
                key = self._feed_key(feed, site)
            previous = manifest.pages.get(feed.name) if key else None
            stamp = None
            if previous and previous[0] == key:
                old = os.path.join(target, feed.name)
                stamp = _reuse(old, previous[1], feed.path, in_place)
            if stamp is None:
                feed.context["localsiteurl"] = feed.siteurl
                with said() as warned:
                    feed.write()
                key = None if warned else key  # a warning is repeated at every build
                stamp = _stamp(os.stat(feed.path)) if key else None
            else:
                self._claim(feed.path, feed.override)
                if in_place:
                    self.session.kept.add(feed.name.replace(os.sep, "/"))
            if key is not None:
                manifest.next[feed.name] = (key, stamp)

    def _join(self, name: str) -> str:
        """``pelican.utils.sanitised_join(self.output_path, name)``, the output's own path
        made absolute once rather than for each of 13,000 pages."""
        joined = os.path.abspath(os.path.join(self._base, name))
        if not joined.startswith(self._base):
            raise RuntimeError(f"Attempted to break out of output directory to {joined}")
        return joined

    def _relative(self, path: str) -> str:
        """``path``, made by ``_join``, relative to the output folder."""
        inside = path.startswith(self._prefix)
        return path[len(self._prefix) :] if inside else os.path.relpath(path, self.output_path)

    def _record(self, template, context, relative_urls, override, name, kwargs) -> None:
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(_relative_root(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(kwargs)
        if localcontext["localsiteurl"]:  # contents make their links relative to this page
            context["localsiteurl"] = localcontext["localsiteurl"]
        path = self._join(name)
        content = kwargs.get("article") or kwargs.get("page")
        owner = getattr(content, "source_path", "") or getattr(template, "name", "")
        self._claim(path, override, owner)
        siteurl = context.get("localsiteurl")
        page = _Page(path, self._relative(path), template, localcontext, context, siteurl)
        self._pages.append(page)

    def _claim(self, filename: str, override: bool, owner: str = "") -> None:
        """``Writer._open_w``'s rules for a file written twice, without opening the file,
        except that every second claim is an ``OutputClashError`` naming both claimants: Pelican
        would skip or overwrite a page with an info line, and one page would silently be
        lost (an article's ``save_as`` replacing the landing page)."""
        if filename in self._written_files:
            first = self._owners.get(filename, "")
            raise OutputClashError(self._relative(filename), first, owner)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        self._owners[filename] = owner

    def _open_w(self, filename, encoding, override=False):
        """Pelican's, for the feeds it writes itself: the same rule as every page."""
        self._claim(filename, override)
        return open(filename, "w", encoding=encoding)

    def _manifest(self) -> pagememo.Manifest | None:
        target = self.settings.get("FASTBUILD_OUTPUT_TARGET")
        if not target or not self.settings.get("FASTBUILD_CACHE"):
            return None
        return pagememo.Manifest(self.settings["CACHE_PATH"], target)

    def _site_digest(self, context: dict) -> bytes | None:
        """The page memo's digest of ``context``: the one computed aside, or here."""
        with self.session.timings.phase("memo_digest"):
            pending, self.session.digest = self.session.digest, None
            if pending is not None:
                return pending.result(context)
            return pagememo.site_digest(context, _rendering_files(self.settings).digest)

    def _assign_keys(self, pages: list[_Page], manifest: pagememo.Manifest, site: bytes) -> None:
        """Give each page its memo key, and the old file to reuse when the key matches."""
        target = self.settings["FASTBUILD_OUTPUT_TARGET"]
        for page in pages:
            own = _own(page.localcontext)
            own_digest = self.session.source_digests.get(own.source_path) if own else b""
            page.key = page.reuse = None
            if own_digest is None:
                continue
            page.key = pagememo.page_key(site, page.name, own_digest)
            previous = manifest.pages.get(page.name)
            if previous and previous[0] == page.key:
                page.reuse = (os.path.join(target, page.name), previous[1])

    def _render_pages(self, pages: list[_Page], in_place: bool, meanwhile=None) -> list[tuple]:
        """Render (or reuse) ``pages`` in the workers, running ``meanwhile()`` here."""
        if not pages:
            if meanwhile is not None:
                meanwhile()
            return []
        slices = [(i, i + RENDER_CHUNK) for i in range(0, len(pages), RENDER_CHUNK)]
        task = {"pages": pages, "in_place": in_place}
        # A background job (a search index) goes first: the pages wait for nothing else.
        niceness = BACKGROUND_NICENESS if self.session.background else 0
        with _pool(min(self.workers, len(slices)), self.settings, task, niceness) as pool:
            pending = pool.imap(_render_slice, slices)
            if meanwhile is not None:
                meanwhile()
            results = list(pending)
        done = []
        for figures, finished, records, error in results:
            _replay(records)
            for name, value in figures.items():
                self.session.timings.count(name, value)
            if error:
                raise RuntimeError(f"渲染页面时出错：{error.strip().splitlines()[-1]}\n{error}")
            done += finished
        return done

    def flush(self) -> None:
        """Render and write every recorded page and feed, then announce the pages in the
        serial order. Feeds are written here, by this process, while the workers render.

        With pages to reuse, the workers need the keys first. A rebuild in place takes the
        site's digest to be the last build's and renders at once: the digest, computed
        aside meanwhile, is checked once the pages are done, and should the site have
        changed, the pages reused on that guess are rendered after all. Without pages to
        reuse, the keys are only recorded for the next build.
        """
        pages, self._pages = self._pages, []
        feeds, self._feeds = self._feeds, []
        in_place = bool(self.settings.get("FASTBUILD_UPDATE_IN_PLACE"))
        if not pages:
            self._write_feeds(feeds, None, None, in_place)
            return
        context = pages[0].context
        self._digested = context
        manifest = self._manifest()
        reusing = bool(manifest and manifest.pages)
        aside = self.session.digest is not None and self.session.digest.files is not None
        guess = manifest.site if reusing and in_place and aside else None
        site = guess or (self._site_digest(context) if reusing else None)
        if site is not None:
            self._assign_keys(pages, manifest, site)
        elif reusing:
            manifest = None  # no stable digest: nothing is reused, nothing recorded

        def meanwhile():
            nonlocal site, manifest
            if manifest is not None and site is None:
                site = self._site_digest(context)
                if site is None:
                    manifest = None
                else:
                    self._assign_keys(pages, manifest, site)
            if guess is None:
                self._write_feeds(feeds, site, manifest, in_place)

        done = self._render_pages(pages, in_place, meanwhile)
        if guess is not None:
            self._announce(pages)  # while the digest is still being computed
            site = self._site_digest(context)
            if site != guess:
                again = [i for i, (_, _, reused) in enumerate(done) if reused]
                if site is None:
                    manifest = None
                    for page in pages:
                        page.key = page.reuse = None
                else:
                    self._assign_keys(pages, manifest, site)  # no key is the guess's now
                self.session.timings.count("pages_reused", -len(again))  # rendered after all, below
                rendered = self._render_pages([pages[i] for i in again], in_place)
                for i, result in zip(again, rendered, strict=True):
                    done[i] = result
            self._write_feeds(feeds, site, manifest, in_place)
        self.session.timings.count("pages_written", len(pages))
        # A template or the code changed while the pages were rendered: which version a page
        # was made from is unknown, so this build records nothing for the next.
        recording = manifest is not None and _rendering_files(self.settings).unchanged()
        for page, (unkept, stamp, reused) in zip(pages, done, strict=True):
            if reused and in_place:
                self.session.kept.add(page.name.replace(os.sep, "/"))
            if recording and page.key is not None and not unkept:
                manifest.next[page.name] = (page.key, stamp)
        if recording:
            manifest.next_site = site
            self.session.pages_written.append(manifest.save)
        if guess is None:
            self._announce(pages)

    @staticmethod
    def _announce(pages: list[_Page]) -> None:
        for page in pages:
            signals.content_written.send(page.path, context=page.localcontext)


def _rendering_files(settings: dict) -> pagememo.RenderingFiles:
    """The code and templates of this build, read once, before any page is rendered."""
    build = session(settings)
    if build.rendering is None:
        build.rendering = pagememo.RenderingFiles.read(settings, CODE_SETTLED_NS, build.settled_ns)
    return build.rendering


def _get_writer(pelican):
    return ParallelWriter


def start_digest(generators) -> None:
    """At ``all_generators_finalized``, once the context is final: the page memo's digest,
    computed aside (see ``pagememo.PendingDigest``)."""
    settings = generators[0].settings if generators else {}
    if (
        settings.get("FASTBUILD_CACHE")
        and settings.get("FASTBUILD_OUTPUT_TARGET")
        and worker_count(settings) > 1
    ):
        files = _rendering_files(settings).digest
        session(settings).digest = pagememo.PendingDigest(generators[0].context, files)


def flush_before_static(generators) -> None:
    """Render the recorded pages once every other generator has asked for its pages.

    Pelican always runs ``StaticGenerator`` last and passes it the one writer, so its
    ``generate_output`` is the first moment all pages are known and the last before
    ``finalized``, when later steps (search index, checks) expect every file to exist.
    """
    if not generators:
        return
    timings = session(generators[0].settings).timings
    timings.mark("context_done")
    timings.remainder("read", "run", "tagging")
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            original = generator.generate_output

            def generate_output(writer, original=original):
                if isinstance(writer, ParallelWriter):
                    writer.flush()
                original(writer)
                timings.add("output", timings.since("context_done"))

            generator.generate_output = generate_output


def register() -> None:
    signals.article_generator_init.connect(_prefetch_articles)
    signals.page_generator_init.connect(_prefetch_pages)
    signals.get_writer.connect(_get_writer)
