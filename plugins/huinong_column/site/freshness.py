"""Freshness reminders for the build summary: has the column, or one of its pillars, gone quiet?

Government sites are inspected on how recently they published, so after a successful build
the summary reminds the editors when the column has had nothing new for
``COLUMN_FRESHNESS_DAYS`` days (default 14) and when a pillar (by default the themes named in
the column's name: 讲政治, 转作风, 强责任, 抓落实; or ``COLUMN_PILLARS``) has had nothing new
for ``COLUMN_PILLAR_FRESHNESS_DAYS`` days (default 30).

"Today" is today's date in Asia/Shanghai, unless ``COLUMN_TODAY`` (``YYYY-MM-DD``, from the
environment or the settings) fixes it, so tests and re-runs are repeatable. Reminders are
plain lines in the summary, never log warnings: they never fail a build, not even in strict
mode, and never change the output.

They are shown once a day, and again only when they change (``due``): the last ones shown
and their day are kept in ``CACHE_PATH/huinong/reminders.json``, so a morning of rebuilds
in the preview does not repeat them at every save.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today(settings: dict) -> tuple[date, str]:
    """Today's date and, when ``COLUMN_TODAY`` could not be read, a note saying so."""
    fixed = os.environ.get("COLUMN_TODAY") or settings.get("COLUMN_TODAY")
    now = datetime.now(SHANGHAI).date()
    if not fixed:
        return now, ""
    try:
        return date.fromisoformat(str(fixed)), ""
    except ValueError:
        return now, f"COLUMN_TODAY=“{fixed}”不是 YYYY-MM-DD 日期，已按今天（{now}）计算。"


def pillars(settings: dict, column_name: str, topics: dict) -> list[str]:
    """``COLUMN_PILLARS``, or the registered themes named in the column's name."""
    named = settings.get("COLUMN_PILLARS")
    if named is None:
        named = [word for word in column_name.split() if word in topics]
    return list(named)


def _quiet(newest: date | None, day: date, limit: int) -> int | None:
    """Days since ``newest`` when more than ``limit``, else None."""
    if newest is None:
        return None
    days = (day - newest).days
    return days if days > limit else None


def reminders(articles, settings: dict, column_name: str, topics: dict) -> list[str]:
    """One line per reminder, empty when everything is fresh."""
    day, note = today(settings)
    lines = [note] if note else []
    limit = int(settings.get("COLUMN_FRESHNESS_DAYS", 14))
    pillar_limit = int(settings.get("COLUMN_PILLAR_FRESHNESS_DAYS", 30))
    newest: date | None = None
    newest_by_topic: dict[str, date] = {}
    for article in articles:
        day_of = article.date.date()
        newest = max(newest or day_of, day_of)
        for topic in article.topics:
            newest_by_topic[topic.name] = max(newest_by_topic.get(topic.name, day_of), day_of)
    days = _quiet(newest, day, limit)
    if newest is None:
        lines.append("专栏还没有文章。")
    elif days is not None:
        lines.append(f"专栏已 {days} 天没有新文章（最新一篇 {newest}），超过 {limit} 天。")
    for name in pillars(settings, column_name, topics):
        latest = newest_by_topic.get(name)
        days = _quiet(latest, day, pillar_limit)
        if latest is None:
            lines.append(f"主题“{name}”还没有文章。")
        elif days is not None:
            lines.append(
                f"主题“{name}”已 {days} 天没有新文章（最新一篇 {latest}），超过 {pillar_limit} 天。"
            )
    return lines


def due(lines: list[str], settings: dict) -> bool:
    """Whether to show these reminders: not shown yet today, or not these. Records them."""
    day, _ = today(settings)
    state = Path(settings["CACHE_PATH"], "huinong", "reminders.json")
    shown = {"day": day.isoformat(), "lines": lines}
    try:
        if json.loads(state.read_text(encoding="utf-8")) == shown:
            return False
    except (OSError, ValueError):
        pass  # never shown, or an unreadable record: show them
    try:
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # a read-only cache: shown at every build, as before
    return True
