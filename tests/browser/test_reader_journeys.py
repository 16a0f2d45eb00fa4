"""Reader features of the theme (issue 3), written against the theme's contract:

* ``button[data-font-size="small|medium|large"]`` sets ``<html data-font-size="…">`` and
  ``button[data-care-mode]`` toggles ``<html data-care-mode="on">`` (关怀模式); both are
  kept in localStorage (``hnqf:font-size``, ``hnqf:care-mode``) across pages;
* ``nav.article-nav a[rel=prev]`` / ``a[rel=next]`` (上一篇/下一篇) and
  ``section.related-articles a`` lead to real articles;
* print hides the site navigation, the breadcrumbs and the footer's navigation;
* a missing URL gets the site's ``404.html`` from nginx, with status 404 and its stylesheet.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import expect

from .axe import violations
from .corpus import PAGES

ARTICLE = PAGES["article"]
MIDDLE_ARTICLE = "/articles/shili-quwei-zuofeng/"  # has newer and older articles
ARTICLE_URL = re.compile(r"/articles/[a-z0-9-]+/$")


def body_text_size(page) -> float:
    """The font size of the page's longest paragraph: body text, not metadata."""
    return page.evaluate("""() => {
      const longest = Array.from(document.querySelectorAll("main p"))
        .sort((a, b) => b.textContent.length - a.textContent.length)[0];
      return parseFloat(getComputedStyle(longest).fontSize);
    }""")


def test_font_size_switch_applies_and_persists_across_pages(page):
    page.goto(ARTICLE)
    html = page.locator("html")
    sizes = {}
    for size in ("small", "medium", "large"):
        page.locator(f'button[data-font-size="{size}"]').click()
        expect(html).to_have_attribute("data-font-size", size)
        assert page.evaluate("localStorage.getItem('hnqf:font-size')") == size
        sizes[size] = body_text_size(page)
    assert sizes["small"] < sizes["medium"] < sizes["large"], sizes

    page.locator("main a[href*='units/']").first.click()  # another page, same reader
    expect(page).to_have_url(re.compile(r"/units/"))
    expect(html).to_have_attribute("data-font-size", "large")
    page.reload()
    expect(html).to_have_attribute("data-font-size", "large")


def test_care_mode_toggles_persists_and_stays_accessible(page):
    page.goto(ARTICLE)
    html = page.locator("html")
    page.locator("button[data-care-mode]").click()
    expect(html).to_have_attribute("data-care-mode", "on")
    assert page.evaluate("localStorage.getItem('hnqf:care-mode')") == "on"
    found = violations(page)
    assert not found, "\n".join(found)

    page.goto(PAGES["landing"])
    expect(html).to_have_attribute("data-care-mode", "on")
    page.locator("button[data-care-mode]").click()
    expect(html).not_to_have_attribute("data-care-mode", "on")
    page.goto(ARTICLE)
    expect(html).not_to_have_attribute("data-care-mode", "on")


def test_previous_and_next_lead_to_real_articles_and_back(page):
    for there, back in (("prev", "next"), ("next", "prev")):
        page.goto(MIDDLE_ARTICLE)
        start = page.url
        page.locator(f"nav.article-nav a[rel={there}]").click()
        expect(page).to_have_url(ARTICLE_URL)
        assert page.url != start
        expect(page.locator("h1")).to_have_count(1)
        page.locator(f"nav.article-nav a[rel={back}]").click()
        expect(page).to_have_url(start)


def test_previous_and_next_links_are_symmetric_on_every_article(browser_site):
    articles = [p for p in browser_site.url_paths() if ARTICLE_URL.search(p)]
    links = {}
    for path in articles:
        for a in browser_site.soup(path).select("nav.article-nav a[rel]"):
            rel = "prev" if "prev" in a["rel"] else "next"
            links[(path, rel)] = urlsplit(urljoin(f"http://site.invalid{path}", a["href"])).path
    assert links, "no article has 上一篇/下一篇 links"
    for (path, rel), target in links.items():
        assert target in articles, f"{path}: {rel} → {target} is not an article"
        other = "next" if rel == "prev" else "prev"
        assert links.get((target, other)) == path, f"{path} {rel} → {target}, but not back"


def test_related_articles_lead_to_real_articles(page):
    page.goto(ARTICLE)
    related = page.locator("section.related-articles a")
    assert related.count() > 0
    titles = related.all_inner_texts()
    for index, title in enumerate(titles):
        page.goto(ARTICLE)
        page.locator("section.related-articles a").nth(index).click()
        expect(page).to_have_url(ARTICLE_URL)
        assert not page.url.endswith(ARTICLE), "an article is not related to itself"
        expect(page.locator("h1")).to_have_text(title.strip())


def test_print_hides_navigation(page):
    page.goto(ARTICLE)
    page.emulate_media(media="print")
    for selector in ("header.site-header nav", "nav.breadcrumbs", "footer nav"):
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main p").first).to_be_visible()


def test_missing_url_gets_the_404_page(page, guard):
    responses = []
    page.on("response", lambda r: responses.append(r))
    response = page.goto("/no-such/page/")
    assert response.status == 404
    assert response.headers["server"] == "nginx"  # the production config answered
    expect(page.locator("h1")).to_have_text("抱歉，您访问的页面不存在")
    expect(page.locator("main a[href]").first).to_be_visible()  # a way back
    # The 404 page is served at any depth: its stylesheet must still load, and apply.
    assert any(r.url.endswith(".css") and r.ok for r in responses)
    assert [r.url for r in responses if not r.ok] == [response.url]
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"PingFang SC"')
    # Chromium logs the page's own 404 status as a console error; nothing else may be there.
    guard.errors[:] = [e for e in guard.errors if "status of 404" not in e]
