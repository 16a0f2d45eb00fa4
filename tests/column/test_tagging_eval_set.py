"""The labelled evaluation set of the tagger (tests/column/tagging_eval/) is consistent.

The set is data: fictional articles in dev/ and heldout/, their hand labels in labels.toml and
the units they use in registry.toml. These tests hold the invariants an evaluation relies on:
every article has exactly one label and every label one article, every labelled unit is
registered and named in its article, every theme is one of the five, the title, author and
开栏语 flag agree with the file, and the registry passes the project's own registry validation.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from pathlib import Path

import pytest

from huinong_column.column.registry import load_registry

SET = Path(__file__).parent / "tagging_eval"
ROOT = Path(__file__).parents[2]
THEMES = {"讲政治", "转作风", "强责任", "抓落实", "志愿服务"}
STYLES = {"four-heading", "report", "narrative", "brief"}
FEATURES = {
    "alias",
    "ascii-punct",
    "implicit-cues",
    "partner-units",
    "series-number",
    "single-pillar",
    "swapped-phrases",
    "unit-in-body-only",
}
REQUIRED = {"file", "split", "title", "author", "date", "unit", "themes", "style", "has_intro"}
OPTIONAL = {"features", "note"}
COLUMN = "讲政治 转作风 强责任 抓落实"
MINIMUM = {"dev": 44, "heldout": 24}


def _labels() -> list[dict]:
    with open(SET / "labels.toml", "rb") as fh:
        return tomllib.load(fh)["articles"]


def _registry() -> dict:
    with open(SET / "registry.toml", "rb") as fh:
        return tomllib.load(fh)


def _lines(label: dict) -> list[str]:
    return (SET / label["file"]).read_text(encoding="utf-8").splitlines()


def _body(lines: list[str]) -> list[str]:
    """The lines after the title without the column's 开栏语, which names 惠农区委 itself."""
    intro = ("开栏语", "【开栏语】", "今年9月")
    return [line for line in lines[2:] if not line.startswith(intro)]


def test_every_article_has_one_label_and_every_label_one_article():
    files = sorted(str(p.relative_to(SET)) for p in SET.glob("*/*.txt"))
    labelled = [label["file"] for label in _labels()]
    assert len(labelled) == len(set(labelled)), "a file is labelled twice"
    assert sorted(labelled) == files
    for split, least in MINIMUM.items():
        assert sum(f.startswith(f"{split}/") for f in files) >= least, split


@pytest.mark.parametrize("label", _labels(), ids=lambda label: label["file"])
def test_label_agrees_with_its_article(label):
    lines = _lines(label)
    names = {u["name"] for u in _registry()["units"]}
    assert REQUIRED <= set(label) <= REQUIRED | OPTIONAL
    assert label["split"] == label["file"].split("/")[0]
    assert lines[0] == COLUMN
    assert lines[1] == label["title"]
    assert label["unit"] in names
    assert label["themes"], "an article has at least one theme"
    assert len(set(label["themes"])) == len(label["themes"])
    assert set(label["themes"]) <= THEMES
    assert label["style"] in STYLES
    assert set(label.get("features", [])) <= FEATURES
    # The column opened after the 十九届六中全会 (closed 2021-11-11), as the seed article shows.
    day = datetime.date.fromisoformat(label["date"])
    assert datetime.date(2021, 11, 12) <= day <= datetime.date(2022, 12, 31)
    intro = lines[2].startswith(("开栏语", "【开栏语】"))
    assert label["has_intro"] is intro
    if label["author"]:
        assert label["author"] in lines[-1]
    unit = next(u for u in _registry()["units"] if u["name"] == label["unit"])
    spellings = (unit["name"], *unit.get("aliases", []))
    in_title = any(name in lines[1] for name in spellings)
    assert in_title or any(name in line for name in spellings for line in _body(lines))
    assert in_title is ("unit-in-body-only" not in label.get("features", []))
    assert "\r" not in "\n".join(lines)
    assert all(line.strip() == line and line for line in lines), "no blank or padded lines"


def test_registry_passes_the_projects_validation_and_keeps_the_sites_units(tmp_path):
    source = (SET / "registry.toml").read_text(encoding="utf-8")
    combined = tmp_path / "column.toml"
    combined.write_text(f'[column]\nname = "{COLUMN}"\n\n{source}', encoding="utf-8")
    registry = load_registry(combined)
    assert 20 <= len(registry.units) <= 30
    assert all(re.fullmatch(r"[a-z-]{1,80}", u.slug) for u in registry.units)
    with open(ROOT / "data" / "column.toml", "rb") as fh:
        site = tomllib.load(fh)["units"]
    ours = {u.name: u for u in registry.units}
    for unit in site:
        assert unit["name"] in ours
        assert set(unit.get("aliases", [])) <= set(ours[unit["name"]].aliases)


def test_every_registered_unit_is_used_and_heldout_has_units_dev_never_saw():
    labels = _labels()
    used = {s: {label["unit"] for label in labels if label["split"] == s} for s in MINIMUM}
    names = {u["name"] for u in _registry()["units"]}
    assert used["dev"] | used["heldout"] == names
    assert len(used["heldout"] - used["dev"]) >= 8
