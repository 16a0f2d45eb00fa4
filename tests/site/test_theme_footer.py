"""The footer and the SiteIDCode meta come from settings; an empty setting shows nothing.

The 备案 numbers here are synthetic (theme_support.FOOTER): the real ones are left empty in
pelicanconf.py until issued.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from conftest import synthetic_article
from theme_support import FOOTER, MANDATED_HOSTS, PUBLISH, configure

EMPTY = dict.fromkeys(FOOTER, "")
ANY_URL = re.compile(r"(?:https?:)?//([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def _build(site, **settings):
    site.write("a.md", synthetic_article("页脚", slug="footer"))
    configure(site, **settings)
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def test_footer_shows_every_configured_line_and_links(site):
    result = _build(site, **FOOTER)
    for path in ("index.html", "articles/footer/", "404.html"):
        footer = result.page(path).select_one("footer.site-footer")
        text = footer.get_text(" ", strip=True)
        assert "主办单位：示例区纪委监委（测试）" in text, path
        assert "承办单位：示例区融媒体中心（测试）" in text, path
        assert "地址：示例区示例路1号（测试）" in text, path
        assert "电话：0000-0000000" in text, path
        assert "邮箱：jubao@example.org" in text, path
        assert "网站标识码：0000000000" in text, path
        links = {a.get_text(): a["href"] for a in footer.select("a")}
        subscribe = links.pop("订阅")
        assert subscribe.endswith("subscribe/"), path
        assert links == {
            "返回顶部": "#top",
            "示例主站首页": FOOTER["MAIN_SITE_URL"],
            "电话：0000-0000000": "tel:0000-0000000",
            "邮箱：jubao@example.org": "mailto:jubao@example.org",
            "测ICP备00000000号-1": "https://beian.miit.gov.cn/",
            "测公网安备 12345678901234号": "https://beian.mps.gov.cn/#/query/webSearch?code=12345678901234",
            "党政机关网站标识": FOOTER["GOV_MARK_URL"],
            # no ERROR_REPORT_URL of its own: the national form for its 网站标识码
            "我要纠错": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action"
            "?sitecode=0000000000",
        }, path
        masthead = result.page(path).select_one(".masthead a.main-site")
        assert masthead["href"] == FOOTER["MAIN_SITE_URL"], path
        meta = result.page(path).select_one('meta[name="SiteIDCode"]')
        assert meta["content"] == "0000000000", path


def test_empty_settings_render_nothing(site):
    result = _build(site, **EMPTY)
    page = result.page("articles/footer/")
    footer = page.select_one("footer.site-footer")
    assert [p.get_text(" ", strip=True) for p in footer.select("p")] == [
        "惠农清风 · 讲政治 转作风 强责任 抓落实",
        "返回顶部 订阅",
    ]
    assert not page.select(".main-site")
    for word in ("主办", "承办", "地址", "电话", "邮箱", "备", "标识", "纠错"):
        assert word not in footer.get_text(), word
    assert not page.select('meta[name="SiteIDCode"]')


def test_only_mandated_links_leave_the_site(site):
    """Published pages name only their own host, and link to the 备案/标识 sites."""
    result = _build(site, **FOOTER, **PUBLISH)
    own = urlsplit(PUBLISH["SITEURL"]).hostname
    linked, named = set(), set()
    for html in result.output.rglob("*.html"):
        page = result.page(str(html.relative_to(result.output)))
        for tag in page.find_all(True):
            for attr in ("href", "src", "srcset", "action", "poster", "data", "formaction"):
                host = urlsplit(tag.get(attr, "")).hostname
                if host and host != own:
                    assert host in MANDATED_HOSTS and tag.name == "a", (html, tag)
                    linked.add(host)
        # Anywhere else in the text (meta content, JSON-LD…): only the JSON-LD vocabulary.
        for script in page.select('script[type="application/ld+json"]'):
            assert json.loads(script.string)["@context"] == "https://schema.org"
            script.decompose()
        named.update(ANY_URL.findall(str(page)))
    assert named == {own, *MANDATED_HOSTS}
    assert linked == MANDATED_HOSTS
    # Pagefind's own bundles (pagefind/) name hosts in licence comments; that they request
    # nothing elsewhere is proven in the browser, where every request is intercepted.
    for asset in (result.output / "theme").rglob("*"):
        if asset.suffix in (".css", ".js"):
            assert not ANY_URL.findall(asset.read_text("utf-8")), asset


def test_a_mark_link_to_another_host_stops_the_build(site):
    site.write("a.md", synthetic_article("页脚", slug="footer"))
    configure(site, GOV_MARK_URL="https://example.com/mark")
    site.output.mkdir()
    (site.output / "keep.txt").write_text("old", encoding="utf-8")
    result = site.build()
    assert result.returncode == 1
    assert "pelicanconf.py: GOV_MARK_URL:" in result.stderr
    assert "bszs.conac.cn" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site.output / "keep.txt").read_text(encoding="utf-8") == "old"
