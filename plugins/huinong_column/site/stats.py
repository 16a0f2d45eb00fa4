"""信息报送统计: how many articles each unit and each theme reported, month by month.

``StatsGenerator`` writes ``STATS_SAVE_AS`` (template ``stats.html``) and the same figures
as CSV (``STATS_CSV_SAVE_AS``): articles per unit and per theme for every month of the
period, a ranking of the units over the period, and the units with no article in 本月.

本月 ("this month") is ``COLUMN_STATS_MONTH`` (``YYYY-MM``) when it is set, otherwise the
month of the newest article. It never comes from the clock, so the page and the CSV are
the same whenever the site is built. The period is the ``COLUMN_STATS_MONTHS`` months that
end with 本月. Counting is one pass over the articles.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import Counter
from dataclasses import dataclass

from pelican.generators import Generator

from ..column.errors import ColumnError, Problem
from ..column.state import column_build

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass
class Row:
    """One unit or theme: its articles in each month of the period, and their sum."""

    term: object
    counts: list[int]
    has_page: bool  # units and themes without any article have no page to link to

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int


@dataclass
class Chart:
    """A horizontal bar chart laid out at build time; the template draws it as SVG."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


@dataclass
class Stats:
    month: str
    month_from_setting: bool
    months: list[str]
    units: list[Row]
    topics: list[Row]
    ranking: list[tuple[int, Row]]
    silent: list[object]
    monthly_totals: list[int]


def months_ending(month: str, span: int) -> list[str]:
    """The ``span`` months up to and including ``month``, oldest first."""
    year, number = int(month[:4]), int(month[5:])
    index = year * 12 + number - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - span + 1, index + 1)]


def rank(rows: list[Row]) -> list[tuple[int, Row]]:
    """Rows by total, highest first; equal totals share a rank and keep registry order."""
    ordered = sorted(rows, key=lambda row: -row.total)  # stable: registry order breaks ties
    ranked, previous, place = [], None, 0
    for position, row in enumerate(ordered, start=1):
        if row.total != previous:
            place, previous = position, row.total
        ranked.append((place, row))
    return ranked


def compute(
    articles, units: dict, topics: dict, month: str | None, span: int, host: str = ""
) -> Stats:
    """Count the articles per unit and per theme for each month of the period.

    ``host`` (主办单位) runs the site rather than reporting to it: it is never listed among
    the units that have not reported.
    """
    per_unit: Counter = Counter()
    per_topic: Counter = Counter()
    newest = ""
    seen = set()
    for article in articles:
        key = f"{article.date.year:04d}-{article.date.month:02d}"  # not Pelican's slow strftime
        newest = max(newest, key)
        per_unit[article.unit.name, key] += 1
        seen.add(article.unit.name)
        for topic in article.topics:
            per_topic[topic.name, key] += 1
            seen.add(topic.name)
    this_month = month or newest
    months = months_ending(this_month, span) if this_month else []
    unit_rows = [Row(u, [per_unit[n, m] for m in months], n in seen) for n, u in units.items()]
    topic_rows = [Row(t, [per_topic[n, m] for m in months], n in seen) for n, t in topics.items()]
    totals = [sum(row.counts[i] for row in unit_rows) for i in range(len(months))]
    silent = [
        row.term
        for row in unit_rows
        if row.term.name != host and (not months or row.counts[-1] == 0)
    ]
    return Stats(
        this_month, bool(month), months, unit_rows, topic_rows, rank(unit_rows), silent, totals
    )


def bar_chart(items: list[tuple[str, int]], width: int = 360, bar_height: int = 28) -> Chart:
    """Lay out one bar per (label, value); the longest bar fills the plot area.

    360 units wide: a phone shows the chart at about its own size, so its 16px labels stay
    16px (at 640 they shrank to 8px); a wider screen scales it up.
    """
    label_width, value_room, gap = 128, 40, 8
    plot = width - label_width - value_room
    most = max((value for _, value in items), default=0) or 1
    bars = [
        Bar(label, value, i * (bar_height + gap), round(plot * value / most))
        for i, (label, value) in enumerate(items)
    ]
    height = max(len(items) * (bar_height + gap) - gap, bar_height)
    return Chart(bars, width, height, label_width, bar_height)


def to_csv(stats: Stats) -> str:
    """The tables of the page as CSV: one row per unit and per theme, then the totals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["类别", "名称", *stats.months, "合计"])
    for kind, rows in (("单位", stats.units), ("主题", stats.topics)):
        for row in rows:
            writer.writerow([kind, row.term.name, *row.counts, row.total])
    writer.writerow(["合计", "全部文章", *stats.monthly_totals, sum(stats.monthly_totals)])
    return out.getvalue()


def stats_month(settings: dict) -> str | None:
    """``COLUMN_STATS_MONTH`` checked, or None to use the newest article's month."""
    month = settings.get("COLUMN_STATS_MONTH")
    if month and not MONTH.match(str(month)):
        raise ColumnError(
            [
                Problem(
                    "pelicanconf.py",
                    "COLUMN_STATS_MONTH",
                    f"“{month}”不是年月",
                    "写成 2021-11 这样的“年-月”，或删去此设置（默认取最新文章所在月份）",
                )
            ]
        )
    return str(month) if month else None


class StatsGenerator(Generator):
    """Writes the statistics page and its CSV."""

    def generate_context(self):
        tagger = column_build(self.settings).tagger
        self.stats = compute(
            self.context.get("articles", []),
            tagger.units,
            tagger.topics,
            stats_month(self.settings),
            int(self.settings.get("COLUMN_STATS_MONTHS", 12)),
            self.settings.get("FOOTER_SPONSOR", ""),
        )

    def generate_output(self, writer):
        stats = self.stats
        period = f"{stats.months[0]} 至 {stats.months[-1]}" if stats.months else ""
        writer.write_file(
            self.settings["STATS_SAVE_AS"],
            self.get_template("stats"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["STATS_URL"],
            template_name="stats",
            page_name=self.settings["STATS_SAVE_AS"].rsplit(".", 1)[0],
            stats=stats,
            period=period,
            ranking_chart=bar_chart([(row.term.name, row.total) for _, row in stats.ranking]),
            monthly_chart=bar_chart(list(zip(stats.months, stats.monthly_totals, strict=True))),
        )
        # Pages may be rendered later, by the parallel writer: the folder may not exist yet.
        path = os.path.join(self.output_path, self.settings["STATS_CSV_SAVE_AS"])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(to_csv(stats))
