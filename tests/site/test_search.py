"""Search: real Chinese queries against the built Pagefind index, in a real browser.

Each built site is served over HTTP on 127.0.0.1 and Debian's Chromium, driven by
Playwright, imports the site's own ``/pagefind/pagefind.js`` and the search page's script.
"""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import SyntheticSite, synthetic_article

SEED_URL = "/articles/huinong-tuanwei-sige-qianghua/"
# The policy the site is meant to run under: no inline script or style anywhere.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "worker-src 'self'; img-src 'self'"
)

RAW_SEARCH = """async ([query, filters]) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const found = await pagefind.search(query, {filters});
  return Promise.all(found.results.map(async (r) => (await r.data()).url));
}"""
PAGE_SEARCH = """async ([query, filters]) => {
  const page = await import('/theme/js/search.js');
  const found = await page.search(query, filters, 0, 100);
  return found.results.map((data) => data.url);
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


@contextmanager
def serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class Searcher:
    """A browser tab on a served site, with Pagefind's API and the search page's."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.errors: list[str] = []
        page.on(
            "console", lambda m: "Content Security Policy" in m.text and self.errors.append(m.text)
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "response",
            lambda r: r.status >= 400 and "favicon" not in r.url and self.errors.append(r.url),
        )
        page.goto(f"{base}/search/")

    def raw(self, query: str, filters: dict | None = None) -> list[str]:
        return self.page.evaluate(RAW_SEARCH, [query, filters or {}])

    def find(self, query: str, filters: dict | None = None) -> list[str]:
        return self.page.evaluate(PAGE_SEARCH, [query, filters or {}])

    def filters(self) -> dict:
        return self.page.evaluate("async () => (await import('/pagefind/pagefind.js')).filters()")


@contextmanager
def searcher(chromium, folder: Path):
    with serve(folder) as base:
        page = chromium.new_page()
        try:
            yield Searcher(page, base)
        finally:
            page.close()


@pytest.fixture(scope="module")
def real(chromium, real_site):
    with searcher(chromium, real_site.output) as tab:
        yield tab


UNITS = {"示例区团委": "shili-tuanwei", "示例区就业局": "shili-jiuyeju", "示例区委": "shili-quwei"}


@pytest.fixture(scope="module")
def several_units(chromium, tmp_path_factory):
    """Six synthetic articles from three units, all about 志愿服务."""
    site = SyntheticSite(tmp_path_factory.mktemp("search") / "site")
    for i, unit in enumerate([*UNITS, *UNITS]):
        body = f"{unit}组织志愿者开展志愿服务活动，第{i}次。"
        if i == 1:
            body += "同时开展就业招聘会。"
        site.write(
            f"v{i}.md",
            synthetic_article(
                f"志愿服务{i}", body, organization=unit, themes="志愿服务", slug=f"v{i}"
            ),
        )
    result = site.build()
    assert result.returncode == 0, result.stderr
    with searcher(chromium, result.output) as tab:
        yield tab


@pytest.mark.parametrize("term", ["志愿服务", "希望工程", "红领巾", "疫情防控"])
def test_seed_terms_find_the_seed(real, term):
    assert real.raw(term) == [SEED_URL]  # Pagefind's own API
    assert real.find(term) == [SEED_URL]  # the search page's, with its Chinese mitigations


@pytest.mark.parametrize("word", ["量子纠缠", "火星探测器"])
def test_a_word_found_nowhere_returns_nothing(real, word):
    assert real.raw(word) == []
    assert real.find(word) == []


def test_a_query_whose_rest_is_absent_returns_nothing(real):
    # Pagefind drops query words it cannot find, so "不存在的词语" matches on 的 alone;
    # the search page keeps only results that contain every word typed.
    assert real.raw("不存在的词语") == [SEED_URL]
    assert real.find("不存在的词语") == []


@pytest.mark.parametrize("substring", ["领巾", "号队", "新冠肺炎疫情", "希望工程 圆梦助学"])
def test_substrings_and_phrases_of_the_seed_are_found(real, substring):
    assert real.find(substring) == [SEED_URL]


def test_only_article_titles_and_bodies_are_indexed(real):
    assert real.find("不打烊") == [SEED_URL]  # in the title only
    assert real.find("文章归档") == []  # navigation
    assert real.find("勠力同心") == []  # 开栏语, on the landing page only
    assert real.find("惠农清风") == []  # site name in the chrome


