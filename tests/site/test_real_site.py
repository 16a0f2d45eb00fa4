"""The repository's real content, built as the README's `make html` builds it."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser

from conftest import REPO
from huinong_column.column import typography

SEED_CANDIDATES = [REPO.parent / "shared" / "seeds" / "000_dc990c53fa311e87.txt"]
ARTICLE = "articles/huinong-tuanwei-sige-qianghua/"
PILLARS = {
    "讲政治": "jiang-zhengzhi",
    "转作风": "zhuan-zuofeng",
    "强责任": "qiang-zeren",
    "抓落实": "zhua-luoshi",
}


def seed_paragraphs() -> list[str]:
    """The seed's article paragraphs, from the Markdown source in content/ (which keeps
    the seed's words verbatim) or from the shared seed file when it is beside the repo,
    its ASCII punctuation corrected as ``huinong check --fix`` corrected the shipped text."""
    for candidate in SEED_CANDIDATES:
        if candidate.exists():
            lines = [x for x in candidate.read_text(encoding="utf-8").splitlines() if x.strip()]
            body = lines[4:]
            body[-1] = body[-1].removesuffix("(马佳)")
            return [typography.apply(line, typography.line_edits(line)) for line in body]
    source = (REPO / "content/articles/2021/huinong-tuanwei-sige-qianghua.md").read_text("utf-8")
    body = source.split("\n\n", 1)[1]
    return [p.replace("**", "").strip() for p in body.split("\n\n") if p.strip()]


def test_every_seed_paragraph_is_on_the_article_page(real_site):
    page = real_site.page(ARTICLE)
    shown = [p.get_text() for p in page.select(".article-body p")]
    assert shown == seed_paragraphs()
    assert page.h1.get_text() == "惠农区团委“四个强化”服务青年“不打烊”"


def test_column_intro_is_on_the_landing_page_only(real_site):
    intro_start = "今年9月，自全市“讲政治 转作风 强责任 抓落实”主题活动启动以来"
    landing = real_site.page("index.html")
    assert landing.select_one(".column-intro h2").get_text() == "开栏语"
    assert intro_start in landing.select_one(".column-intro").get_text()
    for html in real_site.output.rglob("*.html"):
        if html != real_site.output / "index.html":
            assert intro_start not in html.read_text("utf-8"), html


def test_section_leads_are_marked_and_name_the_four_pillars(real_site):
    leads = [s.get_text() for s in real_site.page(ARTICLE).select("strong.section-lead")]
    openings = ["强化政治意识", "强化作风建设", "强化责任意识", "强化担当作为"]
    assert [lead[:6] for lead in leads] == openings
    assert all(lead.endswith("。") for lead in leads)


def test_article_meta_line_shows_inferred_date_unit_and_author(real_site):
    meta = real_site.page(ARTICLE).select_one(".article-meta")
    text = meta.get_text(" ", strip=True)
    assert "2021-11-12" in text and "推定" in text  # never shown as a confirmed date
    assert "作者：马佳" in text
    assert meta.select_one("a.unit-link").get_text() == "惠农区团委"


def _resolve(page_path: Path, href: str) -> Path:
    target = (page_path.parent / href).resolve()
    return target / "index.html" if target.is_dir() or href.endswith("/") else target


def test_article_unit_and_topic_pages_link_both_ways(real_site):
    out = real_site.output
    article_file = out / ARTICLE / "index.html"
    page = real_site.page(ARTICLE)
    unit_href = page.select_one("a.unit-link")["href"]
    unit_file = _resolve(article_file, unit_href)
    assert unit_file == out / "units/huinong-tuanwei/index.html"
    unit_page = real_site.page("units/huinong-tuanwei/")
    back = [_resolve(unit_file, a["href"]) for a in unit_page.select(".article-list a")]
    assert back == [article_file]

    chips = {a.get_text(): a["href"] for a in page.select(".topic-chips a")}
    assert set(PILLARS) <= set(chips)
    for name, slug in PILLARS.items():
        topic_file = _resolve(article_file, chips[name])
        assert topic_file == out / f"topics/{slug}/index.html"
        topic_page = real_site.page(f"topics/{slug}/")
        assert topic_page.h1.get_text() == name
        links = [_resolve(topic_file, a["href"]) for a in topic_page.select(".article-list a")]
        assert links == [article_file]


def test_units_index_groups_units_under_parents_with_counts(real_site):
    units = real_site.page("units/")
    top = units.select(".unit-directory > li")
    # 惠农区委 itself has no article yet, so it is listed without a link to a page
    quwei = next(li for li in top if li.get_text().split()[0] == "惠农区委")
    assert quwei.find("a", string="惠农区委") is None
    child = quwei.select_one("ul li")
    assert child.a.get_text() == "惠农区团委"
    assert child.select_one(".count").get_text() == "1 篇"


def test_unit_and_topic_feeds_parse_and_list_the_seed(real_site):
    feeds = ["units/huinong-tuanwei/atom.xml", "feeds/all.atom.xml"]
    feeds += [f"topics/{slug}/atom.xml" for slug in PILLARS.values()]
    for feed in feeds:
        parsed = feedparser.parse((real_site.output / feed).read_bytes())
        assert not parsed.bozo, (feed, parsed.bozo_exception)
        assert [e.title for e in parsed.entries] == ["惠农区团委“四个强化”服务青年“不打烊”"]
        assert parsed.entries[0].link.endswith(ARTICLE)
        assert parsed.entries[0].published.startswith("2021-11-12")


def test_each_list_page_advertises_its_feed(real_site):
    page = real_site.page("units/huinong-tuanwei/")
    link = page.find("link", rel="alternate", type="application/atom+xml", title="惠农区团委")
    assert link["href"].endswith("units/huinong-tuanwei/atom.xml")


def test_pages_load_nothing_from_other_hosts(real_site):
    own = "http://127.0.0.1:8000/"  # the development build's address, in canonical links
    for html in real_site.output.rglob("*.html"):
        text = html.read_text("utf-8")
        for url in re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', text):
            assert url.startswith(own), (html, url)
        assert 'lang="zh-CN"' in text
