"""Run axe-core (the npm package pinned in package-lock.json) in a Playwright page.

axe is evaluated as a script through the DevTools protocol rather than added as a
``<script>`` element, so a Content-Security-Policy on the page (nginx's, later) cannot
block it.
"""

from __future__ import annotations

from functools import cache

from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _source() -> str:
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run `make test` (it runs npm ci)")
    return AXE.read_text("utf-8")


def violations(page, tags: list[str] = WCAG_21_AA) -> list[str]:
    """One line per failing element: rule, impact, the element, and how to fix it."""
    page.evaluate(_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
    )
    return [
        f"{rule['id']} ({rule['impact']}): {node['target']} {node['failureSummary']}"
        for rule in result["violations"]
        for node in rule["nodes"]
    ]
