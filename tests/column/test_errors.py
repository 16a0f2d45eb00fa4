"""Bad input: one clear line naming the file, exit non-zero, previous output intact."""

from __future__ import annotations

import pytest

from conftest import synthetic_article

GOOD = synthetic_article("正常文章", slug="good")

BAD_INPUTS = {
    "unknown-unit": (
        synthetic_article("未知单位", organization="示例团委", slug="x"),
        ["bad.md", "Organization", "未登记的单位“示例团委”", "您是否想写：示例区团委"],
    ),
    "unknown-theme": (
        synthetic_article("未知主题", themes="讲政治, 转做风", slug="x"),
        ["bad.md", "Themes", "未登记的主题“转做风”", "您是否想写：转作风"],
    ),
    "no-unit": (
        synthetic_article("没有单位", "正文里也没有单位。", organization=None, slug="x"),
        ["bad.md", "Organization", "没有填写报送单位"],
    ),
    "not-utf8": (
        synthetic_article("编码错误", slug="x").encode("gbk"),
        ["bad.md", "编码", "不是 UTF-8 编码", "另存为 UTF-8"],
    ),
    "missing-title": (
        "Date: 2024-01-01\nOrganization: 示例区团委\nThemes: 讲政治\n\n正文。\n",
        ["bad.md", "Title", "缺少 Title"],
    ),
    "malformed-date": (
        synthetic_article("日期错误", date="2024/13/45", slug="x"),
        ["bad.md:2", "Date", "“2024/13/45”不是有效日期", "2021-11-12"],
    ),
    "year-0001": (
        synthetic_article("年份错误", date="0001-01-01", slug="x"),
        ["bad.md:2", "Date", "“0001-01-01”不是有效日期", "2021-11-12"],
    ),
    "duplicate-slug": (
        synthetic_article("重复网址", slug="good"),
        # the rulebook (column/rules.py) names the second of the two, by path, at its line
        ["good.md:6", "Slug", "与 content/articles/bad.md 的网址相同（good）"],
    ),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", ["bad.md", "二进制"]),
    "slug-not-pinyin": (
        synthetic_article("网址", slug="../../<b>x</b>"),
        ["bad.md:6", "Slug", "不是小写拼音加连字符", "小写字母"],
    ),
    "url-field": (
        synthetic_article("网址", slug="x", extra="URL: javascript:alert(1)"),
        ["bad.md:7", "URL", "不能自行指定网址", "删除这一行"],
    ),
    "template-field": (
        synthetic_article("模板", slug="x", extra="Template: nothing"),
        ["bad.md:7", "Template", "删除这一行"],
    ),
    "control-character": (
        synthetic_article("标题\x0b换行", slug="x"),
        ["bad.md:1", "控制字符 U+000B"],
    ),
    "malformed-modified": (
        synthetic_article("修改日期", slug="x", extra="Modified: 昨天"),
        ["bad.md:7", "Modified", "“昨天”不是有效日期"],
    ),
    "offsite-image": (
        synthetic_article("图片", "![照片](https://offsite.invalid/a.jpg)", slug="x"),
        ["bad.md", "图片", "https://offsite.invalid/a.jpg", "content/images/"],
    ),
    "unknown-status": (
        synthetic_article("状态", slug="x", extra="Status: 发布"),
        ["bad.md:7", "Status", "Status 只能是 published、draft、hidden，现在是“发布”"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_with_one_line_and_keeps_output(site, case):
    site.write("good.md", GOOD)
    first = site.build()
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in first.output.rglob("*") if p.is_file()}

    text, expected = BAD_INPUTS[case]
    site.write("bad.md", text)
    result = site.build()

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("错误: ")]
    assert len(lines) == 1, result.stderr
    for fragment in expected:
        assert fragment in lines[0], (fragment, lines[0])
    after = {p: p.read_bytes() for p in first.output.rglob("*") if p.is_file()}
    assert after == before
    assert not list(site.root.glob(".output-new-*"))  # no staging folder left behind


@pytest.mark.parametrize("name", ["bad.html", "bad.rst"])
def test_files_other_than_markdown_are_refused(site, name):
    """Pelican would read these and pass their raw HTML (scripts too) into pages."""
    site.write(name, "<script>alert(1)</script>\n\n.. raw:: html\n\n   <script>x</script>\n")
    result = site.build()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("错误: ")]
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and "不是 Markdown 文件" in lines[0]
    assert not result.output.exists()


def test_all_problems_are_reported_in_one_build(site):
    site.write("a.md", synthetic_article("甲", organization="不存在的单位", slug="a"))
    site.write("b.md", synthetic_article("乙", themes="不存在的主题", slug="b"))
    result = site.build()
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误: ")]
    named = [e.split(":")[1].strip() for e in errors]
    assert named == ["content/articles/a.md", "content/articles/b.md"]


@pytest.mark.parametrize(
    "registry_change, expected",
    [
        (('slug = "shili-jiuyeju"', 'slug = "shili-tuanwei"'), ["column.toml", "slug", "重复"]),
        (('aliases = ["区就业局"]', 'aliases = ["示例团区委"]'), ["示例团区委", "已属于单位"]),
        (('parent = "示例区委"', 'parent = "示例县委"'), ["上级单位“示例县委”未登记"]),
        (('slug = "shili-quwei"', 'slug = "示例"'), ["不是小写拼音"]),
    ],
)
def test_registry_errors_name_the_entry(tmp_path, registry_change, expected):
    from conftest import SYNTHETIC_REGISTRY, SyntheticSite

    old, new = registry_change
    site = SyntheticSite(tmp_path / "site", SYNTHETIC_REGISTRY.replace(old, new, 1))
    site.write("good.md", GOOD)
    result = site.build()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("错误: "))
    for fragment in expected:
        assert fragment in line, (fragment, line)
