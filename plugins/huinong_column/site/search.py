"""Full-text search: a Pagefind index of the column's articles, in cached shards.

Every published article is handed to Pagefind as a small HTML document of its own: the title
as ``<h1>`` and the body, with its date, its unit and its themes (the filters 单位 and 主题)
as Pagefind ``<meta>`` tags. Only article titles and bodies are indexed, never list pages or
page chrome. The ``pagefind`` binary from the ``pagefind[extended]`` package reads the
documents from a temporary folder; its bundle (``pagefind.js``, its worker and WebAssembly,
its index) is served from ``pagefind/`` in the output, so the site serves its own search. It
runs as a plain command: the package's Python API stops its service right after
``WriteFiles`` answers, sometimes before the files are all written.

**Shards.** Pagefind has no incremental mode and holds a whole index in memory (about 0.18 GB
per 1,000 articles, 0.48 GB with shingles), so the articles are indexed in shards of whole
months, oldest first, each closed once it holds ``COLUMN_SEARCH_SHARD_SIZE`` articles. The
newest shard is the bundle in ``pagefind/``; each older one is an index only, in
``pagefind/shard-YYYY-MM/``, listed in ``pagefind/column-shards.json`` for the search page
to merge (Pagefind's ``mergeIndex``; merged indexes share the first one's WebAssembly). A
shard depends only on its own articles, so the output never depends on earlier builds, and
its bundle is kept under ``CACHE_PATH`` by the digest of what it indexes: editing an article
re-indexes its shard only, a new article the newest shard. Bundles are pruned once no build
has used them for ``GRACE_SECONDS``. A column of fewer articles than one shard has exactly
one index, in ``pagefind/``.

**Never trusted.** A bundle is stored with the digest of each of its files (``SUMS``, written
before the bundle is renamed into place), and is used only if every file still has its
digest and no file was added or removed; otherwise it is removed, indexed again and a note
says so. Its files are copied into the output, never hard-linked: a later change to the
cache cannot reach a published file. A shard whose files an output updated in place still
holds, byte for byte, stays there (``placing``).

**In the background.** The index needs the tagged articles, not the rendered pages, so an
``Indexer`` forks a process at ``all_generators_finalized`` that writes the documents, runs
up to ``FASTBUILD_WORKERS`` Pagefind processes at once and links the bundles into the output
while Pelican renders; ``Indexer.finish`` (at ``finalized``) waits for it.

Chinese needs a mitigation (see docs/search.md): Pagefind segments the body with jieba at index
time but the query with the browser's ``Intl.Segmenter`` at search time, and only matches a
query word against the *start* of an indexed word. Every document therefore also carries a
hidden field of overlapping ``COLUMN_SEARCH_SHINGLE``-character windows (default 4; 0 turns
this off) of its Chinese text: any query word of up to that many characters that occurs in
the text is then the start of an indexed token. This roughly doubles Pagefind's time and
memory. The search page's script (``theme/static/js/search.js``) keeps only results that
really contain the query, so the looser matching never shows a wrong result.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import metadata
from operator import itemgetter
from pathlib import Path

from pagefind.service import get_executable

from pelican_fastbuild import forking
from pelican_fastbuild.speedups import isodate

from .pagefind_files import LANGUAGE, canonicalise

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TAG = re.compile(r"<[^>]*>")
PELICAN_LINK_MARKERS = "[{|](?P<what>.*?)[|}]"  # Pelican's default INTRASITE_LINK_REGEX
SHARD_PREFIX = "shard-"
MANIFEST = "column-shards.json"
# What a merged shard needs: Pagefind's scripts and WebAssembly come from the first bundle.
INDEX_FILES = ("pagefind-entry.json", "index", "fragment", "filter")
SCRATCH_PREFIX = ".huinong-search-"  # Pagefind's work folders, in _scratch() or the cache
SHM = "/dev/shm"
SCRATCH_ROOM = 256 * 1024 * 1024  # free bytes /dev/shm needs to be used
GRACE_SECONDS = 3600  # a bundle used this recently may be another build's: never pruned
SUMS = ".huinong-sums.json"  # in each bundle: {file, "/"-separated: its BLAKE2 digest}

log = logging.getLogger(__name__)


@cache
def _binary() -> Path:
    binary = get_executable()
    if binary is None:
        raise RuntimeError("找不到 pagefind 程序：请运行 make html 重新安装依赖")
    return Path(binary)


@cache
def _bundle_key() -> bytes:
    """Anything that changes a bundle for the same documents: Pagefind and this code."""
    binary = _binary()
    parts = [metadata.version("pagefind"), binary.name, str(binary.stat().st_size)]
    code = [Path(__file__), Path(__file__).with_name("pagefind_files.py")]
    return "\0".join(parts).encode() + b"".join(path.read_bytes() for path in code)


def shingles(text: str, width: int) -> str:
    """Every window of ``width`` Chinese characters (shorter at the end of a run), once each.

    Pagefind matches a query word against the start of indexed words, so indexing a window
    at every position makes any run of up to ``width`` characters findable.
    """
    seen: dict[str, None] = {}
    for run in CJK_RUN.findall(text) if width > 1 else ():
        for start in range(len(run) - 1):
            seen[run[start : start + width]] = None
    return " ".join(seen)


def _body(article) -> str:
    """The article's HTML, its links made absolute without the site's address: the same
    index for every SITEURL, so that ``make html`` and ``make publish`` share the shards."""
    raw = article._content
    plain = isinstance(raw, str) and not hasattr(article, "_get_content")
    markers = article.settings.get("INTRASITE_LINK_REGEX") == PELICAN_LINK_MARKERS
    if plain and markers and "{" not in raw and "|" not in raw:
        return raw  # no {filename}/{static} link to resolve
    return article.get_content("")


def document(article, width: int) -> str:
    """The HTML document Pagefind indexes for one article."""
    title = escape(str(article.title))
    content = _body(article)
    # Inline tags go, block boundaries stay line breaks: the body's HTML is our own
    # Markdown output (markdown_ext), so stripping tags is enough to get its text.
    text = TAG.sub("", content) if width > 1 else ""
    tags = [
        ("meta", "date", isodate(article.date)),
        ("meta", "n", shingles(f"{article.title}\n{text}", width)),
        ("filter", "单位", article.unit.name),
        *(("filter", "主题", topic.name) for topic in article.topics),
    ]
    head = "".join(
        f'<meta data-pagefind-{kind}="{name}[content]" content="{escape(value)}">'
        for kind, name, value in tags
    )
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">{head}</head>'
        f"<body><main data-pagefind-body><h1>{title}</h1>{content}</main></body></html>"
    )


@dataclass
class Shard:
    """Articles indexed together; ``folder`` is ``""`` for the bundle in ``pagefind/``.

    ``articles`` holds (file the article is saved as, article) pairs: Pelican computes
    ``save_as`` from the settings at each access.
    """

    folder: str
    articles: list[tuple[str, object]] = field(repr=False)
    digest: str = ""


def plan(articles, size: int) -> list[Shard]:
    """Whole months, oldest first, a shard closed once it holds ``size`` articles."""
    size = max(1, size)
    groups: list[list] = [[]]
    month = None
    for _, name, article in sorted(
        ((a.date, a.save_as, a) for a in articles), key=itemgetter(0, 1)
    ):
        if (article.date.year, article.date.month) != month and len(groups[-1]) >= size:
            groups.append([])
        groups[-1].append((name, article))
        month = article.date.year, article.date.month
    shards = [Shard(f"{SHARD_PREFIX}{group[0][1].date:%Y-%m}", group) for group in groups[:-1]]
    shards.append(Shard("", groups[-1]))
    return shards


def digest(shard: Shard, width: int) -> str:
    """Names the bundle of a shard: what ``document`` makes of each article, and how
    Pagefind reads it (the parts, not the documents: faster, and as exact)."""
    h = hashlib.blake2b(_bundle_key(), digest_size=16)
    h.update(f"{width}\0".encode())
    for name, article in shard.articles:
        topics = "\0".join(topic.name for topic in article.topics)
        parts = (name, str(article.title), isodate(article.date), article.unit.name, topics)
        h.update("\0".join([*parts, _body(article), "\x1e"]).encode())
    return h.hexdigest()


@cache
def _scratch() -> str | None:
    """A memory file system for Pagefind's work, when the machine has one with room.

    Pagefind's threads create a thousand files a shard at once; on a disk file system that
    costs more kernel time than the indexing itself (1.8 s of 3.5 CPU s for 1,000 articles
    on ext4, 0.4 s on tmpfs). Only the finished bundle is then copied to the cache. A shard
    needs some tens of MB there per Pagefind process; a small ``/dev/shm`` (64 MB in a
    default Docker container) is left alone.
    """
    try:
        room = os.statvfs(SHM)
    except OSError:
        return None
    if not os.access(SHM, os.W_OK | os.X_OK) or room.f_bavail * room.f_frsize < SCRATCH_ROOM:
        return None
    return SHM


def _work_prefix(pid: int) -> str:
    """Work folders are named by the index process, so a failed build removes its own."""
    return f"{SCRATCH_PREFIX}{pid}-"


def _run_pagefind(shard: Shard, width: int, store: Path) -> None:
    """Index one shard into ``store/<digest>``, complete or not at all."""
    prefix = _work_prefix(os.getpid())
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=_scratch() or store))
    landing = work if work.parent == store else Path(tempfile.mkdtemp(prefix=prefix, dir=store))
    try:
        for name, article in shard.articles:
            path = work / "site" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(document(article, width), encoding="utf-8")
        (work / "site").mkdir(exist_ok=True)
        bundle = work / "bundle"
        command = [str(_binary()), "--site", "site", "--output-path", "bundle"]
        command += ["--force-language", LANGUAGE, "--silent"]
        # Run where no pagefind.yml can be, with no PAGEFIND_* variable: the command line
        # alone decides the bundle, as the cache key assumes.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
        done = subprocess.run(command, capture_output=True, text=True, cwd=work, env=env)
        if done.returncode != 0 or not (bundle / "pagefind-entry.json").exists():
            raise RuntimeError(f"Pagefind 建立索引失败：{done.stderr.strip() or done.stdout}")
        canonicalise(bundle)
        sums = {name: _file_digest(bundle / name) for name in _bundle_files(bundle)}
        (bundle / SUMS).write_text(json.dumps(sums, sort_keys=True), encoding="utf-8")
        if landing != work:
            bundle = Path(shutil.copytree(bundle, landing / "bundle"))
        try:
            os.rename(bundle, store / shard.digest)
        except OSError:
            if not (store / shard.digest).is_dir():
                raise
            # another build stored the same shard meanwhile: the same bytes
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(landing, ignore_errors=True)


def _bundle_files(root: Path) -> list[str]:
    """Every file of a stored bundle but its digests, ``/``-separated, sorted."""
    found = (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return sorted(name for name in found if name != SUMS)


def _file_digest(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "blake2b").hexdigest()


def _sums(root: Path) -> dict[str, str]:
    """The digests a bundle was stored with; empty when missing or not as written."""
    try:
        sums = json.loads((root / SUMS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(sums, dict) or not all(isinstance(v, str) for v in sums.values()):
        return {}
    return sums


def _intact(root: Path, sums: dict[str, str]) -> bool:
    """Whether the bundle holds exactly the files it was stored with, byte for byte."""
    try:
        return (
            bool(sums)
            and _bundle_files(root) == sorted(sums)
            and all(_file_digest(root / name) == digest for name, digest in sums.items())
        )
    except OSError:
        return False


def _files(shard: Shard, primary: bool, store: Path) -> list[tuple[str, str]]:
    """What a shard puts in the output: (file in its bundle, ``/``-separated path in the
    output), both ``/``-separated."""
    folder = "pagefind" if primary else f"pagefind/{shard.folder}"
    return [
        (name, f"{folder}/{name}")
        for name in _bundle_files(store / shard.digest)
        if primary or name.split("/")[0] in INDEX_FILES or name.endswith(".pf_meta")
    ]


def _place(files: list[tuple[str, str]], root: Path, output: Path) -> None:
    """Copy a shard's files from its bundle ``root`` into ``output``, a new tree."""
    made = set()
    for name, placed in files:
        destination = output / placed
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        shutil.copyfile(root / name, destination)


