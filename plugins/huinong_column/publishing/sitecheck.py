"""Checks on a built site before it is published.

An inspector follows links; a broken one is a finding. Before a tree goes out, every link
and fragment in every page must lead somewhere in the tree, every stylesheet, script and
image must be there, and every feed must parse in ``feedparser`` with absolute links to
pages that exist. Each kind of finding is one ``Problem`` line naming the first page it was
seen in and how many more pages share it (a broken link in a template is on every page).

Folders the site's own tools write (``pagefind/``) are checked like everything else: their
CSS must not point to missing files either.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from urllib.parse import unquote

import feedparser

from ..column.errors import Problem
from .sitetree import Page, Reference, SiteTree, scan_page

FEED_TYPES = ("application/atom+xml", "application/rss+xml")
FEED_NAMES = ("atom.xml", "rss.xml")
CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')"""
)
PAGE_LINK_TAGS = ("a", "area")

FIX_LINK = "改正链接（文章正文或模板中），或补上所指的页面"
FIX_ASSET = "补上缺少的文件，或改正引用它的地址"
FIX_ROOTED = "链接本站文章请写 {filename}/articles/年份/文件名.md，不要写以 / 开头的地址"


class _Findings:
    """Problems grouped by what is wrong, each remembering every file it was seen in."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str, str], list[str]] = defaultdict(list)

    def add(self, path: str, field: str, message: str, fix: str) -> None:
        self.seen[(field, message, fix)].append(path)

    def problems(self) -> list[Problem]:
        found = []
        for (field, message, fix), paths in self.seen.items():
            first, *others = sorted(set(paths))
            more = f"（另有 {len(others)} 个文件相同）" if others else ""
            found.append(Problem(first, field, message + more, fix))
        return sorted(found)


def _srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()]


def _check_link(tree: SiteTree, pages, path: str, ref: Reference, value: str, findings) -> None:
    if value.strip().lower().startswith("javascript:"):
        findings.add(path, "链接", f"“{value}”是脚本链接", "改为普通链接")
        return
    target = tree.resolve(path, value)
    if target is None:
        return  # another host: not ours to check
    rel = set(ref.attrs.get("rel", "").split())
    is_page_link = ref.tag in PAGE_LINK_TAGS or bool(rel & {"alternate", "canonical"})
    field, fix = ("链接", FIX_LINK) if is_page_link else ("资源", FIX_ASSET)
    if target.path is None:
        findings.add(path, field, f"“{value}”指向站点 {tree.siteurl} 之外", FIX_ROOTED)
    elif not target.exists:
        findings.add(path, field, f"“{value}”指向的 /{target.path} 不存在", fix)
    elif target.fragment and target.path in pages:
        fragment, ids = unquote(target.fragment), pages[target.path].ids
        if fragment not in ids and target.fragment not in ids:
            message = f"“{value}”：/{target.path} 中没有 id 为“{fragment}”的位置"
            findings.add(path, "锚点", message, FIX_LINK)


def _check_pages(tree: SiteTree, pages: dict[str, Page], findings: _Findings) -> set[str]:
    """Check every reference in every page; return the feeds the pages announce."""
    feeds = set()
    for path, page in pages.items():
        for ref in page.references:
            values = _srcset_urls(ref.value) if ref.attribute == "srcset" else [ref.value]
            for value in values:
                _check_link(tree, pages, path, ref, value, findings)
            if ref.tag == "link" and ref.attrs.get("type") in FEED_TYPES:
                target = tree.resolve(path, ref.value)
                if target and target.exists:
                    feeds.add(target.path)
    return feeds


def _check_css(tree: SiteTree, findings: _Findings) -> None:
    for path in tree.files(".css"):
        text = (tree.root / path).read_bytes().decode("utf-8", "replace")
        for match in CSS_URL.finditer(text):
            value = next(group for group in match.groups() if group is not None)
            if not value or value.startswith(("data:", "#")):
                continue
            target = tree.resolve(path, value)
            if target is not None and not target.exists:
                findings.add(path, "资源", f"“{value}”指向的文件不存在", FIX_ASSET)


def _check_feed(tree: SiteTree, path: str, findings: _Findings) -> None:
    parsed = feedparser.parse((tree.root / path).read_bytes())
    if parsed.bozo:
        findings.add(path, "订阅", f"无法解析：{parsed.bozo_exception}", "检查订阅模板")
        return
    if not parsed.version:
        findings.add(path, "订阅", "不是 Atom 或 RSS 订阅", "检查订阅模板")
        return
    links = [link.get("href", "") for link in parsed.feed.get("links", [])]
    links += [entry.get("link", "") for entry in parsed.entries]  # each entry's own page
    for link in links:
        target = tree.resolve(path, link)
        if not link.startswith(tree.siteurl + "/"):
            findings.add(
                path, "订阅", f"链接“{link}”不是 {tree.siteurl} 下的绝对地址", "检查 SITEURL"
            )
        elif target is None or not target.exists:
            findings.add(path, "订阅", f"链接“{link}”指向的页面不存在", FIX_LINK)


def _check_xml(tree: SiteTree, findings: _Findings) -> None:
    for path in tree.files(".xml"):
        try:
            ET.fromstring((tree.root / path).read_bytes())
        except ET.ParseError as exc:
            findings.add(path, "XML", f"不是合法的 XML：{exc}", "检查生成它的模板")


def check_site(tree: SiteTree) -> list[Problem]:
    """Every problem found in the built tree; an empty list means it may be published."""
    findings = _Findings()
    pages = {
        path: scan_page((tree.root / path).read_bytes().decode("utf-8"))
        for path in tree.files(".html")
    }
    feeds = _check_pages(tree, pages, findings)
    feeds.update(path for path in tree.files(".xml") if path.endswith(FEED_NAMES))
    for path in sorted(feeds):
        _check_feed(tree, path, findings)
    _check_css(tree, findings)
    _check_xml(tree, findings)
    return findings.problems()
