"""A built site as a web server sees it: files under a folder, served at ``SITEURL``.

The publish steps need to know which file a link in a page points to, whether the link is
written relative, root-relative or as an absolute URL on ``SITEURL``, and where in the page's
text the link stands (to rewrite it without touching any other byte).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRIBUTES = ("href", "src", "poster", "srcset")
ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?"""
)


@dataclass(frozen=True)
class Reference:
    """One URL written in a page: the attribute, its value and where the raw value stands."""

    tag: str
    attribute: str
    value: str
    start: int
    end: int
    attrs: dict[str, str]


@dataclass
class Page:
    """What the checks and the fingerprinting need from one HTML page."""

    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.page = Page()
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.ids.add(values[name])
        line, column = self.getpos()
        offset = self._line_starts[line - 1] + column
        raw = self.get_starttag_text() or ""
        # Attribute values as written (entities and all), with their place in the page.
        for match in ATTRIBUTE.finditer(raw, len(tag) + 1):
            name = match.group("name").lower()
            group = next((g for g in ("dq", "sq", "uq") if match.group(g) is not None), None)
            if name not in LINK_ATTRIBUTES or group is None:
                continue
            self.page.references.append(
                Reference(
                    tag,
                    name,
                    values.get(name, ""),
                    offset + match.start(group),
                    offset + match.end(group),
                    values,
                )
            )


def scan_page(text: str) -> Page:
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner.page


@dataclass(frozen=True)
class Target:
    """Where a URL leads inside the site: a file (which may be missing) and a fragment."""

    path: str | None  # "/"-separated, relative to the site root; None: outside SITEURL
    fragment: str
    exists: bool


class SiteTree:
    """The files of a built site and the public URLs they are served at."""

    def __init__(self, root: Path, siteurl: str):
        self.root = root
        self.siteurl = siteurl.rstrip("/")
        parts = urlsplit(self.siteurl)
        self.netloc = parts.netloc
        self.base = parts.path

    def files(self, *suffixes: str) -> list[str]:
        """Relative paths of every file with one of ``suffixes``, sorted."""
        return sorted(
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.is_file() and p.name.endswith(suffixes)
        )

    def url_of(self, path: str) -> str:
        return f"{self.siteurl}/{path}"

    def resolve(self, from_path: str, value: str) -> Target | None:
        """The file ``value`` (written in the file ``from_path``) points to.

        None for anything a web server of this site does not serve: other hosts, ``mailto:``,
        ``data:`` and the like.
        """
        parts = urlsplit(urljoin(self.url_of(from_path), value.strip()))
        if parts.scheme not in ("http", "https") or parts.netloc != self.netloc:
            return None
        path = unquote(parts.path)
        if path != self.base and not path.startswith(self.base + "/"):
            return Target(None, parts.fragment, False)
        relative = path[len(self.base) :].lstrip("/")
        if ".." in relative.split("/"):  # an encoded "%2e%2e" climbing out of the site
            return Target(None, parts.fragment, False)
        if not relative or relative.endswith("/"):
            relative += "index.html"
        elif (self.root / relative).is_dir():
            relative += "/index.html"  # servers redirect /units to /units/
        return Target(relative, parts.fragment, (self.root / relative).is_file())
