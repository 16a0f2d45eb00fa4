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
recorded under ``CACHE_PATH`` after each swap and update (without one, an update walks the
tree instead).

An update cut short (the machine stops) leaves a mix of old and new files; the next build
repairs it, since a page or shard is reused only while its file is still the very one
recorded (same inode, size and time, see ``pagememo`` and ``search``), every other file is
written again, and the record then names both builds' files, so stale ones still go.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from . import picklefile


def _move(source: str, destination: str) -> None:
    if os.path.isdir(destination) and not os.path.islink(destination):
        shutil.rmtree(destination)  # a folder where the site now has a file
    os.replace(source, destination)


def place(staging: Path, target: Path, kept: set[str], cache_path: str | None) -> str:
    """Put the build in ``staging`` in place of ``target``: "swap" or "update".

    ``kept`` holds the target's files this build reuses, as ``/``-separated relative paths;
    they and ``cache_path`` (where the record of the target's files goes) are for a target
    that later builds update: a one-off folder (a publish's) has neither.
    """
    if cache_path is None:
        swap(staging, target)
        return "swap"
    fresh = _files(staging)
    if len(fresh) >= len(kept):  # mostly new: completing the staging folder costs less
        for file in sorted(kept - fresh):
            destination = os.path.join(staging, file)
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            os.link(os.path.join(target, file), destination)
        swap(staging, target)
        picklefile.save(_record(target, cache_path), {"files": fresh | kept})
        return "swap"
    update(staging, target, fresh, kept, cache_path)
    return "update"


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


def _files(root: Path) -> set[str]:
    found = set()
    for folder, _, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(prefix + file for file in files)
    return found


def update(staging: Path, target: Path, fresh: set[str], kept: set[str], cache_path: str):
    """Move ``staging``'s files (``fresh``) into ``target``; remove what is not produced.

    What the target held is known from the record of the build that produced it; without
    one, the whole target is walked.
    """
    if not target.is_dir():
        raise FileNotFoundError(f"{target} 在构建时被删除")  # its kept files went with it
    record = _record(target, cache_path)
    previous = picklefile.load(record).get("files")
    produced = fresh | kept
    # Until the moves are done, the target may hold either build's files: a commit cut
    # short leaves a record that names both, so the next one still removes the stale ones.
    picklefile.save(record, {"files": produced | (previous or set())})
    for file in sorted(fresh):
        source, destination = os.path.join(staging, file), os.path.join(target, file)
        _make_folder(os.path.dirname(destination), target)
        _move(source, destination)
    if previous is None:
        _remove_unlisted(target, produced)
    else:
        _remove_listed(target, previous - produced)
    picklefile.save(record, {"files": produced})
    shutil.rmtree(staging)


def _record(target: Path, cache_path: str) -> Path:
    name = hashlib.blake2b(os.path.abspath(target).encode(), digest_size=8).hexdigest()
    return Path(cache_path, "huinong", f"files-{name}.pickle")


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
        relative = os.path.relpath(folder, target)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
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
