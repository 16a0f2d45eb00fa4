"""Reader-facing pages of issue 16 built into temporary folders: editorial marks for
editors only, the 订阅 page in place of raw feeds, and the masthead's slot for an emblem."""

from __future__ import annotations

import re

from conftest import synthetic_article
from theme_support import PUBLISH, configure

EDITORIAL = re.compile(r"推定日期|待核实|推断")


def _write(site):
    site.write(
        "dated.md",
        synthetic_article(
            "发稿日期未注明的文章",
            slug="dated",
            extra="DateStatus: inferred\nDateNote: 合成文章，日期为推定。",
        ),
    )
    # no Organization: or Themes: the unit comes from the title, the themes from the text
    site.write(
        "guessed.md",
        synthetic_article(
            "示例区团委加强作风建设",
            "示例区团委狠抓作风建设，整治形式主义、官僚主义，转变工作作风。",
            organization=None,
            themes=None,
            slug="guessed",
        ),
    )


def test_editorial_marks_show_in_development_only(site):
    _write(site)
    dev = site.build()
    assert dev.returncode == 0, dev.stderr
    dated = dev.page("articles/dated/").select_one(".article-meta")
    assert "（推定日期，待核实）" in dated.get_text()
    marks = dev.page("articles/guessed/").select(".inferred-mark")
    assert [m.get_text() for m in marks] == ["推断", "推断"]  # the unit and the themes

    configure(site, COLUMN_EDITORIAL_MARKS=False, **PUBLISH)  # as publishconf.py sets
    public = site.build()
    assert public.returncode == 0, public.stderr
    for file in [*public.output.rglob("*.html"), *public.output.rglob("*.xml")]:
        text = file.read_text("utf-8")
        assert not EDITORIAL.search(text) and "editorial-mark" not in text, file
    # the date itself is still shown, unmarked
    assert "2024-03-01" in public.page("articles/dated/").select_one(".article-meta").get_text()


def test_subscribe_page_lists_every_feed_and_pages_link_to_it(site):
    _write(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("subscribe/")
    addresses = [code.get_text() for code in page.select(".feed-address")]
    assert addresses[0].endswith("/feeds/all.atom.xml")
    for address in addresses:
        path = address.split("/", 3)[3]
        assert (result.output / path).is_file(), address
    assert not [a for a in page.select("main a") if a["href"].endswith(".xml")]
    unit = result.page("units/shili-tuanwei/")
    link = unit.select_one(".feed-link a")
    assert link["href"].endswith("subscribe/#unit-shili-tuanwei")
    assert (
        page.select_one("#unit-shili-tuanwei .feed-address")
        .get_text()
        .endswith("units/shili-tuanwei/atom.xml")
    )
    # readers are told what a feed is and where to go instead
    assert "阅读软件" in page.select_one(".prose").get_text()


def test_the_masthead_emblem_is_a_theme_file_and_nothing_else(site):
    site.write("a.md", synthetic_article("标识", slug="a"))
    configure(site, SITE_EMBLEM="images/favicon.svg")
    result = site.build()
    assert result.returncode == 0, result.stderr
    emblem = result.page("index.html").select_one(".masthead img.site-emblem")
    assert emblem["src"].endswith("theme/images/favicon.svg") and emblem["alt"] == ""

    configure(site, SITE_EMBLEM="https://example.org/emblem.svg")
    failed = site.build()
    assert failed.returncode == 1
    assert "pelicanconf.py: SITE_EMBLEM:" in failed.stderr and "Traceback" not in failed.stderr
