"""The docs a newcomer reads first: a short README that points to docs/, and sample
articles that follow the column's own punctuation rules (GB/T 15834)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from huinong_column.column import typography

DOCS = sorted((REPO / "docs").glob("*.md"))


def test_readme_is_short_and_its_links_lead_somewhere():
    readme = (REPO / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 150
    targets = re.findall(r"\]\(((?:docs/)[^)#]+)\)", readme)
    assert {"docs/编辑指南.md", "docs/architecture.md"} <= set(targets)
    assert [t for t in targets if not (REPO / t).exists()] == []


def _samples(path):
    """(line number, line) of every line in a ```markdown block."""
    inside = False
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.startswith("```"):
            inside = line.strip() == "```markdown"
            continue
        if inside:
            yield number, line


@pytest.mark.parametrize("path", [REPO / "README.md", *DOCS], ids=lambda p: p.name)
def test_sample_articles_follow_the_punctuation_rules(path):
    wrong = [
        f"{path.name}:{number}: {typography.describe(line, edits)}"
        for number, line in _samples(path)
        if not line.startswith("Themes:")  # its list is separated by commas, ASCII or not
        and (edits := typography.line_edits(line))
    ]
    assert wrong == []


def test_the_huinong_command_the_docs_name_starts():
    """Editors are told to run ``.venv/bin/huinong``: its entry point is the desk's main."""
    from importlib.metadata import entry_points

    from huinong_column.desk.cli import main

    (script,) = entry_points(group="console_scripts", name="huinong")
    assert script.load() is main
    result = subprocess.run(
        [str(Path(sys.executable).with_name("huinong")), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "huinong" in result.stdout, result.stderr
