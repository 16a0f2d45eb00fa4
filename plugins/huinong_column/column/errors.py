"""Errors an editor can act on.

Every problem with the content or the registry becomes one line that names the file, the
field, what is wrong and how to fix it. The build driver prints those lines and exits
non-zero; no traceback is ever shown for an editor's mistake.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one file: where, which field, what is wrong, how to fix it."""

    path: str
    field: str
    message: str
    fix: str = ""
    line: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}"
        return f"{text} 修改办法：{self.fix}" if self.fix else text


def display_path(path: str) -> str:
    """The path as an editor sees it: relative to the working folder when inside it."""
    cwd = os.getcwd() + os.sep
    if os.path.isabs(path) and path.startswith(cwd):  # relpath's answer, 5× faster
        return path[len(cwd) :]
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


class ColumnError(Exception):
    """Raised when the build must stop; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]):
        # Once each (the reader and the rulebook may both see one), in reading order.
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Closest registered names to a mistyped one, best first, for "did you mean" hints.

    Names that contain the value (or are contained in it) come first: editors often type a
    short or a long form of a unit's name.
    """
    choices = sorted(set(choices))
    close = difflib.get_close_matches(value, choices, n=limit, cutoff=0.5)
    contained = [c for c in choices if value and (value in c or c in value)]
    ranked = list(dict.fromkeys(contained + close))
    return ranked[:limit]


class ProblemLog:
    """Collects problems found while Pelican reads files, so that one build reports all."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def raise_if_any(self) -> None:
        if self.problems:
            problems, self.problems = self.problems, []
            raise ColumnError(problems)
