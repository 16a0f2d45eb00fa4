"""The reader-facing pass (issue 16), measured in Chromium on the published site at 390 px:
a short header, a menu that works without JavaScript, targets of at least 44×44 CSS px on
every page type (links in running text excepted, and underlined instead), no sideways
scroll, axe with the menu open and in 关怀模式, and no editorial mark for the public."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tools.screenshots import take

from .axe import violations
from .conftest import PHONE
from .corpus import PAGES

# Every page type a reader meets, beyond the representative PAGES.
PAGE_TYPES = {
    **PAGES,
    "year": "/archives/2024/",
    "month": "/archives/2024/05/",
    "stats": "/stats/",
    "subscribe": "/subscribe/",
    "search": "/search/?q=志愿服务",
    "404": "/no-such/page/",  # nginx answers with the site's 404 page
}
# (about:blank, where init scripts also run, has no storage)
CARE_MODE = "try { localStorage.setItem('hnqf:care-mode', 'on') } catch (e) {}"
TARGET = 44

# Every visible control; a link "in running text" shares its line of text (its nearest
# paragraph, list item or cell, without nested lists) with other words.
TARGETS = """() => {
  const own = block => {
    const copy = block.cloneNode(true);
    copy.querySelectorAll("ul, ol, p, div").forEach(el => el.remove());
    return copy.textContent.replace(/\\s+/g, "");
  };
  return Array.from(document.querySelectorAll(
      "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"))
    .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .map(el => {
      const box = el.getBoundingClientRect();
      const block = el.closest("p, li, td, th, dd, figcaption, h1, h2, h3");
      const text = el.textContent.replace(/\\s+/g, "");
      return {
        html: el.outerHTML.slice(0, 100),
        width: box.width, height: box.height, bottom: box.bottom + window.scrollY,
        inText: el.tagName === "A" && !!block && own(block) !== text,
        underlined: getComputedStyle(el).textDecorationLine.includes("underline"),
      };
    })
    .filter(t => t.bottom > 0);  // the skip link waits above the page until focused
}"""


def phone(new_context, care=False, **options):
    context = new_context(**PHONE, **options)
    if care:
        context.add_init_script(CARE_MODE)
    return context.new_page()


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


@pytest.mark.parametrize("care, limit", [(False, 120), (True, 180)])
@pytest.mark.parametrize("name", ["landing", "article", "unit"])
def test_header_is_short_on_a_phone(new_context, name, care, limit):
    page = phone(new_context, care)
    page.goto(PAGES[name])
    if care:
        expect(page.locator("html")).to_have_attribute("data-care-mode", "on")
    assert header_height(page) <= limit
    # search is one row: the field and its button side by side
    field = page.locator("form.search-box input").bounding_box()
    button = page.locator("form.search-box button").bounding_box()
    assert abs(field["y"] - button["y"]) < 8 and button["x"] > field["x"]


def test_menu_opens_without_javascript_and_from_the_keyboard(new_context):
    page = phone(new_context, java_script_enabled=False)
    page.goto(PAGES["article"])
    nav = page.locator("nav.site-nav")
    expect(nav).to_be_hidden()
    for _ in range(4):  # skip link, home, then the menu
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "专栏首页"
    page.locator("nav.site-nav a", has_text="报送单位").click()
    expect(page.locator("h1")).to_have_text("报送单位")


def test_wide_screens_show_the_menu_as_a_row(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(PAGES["landing"])
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(page.locator("nav.site-nav a", has_text="文章归档")).to_be_visible()
    expect(page.locator("button[data-care-mode]")).to_be_visible()


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_target_is_at_least_44_px_on_a_phone(new_context, guard, name):
    page = phone(new_context)
    page.goto(PAGE_TYPES[name])
    # Chromium logs the 404 page's own status as a console error; nothing else may be there.
    guard.errors[:] = [e for e in guard.errors if "status of 404" not in e]
    if name == "search":
        expect(page.locator(".search-results li").first).to_be_visible()
    page.locator(".site-menu > summary").click()  # the menu's links and tools count too
    expect(page.locator("nav.site-nav")).to_be_visible()
    targets = page.evaluate(TARGETS)
    assert len(targets) > 5
    # a link in running text may be smaller, and is then underlined instead
    small = [
        t
        for t in targets
        if min(t["width"], t["height"]) < TARGET and not (t["inText"] and t["underlined"])
    ]
    assert not small, "\n".join(f"{t['width']:.0f}×{t['height']:.0f} {t['html']}" for t in small)
    width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{name} is {width[0]}px wide with the menu open"


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_no_sideways_scroll_on_any_page_type(new_context, guard, width):
    for care in (False, True):
        context = new_context(viewport={"width": width, "height": 900})
        if care:
            context.add_init_script(CARE_MODE)
        page = context.new_page()
        for name, path in PAGE_TYPES.items():
            page.goto(path)
            scroll = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll[0] <= scroll[1], (name, width, care, scroll)
        guard.errors[:] = [e for e in guard.errors if "status of 404" not in e]
        context.close()


@pytest.mark.parametrize("name", ["landing", "article", "stats", "subscribe"])
def test_no_axe_violations_on_a_phone_in_care_mode_with_the_menu_open(new_context, name):
    page = phone(new_context, care=True)
    page.goto(PAGE_TYPES[name])
    page.locator(".site-menu > summary").click()
    found = violations(page)
    assert not found, "\n".join(found)


EDITORIAL = re.compile(r"推定日期|待核实|推断")


def test_editorial_marks_never_reach_the_published_site(served, browser_site):
    """The corpus has an inferred date and an inferred unit: the development build marks
    them for editors; the published pages, feeds and print show none of it."""
    dev = browser_site.soup("/articles/shili-tuanwei-xiari/")
    assert "推定日期" in dev.select_one(".article-meta").get_text()
    dev = browser_site.soup("/articles/shili-tuanwei-zuofeng/")
    assert dev.select_one(".inferred-mark").get_text() == "推断"

    published = served.root
    pages = list(published.rglob("*.html")) + list(published.rglob("*.xml"))
    assert len(pages) > 20
    for file in pages:
        text = file.read_text("utf-8")
        assert "editorial-mark" not in text, file
        assert not EDITORIAL.search(text), (file, EDITORIAL.search(text))


def test_print_hides_editorial_marks_in_a_development_build(chromium, browser_site):
    html = browser_site.output / "articles/shili-tuanwei-xiari/index.html"
    context = chromium.new_context()
    page = context.new_page()
    page.goto(html.as_uri())
    expect(page.locator(".editorial-mark").first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".editorial-mark").first).to_be_hidden()
    context.close()


def test_landing_page_lists_each_article_once_and_no_empty_unit(browser_site):
    landing = browser_site.soup("/")
    links = [a["href"] for a in landing.select("main .article-list a")]
    assert links and len(links) == len(set(links))
    units = landing.select_one(".unit-directory").get_text(" ", strip=True)
    assert "示例区团委" in units and " 0 篇" not in units
    assert "惠农区纪委监委" not in units  # the real host unit has no article yet
    last = landing.select_one("main").find_all(recursive=False)[-1]
    assert "pillars" not in (last.get("class") or []) or landing.select_one(".pagination")
    assert landing.select_one("footer a.to-top")["href"] == "#top"
    assert landing.select_one("#top")


def test_stats_are_drawn_with_defined_colours_and_readable_labels(new_context):
    page = phone(new_context)
    page.goto(PAGE_TYPES["stats"])
    bar = page.locator(".bar-chart .bar").first
    assert bar.evaluate("(el) => getComputedStyle(el).fill") == "rgb(168, 21, 27)"  # --accent
    cell = page.locator(".stats-table td").first
    assert cell.evaluate("(el) => getComputedStyle(el).borderTopStyle") == "solid"
    label = page.locator(".bar-chart .bar-label").first.bounding_box()
    assert label["height"] >= 14  # drawn at 16px on a 360-unit chart; was 7px at 640


def test_print_rules_win_over_care_mode_and_the_font_size(new_context):
    context = new_context()
    context.add_init_script(
        "try { localStorage.setItem('hnqf:font-size', 'large') } catch (e) {}\n" + CARE_MODE
    )
    page = context.new_page()
    page.goto(PAGES["article"])
    expect(page.locator("html")).to_have_attribute("data-care-mode", "on")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "16px"  # 12pt
    colour = page.locator(".article-body p").first.evaluate("(p) => getComputedStyle(p).color")
    assert colour == "rgb(0, 0, 0)"
    expect(page.locator(".qr-code svg")).to_be_visible()


def test_screenshots_tool_writes_each_page_in_both_views(chromium, browser_site, tmp_path):
    pages = {"landing": "", "article": PAGES["article"].lstrip("/")}
    saved = take(browser_site.output, tmp_path, widths=(320,), pages=pages, browser=chromium)
    assert sorted(p.name for p in saved) == [
        "article-320-care.png",
        "article-320.png",
        "landing-320-care.png",
        "landing-320.png",
    ]
    for path in saved:
        assert Image.open(path).width == 320
