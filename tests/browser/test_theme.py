"""The theme as a reader gets it, in headless Chromium (Debian's /usr/bin/chromium).

Pages are served from a built site on a free local port. Covers what only a browser shows:
type and colours as computed, the reader tools with and without JavaScript, the print
stylesheet, and the QR code, rasterised by Chromium and decoded with zxing-cpp.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from conftest import synthetic_article
from theme_support import BASE, DEV_BASE, PUBLISH, configure

ARTICLE = "articles/huinong-tuanwei-sige-qianghua/"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(real_site):
    handler = functools.partial(_Quiet, directory=str(real_site.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _open(chromium, url, **options):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, **options)
    page = context.new_page()
    page.goto(url)
    return page


def _open_menu(page) -> None:
    """At 390 px the navigation and reader tools are in the menu (a <details>)."""
    page.click(".site-menu > summary")


def _px(value: str) -> float:
    return float(value.removesuffix("px"))


STYLE = "([selector, property]) => getComputedStyle(document.querySelector(selector))[property]"


def _style(page, selector, prop):
    return page.evaluate(STYLE, [selector, prop])


def test_without_javascript_text_is_large_and_tools_are_hidden(chromium, served):
    page = _open(chromium, served + ARTICLE, java_script_enabled=False)
    assert _style(page, "body", "fontSize") == "18px"
    assert not page.locator(".reader-tools").is_visible()
    assert not page.locator("button[data-print]").is_visible()
    paragraph = ".article-body p"
    assert _px(_style(page, paragraph, "lineHeight")) == pytest.approx(18 * 1.8)
    assert _style(page, paragraph, "textIndent") == "36px"  # 2em
    assert _style(page, paragraph, "textAlign") == "justify"
    assert _style(page, "body", "fontFamily").startswith('"PingFang SC", "Hiragino Sans GB"')
    page.context.close()


def test_emphasis_uses_dots_not_italics(chromium, served):
    page = _open(chromium, served + ARTICLE)
    page.evaluate(
        "document.querySelector('.article-body p').insertAdjacentHTML('beforeend',"
        " '<em id=e>重点</em>')"
    )
    assert _style(page, "#e", "fontStyle") == "normal"
    assert _style(page, "#e", "textEmphasisStyle") in ("filled dot", "dot")
    page.context.close()


def test_font_size_and_care_mode_persist_across_pages(chromium, served):
    page = _open(chromium, served + ARTICLE)
    _open_menu(page)
    assert page.locator(".reader-tools").is_visible()
    html = page.locator("html")
    page.click('button[data-font-size="large"]')
    assert html.get_attribute("data-font-size") == "large"
    assert page.get_attribute('button[data-font-size="large"]', "aria-pressed") == "true"
    assert page.get_attribute('button[data-font-size="medium"]', "aria-pressed") == "false"
    assert _px(_style(page, "body", "fontSize")) == pytest.approx(21)
    page.click("button[data-care-mode]")
    assert html.get_attribute("data-care-mode") == "on"
    assert _px(_style(page, "body", "fontSize")) > 21  # 关怀模式 enlarges further
    assert page.evaluate("localStorage.getItem('hnqf:font-size')") == "large"
    assert page.evaluate("localStorage.getItem('hnqf:care-mode')") == "on"

    page.goto(served + "units/huinong-tuanwei/")  # another page: the choices are restored
    _open_menu(page)
    assert html.get_attribute("data-font-size") == "large"
    assert html.get_attribute("data-care-mode") == "on"
    assert page.get_attribute("button[data-care-mode]", "aria-pressed") == "true"
    page.click("button[data-care-mode]")
    page.click('button[data-font-size="small"]')
    assert html.get_attribute("data-care-mode") is None
    assert _style(page, "body", "fontSize") == "16px"
    assert page.evaluate("localStorage.getItem('hnqf:care-mode')") == "off"
    page.context.close()


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


COLOURS = """selector => [...document.querySelectorAll(selector)].map(el => {
  let bg = el, colour = getComputedStyle(el).color, back = 'rgb(255, 255, 255)';
  while (bg) {
    const c = getComputedStyle(bg).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)') { back = c; break; }
    bg = bg.parentElement;
  }
  return [colour, back];
})"""
TEXT = [
    ".article-body p",
    ".section-lead",
    ".article-meta",
    ".date-inferred",
    ".unit-link",
    ".topic-chips a",
    ".breadcrumbs",
    ".breadcrumbs a",
    ".site-name",
    ".column-name",
    ".column-label",
    ".site-nav a",
    "button[data-font-size]",
    ".qr-code figcaption",
    ".article-nav p",
    ".site-footer p",
]


@pytest.mark.parametrize("care", [False, True])
def test_text_contrast_is_at_least_4_5_to_1(chromium, served, care):
    page = _open(chromium, served + ARTICLE)
    _open_menu(page)
    if care:
        page.click("button[data-care-mode]")
    for selector in TEXT:
        pairs = page.evaluate(COLOURS, selector)
        assert pairs, selector
        for colour, back in pairs:
            rgb = [tuple(map(int, re.findall(r"\d+", c)[:3])) for c in (colour, back)]
            assert _contrast(*rgb) >= 4.5, (selector, colour, back)
    page.context.close()


def test_keyboard_reaches_a_visible_skip_link_first(chromium, served):
    page = _open(chromium, served + ARTICLE)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0
    assert _style(page, ".skip-link", "outlineStyle") == "solid"  # :focus-visible
    page.context.close()


def test_print_shows_the_article_and_its_address_only(chromium, served):
    page = _open(chromium, served + ARTICLE)
    page.emulate_media(media="print")
    for hidden in ("nav.site-nav", "nav.breadcrumbs", "nav.article-nav", ".reader-tools"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator(".article-body").is_visible()
    assert page.locator(".article-url").is_visible()
    assert DEV_BASE in page.locator(".article-url").inner_text()
    page.context.close()


def _decode(chromium, svg_markup: str) -> str:
    """Rasterise an SVG in Chromium, as a reader's screen shows it, and decode it."""
    context = chromium.new_context(viewport={"width": 400, "height": 400})
    page = context.new_page()
    page.set_content(f"<body style='margin:0;width:300px'>{svg_markup}</body>")
    png = page.locator("svg").screenshot()
    context.close()
    found = zxingcpp.read_barcode(Image.open(io.BytesIO(png)))
    assert found is not None, "no QR code found"
    return found.text


def test_qr_code_decodes_to_the_page_url_in_development(chromium, real_site):
    svg = real_site.page(ARTICLE).select_one(".qr-code svg")
    assert not svg.find_all(style=True)
    assert _decode(chromium, str(svg)) == f"{DEV_BASE}/{ARTICLE}"


def test_qr_code_decodes_to_the_public_url_when_published(chromium, site):
    slug = "shili-tuanwei-2024-03-01-yige-bijiao-chang-de-wangzhi-ceshi"
    site.write("qr.md", synthetic_article("二维码", slug=slug))
    configure(site, **PUBLISH)
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(
        (result.output / f"articles/{slug}/index.html").read_text("utf-8"), "html.parser"
    )
    assert _decode(chromium, str(page.select_one(".qr-code svg"))) == f"{BASE}/articles/{slug}/"
