"""sitemap.xml lists every page once, with lastmod from the articles; robots.txt points to it."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

from conftest import synthetic_article

SITEURL = "https://hnqf.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def build(site):
    site.configure(SITEURL=SITEURL, FEED_DOMAIN=SITEURL, RELATIVE_URLS=False, DEFAULT_PAGINATION=2)
    dates = {"s1": "2023-05-01", "s2": "2024-01-10", "s3": "2024-02-20", "s4": "2023-12-31"}
    for slug, date in dates.items():
        unit = "示例区就业局" if slug == "s4" else "示例区团委"
        site.write(f"{slug}.md", synthetic_article(slug, date=date, slug=slug, organization=unit))
    site.write("d.md", synthetic_article("草稿", slug="draft1", extra="Status: draft"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def sitemap(output) -> dict[str, str]:
    root = ET.parse(output / "sitemap.xml").getroot()
    urls = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
    assert len(urls) == len(set(urls)), "a page is listed twice"
    return {
        u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
        for u in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_page_exactly_once(site):
    result = build(site)
    pages = set()
    for html in result.output.rglob("*.html"):
        relative = html.relative_to(result.output).as_posix()
        if not relative.startswith("drafts/"):
            pages.add(f"{SITEURL}/{relative.removesuffix('index.html')}")
    assert (result.output / "drafts/draft1/index.html").exists()  # written, but not listed
    listed = sitemap(result.output)
    assert set(listed) == pages
    assert f"{SITEURL}/search/" in listed and f"{SITEURL}/stats/" in listed


def test_lastmod_comes_from_the_articles_on_the_page(site):
    result = build(site)
    listed = sitemap(result.output)
    assert listed[f"{SITEURL}/articles/s1/"] == "2023-05-01"
    assert listed[f"{SITEURL}/"] == "2024-02-20"  # newest article in the column
    assert listed[f"{SITEURL}/page/2/"] == "2023-12-31"  # newest on the second page
    assert listed[f"{SITEURL}/units/shili-jiuyeju/"] == "2023-12-31"
    assert listed[f"{SITEURL}/stats/"] == "2024-02-20"
    for path in site.content.rglob("*.md"):  # file times and the clock never count
        os.utime(path, (2_000_000_000, 2_000_000_000))
    assert sitemap(site.build().output) == listed


def test_robots_txt_points_at_the_sitemap(site):
    result = build(site)
    robots = (result.output / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots
