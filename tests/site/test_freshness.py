"""Freshness reminders: printed in the build summary, never a failure, never in the output."""

from __future__ import annotations

import re

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


def test_reminders_are_shown_once_a_day_and_again_when_they_change(site):
    write(site)
    day = {"COLUMN_TODAY": "2024-03-20"}
    first = site.build(env=day)
    assert len(reminders(first)) == 3
    again = site.build(env=day)  # the preview rebuilding at every save
    assert again.returncode == 0 and reminders(again) == []
    assert reminders(site.build("--verbose", env=day)) == reminders(first)

    site.write("c.md", synthetic_article("丙", date="2024-03-19", themes="抓落实", slug="c"))
    changed = site.build(env=day)  # 抓落实 has an article now: the reminders changed
    assert reminders(changed) == [
        "提醒: 主题“强责任”已 70 天没有新文章（最新一篇 2024-01-10），超过 30 天。"
    ]
    assert reminders(site.build(env={"COLUMN_TODAY": "2024-03-21"}))  # the next day


def test_a_build_ends_with_one_chinese_line_and_no_english_chatter(site):
    write(site)
    result = site.build(env={"COLUMN_TODAY": "2024-03-20"})
    lines = result.stderr.strip().splitlines()
    assert re.fullmatch(r"构建完成：2 篇文章，用时 [\d.]+ 秒 → .*output", lines[-1])
    assert not any(re.search(r"\b(Done|Processed|seconds)\b", line) for line in lines)

    quiet = site.build("--quiet", env={"COLUMN_TODAY": "2025-01-01"})  # reminders due
    quiet_lines = quiet.stderr.strip().splitlines()
    assert len(quiet_lines) == 1 and quiet_lines[0].startswith("构建完成：2 篇文章，")
