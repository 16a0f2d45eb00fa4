"""What the review of issue 19 slipped past the checks, refused now in ``check`` and the build:
indented or fenced metadata choosing a URL or output file, symbolic links out of the
project, articles Markdown cannot convert, articles without a body.

Each build runs in this process through the command line's own ``build()``; a first good
build shows that a refused one leaves ``output/`` exactly as it was.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from conftest import REPO, BuildResult, SyntheticSite, synthetic_article
from desk_support import huinong, snapshot
from huinong_column.publishing.build import build

A = "content/articles/"
NESTED_LIST = "\n".join("  " * depth + "- 层" for depth in range(500))


def build_here(site: SyntheticSite) -> BuildResult:
    messages = io.StringIO()
    with redirect_stdout(io.StringIO()):
        code = build(str(site.settings), str(site.output), stream=messages)
    return BuildResult(code, messages.getvalue(), site.output)


def check(site: SyntheticSite) -> list[dict]:
    result = huinong(
        "check", "-s", "synthetic_settings.py", "--today", "2024-06-01", "--format", "json",
        cwd=site.root,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


@pytest.fixture
def built_site(tmp_path, monkeypatch) -> SyntheticSite:
    site = SyntheticSite(tmp_path / "site")
    monkeypatch.chdir(site.root)  # messages name files as an editor in the site sees them
    site.configure(CACHE_PATH=str(tmp_path / "cache"))
    site.write("ok.md", synthetic_article("正常文章", slug="ok"))
    assert build_here(site).returncode == 0
    return site


def refused(site: SyntheticSite, before: dict[Path, bytes]) -> list[str]:
    """The error lines of a failed build that left the previous output untouched."""
    result = build_here(site)
    assert result.returncode == 1, result.stderr
    assert "构建中断" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert snapshot(site.output) == before
    return [line for line in result.stderr.splitlines() if line.startswith("错误: ")]


HEADERS = {
    "indented": " Save_as: index.html\n URL: index.html",
    "three-spaces": "   Save_as: index.html\n   URL: index.html",
    "continued": "Author: 张三\n\tURL: index.html",  # a continuation of Author, not a field
    "fenced": "---\n Save_as: index.html",
}


@pytest.mark.parametrize("name", HEADERS)
def test_metadata_the_parser_reads_cannot_replace_the_landing_page(built_site, name):
    header = HEADERS[name]
    fields = "Organization: 示例区团委\nThemes: 讲政治"
    text = f"Title: 【测试】换掉首页\nDate: 2024-03-01\n{header}\n{fields}\n\n正文。\n"
    if name == "fenced":
        text = f"{header}\nTitle: 【测试】换掉首页\nDate: 2024-03-01\n\n正文。\n"
    built_site.write("bad.md", text)
    before = snapshot(built_site.output)
    if name == "continued":  # Markdown reads a second line of Author: Pelican would warn
        errors = refused(built_site, before)
        assert errors == [
            f"错误: {A}bad.md:3: 字段: Author 写了 2 次（或下一行缩进，成了它的续行） "
            "修改办法：每个字段只写一行；删去重复的一行，或去掉下一行开头的空格"
        ]
        assert [f["code"] for f in check(built_site) if f["level"] == "error"] == ["field-repeated"]
        return
    errors = refused(built_site, before)
    assert any(f"{A}bad.md:" in line and "Save_as" in line for line in errors), errors
    findings = [f for f in check(built_site) if f["path"] == f"{A}bad.md"]
    assert {f["code"] for f in findings} >= {"field-forbidden"}
    assert {f["field"] for f in findings if f["code"] == "field-forbidden"} >= {"Save_as"}


def test_an_indented_script_url_never_reaches_the_feeds(built_site):
    built_site.write(
        "js.md", synthetic_article("脚本", slug="js", extra=" URL: javascript:alert(1)//")
    )
    before = snapshot(built_site.output)
    errors = refused(built_site, before)
    assert errors == [
        f"错误: {A}js.md:7: URL: 文章不能自行指定网址、输出文件或模板 "
        "修改办法：删除这一行；网址由 Slug 决定"
    ]


def test_an_indented_traversal_slug_is_a_slug_error(built_site):
    built_site.write("up.md", synthetic_article("上级目录", extra="  Slug: ../../../etc/x"))
    errors = refused(built_site, snapshot(built_site.output))
    assert len(errors) == 1 and f"{A}up.md:6: Slug:" in errors[0], errors


def test_a_symbolic_link_out_of_the_project_is_refused(built_site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    (built_site.content / "images").mkdir()
    (built_site.content / "images" / "logo.png").symlink_to(secret)
    (built_site.content / "articles" / "linked.md").symlink_to(secret)
    lexicon = tmp_path / "lexicon.toml"  # a valid one, elsewhere: check reads it, then refuses
    lexicon.write_bytes((REPO / "data" / "lexicon.toml").read_bytes())
    (built_site.root / "lexicon.toml").symlink_to(lexicon)  # as data/lexicon.toml would be
    errors = refused(built_site, snapshot(built_site.output))
    assert [line.split(": 文件: ")[0] for line in errors] == [
        f"错误: {A}linked.md",
        "错误: content/images/logo.png",
        "错误: lexicon.toml",
    ]
    assert all("符号链接" in line for line in errors) and str(secret) in errors[0]
    findings = check(built_site)
    assert sorted(f["path"] for f in findings if f["code"] == "file-link") == [
        f"{A}linked.md",
        "content/images/logo.png",
        "lexicon.toml",
    ]


def test_deep_nesting_is_the_articles_problem(built_site):
    built_site.write("deep.md", synthetic_article("嵌套", NESTED_LIST, slug="deep"))
    errors = refused(built_site, snapshot(built_site.output))
    assert errors == [
        f"错误: {A}deep.md: 正文: 列表、引用或括号嵌套的层数太多，无法转换 "
        "修改办法：减少嵌套层数（一般不超过 3 层），或把过长的嵌套拆成几段"
    ]
    findings = check(built_site)
    assert [(f["path"], f["code"]) for f in findings if f["level"] == "error"] == [
        (f"{A}deep.md", "body-unconvertible")
    ]


def test_an_article_without_a_body_is_an_error(built_site):
    built_site.write("empty.md", synthetic_article("只有字段", "   \n\u3000\n", slug="empty"))
    errors = refused(built_site, snapshot(built_site.output))
    assert errors == [
        f"错误: {A}empty.md:8: 正文: 正文为空：文件只有开头的字段，没有文章内容 "
        "修改办法：在字段下面空一行，写上正文；不发布的稿件加一行 Status: draft"
    ]
    findings = check(built_site)
    assert [(f["path"], f["line"], f["code"]) for f in findings if f["level"] == "error"] == [
        (f"{A}empty.md", 8, "body-empty")
    ]


def test_two_things_writing_one_page_is_an_error_naming_both(built_site):
    # Pelican would skip or overwrite one of them with an info line, or stop with its own
    # exception; either way a page would be lost without a word to the editor.
    pages = built_site.content / "pages"
    pages.mkdir()
    (pages / "about.md").write_text(
        "Title: 关于\nDate: 2024-03-01\nSlug: archives\n\n合成正文。\n", encoding="utf-8"
    )
    errors = refused(built_site, snapshot(built_site.output))
    assert errors == [
        "错误: content/pages/about.md: Slug: 要写入的网页 archives/index.html 与 "
        "网站自动生成的页面（archives.html） 的相同，两者只能留一个 "
        "修改办法：给这篇文章或页面换一个 Slug（不要用 archives、units、topics 等网站已用的名字）"
    ]


def test_a_broken_lexicon_is_one_line_in_check_too(built_site):
    (built_site.root / "lexicon.toml").write_text("这不是 TOML", encoding="utf-8")
    result = huinong("check", "-s", "synthetic_settings.py", cwd=built_site.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert (
        result.stderr.startswith("错误: ")
        and "lexicon.toml: 词表: 不是有效的 TOML" in result.stderr
    )
    assert len(result.stderr.splitlines()) == 1
