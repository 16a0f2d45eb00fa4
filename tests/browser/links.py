"""A crawler of the built output folder, the way a web server would serve it.

Every link, stylesheet, image or feed that a page names must exist in the output (a folder
URL stands for its ``index.html``), every ``#fragment`` must name an element of its target
page, nothing may be loaded from another host (links to other sites are fine: they are not
loaded), and every page must be reachable from the landing page by following links.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

HOST = "site.invalid"  # stands for the site's own host while resolving relative URLs
URL_ATTRIBUTES = {
    "a": ["href"],
    "area": ["href"],
    "link": ["href"],
    "form": ["action"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "script": ["src"],
    "iframe": ["src"],
    "audio": ["src"],
    "video": ["src", "poster"],
    "track": ["src"],
    "embed": ["src"],
    "object": ["data"],
}
# Elements (and <link> relations) that point somewhere without loading it.
NAVIGATION = {"a", "area", "form"}
REFERENCE_RELS = {"alternate", "canonical", "author", "license", "me", "help", "external"}
NOT_LINKED = {"/404.html"}  # served for missing URLs, never linked


def url_path(root: Path, file: Path) -> str:
    rel = file.relative_to(root).as_posix()
    return "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def target_file(root: Path, path: str) -> Path | None:
    """The file a server would send for a URL path, or None."""
    candidate = (root / unquote(path).lstrip("/")).resolve()
    if not candidate.is_relative_to(root.resolve()):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _urls(tag, attribute: str) -> list[str]:
    value = tag.get(attribute)
    if value is None:
        return []
    if attribute == "srcset":
        return [item.split()[0] for item in value.split(",") if item.split()]
    return [value]


class Crawl:
    """Reads every HTML page under ``root`` once; ``problems()`` lists what is broken."""

    def __init__(self, root: Path):
        self.root = root
        self.pages = {
            url_path(root, f): BeautifulSoup(f.read_text("utf-8"), "html.parser")
            for f in sorted(root.rglob("*.html"))
        }

    def _ids(self, path: str) -> set[str]:
        soup = self.pages[path]
        return {t["id"] for t in soup.find_all(id=True)} | {
            t["name"] for t in soup.find_all("a", attrs={"name": True})
        }

    def _missing(self, fragment: str, target_path: str) -> bool:
        """Whether ``#fragment`` names nothing on an HTML page (``#`` and ``#top`` always work)."""
        if not fragment or fragment == "top" or target_path not in self.pages:
            return False
        return fragment not in self._ids(target_path)

    def links(self, path: str):
        """(element name, rel, URL as written, resolved URL) for every URL on a page."""
        base = f"http://{HOST}{path}"
        for tag in self.pages[path].find_all(URL_ATTRIBUTES):
            for attribute in URL_ATTRIBUTES[tag.name]:
                for written in _urls(tag, attribute):
                    rel = set(tag.get("rel") or [])
                    yield tag.name, rel, written, urljoin(base, written.strip())

    def problems(self) -> list[str]:
        found = []
        for path in self.pages:
            for name, rel, written, url in self.links(path):
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https"):
                    continue  # mailto:, tel:, data:; unsafe schemes are the escaping tests'
                if parts.hostname != HOST:
                    if name not in NAVIGATION and not rel & REFERENCE_RELS:
                        found.append(f"{path}: <{name}> {written} loads from another host")
                    continue
                target = target_file(self.root, parts.path)
                if target is None:
                    found.append(f"{path}: {written} → no such file")
                    continue
                fragment = unquote(parts.fragment)
                target_path = url_path(self.root, target)
                if self._missing(fragment, target_path):
                    found.append(f"{path}: {written} → {target_path} has no id “{fragment}”")
        return found

    def unreachable(self) -> list[str]:
        """Pages that no chain of links (or forms: the search box) from the landing page
        leads to."""
        seen, queue = {"/"}, deque(["/"])
        while queue:
            path = queue.popleft()
            for name, _rel, _written, url in self.links(path):
                parts = urlsplit(url)
                if name not in ("a", "form") or parts.hostname != HOST:
                    continue
                target = target_file(self.root, parts.path)
                if target is not None and target.suffix == ".html":
                    found = url_path(self.root, target)
                    if found not in seen:
                        seen.add(found)
                        queue.append(found)
        return sorted(set(self.pages) - seen - NOT_LINKED)