def _still_placed(files: list[tuple[str, str]], sums: dict[str, str], target: Path) -> bool:
    """Whether ``target`` still holds these files as the bundle was stored, byte for byte."""
    try:
        return bool(sums) and all(
            _file_digest(target / placed) == sums.get(name) for name, placed in files
        )
    except OSError:
        return False


def build(
    shards: list[Shard],
    width: int,
    store: Path,
    output: Path,
    workers: int,
    target,
    first: set[str],
) -> tuple[int, list[str], list[str]]:
    """Name each shard by its digest, index those ``store`` lacks, lay the bundle out.

    The shards named in ``first`` hold articles read afresh by this build, the likely
    edited ones: they are digested first, so that their Pagefind run starts while the
    others are digested. The cached shards are checked and laid out while Pagefind indexes
    the others; a cached bundle that fails its check is indexed again. With ``target`` (an
    output updated in place, see ``placing``), shards still there unchanged are kept, not
    laid out again. Returns how many shards were indexed, the kept files, and the notes.
    """
    store.mkdir(parents=True, exist_ok=True)
    primary = shards[-1]
    jobs = {}
    kept: list[str] = []
    notes: list[str] = []
    with ThreadPoolExecutor(max(1, workers)) as pool:  # threads wait; Pagefind works
        for shard in sorted(shards, key=lambda s: s.folder not in first):
            shard.digest = digest(shard, width)
            try:
                os.utime(store / shard.digest)  # in use: no other build prunes it now
            except FileNotFoundError:
                jobs[shard.folder] = pool.submit(_run_pagefind, shard, width, store)
        for shard in shards:
            if shard.folder in jobs:
                continue
            root = store / shard.digest
            files, sums = _files(shard, shard is primary, store), _sums(root)
            if target is not None and _still_placed(files, sums, target):
                kept += [placed for _, placed in files]
            elif _intact(root, sums):
                _place(files, root, output)
            else:
                notes.append(f"搜索索引缓存 {root} 已损坏或不完整，已丢弃并重新建立")
                shutil.rmtree(root, ignore_errors=True)
                jobs[shard.folder] = pool.submit(_run_pagefind, shard, width, store)
        for shard in shards:
            if shard.folder in jobs:
                jobs[shard.folder].result()
                root = store / shard.digest
                _place(_files(shard, shard is primary, store), root, output)
    merged = [f"{shard.folder}/" for shard in reversed(shards[:-1])]  # newest first
    (output / "pagefind").mkdir(parents=True, exist_ok=True)
    (output / "pagefind" / MANIFEST).write_text(json.dumps(merged), encoding="utf-8")
    return len(jobs), kept, notes


