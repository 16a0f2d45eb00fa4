"""State shared by the plugin's signal handlers, its generator and the build driver.

Pelican creates generators itself and passes them no plugin objects, so the tagger of the
build under way lives here. It is reset at the start of every build.
"""

from __future__ import annotations

from .errors import problems
from .registry import load_registry
from .tagging import Tagger

_tagger: Tagger | None = None
inferred: list[str] = []
articles: list = []  # the published articles, newest first, once they are tagged
reminders: list[str] = []  # freshness reminders for the build summary


def start_build(settings: dict) -> Tagger:
    """Load the registry named by ``COLUMN_REGISTRY`` and forget the previous build."""
    global _tagger
    problems.problems.clear()
    inferred.clear()
    articles.clear()
    reminders.clear()
    _tagger = Tagger(load_registry(settings["COLUMN_REGISTRY"]), settings)
    return _tagger


def current_tagger() -> Tagger:
    if _tagger is None:
        raise RuntimeError("the huinong_column plugin was not initialised")
    return _tagger
