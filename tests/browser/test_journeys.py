"""What a reader does with the site, in Chromium: follow links, use only the keyboard, read
on a phone, read without JavaScript. Every page is guarded (``conftest.Guard``): nothing
may be requested from another host and no error may reach the console."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .corpus import PAGES

MAIN_PAGES = ["landing", "article", "table-article", "unit", "theme", "units", "themes", "archive"]
PHONE_PAGES = ["landing", "article", "table-article", "photo-article", "unit", "theme", "archive"]


def test_landing_article_unit_theme_and_back(page):
    page.goto("/")
    column = page.locator("h1").inner_text()
    first = page.locator("main ul a[href*='articles/']").first
    title = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/articles/[a-z0-9-]+/$"))
    expect(page.locator("h1")).to_have_text(title)
    article_url = page.url

    unit = page.locator("main a[href*='units/']").first
    unit_name = unit.inner_text()
    unit.click()
    expect(page).to_have_url(re.compile(r"/units/[a-z0-9-]+/$"))
    expect(page.locator("h1")).to_have_text(unit_name)
    expect(page.locator("main a", has_text=title)).to_have_count(1)  # the article is listed

    page.go_back()
    expect(page).to_have_url(article_url)
    theme = page.locator("main a[href*='topics/']").first
    theme_name = theme.inner_text()
    theme.click()
    expect(page).to_have_url(re.compile(r"/topics/[a-z0-9-]+/$"))
    expect(page.locator("h1")).to_have_text(theme_name)
    expect(page.locator("main a", has_text=title)).to_have_count(1)

    page.go_back()
    expect(page.locator("h1")).to_have_text(title)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text(column)


# The elements a keyboard user must be able to reach, in document order.
TAB_STOPS = """() => Array.from(document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"
  )).filter(el => !el.disabled && el.getClientRects().length > 0
                  && getComputedStyle(el).visibility !== "hidden")"""

FOCUSED = f"""() => {{
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {{
    index: ({TAB_STOPS})().indexOf(el),
    html: el.outerHTML.slice(0, 120),
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    inMain: document.querySelector("main").contains(el),
  }};
}}"""


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_keyboard_reaches_every_link_with_visible_focus(page, name):
    page.goto(PAGES[name])
    total = page.evaluate(f"() => ({TAB_STOPS})().length")
    assert total > 0
    reached = []
    for _ in range(total + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["index"] < 0:  # focus left the page: every stop has had its turn
            break
        assert focused["outline"] >= 2, f"focus not visible on {focused['html']}"
        reached.append(focused["index"])
    assert sorted(reached) == list(range(total)), "some links cannot be reached by Tab"


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_skip_link_is_first_and_moves_focus_to_main(page, name):
    page.goto(PAGES[name])
    page.keyboard.press("Tab")
    skip = page.evaluate("""() => {
      const el = document.activeElement, box = el.getBoundingClientRect();
      return {tag: el.tagName, href: el.getAttribute("href"), text: el.innerText,
              top: box.top, bottom: box.bottom, mainId: document.querySelector("main").id};
    }""")
    assert skip["tag"] == "A" and skip["href"] == f"#{skip['mainId']}", skip
    assert skip["text"].strip() == "跳到正文"
    assert 0 <= skip["top"] < skip["bottom"], "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#{skip['mainId']}"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "after the skip link, Tab must go into <main>"


# Text a reader reads, with the font size it is drawn at; metadata such as dates, counts
# and breadcrumbs is deliberately set smaller and not counted as body text.
TEXT_SIZES = """() => {
  const secondary = ".article-meta, .count, time, .breadcrumbs, small, figcaption";
  const walker = document.createTreeWalker(document.querySelector("main"),
                                           NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest(secondary)) continue;
    found.push({text: node.textContent.trim().slice(0, 30),
                size: parseFloat(getComputedStyle(el).fontSize)});
  }
  return {body: parseFloat(getComputedStyle(document.body).fontSize), text: found};
}"""


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_phone_has_no_sideways_scroll_and_readable_text(phone_page, name):
    page = phone_page
    page.goto(PAGES[name])
    width = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert width["client"] == 390
    assert width["scroll"] <= width["client"], f"page is {width['scroll']}px wide on a phone"
    sizes = page.evaluate(TEXT_SIZES)
    assert sizes["body"] >= 16
    assert sizes["text"]
    small = [t for t in sizes["text"] if t["size"] < 16]
    assert not small, f"text under 16px on a phone: {small[:5]}"


# The reader tools (font size, 关怀模式, print) are shown by site.js and need it to work.
HIDE_SCRIPT_TOOLS = (
    "() => document.querySelectorAll('[data-reader-tools]').forEach(el => el.hidden = true)"
)
# The search page's results are made by its script; without it, the page says so and
# points to the units, themes and archive instead (tests/site/test_search.py).
NEEDS_JAVASCRIPT = {"/search/"}


def test_every_page_is_complete_without_javascript(new_context, browser_site):
    with_js = new_context().new_page()
    without_js = new_context(java_script_enabled=False).new_page()
    for path in browser_site.url_paths():
        if path in NEEDS_JAVASCRIPT:
            continue
        with_js.goto(path)
        without_js.goto(path)
        with_js.evaluate(HIDE_SCRIPT_TOOLS)
        text = with_js.locator("main").inner_text()
        assert text.strip(), path
        assert without_js.locator("main").inner_text() == text, path
        assert without_js.locator("h1").count() == 1, path


def test_no_request_leaves_the_machine(page, guard, browser_site):
    responses = []
    page.on("response", lambda r: responses.append((r.url, r.status)))
    for path in browser_site.url_paths():
        page.goto(path)
    assert any(url.endswith(".css") for url, _ in responses), "the stylesheet was never loaded"
    broken = [(url, status) for url, status in responses if status >= 400]
    assert not broken
    assert not guard.offsite

    # The guard itself: a request to another host is seen and blocked. (A fetch would not
    # do: nginx's content security policy stops it before it is requested.)
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://offsite.invalid/x")
    assert guard.offsite == ["http://offsite.invalid/x"]
    guard.offsite.clear()
    guard.errors.clear()  # Chromium logs the blocked fetch as a console error
