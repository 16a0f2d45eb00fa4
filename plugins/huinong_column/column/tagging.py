"""Tag every article with its reporting unit and its topics.

Order of precedence, for each article:

1. explicit metadata: ``Organization:`` (one unit) and ``Themes:`` (comma-separated);
2. aliases, normalised to the registry's canonical name;
3. inference where the editor gave nothing: the unit from the title, then the lead
   paragraph (earliest, then longest, match of a registered name or alias), then the name
   the body repeats most (unsure: flagged for review); the topics from the lexicon model
   (``inference.py``), which always gives at least the best theme.

A named but unknown unit or topic, or a unit that can be neither read nor inferred, is a
``Problem``; the build collects them all and stops. An unsure guess never stops it: the
article is built and ``Tagging.review`` flags it (待核实), with the evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .errors import Problem
from .inference import TAGS, ThemeModel, Verdict, VerdictMemo, lexicon_path
from .registry import Registry
from .taxonomy import Topic, Unit

THEME_SEPARATORS = re.compile(r"[,，、;；]")
# ``Inferred: Organization, Themes``: tags written by a tool (huinong import), not yet
# confirmed by an editor; ``huinong confirm`` removes the line.
INFERRED_FIELD = "Inferred"
FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


@dataclass(frozen=True)
class Tagging:
    """How an article's tags were decided, for templates and the build summary.

    ``unit_how`` is ``explicit``, ``alias`` or ``inferred``; ``topics_how`` is ``explicit``
    or ``inferred``. ``unit_given`` keeps what the editor wrote. ``review`` is True when a
    guess is unsure (待核实); ``evidence`` has one line per inferred tag, with its
    confidence and the cues that decided it (``转作风 0.82：作风建设×2、工作作风``).
    """

    unit_how: str
    unit_given: str
    unit_from: str  # "" / "title" / "lead" / "body" / "tool" (Inferred: Organization)
    topics_how: str
    review: bool = False
    evidence: tuple[str, ...] = ()

    @property
    def inferred(self) -> bool:
        return self.unit_how == "inferred" or self.topics_how == "inferred"


@dataclass(frozen=True)
class Inference:
    """One article with an inferred tag, for the build summary and the tagging report."""

    path: str
    title: str
    unit: str
    themes: tuple[str, ...]
    tagging: Tagging

    @property
    def summary(self) -> str:
        how = self.tagging
        parts = []
        if how.unit_how == "inferred":
            parts.append(f"单位 {self.unit}（由{UNIT_PLACES[how.unit_from]}推断）")
        if how.topics_how == "inferred":
            parts.append(f"主题 {'、'.join(self.themes) or '无'}（由关键词推断）")
        flag = "【待核实】" if how.review else ""
        return f"{self.path}: {'；'.join(parts)}{flag}"

    def as_json(self) -> dict:
        how = self.tagging
        return {
            "path": self.path,
            "title": self.title,
            "unit": self.unit,
            "unit_how": how.unit_how,
            "unit_from": how.unit_from,
            "themes": list(self.themes),
            "themes_how": how.topics_how,
            "review": how.review,
            "evidence": list(how.evidence),
        }


def _plain(html: str) -> str:
    return TAGS.sub("", html)


def lead_paragraph(html: str) -> str:
    match = FIRST_PARAGRAPH.search(html)
    return _plain(match.group(1)) if match else ""


# How sure an inferred unit is, by where its name was found.
UNIT_CONFIDENCE = {"title": 0.95, "lead": 0.8, "body": 0.5}
UNIT_PLACES = {"title": "标题", "lead": "导语", "body": "正文", "tool": "导入工具"}


def infer_unit(registry: Registry, title: str, lead: str, body: str = "") -> tuple[str, str] | None:
    """(canonical name, where) of the unit named earliest in the title; else of the unit
    the body (lead included) names most often (a narrative names its place first, 在礼和乡的一户
    村民家中，区民政局的工作人员……, and its actor throughout), the earliest on a tie."""
    if not registry.unit_names():
        return None
    match = registry.unit_pattern.search(title)
    if match:
        return registry.unit(match.group(0)).name, "title"
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, found in enumerate(registry.unit_pattern.findall(body or lead)):
        name = registry.unit(found).name
        counts[name] += 1
        first.setdefault(name, index)
    if not counts:
        return None
    name = min(counts, key=lambda n: (-counts[n], first[n]))
    in_lead = {registry.unit(m).name for m in registry.unit_pattern.findall(lead)}
    return name, "lead" if name in in_lead else "body"


def unit_evidence(name: str, where: str) -> str:
    return f"{name} {UNIT_CONFIDENCE[where]:.2f}：{UNIT_PLACES[where]}中的单位名称"


def _given(article, key: str) -> str:
    value = article.metadata.get(key, "")
    if isinstance(value, list):  # a field written on several lines
        value = ",".join(value)
    return str(value).strip()


class Tagger:
    """Resolves names to shared ``Unit``/``Topic`` objects and tags articles."""

    def __init__(self, registry: Registry, settings: dict):
        self.registry = registry
        self.units = {u.name: Unit(u, settings) for u in registry.units}
        self.topics = {t.name: Topic(t, settings) for t in registry.topics}
        self.topic_order = {t.name: i for i, t in enumerate(registry.topics)}
        self.model = ThemeModel.load(registry, lexicon_path(registry.path, settings))
        self.memo: VerdictMemo | None = None  # the build's: verdicts kept between builds

    def infer_topics(self, title: str, html: str) -> Verdict:
        if self.memo is not None:
            return self.memo.infer(title, html)
        return self.model.infer(title, html)

    def _unregistered(self, kind: str, name: str, path: str) -> Problem:
        """A named unit or theme the registry does not know, with the closest names."""
        unit = kind == "unit"
        hint = (self.registry.suggest_unit if unit else self.registry.suggest_topic)(name)
        word = "单位" if unit else "主题"
        fix = f"您是否想写：{'、'.join(hint)}？" if hint else ""
        fix += f"请改为已登记的{word}（{self._known(kind)}），或先在登记表中登记该{word}"
        field = "Organization" if unit else "Themes"
        return Problem(path, field, f"未登记的{word}“{name}”", fix)

    def _known(self, kind: str) -> str:
        names = self.units if kind == "unit" else self.topics
        return "、".join(names)

    def tag(self, article, path: str) -> list[Problem]:
        """Set ``article.unit``, ``article.topics`` and ``article.tagging``."""
        problems: list[Problem] = []
        registry = self.registry
        title = str(getattr(article, "title", ""))
        raw = article._content or ""

        given_unit = _given(article, "organization")
        unit_from = ""
        review, evidence = False, []
        guessed = {f.strip().lower() for f in THEME_SEPARATORS.split(_given(article, "inferred"))}
        if given_unit:
            spec = registry.unit(given_unit)
            if spec is None:
                problems.append(self._unregistered("unit", given_unit, path))
                unit_name, unit_how = "", ""
            else:
                unit_name = spec.name
                unit_how = "explicit" if given_unit == spec.name else "alias"
                if "organization" in guessed:
                    unit_how, unit_from = "inferred", "tool"
                    evidence.append(f"单位 {unit_name}：导入时推断，尚未确认")
        else:
            found = infer_unit(registry, title, lead_paragraph(raw), _plain(raw))
            if found is None:
                problems.append(
                    Problem(
                        path,
                        "Organization",
                        "没有填写报送单位，标题和正文中也找不到已登记的单位名称",
                        f"加一行 Organization: 单位名称（已登记：{self._known('unit')}）",
                    )
                )
                unit_name, unit_how = "", ""
            else:
                (unit_name, unit_from), unit_how = found, "inferred"
                review = unit_from == "body"
                evidence.append(f"单位 {unit_evidence(unit_name, unit_from)}")

        given_topics = [t.strip() for t in THEME_SEPARATORS.split(_given(article, "themes"))]
        given_topics = [t for t in given_topics if t]
        if given_topics:
            topic_names, topics_how = [], "explicit"
            if "themes" in guessed:
                topics_how = "inferred"
                verdict = self.infer_topics(title, raw)
                review = review or verdict.review
                scored = {g.theme: g for g in verdict.guesses}
                evidence += [f"主题 {scored[n].evidence}" for n in given_topics if n in scored]
            for name in given_topics:
                spec = registry.topic(name)
                if spec is None:
                    problems.append(self._unregistered("topic", name, path))
                elif spec.name not in topic_names:
                    topic_names.append(spec.name)
        else:
            verdict = self.infer_topics(title, raw)
            topic_names, topics_how = list(verdict.themes), "inferred"
            review = review or verdict.review
            evidence += [f"主题 {g.evidence}" for g in verdict.kept]
            if not topic_names:
                evidence.append("主题 没有任何线索：请写明 Themes:")

        if problems:
            return problems
        article.unit = self.units[unit_name]
        article.topics = sorted(
            (self.topics[n] for n in topic_names), key=lambda t: self.topic_order[t.name]
        )
        article.tagging = Tagging(
            unit_how, given_unit, unit_from, topics_how, review, tuple(evidence)
        )
        return []
