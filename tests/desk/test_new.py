"""``huinong new``: an editor starts an article; it has every field and it builds."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from desk_support import huinong

SETTINGS = ("-s", "synthetic_settings.py")


def test_new_with_flags_writes_every_field_and_builds(site):
    result = huinong(
        "new", *SETTINGS, "--no-input", "--title", "【测试】示例区团委开展志愿服务",
        "--unit", "示例团区委", "--themes", "讲政治，志愿服务", "--author", "王五",
        "--date", "2024-03-05", cwd=site.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = site.content / "articles/2024/shili-tuanwei-20240305.md"
    assert "content/articles/2024/shili-tuanwei-20240305.md" in result.stdout
    header = path.read_text("utf-8").split("\n\n")[0].splitlines()
    assert header == [
        "Title: 【测试】示例区团委开展志愿服务",
        "Date: 2024-03-05",
        "Organization: 示例区团委",  # the alias is written as the canonical name
        "Themes: 讲政治, 志愿服务",
        "Author: 王五",
        "Slug: shili-tuanwei-20240305",
    ]

    # The scaffold's hints are not an article: the build refuses them, at their lines.
    scaffold = site.build()
    assert scaffold.returncode == 1
    assert (
        "shili-tuanwei-20240305.md:8: 正文: 这一行还是 huinong new 留下的提示文字"
        in scaffold.stderr
    )
    text = path.read_text("utf-8")
    path.write_text(text.split("\n\n")[0] + "\n\n合成正文：强化政治意识，开展志愿服务。\n", "utf-8")
    built = site.build()
    assert built.returncode == 0, built.stderr
    page = built.page("articles/shili-tuanwei-20240305/")
    assert page.h1.get_text() == "【测试】示例区团委开展志愿服务"
    assert page.select_one("a.unit-link").get_text() == "示例区团委"
    assert [a.get_text() for a in page.select(".topic-chips a")] == ["讲政治", "志愿服务"]


def test_new_dates_the_article_today_in_shanghai(site):
    before = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    result = huinong(
        "new", *SETTINGS, "--no-input", "--title", "【测试】今天的文章", "--unit", "示例区委",
        "--themes", "1", "--author", "王五", cwd=site.root,
    )  # fmt: skip
    after = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert result.returncode == 0, result.stderr
    [path] = site.content.rglob("*.md")
    date_line = path.read_text("utf-8").splitlines()[1]
    assert date_line in (f"Date: {before}", f"Date: {after}")
    assert path.name in (f"shili-quwei-{before:%Y%m%d}.md", f"shili-quwei-{after:%Y%m%d}.md")


def test_new_prompts_and_offers_did_you_mean(site):
    answers = "\n".join(
        [
            "【测试】提问方式新建",  # title
            "示例团委",  # a near miss: not registered
            "2",  # then the number of 示例区团委 in the menu
            "转做风",  # a near miss for a theme
            "转作风、抓落实",
            "王五",
        ]
    )
    result = huinong("new", *SETTINGS, "--date", "2024-03-06", cwd=site.root, input=answers)
    assert result.returncode == 0, result.stderr
    assert "1. 示例区委" in result.stdout and "2. 示例区团委" in result.stdout
    assert "未登记的单位“示例团委”" in result.stdout
    assert "您是否想写：示例区团委" in result.stdout
    assert "未登记的主题“转做风”" in result.stdout and "您是否想写：转作风？" in result.stdout
    text = (site.content / "articles/2024/shili-tuanwei-20240306.md").read_text("utf-8")
    assert "Organization: 示例区团委\nThemes: 转作风, 抓落实\nAuthor: 王五\n" in text


def test_new_refuses_to_overwrite(site):
    args = ["new", *SETTINGS, "--no-input", "--unit", "示例区委", "--themes", "讲政治"]
    args += ["--author", "王五", "--date", "2024-03-05", "--slug", "shili-quwei-kaimu"]
    first = huinong(*args, "--title", "【测试】第一篇", cwd=site.root)
    assert first.returncode == 0, first.stderr
    path = site.content / "articles/2024/shili-quwei-kaimu.md"
    before = path.read_bytes()

    again = huinong(*args, "--title", "【测试】第二篇", cwd=site.root)
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    assert "content/articles/2024/shili-quwei-kaimu.md: 文件: 文件已存在，不会覆盖" in again.stderr
    assert path.read_bytes() == before

    # Without --slug the next free slug is chosen instead.
    args = args[: args.index("--slug")]
    third = huinong(*args, "--title", "【测试】同日同单位", cwd=site.root)
    assert third.returncode == 0, third.stderr
    assert (site.content / "articles/2024/shili-quwei-20240305.md").exists()
    fourth = huinong(*args, "--title", "【测试】同日同单位第二篇", cwd=site.root)
    assert (site.content / "articles/2024/shili-quwei-20240305-2.md").exists(), fourth.stderr


def test_new_without_input_names_the_flag_and_the_fix(site):
    result = huinong(
        "new", *SETTINGS, "--no-input", "--title", "【测试】错误单位", "--unit", "示例团委",
        "--themes", "讲政治", "--author", "王五", cwd=site.root,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("错误: huinong new: --unit: 未登记的单位“示例团委”")
    assert "您是否想写：示例区团委" in line
    assert not list(site.content.rglob("*.md"))

    missing = huinong("new", *SETTINGS, "--no-input", cwd=site.root)
    assert missing.returncode == 1
    assert "缺少 --title" in missing.stderr


def test_new_article_template_text_is_an_error_for_check(site):
    huinong(
        "new", *SETTINGS, "--no-input", "--title", "【测试】还没写正文", "--unit", "示例区委",
        "--themes", "讲政治", "--author", "王五", "--date", "2024-03-05", cwd=site.root,
    )  # fmt: skip
    result = huinong("check", *SETTINGS, "--today", "2024-03-05", cwd=site.root)
    assert result.returncode == 1
    path = "content/articles/2024/shili-quwei-20240305.md"
    assert f"{path}:8: error: 正文: 这一行还是 huinong new 留下的提示文字" in result.stdout
    assert f"{path}:10: error: 正文" in result.stdout


def test_themes_and_author_may_be_left_out_as_the_guide_says(site):
    """docs/编辑指南.md: Title and Date required; Themes recommended (inferred otherwise),
    Author optional. ``new`` asks for them but takes no answer, and writes no empty line."""
    result = huinong(
        "new", *SETTINGS, "--no-input", "--title", "【测试】示例区委强化政治意识",
        "--unit", "示例区委", "--date", "2024-03-05", cwd=site.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (site.content / "articles/2024/shili-quwei-20240305.md").read_text("utf-8")
    assert text.split("\n\n")[0].splitlines() == [
        "Title: 【测试】示例区委强化政治意识",
        "Date: 2024-03-05",
        "Organization: 示例区委",
        "Slug: shili-quwei-20240305",
    ]
    prompted = huinong(
        "new", *SETTINGS, "--title", "【测试】逐项回答", "--unit", "示例区委",
        "--date", "2024-03-06", cwd=site.root, input="\n\n",
    )  # fmt: skip
    assert prompted.returncode == 0, prompted.stdout + prompted.stderr
    assert "可不填，直接回车" in prompted.stdout
    head = (site.content / "articles/2024/shili-quwei-20240306.md").read_text("utf-8")
    assert "Themes:" not in head and "Author:" not in head
