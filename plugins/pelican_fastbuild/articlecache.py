"""Articles already read, kept whole from one build to the next.

The content cache spares the Markdown conversion; Pelican still builds every ``Article``
again (metadata, dates, URLs, slug: about 0.8 s at 10,000 articles). This cache keeps each
article as Pelican had just built it, before the column tags it, through Pelican's own hook
for this (``get_cached_data``/``cache_data``, its generator-level cache), so that a
rebuild after one edit builds one article.

An entry is keyed by the bytes of its source file, its path and a fingerprint of everything
else that shapes a freshly read article: the plugin's code, the Markdown settings and
library versions (as for the content cache) and every setting (described as the page memo
describes them; a setting without a stable description turns this cache off for the build).
Tagging, related articles and every list are computed again at each build, so editing the
registry or another article never leaves a stale page.

What an article shares with the rest of the build is not copied into its entry: the
settings and the context are referred to, and an author is taken from the reader, which
gives every article of one author the same ``Author``, as a fresh read does. An article
whose reading logged anything (a missing alt text…) is not kept, so the warning is given
again at every build until it is fixed.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path

from pelican.urlwrappers import Author
from pelican.utils import file_suffix

from . import pagememo, picklefile
from .contentcache import fingerprint
from .logcount import loud_loggers, said
from .session import session


class _Pickler(pickle.Pickler):
    def __init__(self, file, generator, reader):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = {id(generator.settings): "settings", id(generator.context): "context"}
        self.authors = reader.authors

    def persistent_id(self, obj):
        if type(obj) is Author and self.authors.get(obj.name) is obj:
            return ("author", obj.name)
        return self.shared.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, generator, reader):
        super().__init__(file)
        self.shared = {"settings": generator.settings, "context": generator.context}
        self.reader = reader

    def persistent_load(self, pid):
        if type(pid) is tuple:
            return self.reader.process_metadata(*pid)
        return self.shared[pid]


def _settings_key(settings: dict) -> bytes | None:
    if settings.get("DEFAULT_DATE") == "fs":  # a date from the file's time: not in its bytes
        return None
    if not settings.get("WITH_FUTURE_DATES", True):  # a draft until a date: the clock decides
        return None
    described = pagememo.describe(settings)
    if described is None:
        return None
    return hashlib.blake2b(described + fingerprint(settings).encode(), digest_size=16).digest()


class ArticleCache:
    """Pelican's cache hooks for one articles generator; ``save`` keeps what this build used."""

    def __init__(self, generator):
        settings = generator.settings
        key = _settings_key(settings) if settings.get("FASTBUILD_CACHE") else None
        folder = settings.get("CACHE_PATH")
        self.path = Path(folder, "fastbuild", "articles.pickle") if key and folder else None
        self.prefix = key or b""
        stored = picklefile.load(self.path, _both_bytes) if self.path else {}
        self.entries: dict[bytes, bytes] = stored if stored.get(b"") == self.prefix else {}
        self.used: dict[bytes, bytes] = {b"": self.prefix}
        self.keys: dict[str, bytes] = {}  # file name (as Pelican reads it) -> entry key
        self.quiet: set[str] = set()  # files whose reading logged nothing
        self.generator = generator
        self.session = session(settings)
        self.loud = loud_loggers(settings)
        self._read_file = generator.readers.read_file
        generator.readers.read_file = self._read_logged
        generator.get_cached_data, generator.cache_data = self.get_cached_data, self.cache_data

    def _reader(self, name: str):
        return self.generator.readers.readers[file_suffix(name)]

    def known(self, name: str, source: bytes) -> bool:
        """Whether the article read from ``name``, with bytes of digest ``source``, is kept.

        Called by the prefetch for every Markdown file, before Pelican reads any.
        """
        if self.path is None:
            return False
        key = self.keys[name] = self._key(name, source)
        return key in self.entries

    def _key(self, name: str, source: bytes) -> bytes:
        return hashlib.blake2b(self.prefix + name.encode() + b"\0" + source).digest()

    def _read_logged(self, base_path, path, *args, **kwargs):
        with said(self.loud) as logged:
            content = self._read_file(base_path, path, *args, **kwargs)
        if not logged:
            self.quiet.add(path)
        self.session.read_afresh.add(getattr(content, "source_path", None))
        return content

    def get_cached_data(self, name: str, default=None):
        key = self.keys.get(name)
        blob = self.entries.get(key) if key else None
        if blob is None:
            return default
        self.used[key] = blob
        self.session.timings.count("articles_reused", 1)
        return _Unpickler(io.BytesIO(blob), self.generator, self._reader(name)).load()

    def cache_data(self, name: str, article) -> None:
        if self.path is None or name not in self.quiet:
            return  # what its reading logged must be logged again at the next build
        # The digest of the bytes it was made from: a file converted by the workers was read
        # again there, and may have changed since the prefetch looked at it.
        source = self.session.source_digests.get(article.source_path)
        if source is None:
            return
        key = self._key(name, source)
        out = io.BytesIO()
        _Pickler(out, self.generator, self._reader(name)).dump(article)
        self.used[key] = out.getvalue()

    def save(self) -> None:
        """Once every article is read: keep this build's entries, if enough changed."""
        changed = len(self.used.keys() ^ self.entries.keys())
        if self.path is not None and picklefile.worth_writing(changed, len(self.used)):
            picklefile.save(self.path, self.used)  # unwritable: the next build reads all


def _both_bytes(key, value) -> bool:
    return isinstance(key, bytes) and isinstance(value, bytes)
