"""Freshness reminders: printed in the build summary, never a failure, never in the output."""

from __future__ import annotations

from conftest import synthetic_article, tree


def write(site):
    site.write(
        "a.md", synthetic_article("甲", date="2024-03-01", themes="讲政治, 转作风", slug="a")
    )
    site.write("b.md", synthetic_article("乙", date="2024-01-10", themes="强责任", slug="b"))


def reminders(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("提醒: ")]


def test_a_quiet_column_and_quiet_pillars_are_reminded_even_in_strict_mode(site):
    write(site)
    result = site.build("--strict", env={"COLUMN_TODAY": "2024-03-20"})
    assert result.returncode == 0, result.stderr
    assert reminders(result) == [
        "提醒: 专栏已 19 天没有新文章（最新一篇 2024-03-01），超过 14 天。",
        "提醒: 主题“强责任”已 70 天没有新文章（最新一篇 2024-01-10），超过 30 天。",
        "提醒: 主题“抓落实”还没有文章。",
    ]
    assert "警告" not in result.stderr


def test_limits_are_settings_and_a_fresh_column_gets_no_reminder(site):
    write(site)
    site.configure(
        COLUMN_FRESHNESS_DAYS=30,
        COLUMN_PILLAR_FRESHNESS_DAYS=100,
        COLUMN_PILLARS=["讲政治", "强责任"],
    )
    result = site.build(env={"COLUMN_TODAY": "2024-03-20"})
    assert result.returncode == 0, result.stderr
    assert reminders(result) == []


def test_reminders_never_change_the_output(site):
    write(site)
    quiet = site.build(env={"COLUMN_TODAY": "2025-01-01"})
    assert reminders(quiet)
    before = tree(quiet.output)
    fresh = site.build(env={"COLUMN_TODAY": "2024-03-02"})
    assert not any(line.startswith("提醒: 专栏") for line in reminders(fresh))
    assert tree(fresh.output) == before


def test_an_unreadable_today_is_a_reminder_not_a_failure(site):
    write(site)
    result = site.build(env={"COLUMN_TODAY": "明天"})
    assert result.returncode == 0, result.stderr
    assert "COLUMN_TODAY=“明天”不是 YYYY-MM-DD 日期" in reminders(result)[0]
