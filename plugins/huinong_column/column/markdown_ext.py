"""Markdown extension for column articles.

* A paragraph that opens with bold text opens a section: the bold text is its lead sentence
  (小标题), marked ``class="section-lead"`` so the theme can set it apart.
* Raw HTML in an article is shown as text, and links may only use safe schemes: article
  bodies are rendered into pages without further escaping, so they must be safe by
  construction.
* Images from other hosts are collected in ``md.offsite_images`` (the reader refuses
  them): pages load nothing from other hosts.
"""

from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}


def is_safe_url(url: str) -> bool:
    """Whether a link's scheme is safe, read as a browser reads it: Markdown leaves
    character references such as ``&#106;`` in attributes, and browsers decode them and
    ignore invisible characters before they look at the scheme."""
    cleaned = "".join(ch for ch in unescape(url) if ch.isprintable() and not ch.isspace())
    try:
        return urlsplit(cleaned).scheme.lower() in SAFE_SCHEMES
    except ValueError:
        return False


class ColumnTreeprocessor(Treeprocessor):
    def run(self, root):
        for p in root.iter("p"):
            first = p[0] if len(p) else None
            if first is not None and first.tag == "strong" and not (p.text or "").strip():
                first.set("class", "section-lead")
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is not None and not is_safe_url(value):
                    element.set(attr, "#")
            if element.tag in ("th", "td") and element.get("style", "").startswith("text-align:"):
                # The tables extension aligns cells with a style attribute, which the site's
                # CSP (style-src 'self') blocks: a class of site.css says the same.
                side = element.attrib.pop("style")[len("text-align:") :].strip(" ;")
                element.set("class", f"ta-{side[:1]}")
            src = element.get("src")
            if element.tag == "img" and src and urlsplit(unescape(src).strip()).netloc:
                self.md.offsite_images.append(src)


class ColumnExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        self.md = md
        md.registerExtension(self)  # so that md.reset() calls our reset()
        md.offsite_images = []
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(ColumnTreeprocessor(md), "huinong_column", 5)

    def reset(self):
        # One Markdown instance converts many files (reader.py): forget the previous one's.
        self.md.offsite_images = []


def makeExtension(**kwargs):  # noqa: N802 (Markdown's loader looks for this name)
    return ColumnExtension(**kwargs)
