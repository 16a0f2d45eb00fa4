"""A pickle in the cache folder: verified before use, replaced by rename.

The content cache, the page memo and the compressed forms of a publish each keep one. A
crash or a concurrent build never leaves half a file behind, and a read-only cache folder
only makes the next build slower.

A cache is verified before use: the file carries the digest of its pickle, checked before
the pickle is loaded, so a truncated or damaged file is not unpickled at all (the digest has
no key: it guards against damage, not against someone who can write the cache folder, who
could as well change the code); what loads
must be a dict, and each entry must have the shape its user expects (``entry``). Anything
else is discarded with one line of note, and the build starts afresh, only slower.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

MAGIC = b"pelican-fastbuild pickle 1\n"  # a file of another format or version is not read
DIGEST_SIZE = 32


def load(path: Path, entry: Callable[[object, object], bool] | None = None) -> dict:
    """The dict saved at ``path``, without the entries ``entry(key, value)`` rejects; empty
    when the file is missing, and (with a note) when it fails its digest or is no dict."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return {}  # first use, or an unreadable folder: start afresh
    header = len(MAGIC) + DIGEST_SIZE
    body = data[header:]
    digest = hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest()
    if not data.startswith(MAGIC) or data[len(MAGIC) : header] != digest:
        log.info("缓存 %s 已损坏或来自旧版本，已丢弃（本次构建会慢一些）", path)
        return {}
    try:
        value = pickle.loads(body)
    except Exception:  # written by other code (a class since renamed…): as good as absent
        value = None
    if not isinstance(value, dict):
        log.info("缓存 %s 的内容不是预期的格式，已丢弃（本次构建会慢一些）", path)
        return {}
    if entry is not None:
        kept = {k: v for k, v in value.items() if entry(k, v)}
        if len(kept) < len(value):
            log.info("缓存 %s 有 %d 项格式不对，已丢弃", path, len(value) - len(kept))
        value = kept
    return value


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
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() + body)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    for old in path.parent.glob(stale) if stale else ():
        if old != path:
            old.unlink(missing_ok=True)
    return None


def pair_of(first: type, second: type) -> Callable[[object, object], bool]:
    """An ``entry`` check: a value that is a 2-tuple of ``first`` and ``second``."""
    return lambda _, value: (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], first)
        and isinstance(value[1], second)
    )
