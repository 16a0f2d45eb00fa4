"""Command line: ``huinong <command>`` (or ``python -m huinong_column <command>``)."""

from __future__ import annotations

import argparse

from .build import build
from .deploy import deploy
from .publish import publish


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
    p_build.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="设置文件 / settings file"
    )
    p_build.add_argument("-o", "--output", help="输出目录 / output folder")
    p_build.add_argument(
        "--strict", action="store_true", help="警告也视为错误 / treat warnings as errors"
    )

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
    if args.command == "build":
        return build(args.settings, args.output, args.strict)
    if args.command == "publish":
        return publish(args.settings, args.output)
    if args.command == "deploy":
        return deploy(args.settings, args.output, args.dry_run)
    return 2
