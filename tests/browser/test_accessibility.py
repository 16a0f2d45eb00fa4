"""axe-core at WCAG 2.1 AA: zero violations on every kind of page, on a desktop and a phone.

The search and 404 pages join this list when their issues land (the 404 page is checked
in ``test_reader_journeys.py`` until then).
"""

from __future__ import annotations

import pytest

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


def test_axe_reports_what_it_should(page):
    """The check itself: a page with known faults is not passed."""
    page.set_content(
        '<html lang="zh-CN"><title>t</title><body><main>'
        '<img src="data:,"><p style="color:#ccc;background:#fff">浅色文字</p>'
        '<a href="/"></a></main></body></html>'
    )
    rules = {line.split(" ", 1)[0] for line in violations(page)}
    assert {"image-alt", "color-contrast", "link-name"} <= rules
