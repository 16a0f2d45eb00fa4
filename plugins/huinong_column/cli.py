"""Command line: ``huinong <command>`` (or ``python -m huinong_column <command>``)."""

from __future__ import annotations

import argparse

from .build import build


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
    p_build.add_argument(
        "-j",
        "--workers",
        type=int,
        help="并行进程数，1 为串行（默认：全部 CPU）/ worker processes (1 = serial)",
    )
    p_build.add_argument(
        "--timings", metavar="FILE", help="把各阶段耗时写入 JSON 文件 / write phase timings as JSON"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if args.command == "build":
        return build(
            args.settings,
            args.output,
            args.strict,
            workers=args.workers,
            timings_file=args.timings,
        )
    return 2