def test_a_unit_filter_narrows_the_results(several_units):
    everything = several_units.find("志愿服务")
    assert sorted(everything) == [f"/articles/v{i}/" for i in range(6)]
    narrowed = several_units.find("志愿服务", {"单位": "示例区就业局"})
    assert sorted(narrowed) == ["/articles/v1/", "/articles/v4/"]
    assert several_units.raw("志愿服务", {"单位": "示例区就业局"}) == narrowed
    assert several_units.find("招聘会", {"单位": "示例区团委"}) == []
    counts = several_units.filters()
    assert counts["单位"] == {"示例区团委": 2, "示例区就业局": 2, "示例区委": 2}
    assert counts["主题"] == {"志愿服务": 6}


def test_search_page_shows_results_with_highlighted_excerpts(real):
    page = real.page
    page.goto(f"{real.base}/search/?q=希望工程")
    result = page.locator(".search-results li").first
    result.wait_for()
    link = result.locator("h2 a")
    assert link.inner_text() == "惠农区团委“四个强化”服务青年“不打烊”"
    assert link.get_attribute("href") == SEED_URL
    assert "希望" in result.locator(".search-excerpt mark").first.inner_text()
    assert result.locator(".search-result-meta").inner_text() == "惠农区团委 · 2021-11-12"
    assert page.locator("[data-search-status]").inner_text() == "共找到 1 篇文章。"
    assert real.errors == []  # nothing blocked by the content security policy


TIDY = """async (runs) => {
  const search = await import(document.querySelector("script[type=module]").src);
  return search.tidyExcerpt(runs, "惠农区团委认真贯彻落实市委、区委的部署要求");
}"""


def test_search_excerpts_start_at_a_clause_and_read_as_chinese(real):
    page = real.page
    page.goto(f"{real.base}/search/?q=志愿服务")
    excerpt = page.locator(".search-results li .search-excerpt").first
    excerpt.wait_for()
    text = excerpt.inner_text()
    assert ". " not in text and "\u200b" not in text
    assert text.startswith("……") or text.startswith("惠农区团委")
    mark = excerpt.locator("mark").first
    background = mark.evaluate("(m) => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # Pagefind's block joiner after a match and a window that starts mid-clause
    runs = [
        {"text": "开展活动，精心谋划、全面部署", "mark": False},
        {"text": "志愿服务", "mark": True},
        {"text": ". 这是一段", "mark": False},
    ]
    assert [r["text"] for r in page.evaluate(TIDY, runs)] == [
        "……全面部署",
        "志愿服务",
        "。这是一段",
        "……",
    ]
    # an excerpt from the start of the article keeps its first words
    start = [{"text": "惠农区团委认真贯彻落实", "mark": False}, {"text": "市委", "mark": True}]
    assert page.evaluate(TIDY, start)[0]["text"] == "惠农区团委认真贯彻落实"
    assert real.errors == []


def test_search_page_unit_filter_in_the_browser(several_units):
    page = several_units.page
    page.goto(f"{several_units.base}/search/?q=志愿服务&unit=示例区委")
    page.locator("[data-search-status]", has_text="共找到").wait_for()
    links = page.locator(".search-results h2 a")
    assert sorted(links.evaluate_all("(as) => as.map((a) => a.pathname)")) == [
        "/articles/v2/",
        "/articles/v5/",
    ]
    page.select_option("#search-unit", "")
    page.locator("[data-search-status]", has_text="共找到 6 篇").wait_for()
    assert "unit=" not in page.url


def test_without_javascript_the_search_box_is_a_form_to_the_search_page(real_site):
    home = real_site.page("index.html")
    form = home.select_one("header form.search-box")
    assert form["method"] == "get" and form["action"] == "./search/"
    assert form.select_one("input")["name"] == "q"
    search = real_site.page("search/")
    assert "需要浏览器启用 JavaScript" in search.select_one("[data-search-status]").get_text()
    for page in (home, search):
        assert all(s.get("src") for s in page.find_all("script")), "no inline scripts"


def test_pagefind_serves_its_own_files(real_site):
    bundle = real_site.output / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css"):
        assert (bundle / name).is_file(), name
    assert not (bundle / "playground").exists()


def test_hostile_titles_show_as_text_in_results(chromium, tmp_path):
    site = SyntheticSite(tmp_path / "site")
    title = "<img src=x onerror=alert(1)>志愿"
    site.write("h.md", synthetic_article(title, "志愿服务<b>加粗</b>。", slug="h"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    with searcher(chromium, result.output) as tab:
        tab.page.goto(f"{tab.base}/search/?q=志愿服务")
        tab.page.locator("[data-search-status]", has_text="共找到 1 篇").wait_for()
        assert tab.page.locator(".search-results h2 a").inner_text() == f"【测试】{title}"
        assert tab.page.locator(".search-results img, .search-results b").count() == 0
        assert tab.errors == []
