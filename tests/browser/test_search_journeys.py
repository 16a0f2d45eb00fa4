"""Searching as a reader does: the header's search box, the results page and its unit filter.

Pagefind's index and the search script's API are tested in ``tests/site/test_search.py``; here a
reader types into the page, in Chromium, on the site nginx serves. Every page is guarded
(``conftest.Guard``): the index, its WebAssembly and the script all come from 127.0.0.1, and
nothing blocked by the content security policy may reach the console.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .corpus import PAGES

QUERY = "志愿服务"
SEED = PAGES["article"]
UNIT = "示例区团委"
# The corpus's articles from 示例区团委 with 志愿服务 in their title or body.
UNIT_RESULTS = ["/articles/shili-tuanwei-xiari/", "/articles/shili-tuanwei-zhiyuan-zhou/"]
RESULT_LINKS = ".search-results h2 a"


def search_from_the_header(page, query: str) -> None:
    """Type ``query`` into the landing page's header search box and submit it."""
    page.goto(PAGES["landing"])
    box = page.locator("form.search-box input[name=q]")
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator("[data-search-status]")).to_contain_text("共找到")


def result_paths(page) -> list[str]:
    return sorted(page.locator(RESULT_LINKS).evaluate_all("as => as.map(a => a.pathname)"))


def test_the_header_search_box_finds_the_seed_article(page):
    search_from_the_header(page, QUERY)
    expect(page.locator("#search-q")).to_have_value(QUERY)
    assert SEED in result_paths(page)
    seed = page.locator(f"{RESULT_LINKS}[href$='{SEED}']")
    title = seed.inner_text()
    seed.click()
    expect(page).to_have_url(re.compile(re.escape(SEED) + "$"))
    expect(page.locator("h1")).to_have_text(title)


def test_a_unit_filter_narrows_the_results(page):
    search_from_the_header(page, QUERY)
    everything = result_paths(page)
    page.select_option("#search-unit", UNIT)
    expect(page).to_have_url(re.compile(r"[?&]unit="))
    expect(page.locator("[data-search-status]")).to_have_text(
        f"共找到 {len(UNIT_RESULTS)} 篇文章。"
    )
    narrowed = result_paths(page)
    assert narrowed == UNIT_RESULTS
    assert set(narrowed) < set(everything) and SEED not in narrowed
    for meta in page.locator(".search-result-meta").all_inner_texts():
        assert meta.startswith(f"{UNIT} · "), meta
