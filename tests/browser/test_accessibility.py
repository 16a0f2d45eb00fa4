"""axe-core at WCAG 2.1 AA: zero violations on every kind of page, on a desktop and a phone,
on the search page with its results shown and on the 404 page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .axe import violations
from .corpus import PAGES


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_axe_violations(page, name):
    page.goto(PAGES[name])
    found = violations(page)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", ["landing", "article"])
def test_no_axe_violations_on_a_phone(phone_page, name):
    phone_page.goto(PAGES[name])
    found = violations(phone_page)
    assert not found, "\n".join(found)


def test_no_axe_violations_on_search_results(page):
    page.goto("/search/?q=志愿服务")
    expect(page.locator("[data-search-status]")).to_contain_text("共找到")
    expect(page.locator(".search-results li mark").first).to_be_visible()
    found = violations(page)
    assert not found, "\n".join(found)


def test_no_axe_violations_on_the_404_page(page, guard):
    assert page.goto("/no-such/page/").status == 404
    found = violations(page)
    assert not found, "\n".join(found)
    # Chromium logs the page's own 404 status as a console error; nothing else may be there.
    guard.errors[:] = [e for e in guard.errors if "status of 404" not in e]


def test_axe_reports_what_it_should(page):
    """The check itself: a page with known faults is not passed."""
    page.set_content(
        '<html lang="zh-CN"><title>t</title><body><main>'
        '<img src="data:,"><p style="color:#ccc;background:#fff">浅色文字</p>'
        '<a href="/"></a></main></body></html>'
    )
    rules = {line.split(" ", 1)[0] for line in violations(page)}
    assert {"image-alt", "color-contrast", "link-name"} <= rules
