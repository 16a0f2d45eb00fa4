"""The column's registry: the column, its reporting units (单位) and its themes (主题).

One TOML file (``data/column.toml``), edited by hand, is the single source of truth. This
module loads it, validates it and answers name look-ups. A mistake in the file stops the
build with one line naming the entry and the fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import ColumnError, Problem, did_you_mean

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class UnitSpec:
    name: str
    slug: str
    aliases: tuple[str, ...] = ()
    parent: str = ""
    description: str = ""
    order: int = 0


@dataclass(frozen=True)
class TopicSpec:
    name: str
    slug: str
    description: str = ""
    order: int = 0
    threshold: int = 1
    keywords: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    site_name: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    intro_title: str = ""
    intro: tuple[str, ...] = ()  # paragraphs


@dataclass(frozen=True)
class Registry:
    path: str
    column: ColumnSpec
    units: tuple[UnitSpec, ...]
    topics: tuple[TopicSpec, ...]
    _unit_names: dict[str, UnitSpec] = field(default_factory=dict, compare=False)
    _topic_names: dict[str, TopicSpec] = field(default_factory=dict, compare=False)

    def unit(self, name: str) -> UnitSpec | None:
        """The unit a name or alias refers to, or None."""
        return self._unit_names.get(name.strip())

    def topic(self, name: str) -> TopicSpec | None:
        return self._topic_names.get(name.strip())

    def unit_names(self) -> list[str]:
        return sorted(self._unit_names)

    def topic_names(self) -> list[str]:
        return sorted(self._topic_names)

    def suggest_unit(self, name: str) -> list[str]:
        """Canonical names closest to a mistyped unit name."""
        hits = did_you_mean(name, self._unit_names)
        return list(dict.fromkeys(self._unit_names[h].name for h in hits))

    def suggest_topic(self, name: str) -> list[str]:
        hits = did_you_mean(name, self._topic_names)
        return list(dict.fromkeys(self._topic_names[h].name for h in hits))

    @cached_property
    def unit_pattern(self) -> re.Pattern[str]:
        """Every unit name and alias, longest first, so that the leftmost match is also
        the longest one starting there."""
        names = sorted(self._unit_names, key=lambda n: (-len(n), n))
        return re.compile("|".join(map(re.escape, names)))


def _text(entry: dict, key: str, where: str, path: str, problems: list[Problem]) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        problems.append(Problem(path, where, f"{key} 应当是文字", f'写成 {key} = "…"'))
        return ""
    return value.strip()


def _int(entry: dict, key: str, default: int, where: str, path: str, problems) -> int:
    value = entry.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(Problem(path, where, f"{key} 应当是整数", f"写成 {key} = 10"))
        return default
    return value


def _check_slug(slug: str, where: str, path: str, seen: dict, problems: list[Problem]) -> None:
    if not SLUG_RE.match(slug):
        problems.append(
            Problem(
                path,
                where,
                f"slug “{slug}” 不是小写拼音加连字符",
                '写成 slug = "huinong-tuanwei" 这样的形式',
            )
        )
    elif slug in seen:
        problems.append(
            Problem(path, where, f"slug “{slug}” 与 {seen[slug]} 重复", "每个 slug 须唯一")
        )
    else:
        seen[slug] = where


def load_registry(path: str | Path) -> Registry:
    """Read and validate the registry; raise ColumnError listing every problem found."""
    path = str(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ColumnError(
            [Problem(path, "登记表", "文件不存在", "在 pelicanconf.py 的 COLUMN_REGISTRY 指向它")]
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ColumnError(
            [Problem(path, "登记表", f"不是有效的 TOML：{exc}", "按错误位置修正语法")]
        ) from None
    return registry_from(data, path)


def registry_from(data: dict, path: str) -> Registry:
    """Validate a registry's parsed TOML (``path`` names it in messages)."""
    problems: list[Problem] = []
    col = data.get("column", {})
    column = ColumnSpec(
        name=_text(col, "name", "[column]", path, problems),
        site_name=_text(col, "site_name", "[column]", path, problems),
        description=_text(col, "description", "[column]", path, problems),
        keywords=tuple(col.get("keywords", ())),
        intro_title=_text(col, "intro_title", "[column]", path, problems),
        intro=tuple(p.strip() for p in str(col.get("intro", "")).split("\n") if p.strip()),
    )
    if not column.name:
        problems.append(Problem(path, "[column]", "缺少专栏名称 name", '加上 name = "…"'))

    slugs: dict[str, str] = {}
    names: dict[str, UnitSpec] = {}
    claimed: dict[str, str] = {}
    units: list[UnitSpec] = []
    for entry in data.get("units", []):
        name = _text(entry, "name", "[[units]]", path, problems)
        where = f"单位“{name}”"
        if not name:
            problems.append(Problem(path, "[[units]]", "有一个单位缺少 name", '加上 name = "…"'))
            continue
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(path, where, "aliases 应当是文字列表", 'aliases = ["…"]'))
            aliases = []
        unit = UnitSpec(
            name=name,
            slug=_text(entry, "slug", where, path, problems),
            aliases=tuple(a.strip() for a in aliases if a.strip()),
            parent=_text(entry, "parent", where, path, problems),
            description=_text(entry, "description", where, path, problems),
            order=_int(entry, "order", 0, where, path, problems),
        )
        _check_slug(unit.slug, where, path, slugs, problems)
        for label in (unit.name, *unit.aliases):
            if label in claimed and claimed[label] != unit.name:
                problems.append(
                    Problem(
                        path,
                        where,
                        f"名称或别名“{label}”已属于单位“{claimed[label]}”",
                        "一个别名只能属于一个单位，请删去其中一处",
                    )
                )
            claimed[label] = unit.name
            names[label] = unit
        units.append(unit)

    canonical = {u.name for u in units}
    for unit in units:
        if unit.parent and unit.parent not in canonical:
            hint = did_you_mean(unit.parent, canonical)
            fix = f"您是否想写：{'、'.join(hint)}？" if hint else "先登记该上级单位"
            problems.append(
                Problem(path, f"单位“{unit.name}”", f"上级单位“{unit.parent}”未登记", fix)
            )

    topic_slugs: dict[str, str] = {}
    topics: list[TopicSpec] = []
    topic_names: dict[str, TopicSpec] = {}
    for entry in data.get("themes", []):
        name = _text(entry, "name", "[[themes]]", path, problems)
        where = f"主题“{name}”"
        if not name:
            problems.append(Problem(path, "[[themes]]", "有一个主题缺少 name", '加上 name = "…"'))
            continue
        keywords = entry.get("keywords", {})
        if not isinstance(keywords, dict) or not all(
            isinstance(w, int) and not isinstance(w, bool) for w in keywords.values()
        ):
            problems.append(
                Problem(path, where, "keywords 应当是“词 = 权重”", 'keywords = { "志愿者" = 2 }')
            )
            keywords = {}
        topic = TopicSpec(
            name=name,
            slug=_text(entry, "slug", where, path, problems),
            description=_text(entry, "description", where, path, problems),
            order=_int(entry, "order", 0, where, path, problems),
            threshold=_int(entry, "threshold", 1, where, path, problems),
            keywords=tuple(sorted(keywords.items())),
        )
        _check_slug(topic.slug, where, path, topic_slugs, problems)
        if name in topic_names:
            problems.append(Problem(path, where, "主题名称重复", "每个主题只登记一次"))
        topic_names[name] = topic
        topics.append(topic)

    if problems:
        raise ColumnError(problems)
    return Registry(
        path=path,
        column=column,
        units=tuple(sorted(units, key=lambda u: (u.order, u.slug))),
        topics=tuple(sorted(topics, key=lambda t: (t.order, t.slug))),
        _unit_names=names,
        _topic_names=topic_names,
    )
