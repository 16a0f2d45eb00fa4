"""The content cache: Markdown already converted, keyed by the bytes of the source file.

Converting Markdown is most of the cost of reading a site. Each converted file is kept as
(HTML, raw metadata) under the BLAKE2 digest of its bytes, so an entry survives a fresh
checkout, a ``touch`` and a rename, and an edited file simply misses. Only the conversion is
cached: tagging, URLs and everything that depends on the registry or the settings are
recomputed at every build, so editing ``data/column.toml`` never leaves a stale page.

The cache lives in one pickle under ``CACHE_PATH`` (``.cache/`` beside the settings file,
outside the source tree), named after a fingerprint of everything that shapes the HTML:
the plugin's own code, the ``MARKDOWN`` settings and the versions of Markdown and Pelican.
Change any of them and the old file is ignored, then removed. The file is replaced by
rename, so a concurrent build or a crash never leaves half a cache behind.

Pelican's own ``CACHE_CONTENT`` stays off: it pickles whole settings into every entry,
keys entries by path and writes its file in place.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import logging
from importlib import metadata
from pathlib import Path

from . import picklefile

log = logging.getLogger(__name__)


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=20).digest()


def fingerprint(settings: dict) -> str:
    """Changes whenever converted HTML could change for the same source bytes."""
    h = hashlib.blake2b(digest_size=12)
    for package in ("markdown", "pelican"):
        h.update(f"{package}=={metadata.version(package)};".encode())
    h.update(repr(markdown_as_read(settings["MARKDOWN"])).encode())
    for name, source in code_files(settings):
        h.update(name.encode() + b"\0" + source.read_bytes())
    return h.hexdigest()


def markdown_as_read(options: dict) -> dict:
    """``MARKDOWN`` with the defaults Pelican's Markdown reader adds to it in place when it
    is made: a key taken before a reader exists then equals one taken after (a process that
    builds twice shares a settings module's dict, and kept nothing from its first build)."""
    options = copy.deepcopy(options)
    options.setdefault("extension_configs", {})
    extensions = options.setdefault("extensions", [])
    for extension in [*options["extension_configs"], "markdown.extensions.meta"]:
        if extension not in extensions:
            extensions.append(extension)
    return options


def code_files(settings: dict) -> list[tuple[str, Path]]:
    """(name, path) of every Python file of this package and of the plugins in ``PLUGINS``:
    a reader or a filter of theirs shapes what a conversion or a page holds."""
    roots = {Path(__file__).resolve().parent}
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        spec = importlib.util.find_spec(name) if name else None
        for location in (spec.submodule_search_locations or []) if spec else []:
            roots.add(Path(location).resolve())
    return [
        (f"{root.name}/{path.relative_to(root)}", path)
        for root in sorted(roots)
        for path in sorted(root.rglob("*.py"))
    ]


class ContentCache:
    """Converted files by digest; ``save`` keeps only what the last full read used."""

    def __init__(self, folder: str | None, key: str):
        self.path = Path(folder, "fastbuild", f"content-{key}.pickle") if folder else None
        self.entries: dict[bytes, tuple] = (
            picklefile.load(self.path, picklefile.pair_of(str, dict)) if self.path else {}
        )
        self.used: set[bytes] = set()
        self.added = 0  # entries put since the file was read or written

    @classmethod
    def for_settings(cls, settings: dict) -> ContentCache:
        folder = settings["CACHE_PATH"] if settings.get("FASTBUILD_CACHE") else None
        return cls(folder, fingerprint(settings))

    def get(self, key: bytes):
        entry = self.entries.get(key)
        if entry is not None:
            self.used.add(key)
        return entry

    def put(self, key: bytes, entry: tuple) -> None:
        if self.path is not None:
            self.entries[key] = entry
            self.used.add(key)
            self.added += 1

    def save(self, prune: bool) -> None:
        """Write the cache if enough changed; with ``prune``, without entries no file used."""
        if self.path is None:
            return
        unused = self.entries.keys() - self.used if prune else ()
        if not picklefile.worth_writing(self.added + len(unused), len(self.entries)):
            return
        entries = {k: v for k, v in self.entries.items() if k not in unused}
        error = picklefile.save(self.path, entries, stale="content-*.pickle")
        if error:  # a read-only checkout still builds, only slower
            log.info("内容缓存无法写入（%s），下次构建将重新转换全部文章", error)
            return
        self.entries, self.added = entries, 0
