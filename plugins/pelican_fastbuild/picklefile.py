"""A pickle in the cache folder: read as empty when missing or unreadable, replaced by rename.

The content cache, the page memo and the compressed forms of a publish each keep one. A
crash or a concurrent build never leaves half a file behind, and a read-only cache folder
only makes the next build slower.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path


def load(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        return {}  # first use, or an unreadable file: start afresh


def worth_writing(changed: int, total: int) -> bool:
    """Whether a cache of ``total`` entries, ``changed`` of them new or gone, is rewritten.

    Rewriting the entries of 10,000 articles costs about 0.1 s; an entry left out costs one
    more reading of its file at the next build, well under a millisecond. Below 1 % the file
    stays as it is, and a later build with more changes writes it.
    """
    return changed > 0 and changed * 100 >= total


def save(path: Path, value: dict, stale: str | None = None) -> OSError | None:
    """Write ``value`` to ``path``, then remove the siblings matching ``stale`` (older keys).

    Returns the error when the folder cannot be written; any other failure is raised.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
    except OSError as exc:
        return exc
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    for old in path.parent.glob(stale) if stale else ():
        if old != path:
            old.unlink(missing_ok=True)
    return None
