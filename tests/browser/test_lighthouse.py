"""Lighthouse, mobile settings, on the landing page and the seed article.

Accessibility, best practices and SEO are audits of what the page is: they must score 1.0
here, on every run. Performance is a measurement of time on whatever machine runs it, and
this suite asserts no timings; ``make quality`` enforces its target (≥ 0.95) instead.
"""

from __future__ import annotations

import pytest

from .lighthouse import PAGES, TARGETS, audit, failed_audits, scores

STRUCTURAL = ["accessibility", "best-practices", "seo"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_lighthouse_scores(served, tmp_path, name):
    report = audit(served.url(PAGES[name]), tmp_path / name)
    got = scores(report)
    assert got["performance"] is not None  # measured (reported by `make quality`)
    for category in STRUCTURAL:
        assert got[category] >= TARGETS[category], failed_audits(report, category)
