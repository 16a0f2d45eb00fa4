"""Tag every article with its reporting unit and its topics.

Order of precedence, for each article:

1. explicit metadata: ``Organization:`` (one unit) and ``Themes:`` (comma-separated);
2. aliases, normalised to the registry's canonical name;
3. inference where the editor gave nothing: the unit from the title, then the lead
   paragraph (earliest, then longest, match of a registered name or alias); the topics from
   the registry's weighted keywords, kept when their score reaches the topic's threshold.

A named but unknown unit or topic, or a unit that can be neither read nor inferred, is a
``Problem``; the build collects them all and stops.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .errors import Problem
from .registry import Registry
from .taxonomy import Topic, Unit

THEME_SEPARATORS = re.compile(r"[,，、;；]")
FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Tagging:
    """How an article's tags were decided, for templates and the build summary.

    ``unit_how`` is ``explicit``, ``alias`` or ``inferred``; ``topics_how`` is ``explicit``
    or ``inferred``. ``unit_given`` keeps what the editor wrote.
    """

    unit_how: str
    unit_given: str
    unit_from: str  # "" / "title" / "lead": where an inferred unit was found
    topics_how: str

    @property
    def inferred(self) -> bool:
        return self.unit_how == "inferred" or self.topics_how == "inferred"


def _plain(html: str) -> str:
    return TAGS.sub("", html)


def lead_paragraph(html: str) -> str:
    match = FIRST_PARAGRAPH.search(html)
    return _plain(match.group(1)) if match else ""


def infer_unit(registry: Registry, title: str, lead: str) -> tuple[str, str] | None:
    """(canonical name, where) of the unit named earliest in the title, else the lead."""
    for where, text in (("title", title), ("lead", lead)):
        match = registry.unit_pattern.search(text)
        if match:
            return registry.unit(match.group(0)).name, where
    return None


def infer_topics(registry: Registry, text: str) -> list[str]:
    """Topics whose weighted keyword count reaches their threshold, in registry order."""
    if not registry.keyword_pattern.pattern:
        return []
    counts = Counter(registry.keyword_pattern.findall(text))
    chosen = []
    for topic in registry.topics:
        score = sum(counts[word] * weight for word, weight in topic.keywords)
        if topic.keywords and score >= topic.threshold:
            chosen.append(topic.name)
    return chosen


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
        if given_unit:
            spec = registry.unit(given_unit)
            if spec is None:
                hint = registry.suggest_unit(given_unit)
                fix = f"您是否想写：{'、'.join(hint)}？" if hint else ""
                fix += f"请改为已登记的单位（{self._known('unit')}），或先在登记表中登记该单位"
                problems.append(Problem(path, "Organization", f"未登记的单位“{given_unit}”", fix))
                unit_name, unit_how = "", ""
            else:
                unit_name = spec.name
                unit_how = "explicit" if given_unit == spec.name else "alias"
        else:
            found = infer_unit(registry, title, lead_paragraph(raw))
            if found is None:
                problems.append(
                    Problem(
                        path,
                        "Organization",
                        "没有填写报送单位，标题和导语中也找不到已登记的单位名称",
                        f"加一行 Organization: 单位名称（已登记：{self._known('unit')}）",
                    )
                )
                unit_name, unit_how = "", ""
            else:
                (unit_name, unit_from), unit_how = found, "inferred"

        given_topics = [t.strip() for t in THEME_SEPARATORS.split(_given(article, "themes"))]
        given_topics = [t for t in given_topics if t]
        if given_topics:
            topic_names, topics_how = [], "explicit"
            for name in given_topics:
                spec = registry.topic(name)
                if spec is None:
                    hint = registry.suggest_topic(name)
                    fix = f"您是否想写：{'、'.join(hint)}？" if hint else ""
                    fix += f"请改为已登记的主题（{self._known('topic')}），或先在登记表中登记"
                    problems.append(Problem(path, "Themes", f"未登记的主题“{name}”", fix))
                elif spec.name not in topic_names:
                    topic_names.append(spec.name)
        else:
            topic_names = infer_topics(registry, f"{title}\n{_plain(raw)}")
            topics_how = "inferred"
            if not topic_names:
                problems.append(
                    Problem(
                        path,
                        "Themes",
                        "没有填写主题，正文中也推断不出主题",
                        f"加一行 Themes: 主题1, 主题2（已登记：{self._known('topic')}）",
                    )
                )

        if problems:
            return problems
        article.unit = self.units[unit_name]
        article.topics = sorted(
            (self.topics[n] for n in topic_names), key=lambda t: self.topic_order[t.name]
        )
        article.tagging = Tagging(unit_how, given_unit, unit_from, topics_how)
        return []
