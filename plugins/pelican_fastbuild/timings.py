"""Where a build spends its time, phase by phase, for ``huinong build --timings FILE``.

Phases are wall-clock spans measured where they happen: ``read`` (finding, converting and
loading every file into Pelican's context), ``tagging``, ``output`` (rendering and writing
every page, feed and static file), ``search`` (the search index, for whichever step builds
it: wrap it in ``phase("search")``) and ``finish`` (plugin steps after the output, and the
swap into place). Inside ``output``, the rendering workers also report CPU seconds spent in
templates and in writing files. The benchmark reads the JSON ``write`` produces.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from contextlib import contextmanager

PHASES = ("setup", "read", "tagging", "output", "search", "finish")


class Timings:
    """One build's phases and counts; it starts counting when it is made."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.counts: dict[str, float] = defaultdict(float)
        self.marks: dict[str, float] = {}
        self.mark("start")

    def mark(self, name: str) -> None:
        """Remember when a named moment of the build happened."""
        self.marks[name] = time.perf_counter()

    def since(self, name: str) -> float:
        now = time.perf_counter()
        return now - self.marks.get(name, now)

    def add(self, name: str, seconds: float) -> None:
        self.wall[name] += seconds

    def remainder(self, name: str, start: str, *others: str) -> None:
        """Record as ``name`` the time since mark ``start`` not already spent in ``others``."""
        self.add(name, self.since(start) - sum(self.wall.get(other, 0.0) for other in others))

    def count(self, name: str, amount: float) -> None:
        """Add to a figure that is not a phase: pages rendered, CPU seconds in workers…"""
        self.counts[name] += amount

    @contextmanager
    def phase(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.wall[name] += time.perf_counter() - started

    def report(self) -> dict:
        wall = self.wall
        phases = {name: (round(wall[name], 3) if name in wall else None) for name in PHASES}
        extra = {k: round(v, 3) for k, v in wall.items() if k not in PHASES}
        return {
            "phases": phases,
            "other_phases": dict(sorted(extra.items())),
            "counts": {k: round(v, 3) for k, v in sorted(self.counts.items())},
            "total": round(self.since("start"), 3),
        }

    def write(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.report(), fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
