"""The digest of each source file, remembered with its ``stat``, so an unchanged file is not read.

Every build needs the digest of every Markdown file's bytes: the caches are keyed by it. A
file whose device, inode, size, modification time and change time are those recorded with
its digest is not read and hashed again (0.15 s at 10,000 articles). The change time is the
safeguard: tools that restore a modification time (``touch -d``, ``rsync -t``, a checkout)
cannot set it, and every write moves it. A digest is recorded only for a file changed at
least a second before the build started, so that a write a few milliseconds after the
reading, within the file system's time granularity, can never look unchanged (git's rule
for "racily clean" files). The clock decides only what is trusted here, never what the site
shows.

Kept in ``CACHE_PATH/huinong/stamps.pickle``; without it every file is read, as before.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import picklefile
from .contentcache import digest


class SourceStamps:
    def __init__(self, folder: str | None, settled_ns: int, timings):
        self.timings = timings
        self.path = Path(folder, "fastbuild", "stamps.pickle") if folder else None
        self.known: dict[str, tuple] = (
            picklefile.load(self.path, picklefile.pair_of(tuple, bytes)) if self.path else {}
        )
        self.seen: dict[str, tuple] = {}
        self.settled = settled_ns

    def digest(self, path: str) -> bytes:
        """The digest of the file's bytes (OSError if it cannot be read)."""
        st = os.stat(path)
        stamp = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        known = self.known.get(path)
        if known is not None and known[0] == stamp:
            key = known[1]
        else:
            with open(path, "rb") as fh:
                key = digest(fh.read())
            self.timings.count("sources_read", 1)
        if st.st_ctime_ns < self.settled:
            self.seen[path] = (stamp, key)
        return key

    def save(self, prune: bool) -> None:
        """With ``prune`` (every file was looked at), keep only the files of this build."""
        if self.path is None:
            return
        entries = self.seen if prune else {**self.known, **self.seen}
        changed = sum(self.known.get(p) != entry for p, entry in self.seen.items())
        changed += len(self.known.keys() - entries.keys())
        written = picklefile.worth_writing(changed, len(entries))
        if written and picklefile.save(self.path, entries) is None:  # else: files are read
            self.known = entries
