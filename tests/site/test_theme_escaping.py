"""Hostile metadata stays text in every element the theme adds: head metadata, JSON-LD,
breadcrumbs, series line, 上一篇/下一篇, 相关文章, QR label and footer."""

from __future__ import annotations

import json

from conftest import SYNTHETIC_REGISTRY, SyntheticSite, synthetic_article
from theme_support import configure

EVIL = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>&amp;"
EVIL_UNIT = "示例区就业局</script><b onmouseover=alert(3)>"


def test_hostile_metadata_is_text_in_every_new_element(tmp_path):
    toml_unit = EVIL_UNIT.replace('"', '\\"')
    registry = SYNTHETIC_REGISTRY.replace('name = "示例区就业局"', f'name = "{toml_unit}"')
    site = SyntheticSite(tmp_path / "site", registry=registry)
    configure(site, FOOTER_SPONSOR=f"主办{EVIL}", FOOTER_PHONE=EVIL)
    title = f"【测试】标题{EVIL}"
    site.write(
        "evil.md",
        synthetic_article(
            f"标题{EVIL}",
            f"导语{EVIL}",
            date="2024-03-01",
            organization="区就业局",
            slug="evil",
            extra=f"Author: 作者{EVIL}",
        ),
    )
    site.write("plain.md", synthetic_article("平常", date="2024-03-02", slug="plain"))
    site.write(
        "after.md",
        synthetic_article("之后", date="2024-03-03", organization="区就业局", slug="after"),
    )
    result = site.build()
    assert result.returncode == 0, result.stderr

    for html in result.output.rglob("*.html"):
        page = result.page(str(html.relative_to(result.output)))
        assert not page.select("img, b, script:not([src]):not([type])"), html
        assert not any(a.startswith("on") for tag in page.find_all(True) for a in tag.attrs)

    page = result.page("articles/evil/")
    meta = {m["name"]: m["content"] for m in page.select("meta[name]")}
    assert meta["ArticleTitle"] == title
    assert meta["ContentSource"] == EVIL_UNIT
    assert meta["Author"] == f"作者{EVIL}"
    assert meta["Description"].startswith("导语\"'>")  # the lead paragraph, as text
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:title"] == title
    assert og["article:section"] == EVIL_UNIT
    (script,) = page.select('script[type="application/ld+json"]')
    assert "</script" not in script.string.lower() and "<" not in script.string
    data = json.loads(script.string)
    assert data["headline"] == title
    assert data["author"]["name"] == f"作者{EVIL}"
    assert data["articleSection"] == EVIL_UNIT
    crumbs = [li.get_text(strip=True) for li in page.select("nav.breadcrumbs li")]
    assert crumbs == ["首页", "专栏", EVIL_UNIT, title]
    assert page.select_one(".unit-link").get_text() == EVIL_UNIT
    footer = page.select_one("footer.site-footer").get_text(" ", strip=True)
    assert f"主办单位：主办{EVIL}" in footer and f"电话：{EVIL}" in footer

    after = result.page("articles/after/")
    assert after.select_one('nav.article-nav a[rel="prev"]').get_text() == "【测试】平常"
    related = [a.get_text() for a in after.select("section.related-articles a")]
    assert title in related  # same unit
    plain = result.page("articles/plain/")
    assert plain.select_one('nav.article-nav a[rel="prev"]').get_text() == title
    assert plain.select_one(".qr-code svg")["aria-label"].endswith("/articles/plain/")
