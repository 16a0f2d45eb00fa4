"""One rulebook: what ``huinong check`` reports, ``make html`` and ``make publish`` report in
the same words at the same ``文件:行``. An error fails all three; a warning fails only the
strict publish; a failed build or publish leaves the previous output as it was."""

from __future__ import annotations

import re

import pytest

from conftest import synthetic_article
from desk_support import huinong

ENV = {"SITEURL": "https://hnqf.example.org", "COLUMN_TODAY": "2024-06-01"}
SETTINGS = ("-s", "synthetic_settings.py")

# Each mistake the issue saw pass a build, with the line and words every tool must give.
ERRORS = {
    "future.md": (
        synthetic_article("未来日期", date="2027-03-01", slug="future"),
        "future.md:2: Date: 日期 2027-03-01 晚于今天（2024-06-01）",
    ),
    "scaffold.md": (
        synthetic_article("模板", "（在这里写导语：哪个单位、什么时间。）", slug="scaffold"),
        "scaffold.md:8: 正文: 这一行还是 huinong new 留下的提示文字",
    ),
    "image.md": (
        synthetic_article("缺图", "![合成图片]({static}/images/missing.png)", slug="image"),
        "image.md:8: 图片: 图片“{static}/images/missing.png”找不到（content/images/missing.png）",
    ),
    "attachment.md": (
        synthetic_article("缺附件", "见[合成附件]({attach}/files/missing.pdf)。", slug="att"),
        "attachment.md:8: 链接: 链接“{attach}/files/missing.pdf”指向的文件不存在",
    ),
    "link.md": (
        synthetic_article("断链", "见[另一篇](/articles/no-such/)。", slug="link"),
        "link.md:8: 链接: 站内链接“/articles/no-such/”指向的页面不存在",
    ),
    "unit.md": (
        synthetic_article("未知单位", organization="示例团委", slug="unit"),
        "unit.md:4: Organization: 未登记的单位“示例团委” 修改办法：您是否想写：示例区团委",
    ),
    "colon.md": (
        "Title：【测试】全角冒号\nDate: 2024-03-01\nOrganization: 示例区团委\nThemes: 讲政治\n\n"
        "合成正文。\n",
        "colon.md:1: Title: 字段名后用了全角冒号“：” 修改办法：改成半角冒号加空格：Title: …",
    ),
}
WARNINGS = {
    "punctuation.md": (
        synthetic_article("标点", '合成正文,他说:"好!"大家走了.', slug="punct"),
        "punctuation.md:8: 标点: 中文之间用了半角标点：",
    ),
    "long.md": (
        synthetic_article("很长的标题" * 9, slug="long"),
        "long.md:1: Title: 标题有 49 个字，超过 40 个字",
    ),
    "html.md": (
        synthetic_article("标签", "合成正文。<script>alert(1)</script>", slug="html"),
        "html.md:8: 正文: 正文里有 HTML 标签“<script>”",
    ),
}


def lines_of(text: str, prefix: str) -> list[str]:
    return sorted(
        line.removeprefix(prefix) for line in text.splitlines() if line.startswith(prefix)
    )


def check_lines(site, level: str) -> list[str]:
    """``huinong check``'s findings of one level, written the way a build writes them."""
    result = huinong("check", *SETTINGS, cwd=site.root)
    assert "Traceback" not in result.stdout + result.stderr
    found = [x for x in result.stdout.splitlines() if f": {level}: " in x]
    return sorted(x.replace(f": {level}: ", ": ", 1) for x in found)


@pytest.fixture
def good_site(site, monkeypatch):
    monkeypatch.setenv("COLUMN_TODAY", ENV["COLUMN_TODAY"])
    site.write("good.md", synthetic_article("正常文章", slug="good"))
    assert site.build(env=ENV).returncode == 0
    return site


def test_every_error_check_reports_fails_the_build_and_the_publish_in_the_same_words(good_site):
    site = good_site
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    for name, (text, _) in ERRORS.items():
        site.write(name, text)

    errors = check_lines(site, "error")
    for _, wanted in ERRORS.values():
        assert sum(wanted in line for line in errors) == 1, (wanted, errors)
    assert len(errors) == len(ERRORS)  # no cascade: one line per mistake

    built = site.build(env=ENV)
    assert built.returncode == 1
    assert lines_of(built.stderr, "错误: ") == errors
    assert "Errno" not in built.stderr and "Traceback" not in built.stderr
    assert {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()} == before

    published = site.publish(env=ENV)
    assert published.returncode == 1
    assert lines_of(published.stderr, "错误: ") == errors
    assert "发布失败" in published.stderr and not (site.root / "public").exists()


def test_a_warning_is_shown_by_every_build_and_fails_only_the_publish(good_site):
    site = good_site
    for name, (text, _) in WARNINGS.items():
        site.write(name, text)
    registry = site.root / "column.toml"  # the 开栏语 with an ASCII comma
    registry.write_text(registry.read_text("utf-8").replace("开栏语，仅", "开栏语,仅"), "utf-8")

    warnings = check_lines(site, "warning")
    for _, wanted in [
        *WARNINGS.values(),
        (None, "column.toml:7: 开栏语: 开栏语中文之间用了半角标点"),
    ]:
        assert sum(wanted in line for line in warnings) == 1, (wanted, warnings)
    assert all("修改办法：" in line for line in warnings)

    built = site.build(env=ENV)
    assert built.returncode == 0, built.stderr
    assert lines_of(built.stderr, "警告: ") == warnings
    assert re.search(r"构建完成：\d+ 篇文章（0 个错误，\d+ 个警告）", built.stderr)

    published = site.publish(env=ENV)
    assert published.returncode == 1
    assert lines_of(published.stderr, "警告: ") == warnings
    assert "huinong check --fix" in published.stderr  # the command that fixes punctuation
    assert "（发布要求没有警告）" in published.stderr and "发布失败" in published.stderr

    # The project's own --fix clears the punctuation; the other warnings need an editor.
    assert huinong("check", *SETTINGS, "--fix", cwd=site.root).returncode == 0
    left = check_lines(site, "warning")
    assert [x for x in left if "标点" in x] == []
    assert len(left) == 2  # the long title and the raw HTML
