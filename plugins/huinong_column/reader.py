"""A Markdown reader that turns an editor's mistake into one clear line.

Pelican's own reader logs a generic "Could not process" for a file that is not UTF-8 or has
a malformed date, and silently skips an article without a title. This reader checks the
raw file first, records a ``Problem`` naming the file, line and field, and then lets the
build stop with every problem listed.

Articles are Markdown only: Pelican's HTML and reStructuredText readers would pass raw
HTML (scripts included) into pages, so ``NotMarkdownReader`` refuses those files. Fields
that would let an article choose its own URL, output file or template are refused too.
"""

from __future__ import annotations

import os
import re
from datetime import datetime

from pelican.readers import BaseReader, MarkdownReader

from .errors import Problem, problems
from .registry import SLUG_RE

HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s*(.*)$")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
REQUIRED = ("title", "date")
DATE_FIELDS = ("date", "modified")
# Pelican fields that would let an article pick its own URL, output file or template.
FORBIDDEN = {"url": "URL", "save_as": "Save_as", "template": "Template"}
STATUSES = ("published", "draft", "hidden")
SLUG_MAX = 80
# Control characters other than tab and line breaks: invisible, and invalid in HTML.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def display_path(path: str) -> str:
    """The path as an editor sees it: relative to the working folder when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def parse_date(value: str) -> datetime | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def lines(text: str) -> list[str]:
    """Lines the way Markdown splits them (``str.splitlines`` also splits at U+000B…)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def header_fields(text: str) -> dict[str, tuple[int, str]]:
    """The metadata block at the top of a Markdown file: {lower-case key: (line, value)}."""
    fields: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines(text), start=1):
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        if match:
            fields.setdefault(match.group(1).lower(), (number, match.group(2).strip()))
        elif not line.startswith((" ", "\t")):
            break
    return fields


def check_source(path: str, raw: bytes) -> list[Problem]:
    """Problems that stop Pelican from reading the file at all."""
    shown = display_path(path)
    if b"\x00" in raw:
        return [Problem(shown, "文件", "含有二进制内容，不是文本文件", "从 content/ 中移除该文件")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [
            Problem(
                shown,
                "编码",
                f"文件不是 UTF-8 编码（第 {exc.start} 字节无法识别，可能是 GBK）",
                "用编辑器“另存为 UTF-8”后再构建",
            )
        ]
    for number, line in enumerate(lines(text), start=1):
        bad = CONTROL.search(line)
        if bad:
            return [
                Problem(
                    shown,
                    "文件",
                    f"含有不可见的控制字符 U+{ord(bad.group()):04X}",
                    "删除该字符（常见于从其他软件复制的文字）后再构建",
                    number,
                )
            ]
    return check_fields(shown, header_fields(text))


def check_fields(shown: str, fields: dict[str, tuple[int, str]]) -> list[Problem]:
    """Missing or malformed metadata: required fields, dates, slug, status, forbidden fields."""
    found = []
    for key in REQUIRED:
        line, value = fields.get(key, (1, ""))
        if not value:
            label = key.capitalize()
            example = "2021-11-12" if key == "date" else "文章标题"
            found.append(
                Problem(shown, label, f"缺少 {label}", f"在文件开头加一行 {label}: {example}", line)
            )
    for key in DATE_FIELDS:
        line, value = fields.get(key, (0, ""))
        if value and parse_date(value) is None:
            found.append(
                Problem(
                    shown,
                    key.capitalize(),
                    f"“{value}”不是有效日期",
                    "写成 2021-11-12 或 2021-11-12 09:30（年-月-日 时:分）",
                    line,
                )
            )
    line, value = fields.get("slug", (0, ""))
    if value and (not SLUG_RE.match(value) or len(value) > SLUG_MAX):
        found.append(
            Problem(
                shown,
                "Slug",
                f"“{value[:SLUG_MAX]}”不是网址用的拼音",
                f"只用小写字母、数字和连字符，不超过 {SLUG_MAX} 个字符，"
                "如 huinong-tuanwei-sige-qianghua",
                line,
            )
        )
    line, value = fields.get("status", (0, ""))
    if value and value.lower() not in STATUSES:
        found.append(
            Problem(shown, "Status", f"“{value}”不是有效状态", "写 draft（草稿）或删除这一行", line)
        )
    for key, label in FORBIDDEN.items():
        if key in fields:
            found.append(
                Problem(
                    shown,
                    label,
                    "文章不能自行指定网址、输出文件或模板",
                    "删除这一行；网址由 Slug 决定",
                    fields[key][0],
                )
            )
    return found


class ColumnMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with the column's checks in front of and after it."""

    def read(self, source_path):
        with open(source_path, "rb") as fh:
            found = check_source(source_path, fh.read())
        if not found:
            content, metadata = super().read(source_path)
            found = [offsite_image(source_path, src) for src in self._md.offsite_images[:1]]
        if found:
            for problem in found:
                problems.add(problem)
            raise ValueError(found[0])
        return content, metadata


def offsite_image(path: str, src: str) -> Problem:
    return Problem(
        display_path(path),
        "图片",
        f"图片“{src}”在其他网站上，页面不能从其他网站加载内容",
        "把图片放进 content/images/，写成 ![说明]({static}/images/文件名)",
    )


class NotMarkdownReader(BaseReader):
    """Refuses a file that Pelican could read but the column does not accept (.html, .rst…)."""

    enabled = True
    file_extensions = ()  # Pelican registers every BaseReader subclass under its extensions

    def read(self, source_path):
        problem = Problem(
            display_path(source_path),
            "文件",
            "不是 Markdown 文件，专栏文章只接受 .md",
            "把内容写进 .md 文件，或从 content/ 中移除该文件",
        )
        problems.add(problem)
        raise ValueError(problem)
