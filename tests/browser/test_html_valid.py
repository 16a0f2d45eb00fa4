"""The W3C Nu HTML checker (vnu.jar, pinned in package-lock.json) over every built page:
zero errors. One Java process checks all pages at once."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Invalid on purpose, checked in the same run: proves the checker reports what it finds.
CANARY = '<!DOCTYPE html><html lang="zh-CN"><title>x</title><p><div>块</div></p></html>'


def nu_errors(files: list[Path]) -> dict[str, list[str]]:
    """{file: ["line N: message", …]} for every file with an error."""
    if not VNU.is_file():
        raise FileNotFoundError(f"{VNU} is missing: run `make test` (it runs npm ci)")
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.stdout, proc.stderr
    errors: dict[str, list[str]] = {}
    for message in json.loads(proc.stdout)["messages"]:
        name = message.get("url", "").removeprefix("file:")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['type']}: {message['message']}"
        )
    return errors


def test_every_page_is_valid_html(browser_site, tmp_path):
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    pages = browser_site.html_files()
    assert len(pages) > 20

    errors = nu_errors([canary, *pages])

    assert errors.pop(str(canary), None), "the checker did not flag an invalid page"
    report = [f"{name}: {line}" for name, lines in sorted(errors.items()) for line in lines]
    assert not report, "\n".join(report)
