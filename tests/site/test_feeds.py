"""Feeds: the whole column's, each unit's and each theme's, as a subscriber reads them."""

from __future__ import annotations

import feedparser
import pytest

from conftest import SyntheticSite, synthetic_article

SITEURL = "https://hnqf.example.org"
# slug: (unit, themes, date)
ARTICLES = {
    "f1": ("示例区团委", "讲政治, 志愿服务", "2024-01-05"),
    "f2": ("示例区就业局", "转作风", "2024-02-10"),
    "f3": ("示例区团委", "转作风, 强责任", "2024-03-15"),
    "f4": ("示例区委", "讲政治", "2024-03-20"),
}
UNIT_SLUGS = {
    "示例区委": "shili-quwei",
    "示例区团委": "shili-tuanwei",
    "示例区就业局": "shili-jiuyeju",
}
TOPIC_SLUGS = {
    "讲政治": "jiang-zhengzhi",
    "转作风": "zhuan-zuofeng",
    "强责任": "qiang-zeren",
    "志愿服务": "zhiyuan-fuwu",
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Built with the production settings' feed options: absolute URLs."""
    site = SyntheticSite(tmp_path_factory.mktemp("feeds") / "site")
    site.configure(SITEURL=SITEURL, FEED_DOMAIN=SITEURL, RELATIVE_URLS=False)
    for slug, (unit, themes, date) in ARTICLES.items():
        site.write(
            f"{slug}.md",
            synthetic_article(slug, organization=unit, themes=themes, date=date, slug=slug),
        )
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def expected_feeds() -> dict[str, list[str]]:
    """Feed path -> slugs it must list, newest first, computed from ARTICLES alone."""
    newest_first = sorted(ARTICLES, key=lambda s: ARTICLES[s][2], reverse=True)
    feeds = {"feeds/all.atom.xml": newest_first}
    for unit, slug in UNIT_SLUGS.items():
        feeds[f"units/{slug}/atom.xml"] = [s for s in newest_first if ARTICLES[s][0] == unit]
    for topic, slug in TOPIC_SLUGS.items():
        feeds[f"topics/{slug}/atom.xml"] = [s for s in newest_first if topic in ARTICLES[s][1]]
    return feeds


def test_every_feed_parses_and_lists_the_right_entries(published):
    written = {p.relative_to(published.output).as_posix() for p in published.output.rglob("*.xml")}
    written.discard("sitemap.xml")
    assert written == set(expected_feeds())
    for path, slugs in expected_feeds().items():
        parsed = feedparser.parse((published.output / path).read_bytes())
        assert not parsed.bozo, (path, parsed.bozo_exception)
        assert [e.link for e in parsed.entries] == [f"{SITEURL}/articles/{s}/" for s in slugs], path
        assert parsed.feed.link == f"{SITEURL}/"


def test_entries_carry_unit_and_themes_as_categories_and_article_dates(published):
    parsed = feedparser.parse((published.output / "feeds/all.atom.xml").read_bytes())
    for entry in parsed.entries:
        slug = entry.link.rstrip("/").rsplit("/", 1)[1]
        unit, themes, date = ARTICLES[slug]
        terms = [tag.term for tag in entry.tags]
        assert terms == [unit, *[t.strip() for t in themes.split(",")]]
        assert entry.published == f"{date}T00:00:00+08:00"
        assert entry.updated == entry.published
    assert parsed.feed.updated == "2024-03-20T00:00:00+08:00"  # the newest article, not the clock


def test_each_feed_is_advertised_on_its_page(published):
    for path in expected_feeds():
        page = "index.html" if path.startswith("feeds/") else path.replace("atom.xml", "")
        links = published.page(page).find_all("link", rel="alternate", type="application/atom+xml")
        assert f"{SITEURL}/{path}" in [link["href"] for link in links], page
