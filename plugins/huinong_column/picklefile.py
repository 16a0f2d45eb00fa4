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
