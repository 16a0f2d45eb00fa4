"""``sitemap.xml`` and ``robots.txt``.

Every HTML page Pelican writes is recorded at its ``content_written`` signal, with the date
it last changed taken from the articles it shows: an article page's own date (or its
``Modified:``), a list page's newest article, otherwise the column's newest article. File
times and the clock are never read, so the sitemap is the same whenever the site is built.
Drafts and hidden articles are written but not listed.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from pelican_fastbuild.speedups import isodate

SITEMAP = "sitemap.xml"


def _changed(article) -> datetime:
    return getattr(article, "modified", None) or article.date


def lastmod(context: dict) -> datetime | None:
    """When the page rendered with ``context`` last changed, from its articles."""
    article = context.get("article")
    if article is not None:
        return _changed(article)
    page = context.get("articles_page")
    shown = page.object_list if page is not None else context.get("articles", [])
    return max(map(_changed, shown), default=None)


class Sitemap:
    """Collects the pages of one build and writes the sitemap and robots.txt."""

    def __init__(self) -> None:
        self.pages: dict[str, datetime | None] = {}
        self.newest: tuple[list, datetime | None] = ([], None)

    def written(self, path: str, context: dict) -> None:
        if not path.endswith(".html"):
            return
        article = context.get("article")
        if article is not None and article.status != "published":
            return
        self.pages[path] = self._lastmod(context)

    def _lastmod(self, context: dict) -> datetime | None:
        if context.get("article") is not None or context.get("articles_page") is not None:
            return lastmod(context)
        # A page without a list of its own (search, statistics…) shows the whole column's:
        # its newest date is found once, not once per page.
        shown = context.get("articles", [])
        if shown is not self.newest[0]:
            self.newest = (shown, lastmod(context))
        return self.newest[1]

    def write(self, output_path: str, base_url: str) -> None:
        root = Path(output_path)
        prefix = os.path.join(os.path.abspath(output_path), "")  # pages are written under it
        entries = []
        for path, changed in self.pages.items():
            if not path.startswith(prefix):
                raise ValueError(f"{path} is not in {output_path}")
            relative = path[len(prefix) :].replace(os.sep, "/")
            url = f"{base_url}/{relative.removesuffix('index.html')}"
            entries.append((url, changed))
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for url, changed in sorted(entries, key=lambda entry: entry[0]):
            stamp = "" if changed is None else f"<lastmod>{isodate(changed)}</lastmod>"
            lines.append(f"<url><loc>{escape(url)}</loc>{stamp}</url>")
        lines.append("</urlset>")
        (root / SITEMAP).write_text("\n".join(lines) + "\n", encoding="utf-8")
        robots = f"User-agent: *\nAllow: /\n\nSitemap: {base_url}/{SITEMAP}\n"
        (root / "robots.txt").write_text(robots, encoding="utf-8")


def base_url(settings: dict) -> str:
    """Absolute site address: ``SITEURL`` when published, else the feeds' domain."""
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")
