"""The theme on the real site: navigation, head metadata, landing page, archives, 404, budgets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO, run_build, synthetic_article
from theme_support import DEV_BASE

ARTICLE = "articles/huinong-tuanwei-sige-qianghua/"
TITLE = "惠农区团委“四个强化”服务青年“不打烊”"
PILLARS = ["讲政治", "转作风", "强责任", "抓落实"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _resolve(page_path: Path, href: str) -> Path:
    target = (page_path.parent / href).resolve()
    return target / "index.html" if href.endswith("/") else target


def _crumbs(page):
    nav = page.select_one("nav.breadcrumbs")
    assert nav.get_text(strip=True).startswith("当前位置")
    return [li.get_text(strip=True) for li in nav.select("li")], nav


def test_article_breadcrumbs_lead_home_column_unit_article(real_site):
    page = real_site.page(ARTICLE)
    labels, nav = _crumbs(page)
    assert labels == ["首页", "专栏", "惠农区团委", TITLE]
    here = real_site.output / ARTICLE / "index.html"
    links = [_resolve(here, a["href"]) for a in nav.select("a")]
    out = real_site.output
    assert links == [
        out / "index.html",
        out / "index.html",
        out / "units/huinong-tuanwei/index.html",
    ]
    assert nav.select("li")[-1]["aria-current"] == "page"


def test_every_page_has_breadcrumbs_and_landmarks(real_site):
    expected = {
        "units/huinong-tuanwei/": ["首页", "专栏", "报送单位", "惠农区团委"],
        "topics/jiang-zhengzhi/": ["首页", "专栏", "主题", "讲政治"],
        "units/": ["首页", "专栏", "报送单位"],
        "topics/": ["首页", "专栏", "主题"],
        "archives/": ["首页", "专栏", "文章归档"],
        "archives/2021/": ["首页", "专栏", "文章归档", "2021 年"],
        "archives/2021/11/": ["首页", "专栏", "文章归档", "2021 年", "11 月"],
        "index.html": ["首页", "专栏"],
    }
    for path, labels in expected.items():
        page = real_site.page(path)
        assert _crumbs(page)[0] == labels, path
        assert page.select_one('a.skip-link[href="#main"]'), path
        for landmark in ("main#main", "header.site-header", "nav.site-nav", "footer.site-footer"):
            assert len(page.select(landmark)) == 1, (path, landmark)


def test_article_carries_the_government_page_metadata(real_site):
    page = real_site.page(ARTICLE)
    meta = {m["name"]: m["content"] for m in page.select("meta[name]")}
    url = f"{DEV_BASE}/{ARTICLE}"
    assert meta["SiteName"] == "惠农清风"
    assert meta["SiteDomain"] == "127.0.0.1:8000"
    assert "SiteIDCode" not in meta  # not configured for the real site yet
    assert meta["ColumnName"] == "讲政治 转作风 强责任 抓落实"
    assert meta["ColumnDescription"].startswith("集中宣传展示惠农区各级党组织")
    assert meta["ColumnKeywords"].split(",")[:4] == PILLARS
    assert meta["ColumnType"] == "专题专栏"
    assert meta["ArticleTitle"] == TITLE
    assert meta["PubDate"] == "2021-11-12 00:00"
    assert meta["ContentSource"] == "惠农区团委"
    assert meta["Keywords"].split(",") == [*PILLARS, "志愿服务"]
    assert meta["Author"] == "马佳"
    lead = page.select_one(".article-body p").get_text()
    assert meta["Description"] == meta["description"]
    assert meta["Description"].rstrip("…") and lead.startswith(meta["Description"].rstrip("…"))
    assert meta["Url"] == url


def test_list_pages_carry_the_column_metadata_only(real_site):
    for path in ("index.html", "units/huinong-tuanwei/", "archives/", "404.html"):
        meta = {m["name"]: m["content"] for m in real_site.page(path).select("meta[name]")}
        assert meta["ColumnName"] == "讲政治 转作风 强责任 抓落实", path
        assert meta["SiteName"] == "惠农清风", path
        assert "ArticleTitle" not in meta and "PubDate" not in meta, path


def test_canonical_and_open_graph_use_the_public_address(real_site):
    pages = {ARTICLE: ARTICLE, "index.html": "", "units/huinong-tuanwei/": "units/huinong-tuanwei/"}
    for path, url in pages.items():
        page = real_site.page(path)
        assert page.select_one('link[rel="canonical"]')["href"] == f"{DEV_BASE}/{url}", path
        og = {m["property"]: m["content"] for m in page.select("meta[property]")}
        assert og["og:url"] == f"{DEV_BASE}/{url}", path
        assert og["og:site_name"] == "惠农清风" and og["og:locale"] == "zh_CN", path
    og = {m["property"]: m["content"] for m in real_site.page(ARTICLE).select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == TITLE
    assert og["article:published_time"] == "2021-11-12T00:00:00+08:00"


def test_article_has_json_ld_news_article(real_site):
    page = real_site.page(ARTICLE)
    (script,) = page.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == TITLE
    assert data["datePublished"] == "2021-11-12T00:00:00+08:00"
    assert data["author"] == {"@type": "Person", "name": "马佳"}
    assert data["url"] == data["mainEntityOfPage"] == f"{DEV_BASE}/{ARTICLE}"
    assert data["publisher"]["name"] == "惠农清风"
    assert data["isPartOf"]["name"] == "讲政治 转作风 强责任 抓落实"
    assert data["position"] == 1
    assert data["keywords"] == [*PILLARS, "志愿服务"]


def test_article_page_shows_series_number_chips_share_and_navigation(real_site):
    page = real_site.page(ARTICLE)
    assert page.select_one(".series-label").get_text() == "第1篇"
    assert [a.get_text() for a in page.select(".topic-chips a")] == [*PILLARS, "志愿服务"]
    assert page.select_one(".article-url").get_text(strip=True) == f"本文网址：{DEV_BASE}/{ARTICLE}"
    assert page.select_one(".qr-code svg path")
    nav = page.select_one("nav.article-nav")
    assert nav.get_text(" ", strip=True) == "上一篇：没有了 下一篇：没有了"  # the only article
    assert not page.select("section.related-articles")


def test_landing_page_has_intro_latest_pillars_and_units(real_site):
    page = real_site.page("index.html")
    assert len(page.select(".column-intro")) == 1
    latest = page.select_one('section[aria-labelledby="latest-title"] .article-list')
    assert [a.get_text() for a in latest.select("a")] == [TITLE]
    pillars = page.select(".pillar")
    assert [p.h2.get_text(strip=True) for p in pillars] == PILLARS
    for pillar in pillars:
        # the one article is already under 最新文章: each pillar gives its count and link
        assert not pillar.select(".article-list")
        more = pillar.select_one(".more a")
        assert more.get_text().endswith("（共 1 篇）") and more["href"].endswith("/")
    directory = page.select_one(".unit-directory")
    linked = {a.get_text() for a in directory.select("a")}
    assert linked == {"惠农区团委"}
    # units without articles are not listed; a parent of one that has is named, uncounted
    assert "惠农区纪委监委" not in directory.get_text()
    assert directory.select_one(".unit-parent").get_text() == "惠农区委"
    assert "0 篇" not in directory.get_text()
    # pagination (when there is any) and nothing else after the units
    assert page.select_one("main").find_all(recursive=False)[-1].select_one("#units-title")


def test_list_dates_are_iso_days(real_site):
    for path in ("index.html", "units/huinong-tuanwei/", "topics/zhiyuan-fuwu/", "archives/2021/"):
        times = real_site.page(path).select(".article-list time")
        assert times, path
        for time in times:
            assert DATE.match(time.get_text()) and time["datetime"] == time.get_text(), path


def test_year_and_month_archives(real_site):
    out = real_site.output
    index = real_site.page("archives/")
    year_link = index.select_one(".archive-year h2 a")
    assert year_link.get_text() == "2021 年"
    assert (
        _resolve(out / "archives/index.html", year_link["href"]) == out / "archives/2021/index.html"
    )
    month = index.select_one(".month-list a")
    assert month.get_text() == "11 月"
    target = _resolve(out / "archives/index.html", month["href"])
    assert target == out / "archives/2021/11/index.html"
    for path in ("archives/2021/", "archives/2021/11/"):
        listed = real_site.page(path).select(".article-list a")
        here = out / path / "index.html"
        assert [_resolve(here, a["href"]) for a in listed] == [out / ARTICLE / "index.html"]


def test_404_page_works_at_any_depth(real_site):
    page = real_site.page("404.html")
    assert page.h1.get_text() == "抱歉，您访问的页面不存在"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert not page.select('link[rel="canonical"]')
    # served for /any/missing/path: links must not be relative to 404.html's own folder
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/theme/css/site.css"
    for a in page.select("a[href]"):
        assert a["href"].startswith(("/", "#")), a


def test_reader_tools_are_hidden_until_script_runs(real_site):
    page = real_site.page(ARTICLE)
    tools = page.select_one(".reader-tools")
    assert tools.has_attr("hidden")
    sizes = {b["data-font-size"]: b["aria-pressed"] for b in tools.select("button[data-font-size]")}
    assert sizes == {"large": "false", "medium": "true", "small": "false"}
    assert tools.select_one("button[data-care-mode]")["aria-pressed"] == "false"
    assert page.select_one("button[data-print]").find_parent(attrs={"hidden": True})


def test_no_inline_style_or_script_and_no_render_blocking_script(real_site):
    for html in real_site.output.rglob("*.html"):
        page = real_site.page(str(html.relative_to(real_site.output)))
        assert not page.select("style, [style]"), html
        for script in page.select("script"):
            if script.get("type") == "application/ld+json":
                continue
            # module scripts are deferred by definition
            deferred = script.has_attr("defer") or script.get("type") == "module"
            assert deferred and script["src"].endswith(("/theme/js/site.js", "/js/search.js")), html


def test_css_and_js_load_nothing_else(real_site):
    css = (real_site.output / "theme/css/site.css").read_text("utf-8")
    js = (real_site.output / "theme/js/site.js").read_text("utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert "http" not in js and "fetch(" not in js and "XMLHttpRequest" not in js


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    """The real content built with publishconf.py: absolute URLs, so a larger QR code."""
    output = tmp_path_factory.mktemp("published") / "output"
    result = run_build(REPO / "publishconf.py", output, env={"SITEURL": "https://hnqf.example.org"})
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize("build", ["real_site", "published_site"])
def test_article_page_weight_is_within_30_kb(build, request):
    """HTML + CSS + JS of the seed article, uncompressed, before images."""
    result = request.getfixturevalue(build)
    here = result.output / ARTICLE / "index.html"
    page = result.page(ARTICLE)
    links = [link["href"] for link in page.select("link[rel=stylesheet]")]
    links += [script["src"] for script in page.select("script[src]")]
    assert links, "no stylesheet or script found"
    assets = set()
    for link in links:
        path = urlsplit(link).path  # absolute under publishconf, relative in development
        assets.add(result.output / path[1:] if path.startswith("/") else _resolve(here, path))
    total = here.stat().st_size + sum(path.stat().st_size for path in assets)
    assert total <= 30_000, f"{total} bytes"


def test_article_without_author_names_nobody(site):
    """Pelican falls back to the site's AUTHOR (惠农清风), which is not the article's author."""
    site.write("a.md", synthetic_article("无作者", slug="anon"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("articles/anon/")
    assert "作者" not in page.select_one(".article-meta").get_text()
    assert not page.select('meta[name="Author"]')
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert "author" not in data
