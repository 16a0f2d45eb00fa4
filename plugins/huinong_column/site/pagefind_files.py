"""Pagefind's bundle files: making one index byte-identical from build to build.

Pagefind 1.5 writes its filter indexes in arbitrary (hash map) order, so two runs over the
same documents differ. ``canonicalise`` rewrites those files sorted and renames them by their
content; every other file Pagefind writes is already named by and made from its content.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

LANGUAGE = "zh-cn"
MAGIC = b"pagefind_dcd"


def _load(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise RuntimeError(f"{path} is not a Pagefind index file")
    return cbor2.loads(data[len(MAGIC) :])


def _store(folder: Path, prefix: str, suffix: str, value, digits: int) -> str:
    """Write ``value`` gzipped under a name made from its content; return the hash part."""
    data = gzip.compress(MAGIC + cbor2.dumps(value), mtime=0)
    name = f"{LANGUAGE}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(data)
    return name


def canonicalise(bundle: Path) -> None:
    """Rewrite Pagefind's filter indexes and metadata in a stable order.

    The metadata file lists the filter files as ``[name, hash]`` pairs and each filter file
    holds ``[name, [[value, pages], ...]]``: both come out in hash-map order. They are
    sorted, written under names derived from their content, and the entry file is pointed at
    the new metadata.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    language = entry["languages"][LANGUAGE]
    meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = _load(meta_path)
    filter_folder = bundle / "filter"
    filters = []
    for name, digest in meta[3]:
        path = filter_folder / f"{digest}.pf_filter"
        filter_name, values = _load(path)
        path.unlink()
        values = sorted(values, key=lambda pair: pair[0])
        filters.append([name, _store(filter_folder, "", ".pf_filter", [filter_name, values], 7)])
    meta[3] = sorted(filters)
    meta_path.unlink()
    language["hash"] = _store(bundle, "pagefind.", ".pf_meta", meta, 13)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
