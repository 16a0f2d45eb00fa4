"""``huinong check``: every problem at the right file and line, as text and as JSON; the
exit status; ``--fix`` touching punctuation only; the real content passing with warnings."""

from __future__ import annotations

import json

import pytest

from conftest import synthetic_article
from desk_support import SEED_ARTICLE, body, copy_real_site, huinong, snapshot

SETTINGS = ("-s", "synthetic_settings.py")
TODAY = ("--today", "2024-06-01")
A = "content/articles/"

GOOD_BODY = """合成正文，链接到[本栏目](/)、[示例区团委](/units/shili-tuanwei/)、[另一篇]({filename}/articles/bad-date.md)和[外部网站](https://www.gov.cn/)。

![合成图片：志愿者在示例社区服务]({static}/images/ok.png)"""

# file name → (source, what must be reported: "line: level: field: message…", or a
# fragment found in one of the file's lines)
CASES = {
    "good.md": (synthetic_article("正常文章", GOOD_BODY, slug="good"), []),
    "no-title.md": (
        "Date: 2024-03-01\nOrganization: 示例区团委\nThemes: 讲政治\n\n合成正文。\n",
        ["1: error: Title: 缺少 Title 修改办法：在文件开头加一行 Title: 文章标题"],
    ),
    "colon.md": (
        "Title：【测试】全角冒号\nDate: 2024-03-01\n\n合成正文。\n",
        ["1: error: Title: 字段名后用了全角冒号“：” 修改办法：改成半角冒号加空格：Title: …"],
    ),
    "colon-later.md": (
        "Title: 【测试】后面的全角冒号\nDate: 2024-03-01\nAuthor：王五\n\n合成正文。\n",
        ["3: error: Author: 字段名后用了全角冒号“：” 修改办法：改成半角冒号加空格：Author: …"],
    ),
    "no-date.md": (
        "Title: 【测试】没有日期\nOrganization: 示例区团委\nThemes: 讲政治\n\n合成正文。\n",
        ["1: error: Date: 缺少 Date"],
    ),
    "bad-date.md": (
        synthetic_article("日期格式错误", date="2024/13/45", slug="bad-date"),
        ["2: error: Date: “2024/13/45”不是有效日期 修改办法：写成 2021-11-12"],
    ),
    "future.md": (
        synthetic_article("未来日期", date="2030-01-01", slug="future"),
        ["2: error: Date: 日期 2030-01-01 晚于今天（2024-06-01）", "Status: draft"],
    ),
    "future-draft.md": (
        synthetic_article("定时发布", date="2030-01-01", slug="later", extra="Status: draft"),
        [],
    ),
    "date-inferred.md": (
        synthetic_article("推定日期", slug="inferred", extra="DateStatus: inferred"),
        ["7: note: DateStatus: 日期 2024-03-01 是推定的，尚未核实 修改办法：核实发稿日期"],
    ),
    "draft-undated.md": (
        "Title: 【测试】未定日期的草稿\nOrganization: 示例区团委\nThemes: 讲政治\nSlug: undated\n"
        "Status: draft\n\n合成正文。\n",
        ["1: note: Date: 草稿还没有 Date，不会发布 修改办法：查明发稿日期后加一行 Date: 年-月-日"],
    ),
    "date-status.md": (
        synthetic_article("日期状态", slug="ds", extra="DateStatus: confirmed"),
        ["7: error: DateStatus: DateStatus 只能写 inferred，现在是“confirmed”"],
    ),
    "status.md": (
        synthetic_article("状态拼错", slug="st", extra="Status: drafts"),
        ["7: error: Status: Status 只能是 published、draft、hidden，现在是“drafts”", "draft"],
    ),
    "field-typo.md": (
        synthetic_article("字段拼错", slug="typo", extra="Athor: 王五"),
        ["7: warning: Athor: 不认识的字段“Athor” 修改办法：是否想写 Author:？"],
    ),
    "unknown-unit.md": (
        synthetic_article("未知单位", organization="示例团委", slug="uu"),
        ["4: error: Organization: 未登记的单位“示例团委” 修改办法：您是否想写：示例区团委"],
    ),
    "no-unit.md": (
        synthetic_article("没有单位", "正文里也没有单位。", organization=None, slug="nu"),
        ["1: error: Organization: 没有填写报送单位，标题和正文中也找不到已登记的单位名称"],
    ),
    "unit-inferred.md": (
        synthetic_article("示例团区委开展活动", organization=None, slug="ui"),
        [
            "1: note: Organization: 没有写 Organization，由标题推断为“示例区团委”"
            "（示例区团委 0.95：标题中的单位名称） 修改办法：核对后运行 huinong confirm "
            "content/articles/unit-inferred.md 写入，或加一行 Organization: 示例区团委"
        ],
    ),
    "unknown-theme.md": (
        synthetic_article("未知主题", themes="讲政治, 转做风", slug="ut"),
        ["5: error: Themes: 未登记的主题“转做风” 修改办法：您是否想写：转作风"],
    ),
    "no-theme.md": (
        synthetic_article("没有主题", themes=None, slug="nt"),
        ["1: note: Themes: 没有写 Themes，正文中也没有主题线索：文章不归入任何主题，待核实"],
    ),
    "theme-inferred.md": (
        synthetic_article("推断主题", "合成正文：强化政治意识。", themes=None, slug="ti"),
        [
            "1: note: Themes: 没有写 Themes，由关键词推断为“讲政治”，待核实（讲政治 0.",
            "核对后运行 huinong confirm",
        ],
    ),
    "slug-format.md": (
        synthetic_article("网址不是拼音", slug="示例"),
        ["6: error: Slug: Slug “示例” 不是小写拼音加连字符"],
    ),
    "control.md": (
        synthetic_article("控制字符", "合成正文\x07。", slug="ctl"),
        ["8: error: 文件: 含有不可见的控制字符 U+0007"],
    ),
    "forbidden.md": (
        synthetic_article("自定网址", slug="fb", extra="Save_as: index.html"),
        ["7: error: Save_as: 文章不能自行指定网址、输出文件或模板"],
    ),
    "dup-slug-a.md": (synthetic_article("网址重复甲", slug="same"), []),
    "dup-slug-b.md": (
        synthetic_article("网址重复乙", slug="same"),
        [f"6: error: Slug: 与 {A}dup-slug-a.md 的网址相同（same） 修改办法：给其中一篇加一行"],
    ),
    "dup-title-a.md": (synthetic_article("标题重复", slug="title-a"), []),
    "dup-title-b.md": (
        synthetic_article("标题重复", slug="title-b"),
        [f"1: warning: Title: 标题与 {A}dup-title-a.md 相同 修改办法：改写其中一篇的标题"],
    ),
    "links.md": (
        synthetic_article(
            "链接和图片",
            "见[不存在的文章](/articles/no-such/)。\n\n"
            "见[另一个文件]({filename}/articles/nope.md)。\n\n"
            "![合成图片]({static}/images/missing.png)\n\n"
            "![]({static}/images/ok.png)",
            slug="links",
        ),
        [
            "8: error: 链接: 站内链接“/articles/no-such/”指向的页面不存在（/articles/no-such/）",
            "10: error: 链接: 链接“{filename}/articles/nope.md”指向的文件不存在"
            "（content/articles/nope.md）",
            "12: error: 图片: 图片“{static}/images/missing.png”找不到"
            "（content/images/missing.png） 修改办法：把图片放进 content/images/",
            "14: error: 图片: 图片“{static}/images/ok.png”没有说明文字（alt）",
        ],
    ),
    "intro.md": (
        synthetic_article(
            "粘贴了开栏语", "开栏语\n\n这是合成的开栏语,仅用于测试。\n\n合成正文。", slug="intro"
        ),
        [
            "8: error: 正文: 正文里有“开栏语”标题",
            "10: error: 正文: 正文里粘贴了开栏语 修改办法：删去这一段：开栏语只登记在"
            " data/column.toml",
        ],
    ),
    "template.md": (
        synthetic_article("模板文字", "（在这里写导语。）", slug="template"),
        ["8: error: 正文: 这一行还是 huinong new 留下的提示文字"],
    ),
    "quotes.md": (
        synthetic_article(
            "引号",
            '他说:"好!"大家走了...然后北京--上海.\n\n版本 v1.2 和 3.5 元,网址 www.gov.cn.\n\n'
            'say "OK" 和 `a.b` 不改。',
            slug="quotes",
        ),
        ["8: warning: 标点: 中文之间用了半角标点：", "huinong check --fix"],
    ),
    "long-title.md": (
        synthetic_article("很长" * 25, slug="long"),
        [
            "1: warning: Title: 标题有 54 个字，超过 40 个字，手机上要占很多行 修改办法："
            "把标题压缩到 40 个字以内，细节写进导语"
        ],
    ),
    "raw-html.md": (
        synthetic_article(
            "原始标签", "合成正文。<script>alert(1)</script>\n\n`<b>` 是代码。", slug="raw"
        ),
        ["8: warning: 正文: 正文里有 HTML 标签“<script>”，页面会把它原样显示成文字"],
    ),
    "punctuation.md": (
        synthetic_article(
            "标点",
            "示例区团委开展活动,效果良好(合成正文);共有１２０人参加。\n\n时间 09:30,共 40,000 元。",
            slug="punct",
        ),
        [
            "8: warning: 标点: 中文之间用了半角标点：“,”×1、“(”×1、“)”×1、“;”×1（如“活动,效果”）"
            " 修改办法：改为全角标点",
            "8: warning: 标点: 用了全角字母或数字：“１”×1、“２”×1、“０”×1",
        ],
    ),
    "not-utf8.md": (
        synthetic_article("编码错误", slug="gbk").encode("gbk"),
        ["1: error: 编码: 文件不是 UTF-8 编码", "另存为 UTF-8"],
    ),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00", ["1: error: 文件: 含有二进制内容"]),
    "indented-field.md": (
        synthetic_article("缩进的字段", slug="indented", extra="   Save_as: index.html"),
        ["7: error: Save_as: 文章不能自行指定网址、输出文件或模板"],
    ),
    "repeated-field.md": (
        synthetic_article("续行", slug="repeated", extra="Author: 张三\n    李四"),
        ["7: error: 字段: Author 写了 2 次（或下一行缩进，成了它的续行）"],
    ),
    "empty-body.md": (
        synthetic_article("只有字段", "", slug="empty-body"),
        ["8: error: 正文: 正文为空：文件只有开头的字段，没有文章内容"],
    ),
    "nested.md": (
        synthetic_article("嵌套", "\n".join("  " * i + "- 层" for i in range(500)), slug="nested"),
        ["1: error: 正文: 列表、引用或括号嵌套的层数太多，无法转换"],
    ),
}