def _prune(store: Path, keep: set[str]) -> None:
    """Remove bundles (and abandoned work) nobody has used for ``GRACE_SECONDS``.

    Another build of the same site (a publish beside the preview) may be using others, so
    only what no build touched lately goes; the clock decides nothing in the output.
    """
    old = time.time() - GRACE_SECONDS
    scratch = Path(_scratch()).glob(f"{SCRATCH_PREFIX}*") if _scratch() else ()
    for entry in [*store.iterdir(), *scratch]:
        with suppress(OSError):
            if entry.name not in keep and entry.stat().st_mtime < old:
                shutil.rmtree(entry)


def _child(articles, fresh, settings, store, persistent, output, workers, target, conn):
    os.setpgrp()  # Pagefind processes join this group, so that ``abandon`` stops them all
    # Stopped (by ``abandon``, or when the build's process ends: ``forking``), it takes its
    # Pagefind runs with it.
    signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
    # What an article's text has to say (a broken link) the build has said, or its render
    # workers will; the same words from here would come twice, or in the wrong place.
    logging.disable(logging.CRITICAL)
    try:
        started = time.perf_counter()
        width = settings["COLUMN_SEARCH_SHINGLE"]
        shards = plan(articles, settings["COLUMN_SEARCH_SHARD_SIZE"])
        first = {s.folder for s in shards if any(a.source_path in fresh for _, a in s.articles)}
        built, kept, notes = build(shards, width, store, output, workers, target, first)
        if persistent:
            _prune(store, {shard.digest for shard in shards})
        conn.send(("ok", time.perf_counter() - started, len(shards), built, kept, notes))
    except BaseException as exc:  # reported by the build, in the parent
        with suppress(OSError):  # an abandoning parent no longer listens
            conn.send(("error", str(exc) or type(exc).__name__, 0, 0, [], []))
    finally:
        conn.close()
        if not persistent:
            shutil.rmtree(store, ignore_errors=True)


