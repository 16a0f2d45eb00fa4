"""信息报送统计: the tables, the chart and the CSV agree with counts made from the fixtures."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from conftest import SyntheticSite, synthetic_article

UNITS = ["示例区委", "示例区团委", "示例区就业局"]
TOPICS = ["讲政治", "转作风", "强责任", "抓落实", "志愿服务"]
# (unit, themes, date): the newest is in 2024-03, one is older than a 3-month period.
FIXTURES = [
    ("示例区团委", ["讲政治", "志愿服务"], "2024-03-02"),
    ("示例区团委", ["转作风"], "2024-03-28"),
    ("示例区就业局", ["强责任"], "2024-03-10"),
    ("示例区团委", ["讲政治"], "2024-02-01"),
    ("示例区委", ["抓落实", "讲政治"], "2024-02-29"),
    ("示例区就业局", ["转作风"], "2024-01-15"),
    ("示例区就业局", ["志愿服务"], "2024-01-16"),
    ("示例区就业局", ["强责任"], "2023-12-31"),
    ("示例区委", ["讲政治"], "2022-06-01"),
]


def expected(months: list[str]):
    """Counts per (unit, month) and (theme, month), straight from FIXTURES."""
    units, topics = Counter(), Counter()
    for unit, themes, date in FIXTURES:
        units[unit, date[:7]] += 1
        for theme in themes:
            topics[theme, date[:7]] += 1
    unit_rows = {u: [units[u, m] for m in months] for u in UNITS}
    topic_rows = {t: [topics[t, m] for m in months] for t in TOPICS}
    return unit_rows, topic_rows


def build(root, **settings):
    site = SyntheticSite(root)
    site.configure(**settings)
    for i, (unit, themes, date) in enumerate(FIXTURES):
        site.write(
            f"s{i}.md",
            synthetic_article(
                f"统计{i}", organization=unit, themes=", ".join(themes), date=date, slug=f"s{i}"
            ),
        )
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def table(page, caption: str) -> tuple[list[str], dict[str, list[int]]]:
    found = next(t for t in page.select("table") if t.caption.get_text() == caption)
    months = [th.get_text() for th in found.thead.select("th")][1:-1]
    rows = {}
    for tr in found.tbody.select("tr"):
        cells = [int(td.get_text()) for td in tr.select("td")]
        assert cells[-1] == sum(cells[:-1])  # 合计
        rows[tr.th.get_text()] = cells[:-1]
    return months, rows


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("stats") / "site", COLUMN_STATS_MONTHS=4)


def test_tables_match_counts_made_from_the_fixtures(built):
    page = built.page("stats/")
    months = ["2023-12", "2024-01", "2024-02", "2024-03"]  # 4 months ending with the newest
    units, topics = expected(months)
    assert table(page, "各单位每月报送篇数") == (months, units)
    assert table(page, "各主题每月篇数") == (months, topics)
    totals = [int(td.get_text()) for td in page.select("tfoot td")]
    assert totals == [1, 2, 2, 3, 8]
    assert "本月指 2024-03（最新一篇文章所在的月份）" in page.get_text()


def test_csv_carries_the_same_figures(built):
    page = built.page("stats/")
    link = page.find("a", string="下载统计数据（CSV）")
    data = (built.output / "stats" / link["href"].rsplit("/", 1)[1]).read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    months = ["2023-12", "2024-01", "2024-02", "2024-03"]
    assert rows[0] == ["类别", "名称", *months, "合计"]
    units, topics = expected(months)
    for kind, expected_rows in (("单位", units), ("主题", topics)):
        got = {r[1]: [int(x) for x in r[2:-1]] for r in rows[1:] if r[0] == kind}
        assert got == expected_rows
    assert rows[-1] == ["合计", "全部文章", "1", "2", "2", "3", "8"]


def test_ranking_and_units_silent_this_month(built):
    page = built.page("stats/")
    ranking = page.find("table", id="ranking-table")
    rows = [
        [c.get_text() for c in tr.find_all(["td", "th"])] for tr in ranking.tbody.find_all("tr")
    ]
    # over the period: 就业局 4 (12-31, 01-15, 01-16, 03-10), 团委 3, 区委 1 (2022 is outside)
    assert rows == [["1", "示例区就业局", "4"], ["2", "示例区团委", "3"], ["3", "示例区委", "1"]]
    silent = [li.get_text() for li in page.select(".silent-units li")]
    assert silent == ["示例区委"]


def test_charts_are_drawn_at_build_time_and_labelled(built):
    page = built.page("stats/")
    charts = page.select("svg.bar-chart")
    assert len(charts) == 2
    for chart in charts:
        assert chart["role"] == "img"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert chart.find("title", id=title_id).get_text()
        assert chart.find("desc", id=desc_id).get_text()
    bars = {
        g.select_one(".bar-label").get_text(): int(g.select_one(".bar-value").get_text())
        for g in charts[0].select("g")
    }
    assert bars == {"示例区就业局": 4, "示例区团委": 3, "示例区委": 1}
    # drawn at build time: no chart library, only the site's own deferred script
    assert [script["src"].rsplit("/", 1)[-1] for script in page.find_all("script")] == ["site.js"]


def test_this_month_can_be_fixed_by_a_setting(tmp_path):
    result = build(tmp_path / "site", COLUMN_STATS_MONTHS=2, COLUMN_STATS_MONTH="2024-01")
    page = result.page("stats/")
    months = ["2023-12", "2024-01"]
    assert table(page, "各单位每月报送篇数") == (months, expected(months)[0])
    assert "本月指 2024-01（由设置 COLUMN_STATS_MONTH 指定）" in page.get_text()
    assert [li.get_text() for li in page.select(".silent-units li")] == ["示例区委", "示例区团委"]


def test_a_bad_month_setting_is_one_clear_line(tmp_path):
    site = SyntheticSite(tmp_path / "site")
    site.configure(COLUMN_STATS_MONTH="2024-13")
    site.write("a.md", synthetic_article("甲", slug="a"))
    result = site.build()
    assert result.returncode == 1
    assert "COLUMN_STATS_MONTH: “2024-13”不是年月" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_host_unit_is_never_listed_as_not_reporting(tmp_path):
    """主办单位 runs the site; it is not one of the units expected to report each month."""
    result = build(tmp_path / "site", COLUMN_STATS_MONTHS=4, FOOTER_SPONSOR="示例区委")
    page = result.page("stats/")
    assert [li.get_text() for li in page.select(".silent-units li")] == []
    assert page.select_one("#ranking-table").find("th", string="示例区委")
