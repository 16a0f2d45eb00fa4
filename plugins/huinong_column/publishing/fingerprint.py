"""Content-hashed names for stylesheets and scripts, so browsers may keep them for a year.

Every CSS or JS file that a page links to is renamed ``name.<hash>.ext`` (the first
``HASH_LENGTH`` hex digits of its SHA-256) in its own folder, so relative references inside
it still hold, and every ``href``/``src`` that points to it is rewritten in place: only those
attribute values change, every other byte of the page stays. The nginx config gives exactly
these names a long, immutable cache lifetime.

Files under ``pagefind/`` keep their names: Pagefind's scripts load each other by name and
hash their own index files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .sitetree import SiteTree, scan_page

SUFFIXES = (".css", ".js")
HASH_LENGTH = 10
SKIPPED_FOLDERS = ("pagefind/",)


def fingerprinted_name(path: Path) -> str:
    """``name.<hash>.ext``; a name that already carries its own hash is kept as it is."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    if path.stem.endswith(f".{digest}"):
        return path.name
    return f"{path.stem}.{digest}{path.suffix}"


def _last_segment_replaced(value: str, new_name: str) -> str:
    """``value`` with its file name replaced, keeping folder, query and fragment."""
    end = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    start = value.rfind("/", 0, end) + 1
    return value[:start] + new_name + value[end:]


def fingerprint(tree: SiteTree) -> dict[str, str]:
    """Rename the linked CSS and JS files and rewrite the pages; return {old: new} paths."""
    pages = {p: (tree.root / p).read_bytes().decode("utf-8") for p in tree.files(".html")}
    names: dict[str, str] = {}
    edits: dict[str, list[tuple[int, int, str]]] = {}
    for path, text in pages.items():
        for ref in scan_page(text).references:
            if ref.attribute == "srcset":
                continue  # images keep their names
            target = tree.resolve(path, ref.value)
            if (
                target is None
                or not target.exists
                or not target.path.endswith(SUFFIXES)
                or target.path.startswith(SKIPPED_FOLDERS)
            ):
                continue
            if target.path not in names:
                names[target.path] = fingerprinted_name(tree.root / target.path)
            new_name = names[target.path]
            if new_name == target.path.rpartition("/")[2]:
                continue
            raw = text[ref.start : ref.end]
            edits.setdefault(path, []).append(
                (ref.start, ref.end, _last_segment_replaced(raw, new_name))
            )
    for path, changes in edits.items():
        text = pages[path]
        for start, end, new in sorted(changes, reverse=True):
            text = text[:start] + new + text[end:]
        (tree.root / path).write_bytes(text.encode("utf-8"))
    renamed = {}
    for old, name in sorted(names.items()):
        if name != old.rpartition("/")[2]:
            renamed[old] = Path(old).with_name(name).as_posix()
            (tree.root / old).rename(tree.root / renamed[old])
    return renamed
