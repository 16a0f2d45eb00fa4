"""Command line: ``huinong <command>`` (or ``python -m huinong_column <command>``).

``build`` builds the site; ``new``, ``check``, ``import`` and ``serve`` are the editor's
desk. Each command's work lives in its own module; this one only reads the arguments.
"""

from __future__ import annotations

import argparse
import sys

from ..column import clock
from ..column.errors import ColumnError


def _settings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="设置文件 / settings file"
    )


def _loudness(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="只显示错误、警告和最后一行 / only errors, warnings and the last line",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="每次都显示全部提醒、推断和 Pelican 的英文信息 / every reminder and Pelican's lines",
    )


def _verbosity(args) -> int:
    return 0 if args.quiet else 2 if args.verbose else 1


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="huinong",
        description="“讲政治 转作风 强责任 抓落实”专栏发布工具 / Publishing tool for the column.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令/command")

    p_build = commands.add_parser(
        "build",
        help="构建网站到 output/（失败时保留原有 output/）/ build the site",
        description="构建网站；任何错误都会使构建失败，原有输出保持不变。"
        " / Build the site; any error fails the build and keeps the previous output.",
    )
    _settings(p_build)
    p_build.add_argument("-o", "--output", help="输出目录 / output folder")
    p_build.add_argument(
        "--strict", action="store_true", help="警告也视为错误 / treat warnings as errors"
    )
    p_build.add_argument(
        "-j",
        "--workers",
        type=int,
        help="并行进程数，1 为串行（默认：全部 CPU）/ worker processes (1 = serial)",
    )
    p_build.add_argument(
        "--timings", metavar="FILE", help="把各阶段耗时写入 JSON 文件 / write phase timings as JSON"
    )
    _loudness(p_build)

    p_new = commands.add_parser(
        "new",
        help="新建一篇文章 / start a new article",
        description="新建一篇文章：逐项填写标题、单位、主题、作者；没给的参数会逐项提问。"
        "日期默认为今天（北京时间），网址拼音按“单位拼音-日期”生成。不会覆盖已有文件。"
        " / Start an article: flags or prompts for every field; date defaults to today in"
        " Asia/Shanghai; the slug follows the registry's convention; never overwrites.",
    )
    _settings(p_new)
    p_new.add_argument("--title", help="标题 / title")
    p_new.add_argument("--unit", help="报送单位：名称、别名或编号 / unit: name, alias or number")
    p_new.add_argument("--themes", help="主题，逗号分隔 / themes, comma-separated")
    p_new.add_argument("--author", help="作者 / author")
    p_new.add_argument(
        "--date", type=clock.parse_day, help="发稿日期，默认今天 / date, default today"
    )
    p_new.add_argument("--slug", help="网址拼音，默认自动生成 / URL slug, default generated")
    p_new.add_argument(
        "--draft", action="store_true", help="存为草稿（Status: draft）/ mark as draft"
    )
    p_new.add_argument(
        "--no-input",
        action="store_true",
        help="不提问，缺项即报错 / never prompt; a missing field is an error",
    )

    p_check = commands.add_parser(
        "check",
        help="检查全部文章（不构建）/ check all content without building",
        description="检查文章的元数据、日期、单位、主题、重复、链接、图片、开栏语和标点。"
        "每条结果为“文件:行: 级别: 说明”；有 error 时退出码为 1。--fix 只修正标点。"
        " / Check metadata, dates, units, themes, duplicates, links, images, the column"
        " intro and punctuation. One 'file:line: level: message' per finding; exit 1 on"
        " errors. --fix corrects punctuation only.",
    )
    _settings(p_check)
    p_check.add_argument(
        "paths", nargs="*", help="只报告这些文件或文件夹 / report only these files or folders"
    )
    p_check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="输出格式，json 供 CI 使用 / output format (json for CI)",
    )
    fixing = p_check.add_mutually_exclusive_group()
    fixing.add_argument(
        "--diff", action="store_true", help="显示标点修正，不写入 / show punctuation fixes"
    )
    fixing.add_argument(
        "--fix",
        action="store_true",
        help="修正标点并显示改动 / correct punctuation and show the diff",
    )
    p_check.add_argument(
        "--today",
        type=clock.parse_day,
        help="判断“未来日期”所用的今天，默认取北京时间 / today, for the future-date rule",
    )

    p_import = commands.add_parser(
        "import",
        help="从旧网站导入文章（HTML 或纯文本）/ import articles from the old site",
        description="把旧网站保存的 HTML 页面或纯文本转成 content/ 中的 Markdown 文章："
        "提取标题、日期、单位、作者、正文段落、小标题和图片，去掉开栏语、页头页脚和样式。"
        "可以给一个文件夹一次导入。已有文件不覆盖，除非加 --force。"
        " / Turn saved HTML pages or plain text from the old CMS into Markdown articles in"
        " content/. Takes files or whole folders; never overwrites without --force.",
    )
    _settings(p_import)
    p_import.add_argument(
        "sources", nargs="+", help="HTML/文本文件或文件夹 / HTML or text files, or folders"
    )
    p_import.add_argument(
        "--force", action="store_true", help="覆盖已有文件 / overwrite existing files"
    )

    p_confirm = commands.add_parser(
        "confirm",
        help="把推断出的单位和主题写进文章 / write inferred unit and themes into articles",
        description="核对推断结果后运行：把构建推断出的单位和主题写成文章的 Organization: 和"
        " Themes:，并删去 Inferred: 一行；其余内容不变。"
        " / Write the inferred unit and themes into each article's metadata, so that a"
        " guess becomes the editor's decision; nothing else in the file changes.",
    )
    _settings(p_confirm)
    p_confirm.add_argument("files", nargs="+", help="文章文件 / article files")

    p_eval = commands.add_parser(
        "eval",
        help="在标注好的评测集上衡量单位和主题推断 / score tagging on a labelled set",
        description="读取评测集（labels.toml、registry.toml 和纯文本文章），"
        "按“只给标题、日期和正文”和“经 huinong import 导入”两种方式推断单位和主题，"
        "打印单位准确率、各主题的准确率、"
        "召回率和 F1，以及拒绝构建的篇数。"
        " / Tag a labelled set two ways (title, date and body only; through import) and print"
        " unit accuracy, per-theme precision/recall/F1, micro-F1 and the articles refused.",
    )
    _settings(p_eval)
    p_eval.add_argument("folder", help="评测集文件夹 / the labelled set's folder")
    p_eval.add_argument(
        "--split", help="只评测这一部分（dev、heldout），默认全部 / only this split"
    )

    p_serve = commands.add_parser(
        "serve",
        aliases=["preview"],
        help="本地预览，改动后自动重新构建 / live preview on localhost",
        description="构建网站并在本机 http://127.0.0.1:8000/ 预览；文章、登记表或模板改动后"
        "自动重新构建，打开的页面自动刷新。构建出错时在终端和页面上显示错误，预览继续运行，"
        "页面保持上一次成功的结果。"
        " / Build and serve the site on localhost, rebuilding on change and reloading the open"
        " page. A broken article shows its error in the terminal and over the page, and the"
        " server keeps serving the last good build.",
    )
    _settings(p_serve)
    p_serve.add_argument("-o", "--output", help="输出目录 / output folder")
    p_serve.add_argument(
        "-p", "--port", type=int, default=8000, help="端口，0 表示任选 / port (0: any free)"
    )
    _loudness(p_serve)
    p_publish = commands.add_parser(
        "publish",
        help="严格构建、检查、压缩并原子替换发布目录 / build, check and publish atomically",
        description="严格构建到临时目录，检查链接、锚点、资源和订阅，生成 .gz/.br 与带指纹的"
        " CSS/JS，然后一步替换发布目录；任何一步失败，已发布的网站保持不变。"
        " / Strict build, checks, precompression and fingerprinting, then an atomic swap;"
        " any failure leaves the published tree untouched.",
    )
    p_publish.add_argument(
        "-s", "--settings", default="publishconf.py", help="设置文件 / settings file"
    )
    p_publish.add_argument(
        "-o", "--output", help="发布目录（符号链接）/ published folder (a symlink)"
    )

    p_deploy = commands.add_parser(
        "deploy",
        help="用 rsync 把已发布的网站同步到服务器 / rsync the published tree to the server",
        description="把 publish 发布的目录用 rsync 同步到 DEPLOY_TARGET（user@host:/path/）。"
        " / Copy the published tree to DEPLOY_TARGET with rsync over SSH.",
    )
    p_deploy.add_argument(
        "-s", "--settings", default="publishconf.py", help="设置文件 / settings file"
    )
    p_deploy.add_argument("-o", "--output", help="发布目录 / published folder")
    p_deploy.add_argument(
        "-n",
        "--dry-run",
        action="store_true",
        help="只列出将要改动的文件，不做改动 / list what would change, change nothing",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:  # the settings, the registry or the lexicon: one line each, no traceback
        return _run(args)
    except ColumnError as exc:
        for problem in exc.problems:
            print(f"错误: {problem}", file=sys.stderr)
        return 1


def _run(args) -> int:
    # Each command's module is imported only when it runs: a build, run at every save in
    # the preview loop, need not load the desk's pinyin dictionary (0.1 s).
    if args.command == "build":
        from ..publishing.build import build

        return build(
            args.settings,
            args.output,
            args.strict,
            workers=args.workers,
            timings_file=args.timings,
            verbosity=_verbosity(args),
        )
    if args.command == "publish":
        from ..publishing.publish import publish

        return publish(args.settings, args.output)
    if args.command == "deploy":
        from ..publishing.deploy import deploy

        return deploy(args.settings, args.output, args.dry_run)
    if args.command in ("serve", "preview"):
        from .preview import serve

        loudness = {0: ("--quiet",), 1: (), 2: ("--verbose",)}[_verbosity(args)]
        return serve(args.settings, args.output, args.port, loudness)
    from ..column.sources import load_site
    from . import check, confirm, evaluate, importer, new

    site = load_site(args.settings, create_content=args.command in ("new", "import"))
    if args.command == "new":
        return new.create(site, args)
    if args.command == "confirm":
        return confirm.run(site, args.files)
    if args.command == "eval":
        return evaluate.run(site, args.folder, args.split, sys.stdout)
    if args.command == "check":
        args.today = args.today or clock.today(site.settings)
        return check.run(site, args)
    return importer.run_import(site, args.sources, args.force)
