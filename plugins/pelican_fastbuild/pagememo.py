"""Pages whose inputs did not change are copied from the previous output, not rendered again.

Editing one article should not re-render ten thousand pages. A page's inputs are the
templates, the code that renders them (this plugin's source, since filters such as
``qr_code`` draw part of a page, and the versions of the libraries they call), the settings
and the whole template context (every article's title, URL, date, unit, topics, whatever a
plugin attached…), plus, for an article's own page, the bytes of its source file.
``site_digest`` hashes the context generically: every value it cannot hash stably (an
object whose ``repr`` is a memory address) switches the memo off for that build, so an
unknown kind of input costs speed, never correctness.

Article *bodies* are left out of ``site_digest``, so that fixing a typo in one article keeps
the digest. A page may therefore reuse its old file only if, when it was rendered, it read
no body but its own article's: workers watch ``get_content``/``get_summary`` (the
``content`` and ``summary`` attributes) while rendering. A template or filter that shows
another article's text must read it through those, never through ``_content``.

After each successful build the driver records, per page, the key it was rendered under
and the file it wrote (``.cache/huinong/pages-*.pickle``). A page is reused
only when its key matches and the file in ``output/`` is still the one written (same inode,
size and time); it then stays where it is (``placing``), or is hard-linked into the staging
folder when the output is replaced whole. Nothing ever writes into a file in place, so
``output/`` stays as it was until a clean build is put in place.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import marshal
import os
import signal
import stat
import types
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime

from . import forking, picklefile
from .contentcache import code_files

SKIPPED_ATTRIBUTES = frozenset({"_context", "settings"})  # the context itself, walked once
# A URL wrapper (author, category, unit…) gets copies of its name and slug the first time a
# URL is made from it (``URLWrapper.as_dict``), and a slug made from its name only when first
# asked: what it is does not change, so neither may its description.
WRAPPER_SLUGGED = SKIPPED_ATTRIBUTES | {"name", "slug"}  # a slug set explicitly: described
WRAPPER_NAMED = WRAPPER_SLUGGED | {"_slug"}  # a slug made from the name and the settings
CONTENT_SKIPPED = SKIPPED_ATTRIBUTES | {"_content"}  # an article's body: see above
# Settings keys that change while writing (the page's own relative URL) or from build to
# build (the staging folder's name, whether the output exists yet) without changing what
# any page shows.
SKIPPED_KEYS = frozenset({"localsiteurl", "OUTPUT_PATH", "FASTBUILD_UPDATE_IN_PLACE"})
# Libraries whose version shapes a page; a site adds those its filters call in
# ``FASTBUILD_PACKAGES``.
RENDERING_PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown", "feedgenerator")


class Transient:
    """Per-build state that a plugin keeps in the settings (the accelerator's session, a
    plugin's build object): never part of what a page shows, so never described."""


class UnstableValueError(Exception):
    """A value with no stable representation: no page can be reused in this build."""


def _code(fn) -> str:
    code = getattr(fn, "__code__", None)
    body = hashlib.blake2b(marshal.dumps(code)).hexdigest() if code else ""
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', fn)}:{body}"


class _Text(str):
    """Text to emit as it is (a bracket, an attribute name), not a value to walk."""


def _isodate(value) -> str:
    return "d" + value.isoformat()


# Values that ``str`` describes whole, the same in every process, with a letter for their type.
PLAIN_TAGS = {str: "s", type(None): "n", bool: "b", int: "i", float: "f"}
PLAIN_TAGS |= {datetime.datetime: "d", datetime.date: "d", SafeDatetime: "d"}


def _described(items: list | tuple, seen: dict[int, int]) -> list[int] | None:
    """The numbers of ``items`` if all were described before (dates, archives, related
    articles…), else None: a live object's id is never another's, so all found means all
    objects."""
    refs = [seen.get(id(item)) for item in items]
    return refs if refs and None not in refs else None


def _members(items, seen: dict[int, int]) -> tuple[str, list[tuple]]:
    """Of (name, value) pairs, those described at once (plain values, objects and lists of
    objects described before) in one string, and the pairs left for the walk."""
    tags = PLAIN_TAGS
    parts = [f"{key}\x1c{tag}{value}" for key, value in items if (tag := tags.get(type(value)))]
    later = []
    for key, value in [item for item in items if type(item[1]) not in tags]:
        ref = seen.get(id(value))
        if ref is not None:
            parts.append(f"{key}\x1c@{ref}")
            continue
        refs = _described(value, seen) if type(value) is list else None
        if refs is not None:
            seen[id(value)] = len(seen)
            parts.append(f"{key}\x1c[@{refs}]")
        else:
            later.append((key, value))
    return "\x1e".join(parts), later


_LEAVES = {
    type(None): repr,
    bool: repr,
    int: repr,
    float: repr,
    datetime.datetime: _isodate,
    datetime.date: _isodate,
}


def _walk(root, out: list[str], seen: dict[int, int]) -> None:
    """Append a stable description of ``root`` to ``out``, depth first.

    Iterative: articles link to each other (上一篇/下一篇, 相关文章), so the object graph of
    a large site is far deeper than Python's recursion limit. A million values at 10,000
    articles: the plain values of an object or a dict (text, numbers, dates) are described
    together in one string, and a list of objects all described before by their numbers.
    """
    stack = [root]
    pop, push, emit = stack.pop, stack.append, out.append
    while stack:
        value = pop()
        kind = type(value)
        if kind is _Text:
            emit(value)
            continue
        if kind is str:
            emit("s" + value)
            continue
        leaf = _LEAVES.get(kind)
        if leaf is not None:
            emit(leaf(value))
            continue
        ref = seen.get(id(value))  # only walked containers and objects are ever in ``seen``
        if ref is not None:
            emit(f"@{ref}")
            continue
        if isinstance(value, str):
            emit("s" + value)
        elif isinstance(value, bytes):
            emit("b" + value.hex())
        elif isinstance(value, (datetime.date, datetime.time)):
            emit("d" + value.isoformat())
        elif isinstance(value, (types.FunctionType, types.MethodType, types.BuiltinFunctionType)):
            emit("f" + _code(value))
        elif isinstance(value, type):
            emit(f"t{value.__module__}.{value.__qualname__}")
        elif isinstance(value, Transient):
            emit("x")
        else:
            seen[id(value)] = len(seen)
            if isinstance(value, (list, tuple)):
                refs = _described(value, seen)
                if refs is not None:
                    emit(f"[@{refs}]")
                    continue
                emit("[")
                push(_Text("]"))
                stack.extend(reversed(value))
            elif isinstance(value, dict):
                if all(type(key) is str for key in value):  # Pelican fills some from a set
                    items = [i for i in sorted(value.items()) if i[0] not in SKIPPED_KEYS]
                    described, later = _members(items, seen)
                    emit("{" + described)
                    push(_Text("}"))
                    for key, item in reversed(later):
                        push(item)
                        push(key)
                    continue
                emit("{")
                push(_Text("}"))
                for key, item in reversed(list(value.items())):
                    push(item)
                    push(key)
            elif isinstance(value, (set, frozenset)):
                parts = []
                for item in value:  # sets hold plain values (paths, names): shallow
                    sub: list[str] = []
                    _walk(item, sub, seen)
                    parts.append("\x1f".join(sub))
                emit("<" + "\x1e".join(sorted(parts)) + ">")
            elif hasattr(value, "__dict__"):
                skipped = SKIPPED_ATTRIBUTES
                if isinstance(value, Content):
                    skipped = CONTENT_SKIPPED  # its body too
                elif isinstance(value, URLWrapper):
                    skipped = WRAPPER_NAMED if value._slug_from_name else WRAPPER_SLUGGED
                attributes = [i for i in vars(value).items() if i[0] not in skipped]
                described, later = _members(attributes, seen)
                emit(f"o{kind.__module__}.{kind.__qualname__}\x1d{described}")
                for key, item in reversed(later):
                    push(item)
                    push(_Text(key))
            else:
                text = repr(value)
                if " at 0x" in text:
                    raise UnstableValueError(text)
                emit(f"r{kind.__qualname__}:{text}")


@dataclass(frozen=True)
class RenderingFiles:
    """What renders the pages besides the context: the rendering libraries' versions and
    the bytes of this plugin's code and of the templates.

    ``digest`` is None when any of those files changed after its ``settled`` time (the
    process's start for code, imported then; the build's start for templates): it may
    still change while the build reads it (the rule ``sourcestamps`` follows), and the
    build then reuses nothing and records nothing rather than file pages made from one
    version under the other. ``unchanged()``, once the pages are rendered, tells whether
    any of them changed meanwhile.
    """

    folders: tuple
    code: tuple
    digest: bytes | None
    seen: tuple

    @classmethod
    def read(cls, settings: dict, code_settled_ns: int, settled_ns: int) -> RenderingFiles:
        folders = (settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", ()))
        code = tuple(code_files(settings))
        h = hashlib.blake2b(digest_size=20)
        for package in (*RENDERING_PACKAGES, *settings.get("FASTBUILD_PACKAGES", ())):
            h.update(f"{package}=={metadata.version(package)};".encode())
        seen = _scan(folders, code)
        digest = h
        for name, path, is_code, stamp in seen:
            if stamp[1] >= (code_settled_ns if is_code else settled_ns):
                digest = None
                break
            try:
                h.update(name.encode() + b"\0" + path.read_bytes())
            except OSError:
                digest = None
                break
        return cls(folders, code, digest.digest() if digest else None, seen)

    def unchanged(self) -> bool:
        return _scan(self.folders, self.code) == self.seen


def _scan(folders: tuple, code: tuple) -> tuple:
    """(name, path, whether code, (inode, change time, size)) of each file, in order."""
    files = [(name, source, True) for name, source in code]
    for folder in folders:  # templates and theme files
        files += [(str(p.relative_to(folder)), p, False) for p in sorted(Path(folder).rglob("*"))]
    seen = []
    for name, path, code in files:
        try:
            st = os.stat(path)
        except OSError:  # gone, or a link to nothing (an editor's lock file): no template
            continue
        if stat.S_ISREG(st.st_mode):
            seen.append((name, path, code, (st.st_ino, st.st_ctime_ns, st.st_size)))
    return tuple(seen)


def site_digest(context: dict, files: bytes | None) -> bytes | None:
    """Digest of everything but article bodies that a page can show, and of what renders it
    (``RenderingFiles.digest``); None if unstable."""
    described = describe(context) if files is not None else None
    return None if described is None else hashlib.blake2b(described + files).digest()


def describe(value) -> bytes | None:
    """A digest of ``value`` as ``_walk`` describes it; None if it has no stable one."""
    out: list[str] = []
    collecting = gc.isenabled()
    gc.disable()  # the walk allocates much and frees nothing: collections would only rescan
    try:
        _walk(value, out, {})
    except UnstableValueError:
        return None
    finally:
        if collecting:
            gc.enable()
    return hashlib.blake2b("\x1f".join(out).encode("utf-8", "surrogatepass")).digest()


def _digest_child(context: dict, files: bytes | None, send) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C and ends this
    # After a small edit the search index's one Pagefind run ends the build, and the build
    # needs this digest only once its pages are recorded: Pagefind goes first.
    os.nice(5)
    try:
        send.send(("ok", site_digest(context, files)))
    except BaseException as exc:  # the parent computes the digest itself
        send.send(("error", repr(exc)))


class PendingDigest:
    """``site_digest`` computed by a forked process while the parent records the pages.

    Started once every generator has built its context, which nothing changes afterwards
    (``tests/fastbuild/test_fastbuild.py`` checks this): the walk costs 0.5 s at 10,000
    articles, and a rebuild would otherwise spend it before the first page can be reused. The
    code and the templates (``RenderingFiles``) are read before it starts, before any page
    is rendered.
    """

    def __init__(self, context: dict, files: bytes | None):
        self.context, self.files = context, files
        self.process, self.receive = forking.fork(_digest_child, context, files)

    def result(self, context: dict) -> bytes | None:
        """The digest of ``context``: the child's, or computed here if it could not."""
        try:
            status, value = self.receive.recv()
        except EOFError:
            status, value = "error", None
        finally:
            self.receive.close()
            self.process.join()
        if status == "ok" and context is self.context:
            return value
        return site_digest(context, self.files)

    def abandon(self) -> None:
        self.receive.close()
        self.process.terminate()
        self.process.join()


def page_key(site: bytes, name: str, own: bytes) -> bytes:
    return hashlib.blake2b(site + name.encode() + b"\0" + own, digest_size=20).digest()


class Manifest:
    """For one output folder: page path -> (key it was rendered under, digest of its bytes),
    and ``site``, the site's digest those keys were made with."""

    def __init__(self, cache_path: str, target: str):
        name = hashlib.blake2b(os.path.abspath(target).encode(), digest_size=8).hexdigest()
        self.path = Path(cache_path, "fastbuild", f"pages-{name}.pickle")
        self.pages: dict[str, tuple[bytes, bytes]] = picklefile.load(self.path, _manifest_entry)
        self.site: bytes | None = self.pages.pop("", None)  # "" is never a page's path
        self.next: dict[str, tuple[bytes, bytes]] = {}
        self.next_site: bytes | None = None

    def save(self) -> None:
        """Called once the new output is in place: it now holds exactly ``next``."""
        pages = {**self.next, "": self.next_site} if self.next_site else self.next
        picklefile.save(self.path, pages)  # unwritable: the next build renders every page


def _manifest_entry(name, value) -> bool:
    """A page's (key, stamp), or under "" the site's digest."""
    if name == "":
        return isinstance(value, bytes)
    return isinstance(name, str) and picklefile.pair_of(bytes, tuple)(name, value)