@pytest.fixture
def full_site(site):
    for name, (text, _) in CASES.items():
        site.write(name, text)
    (site.content / "images").mkdir()
    (site.content / "images" / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site.content / "images" / "linked.png").symlink_to(site.root / "column.toml")  # file-link
    registry = site.root / "column.toml"  # a 开栏语 with an ASCII comma, as the seed's had
    registry.write_text(registry.read_text("utf-8").replace("开栏语，仅", "开栏语,仅"), "utf-8")
    return site


def test_every_problem_is_reported_at_its_file_and_line(full_site):
    result = huinong("check", *SETTINGS, *TODAY, cwd=full_site.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    for name, (_, expected) in CASES.items():
        mine = [x for x in lines if x.startswith(f"{A}{name}:")]
        for want in expected:
            if not want[0].isdigit():  # a fragment of the fix, anywhere in this file's lines
                assert any(want in x for x in mine), (name, want, mine)
                continue
            where, _, rest = want.partition(": ")
            assert any(
                x.startswith(f"{A}{name}:{where}: ") and rest.split(" 修改办法")[0] in x
                for x in mine
            ), (name, want, mine)
            if "修改办法" in rest:
                assert any(rest in x for x in mine), (name, want, mine)
        if not expected:
            assert mine == [], mine
    assert "column.toml:7: warning: 开栏语: 开栏语中文之间用了半角标点：“,”×1" in result.stdout
    assert lines[-2].startswith(f"检查了 {len(CASES) + 1} 个文件：")  # and the registry


def test_json_report_matches_the_text_report_and_covers_every_rule(full_site):
    from huinong_column.desk.check import RULES

    text = huinong("check", *SETTINGS, *TODAY, cwd=full_site.root)
    result = huinong("check", *SETTINGS, *TODAY, "--format", "json", cwd=full_site.root)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    findings = report["findings"]
    assert report["errors"] == sum(f["level"] == "error" for f in findings) > 0
    assert report["warnings"] == sum(f["level"] == "warning" for f in findings) > 0
    shown = [
        f"{f['path']}:{f['line']}: {f['level']}: {f['field']}: {f['message']}" for f in findings
    ]
    printed = [x.split(" 修改办法：")[0] for x in text.stdout.splitlines()[: len(findings)]]
    assert shown == printed
    assert all(f["fix"] for f in findings)  # every finding says how to fix it
    assert {f["code"] for f in findings} == set(RULES)  # every rule is exercised here
    assert all(f["level"] == RULES[f["code"]][0] for f in findings)


def test_check_writes_nothing_without_fix(full_site):
    before = snapshot(full_site.root)
    huinong("check", *SETTINGS, *TODAY, cwd=full_site.root)
    huinong("check", *SETTINGS, *TODAY, "--format", "json", cwd=full_site.root)
    diff = huinong("check", *SETTINGS, *TODAY, "--diff", cwd=full_site.root)
    assert "+示例区团委开展活动，效果良好（合成正文）；共有120人参加。" in diff.stdout
    assert snapshot(full_site.root) == before


def test_fix_changes_only_the_punctuation(full_site):
    before = snapshot(full_site.root)
    json_before = huinong("check", *SETTINGS, *TODAY, "--format", "json", cwd=full_site.root)
    result = huinong("check", *SETTINGS, *TODAY, "--fix", cwd=full_site.root)
    assert "--- a/content/articles/punctuation.md" in result.stdout
    after = snapshot(full_site.root)

    # (content/images/linked.png is a link to the registry: it reads as the registry does)
    changed = {p for p in before if before[p] != after[p] and not p.is_symlink()}
    assert changed == {
        full_site.content / "articles/punctuation.md",
        full_site.content / "articles/quotes.md",
        full_site.content / "articles/intro.md",  # 这是合成的开栏语,仅用于测试。
        full_site.root / "column.toml",  # the 开栏语 itself
    }
    quotes = after[full_site.content / "articles/quotes.md"].decode()
    assert "他说：“好！”大家走了……然后北京——上海。" in quotes
    assert "版本 v1.2 和 3.5 元，网址 www.gov.cn." in quotes  # versions, numbers, addresses
    assert 'say "OK" 和 `a.b` 不改。' in quotes  # English and code
    assert "这是合成的开栏语，仅用于测试。" in after[full_site.root / "column.toml"].decode()
    fixed = after[full_site.content / "articles/punctuation.md"].decode()
    assert "示例区团委开展活动，效果良好（合成正文）；共有120人参加。" in fixed
    assert "时间 09:30，共 40,000 元。" in fixed  # times and numbers keep their marks

    # Every other finding is still there, at the same line; the fixed ones are gone.
    def findings(result):
        return {(f["path"], f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]}

    json_after = huinong("check", *SETTINGS, *TODAY, "--format", "json", cwd=full_site.root)
    old, new = findings(json_before), findings(json_after)
    assert new == {f for f in old if f[2] not in ("punctuation", "width", "intro-punctuation")}
    assert json_after.returncode == 1  # the other errors remain


def test_real_content_passes_with_only_its_inferred_date_to_confirm(tmp_path):
    root = copy_real_site(tmp_path / "real")
    result = huinong("check", cwd=root)
    assert result.returncode == 0, result.stdout
    path = "content/articles/2021/huinong-tuanwei-sige-qianghua.md"
    assert result.stdout.splitlines()[:-1] == [
        f"{path}:3: note: DateStatus: 日期 2021-11-12 是推定的，尚未核实 修改办法：核实发稿日期后"
        "改正 Date，并删去 DateStatus 这一行"
    ]
    assert "0 个错误，0 个警告，1 条待核对" in result.stdout


def test_shipped_content_is_the_seed_corrected_by_fix(tmp_path):
    """The seed came with ASCII , ; ( ) (see /work/shared/seeds): put them back, run the
    project's own --fix, and get the shipped article and 开栏语 byte for byte."""
    root = copy_real_site(tmp_path / "real")
    ascii_marks = str.maketrans({"，": ",", "；": ";", "（": "(", "）": ")"})
    article = root / "content/articles/2021/huinong-tuanwei-sige-qianghua.md"
    shipped = SEED_ARTICLE.read_text("utf-8")
    head = shipped.split("\n\n")[0]
    article.write_text(head + "\n\n" + body(shipped).translate(ascii_marks), "utf-8")
    registry = root / "data/column.toml"
    shipped_registry = registry.read_text("utf-8")
    intro = shipped_registry.split('intro = """')[1].split('"""')[0]
    registry.write_text(shipped_registry.replace(intro, intro.translate(ascii_marks)), "utf-8")
    assert huinong("check", cwd=root).stdout.count(": warning: ") == 6  # five paragraphs, intro

    result = huinong("check", "--fix", cwd=root)
    assert result.returncode == 0
    assert article.read_text("utf-8") == shipped
    assert registry.read_text("utf-8") == shipped_registry


def test_check_can_be_limited_to_some_files(full_site):
    one = huinong("check", *SETTINGS, *TODAY, f"{A}good.md", cwd=full_site.root)
    assert one.returncode == 0, one.stdout
    assert one.stdout.splitlines()[0].startswith(
        "检查了 1 个文件：0 个错误，0 个警告，0 条待核对。"
    )

    folder = huinong("check", *SETTINGS, *TODAY, "content", cwd=full_site.root)
    assert folder.returncode == 1 and f"检查了 {len(CASES)} 个文件" in folder.stdout

    nowhere = huinong("check", *SETTINGS, *TODAY, "nowhere.md", cwd=full_site.root)
    assert nowhere.returncode == 1
    assert nowhere.stderr.startswith("错误: nowhere.md: 文件不存在 修改办法：")
    outside = huinong("check", *SETTINGS, *TODAY, "column.toml", cwd=full_site.root)
    assert outside.returncode == 1
    assert "column.toml: 这里没有 content/ 中的 Markdown 文章" in outside.stderr
