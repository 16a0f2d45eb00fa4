"""Tagging on the labelled evaluation set (``tagging_eval/``, written blind to the lexicon):
the held-out part, never used to tune the lexicon, as given to a new user (title, date and
body only) and through ``huinong import``."""

from __future__ import annotations

import pytest

from conftest import REPO
from huinong_column.column.sources import load_site
from huinong_column.desk.evaluate import WAYS, evaluate, load_labels

SET = REPO / "tests" / "column" / "tagging_eval"


@pytest.fixture(scope="module")
def heldout():
    assert load_labels(SET, "heldout"), "the held-out part of the set is missing"
    return evaluate(load_site(REPO / "pelicanconf.py"), SET, "heldout")


@pytest.mark.parametrize("way", WAYS)
def test_heldout_units_all_right_themes_above_090_nothing_refused(heldout, way):
    score = heldout[way]
    assert score.refused == []
    assert score.unit_accuracy == 1.0, score.wrong
    precision, recall, f1 = score.micro
    assert f1 >= 0.9, (precision, recall, score.wrong)
