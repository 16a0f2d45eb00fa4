"""Putting a clean build in place of the old ``output/``: a swap, or an update in place.

The site is always built into a staging folder beside the target, so that a failed build
leaves the old output untouched. A build that wrote (nearly) everything replaces the target
with two renames (``swap``); the old tree is then removed in the background.

A preview build after one edit, though, reuses almost every page, and re-creating the whole
tree for it (13,000 folders and hard links at 10,000 articles, then unlinking the old tree's
24,000 files) costs more than the rendering; on a disk file system the next build's new
files pay again for the inodes just freed. So when pages are reused, the staging folder
receives only the files this build wrote, the reused pages and search shards stay where
they are (``state.kept``), and ``update`` moves the new files over the old ones, one
``rename`` each, then removes what the build no longer produces. What the target holds is
recorded under ``CACHE_PATH`` after each swap and update; without a record, an update
walks the tree instead (and without a writable cache there is no update, only swaps).

An update cut short (the machine stops) leaves a mix of old and new files; the next build
repairs it, since a page is reused only while its file is still the very one recorded
(same inode, size and time, see ``pagememo``) and a search shard only while its files have
the bytes it was stored with (``search``), every other file is
written again, and the record then names both builds' files (or is gone), so stale ones
still go. Builds of one output take turns (``lock``): an update is never interleaved with
another build's.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from pelican_fastbuild import picklefile


def _move(source: str, destination: str) -> None:
    if os.path.isdir(destination) and not os.path.islink(destination):
        shutil.rmtree(destination)  # a folder where the site now has a file
    os.replace(source, destination)


def place(staging: Path, target: Path, kept: set[str], cache_path: str | None) -> str:
    """Put the build in ``staging`` in place of ``target``: "swap" or "update".

    ``kept`` holds the target's files this build reuses, as ``/``-separated relative paths.
    ``cache_path``: for a target that later builds update, where what it holds is recorded
    (see ``can_record``); a one-off folder (a publish's) has no kept files and no record.
    """
    if cache_path is None:
        swap(staging, target)
        return "swap"
    record = _record(target, cache_path)
    fresh = _files(staging)
    if len(fresh) >= len(kept):  # mostly new: completing the staging folder costs less
        for file in sorted(kept - fresh):
            destination = os.path.join(staging, file)
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            os.link(os.path.join(target, file), destination)
        _forget(record)  # until the swap is done, neither tree's list is the truth
        swap(staging, target)
        _remember(record, fresh | kept)
        return "swap"
    update(staging, target, fresh, kept, record)
    return "update"


@contextmanager
def lock(target: Path, waiting):
    """Builds of one target take turns; ``waiting()`` is called if this one has to wait.

    The lock is the folder that holds the target (no file is left behind): builds of two
    outputs in one folder take turns too.
    """
    handle = os.open(target.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def clear_leftovers(target: Path) -> None:
    """Remove the staging and index folders of builds that were killed (under ``lock``)."""
    for pattern in (f".{target.name}-new-*", f".{target.name}-search-*"):
        for leftover in target.parent.glob(pattern):
            remove_in_background(leftover)


def swap(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging`` by two renames, then remove the old tree.

    Removing a large old tree (one unlink per page) takes longer than writing it on a busy
    disk; it is no part of the build, so a detached process does it after we return.
    """
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    if target.exists() or target.is_symlink():  # a symlink: ``huinong publish`` keeps its release
        os.rename(target, old / target.name)
    os.rename(staging, target)
    remove_in_background(old)


def remove_in_background(path: Path) -> None:
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _prefix(folder: str, root: Path) -> str:
    """How the names of the files in ``folder`` begin, ``/``-separated from ``root``."""
    relative = os.path.relpath(folder, root)
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"


def _files(root: Path) -> set[str]:
    found = set()
    for folder, _, files in os.walk(root):
        prefix = _prefix(folder, root)
        found.update(prefix + file for file in files)
    return found


def update(staging: Path, target: Path, fresh: set[str], kept: set[str], record: Path):
    """Move ``staging``'s files (``fresh``) into ``target``; remove what is not produced.

    What the target held is known from the ``record`` of the build that produced it;
    without one, the whole target is walked.
    """
    if target.is_symlink() or not target.is_dir():  # removed, or published, meanwhile
        raise FileNotFoundError(f"{target} 在构建时被删除或替换")  # its kept files are gone
    previous = picklefile.load(record, lambda key, files: isinstance(files, set)).get("files")
    produced = fresh | kept
    if previous is not None:
        # Until the moves are done, the target may hold either build's files: an update cut
        # short leaves a record naming both, so the next one still removes the stale ones.
        # (Without a previous record there is none to leave, and the next update walks.)
        _remember(record, produced | previous)
    for file in sorted(fresh):
        source, destination = os.path.join(staging, file), os.path.join(target, file)
        _make_folder(os.path.dirname(destination), target)
        _move(source, destination)
    if previous is None:
        _remove_unlisted(target, produced)
    else:
        _remove_listed(target, previous - produced)
    _remember(record, produced)
    shutil.rmtree(staging)


def _record(target: Path, cache_path: str) -> Path:
    name = hashlib.blake2b(os.path.abspath(target).encode(), digest_size=8).hexdigest()
    return Path(cache_path, "huinong", f"files-{name}.pickle")


def can_record(cache_path: str) -> bool:
    """Whether the record of an updated output can be kept: else outputs are swapped whole."""
    folder = Path(cache_path, "huinong")
    with suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return os.access(folder, os.W_OK | os.X_OK)


def _remember(record: Path, files: set[str]) -> None:
    if picklefile.save(record, {"files": files}) is not None:
        _forget(record)  # no list is better than a wrong one: the next update walks


def _forget(record: Path) -> None:
    record.unlink(missing_ok=True)


def _make_folder(folder: str, target: Path) -> None:
    if os.path.isdir(folder) and not os.path.islink(folder):
        return
    parent = os.path.dirname(folder)
    if folder != str(target):
        _make_folder(parent, target)
    if os.path.lexists(folder):
        os.unlink(folder)  # a file where the site now has a folder
    os.mkdir(folder)


def _remove_listed(target: Path, stale: set[str]) -> None:
    folders = set()
    for file in stale:
        path = os.path.join(target, file)
        with suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
            os.unlink(path)  # gone, or now a folder (or inside a file) of the new site
        folders.add(os.path.dirname(path))
    for folder in sorted(folders, key=len, reverse=True):  # deepest first
        while folder != str(target):
            try:
                os.rmdir(folder)  # only if emptied
            except OSError:
                break
            folder = os.path.dirname(folder)


def _remove_unlisted(target: Path, wanted: set[str]) -> None:
    for folder, subfolders, files in os.walk(target, topdown=False):
        prefix = _prefix(folder, target)
        for name in files:
            if prefix + name not in wanted:
                os.unlink(os.path.join(folder, name))
        for name in subfolders:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                if prefix + name not in wanted:
                    os.unlink(path)
            elif not os.listdir(path):
                os.rmdir(path)
