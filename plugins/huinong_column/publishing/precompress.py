"""Precompressed ``.gz`` and ``.br`` files beside every text file, for nginx's ``*_static``.

Both are byte-for-byte reproducible on any machine: Brotli and Zopfli come as pinned wheels
that bundle their own C code (the system's zlib may differ between machines), and the gzip
header Zopfli writes has no file name and a modification time of 0. Brotli runs at its
highest quality: nearly every browser takes it. Zopfli, for the few that only take gzip,
runs one iteration without block splitting: on Chinese article pages that is 2-3 % smaller
than ``gzip -9`` and several times faster than Brotli 11, where Zopfli's defaults are some
50 times slower for a further 2 %. A compressed file is kept only when it is smaller than
the original. Files are compressed in parallel, one process per core.

Compressing is most of a publish (Brotli 11 takes milliseconds a page), and most pages are
the same bytes as in the previous publish. With a cache folder, each file's compressed forms
are kept under the digest of its bytes and of the compressors' settings, so a publish after
one edit compresses only the files that changed. The cache is one pickle replaced by rename
and keeps only what the last publish used.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path

import brotli
import zopfli.gzip

from pelican_fastbuild import forking, picklefile

TEXT_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".webmanifest")


def _compressed(data: bytes) -> tuple[bytes, bytes]:
    gz = zopfli.gzip.compress(data, numiterations=1, blocksplitting=False)
    br = brotli.compress(data, quality=11)
    return gz, br


def _cache_file(folder: str) -> Path:
    """Named after what shapes the compressed bytes: the compressors and this code."""
    h = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8)
    for package in ("brotli", "zopfli"):
        h.update(f"{package}=={metadata.version(package)};".encode())
    return Path(folder, "huinong", f"compressed-{h.hexdigest()}.pickle")


def precompress(root: Path, cache_folder: str | None = None) -> tuple[int, int]:
    """Write ``name.gz`` and ``name.br`` beside each text file.

    Returns (files written, text files whose compressed forms came from the cache).
    """
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith(TEXT_SUFFIXES))
    cache_path = _cache_file(cache_folder) if cache_folder else None
    cached = picklefile.load(cache_path, picklefile.pair_of(bytes, bytes)) if cache_path else {}
    contents = [path.read_bytes() for path in paths]
    keys = [hashlib.blake2b(data, digest_size=20).digest() for data in contents]
    missing = {key: data for key, data in zip(keys, contents, strict=True) if key not in cached}
    with ProcessPoolExecutor(
        os.cpu_count() or 1, initializer=forking.die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        packed = pool.map(_compressed, missing.values(), chunksize=8)
        fresh = dict(zip(missing, packed, strict=True))
    entries = {key: cached.get(key) or fresh[key] for key in keys}
    written = 0
    for path, data, key in zip(paths, contents, keys, strict=True):
        for suffix, form in zip((".gz", ".br"), entries[key], strict=True):
            if len(form) < len(data):
                path.with_name(path.name + suffix).write_bytes(form)
                written += 1
    if cache_path is not None and entries.keys() != cached.keys():
        picklefile.save(cache_path, entries, stale="compressed-*.pickle")  # unwritable: no cache
    return written, len(paths) - sum(1 for key in keys if key in fresh)
