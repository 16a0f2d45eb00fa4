"""Where an article's internal links and images point, and whether anything is there.

Three kinds of target, as Pelican understands them:

* ``{filename}/articles/2021/x.md``, ``{static}/images/a.jpg``: a file in ``content/``
  (absolute from ``content/``, or relative to the article's own folder);
* a site URL such as ``/articles/<slug>/`` or ``../units/huinong-tuanwei/``: a page the
  build writes (articles, units, topics, indexes, feeds) or a static file it copies;
* anything with a scheme or a host (``https://``, ``mailto:``): external, not checked.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .sources import Site

PELICAN_LINK = re.compile(r"^\{(\w+)\}(.*)$")
FILE_LINKS = {"filename", "static", "attach"}


@dataclass(frozen=True)
class SiteMap:
    """Every URL the build writes and every static file it copies (no leading slash)."""

    pages: frozenset[str]
    files: frozenset[str]

    @classmethod
    def build(cls, site: Site, article_slugs, page_slugs) -> SiteMap:
        s, registry = site.settings, site.registry
        pages = {"", s.get("ARCHIVES_URL", ""), s.get("UNITS_URL", ""), s.get("TOPICS_URL", "")}
        patterns = [
            ("ARTICLE_URL", article_slugs),
            ("DRAFT_URL", article_slugs),
            ("PAGE_URL", page_slugs),
            ("UNIT_URL", [u.slug for u in registry.units]),
            ("UNIT_FEED_ATOM", [u.slug for u in registry.units]),
            ("TOPIC_URL", [t.slug for t in registry.topics]),
            ("TOPIC_FEED_ATOM", [t.slug for t in registry.topics]),
        ]
        for key, slugs in patterns:
            if s.get(key):
                pages.update(s[key].format(slug=slug) for slug in slugs)
        if s.get("FEED_ALL_ATOM"):
            pages.add(s["FEED_ALL_ATOM"])
        files = {
            path.relative_to(site.content).as_posix()
            for folder in s.get("STATIC_PATHS", [])
            if (site.content / folder).exists()
            for path in [site.content / folder, *(site.content / folder).rglob("*")]
            if path.is_file()
        }
        return cls(frozenset(_page_form(p) for p in pages), frozenset(files))


def _page_form(path: str) -> str:
    path = path.lstrip("/")
    return path.removesuffix("index.html")


@dataclass(frozen=True)
class Broken:
    """A link whose target is missing: what it resolved to, for the message."""

    href: str
    resolved: str
    is_file_link: bool


def find_broken(
    href: str, page_url: str, source: Path, site: Site, sitemap: SiteMap, *, image: bool
) -> Broken | None:
    """A ``Broken`` when ``href`` (from the article at ``page_url``) leads nowhere."""
    href = href.strip()
    special = PELICAN_LINK.match(href)
    if special:
        if special.group(1) not in FILE_LINKS:
            return None  # {index}, {tag}…: Pelican's own, resolved by the build
        target = unquote(urlsplit(special.group(2)).path)
        base = site.content if target.startswith("/") else source.parent
        path = (base / target.lstrip("/")).resolve()
        if path.is_file():
            return None
        try:
            shown = path.relative_to(site.content.resolve()).as_posix()
        except ValueError:
            shown = str(path)
        return Broken(href, f"content/{shown}", True)

    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # external, or a #fragment on the same page
    resolved = posixpath.normpath(urljoin("/" + page_url, unquote(parts.path))).lstrip("/")
    if parts.path.endswith("/") and resolved:
        resolved += "/"
    if resolved in sitemap.files:
        return None
    if not image and (_page_form(resolved) in sitemap.pages or resolved + "/" in sitemap.pages):
        return None
    return Broken(href, "/" + resolved, False)
