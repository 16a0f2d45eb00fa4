"""The 编辑指南 explains every check, and every command's help speaks Chinese and English."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from desk_support import huinong
from huinong_column.desk.check import RULES

GUIDE = REPO / "docs" / "编辑指南.md"


def test_guide_explains_every_rule_with_its_level():
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r"^\| `([a-z-]+)` \| (error|warning|note) \|", GUIDE.read_text("utf-8"), re.M
        )
    }
    assert rows == {code: level for code, (level, _) in RULES.items()}


def test_readme_links_the_guide():
    assert "(docs/编辑指南.md)" in (REPO / "README.md").read_text("utf-8")


@pytest.mark.parametrize(
    "command", ["", "new", "check", "confirm", "eval", "import", "serve", "preview", "build"]
)
def test_help_is_in_chinese_and_english(command):
    result = huinong(*([command] if command else []), "--help", cwd=REPO)
    assert result.returncode == 0
    text = result.stdout
    assert re.search(r"[\u4e00-\u9fff]{4}", text), text
    assert re.search(r"\b(the|an?|to|of)\b [a-z]+", text), text
