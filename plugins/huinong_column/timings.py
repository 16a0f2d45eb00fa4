"""Where a build spends its time, phase by phase, for ``huinong build --timings FILE``.

Phases are wall-clock spans measured where they happen: ``read`` (finding, converting and
loading every file into Pelican's context), ``tagging``, ``output`` (rendering and writing
every page, feed and static file), ``search`` (the search index, for whichever step builds
it: wrap it in ``phase("search")``) and ``finish`` (plugin steps after the output, and the
swap into place). Inside ``output``, the rendering workers also report CPU seconds spent in
templates and in writing files. The benchmark reads the JSON this module writes.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from contextlib import contextmanager

PHASES = ("setup", "read", "tagging", "output", "search", "finish")

_wall: dict[str, float] = defaultdict(float)
_counts: dict[str, float] = defaultdict(float)
_marks: dict[str, float] = {}


def reset() -> None:
    _wall.clear()
    _counts.clear()
    _marks.clear()
    mark("start")


def mark(name: str) -> None:
    """Remember when a named moment of the build happened."""
    _marks[name] = time.perf_counter()


def since(name: str) -> float:
    return time.perf_counter() - _marks.get(name, time.perf_counter())


def add(name: str, seconds: float) -> None:
    _wall[name] += seconds


def remainder(name: str, start: str, *others: str) -> None:
    """Record as ``name`` the time since mark ``start`` not already spent in ``others``."""
    add(name, since(start) - sum(_wall.get(other, 0.0) for other in others))


def count(name: str, amount: float) -> None:
    """Add to a figure that is not a phase: pages rendered, CPU seconds in workers…"""
    _counts[name] += amount


@contextmanager
def phase(name: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        _wall[name] += time.perf_counter() - started


def report() -> dict:
    phases = {name: (round(_wall[name], 3) if name in _wall else None) for name in PHASES}
    extra = {k: round(v, 3) for k, v in _wall.items() if k not in PHASES}
    return {
        "phases": phases,
        "other_phases": dict(sorted(extra.items())),
        "counts": {k: round(v, 3) for k, v in sorted(_counts.items())},
        "total": round(since("start"), 3),
    }


def write(path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(report(), fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.write("\n")