class Indexer:
    """The search index of one build, made by a forked process while the pages render."""

    def __init__(self, articles, fresh, output_path: str, settings: dict, workers: int):
        output = Path(output_path)
        self.persistent = bool(settings.get("FASTBUILD_CACHE"))
        if self.persistent:
            self.store = Path(settings["CACHE_PATH"], "huinong", "search")
        else:  # beside the output, where a killed build's leftovers are cleared (placing)
            self.store = Path(tempfile.mkdtemp(prefix=f".{output.name}-search-", dir=output.parent))
        in_place = settings.get("FASTBUILD_UPDATE_IN_PLACE")
        target = Path(settings["FASTBUILD_OUTPUT_TARGET"]) if in_place else None
        args = (articles, fresh, settings, self.store, self.persistent, output, workers)
        self.process, self.receive = forking.fork(
            _child, *args, target, on_parent_exit=signal.SIGTERM
        )

    def finish(self) -> tuple[float, int, int, list[str]]:
        """Wait for the index, or RuntimeError: its seconds, shards, shards indexed, and the
        files of the output updated in place that it keeps where they are."""
        try:
            status, value, shards, built, kept, notes = self.receive.recv()
        except EOFError:
            status, value, shards, built, kept, notes = (
                "error",
                "搜索索引进程意外退出",
                0,
                0,
                [],
                [],
            )
        self.process.join()
        for note in notes:
            log.info("%s", note)
        if status != "ok":
            raise RuntimeError(value)
        return value, shards, built, kept

    def abandon(self) -> None:
        """Stop the index of a failed build: the process, its Pagefind runs, its files."""
        if self.process.is_alive():
            with suppress(ProcessLookupError):  # not yet a group of its own: just the process
                os.killpg(self.process.pid, signal.SIGTERM)
            self.process.terminate()
        self.process.join()
        # Stopped at once, mid-work: its work folders (in memory, and in the cache) stay.
        pattern = f"{_work_prefix(self.process.pid)}*"
        for folder in [*Path(SHM).glob(pattern), *self.store.glob(pattern)]:
            shutil.rmtree(folder, ignore_errors=True)
        if not self.persistent:
            shutil.rmtree(self.store, ignore_errors=True)
