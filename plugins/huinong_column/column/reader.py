"""A Markdown reader that turns an editor's mistake into one clear line.

Pelican's own reader logs a generic "Could not process" for a file that is not UTF-8 or has
a malformed date, and silently skips an article without a title. This reader checks the
raw file first, records a ``Problem`` naming the file, line and field, and then lets the
build stop with every problem listed.

Articles are Markdown only: Pelican's HTML and reStructuredText readers would pass raw
HTML (scripts included) into pages, so ``NotMarkdownReader`` refuses those files. Fields
that would let an article choose its own URL, output file or template are refused too.

Converting a file (``convert``) is kept apart from turning its metadata into Pelican's
values (``read``), so that ``parallel.prefetch`` can convert files in worker processes or take
them from the content cache before Pelican asks for them.
"""

from __future__ import annotations

import re
from datetime import datetime

from markdown import Markdown
from markdown.extensions.meta import META_MORE_RE, META_RE
from pelican.readers import BaseReader, MarkdownReader
from pelican.utils import SafeDatetime

from .errors import Problem, did_you_mean, display_path
from .metadata import read_header, split_lines
from .registry import SLUG_RE
from .state import column_build

# ``Title：…``: a full-width colon typed by a Chinese input method. One error about that
# line; the rest of the file is checked as if the colon were right, so that a single
# mistyped colon does not also report every field after it as missing.
FULL_WIDTH_COLON = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+)\s*：\s*")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
REQUIRED = ("title", "date")
DATE_FIELDS = ("date", "modified")
# Pelican fields that would let an article pick its own URL, output file or template.
FORBIDDEN = {"url": "URL", "save_as": "Save_as", "template": "Template"}
# Fields whose lines Pelican joins into one text (its FORMATTED_FIELDS); any other field
# written twice, or continued on an indented line, becomes a list or loses a line.
JOINED = ("summary",)
STATUSES = ("published", "draft", "hidden")
SLUG_MAX = 80
EARLIEST_YEAR = 1900
# Control characters other than tab and line breaks: invisible, and invalid in HTML.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_date(value: str, cls: type[datetime] = datetime) -> datetime | None:
    for fmt in DATE_FORMATS:
        try:
            parsed = cls.strptime(value.strip(), fmt)
        except ValueError:
            continue
        # An earlier year is a typo (0001 for 2001), and the pages would show it as 1-01-01.
        return parsed if parsed.year >= EARLIEST_YEAR else None
    return None


def colons_mended(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with ``Key：`` made ``Key: `` in the metadata block (the lines Markdown's
    meta would read, were the colon right), and where that was. Same lines, same count."""
    rows, found = split_lines(text), []
    for index, line in enumerate(rows):
        match = FULL_WIDTH_COLON.match(line)
        if match:
            found.append((index + 1, match.group(1)))
            rows[index] = f"{match.group(1)}: {line[match.end() :]}"
        elif not line.strip() or not (META_RE.match(line) or META_MORE_RE.match(line)):
            break
    return "\n".join(rows), found


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
    for number, line in enumerate(split_lines(text), start=1):
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
    mended, mistyped = colons_mended(text)
    found = [
        Problem(shown, key, "字段名后用了全角冒号“：”", f"改成半角冒号加空格：{key}: …", number)
        for number, key in mistyped
    ]
    header = read_header(mended)
    found += check_fields(shown, header.first_values())
    for key, (line, values) in header.fields.items():
        if len(values) > 1 and key not in JOINED:
            found.append(
                Problem(
                    shown,
                    "字段",
                    f"{key.capitalize()} 写了 {len(values)} 次（或下一行缩进，成了它的续行）",
                    "每个字段只写一行；删去重复的一行，或去掉下一行开头的空格",
                    line,
                )
            )
    if not "".join(split_lines(text)[header.body_start :]).strip():
        found.append(
            Problem(
                shown,
                "正文",
                "正文为空：文件只有开头的字段，没有文章内容",
                "在字段下面空一行，写上正文；不发布的稿件加一行 Status: draft",
                header.body_start + 1,
            )
        )
    return found


def check_fields(shown: str, fields: dict[str, tuple[int, str]]) -> list[Problem]:
    """Missing or malformed metadata: required fields, dates, slug, status, forbidden fields."""
    found = []
    # A draft may wait for its date (Pelican dates it last); an imported article whose
    # original gave none is written so, and the rulebook reminds the editor.
    draft = fields.get("status", (0, ""))[1].strip().lower() == "draft"
    for key in REQUIRED:
        line, value = fields.get(key, (1, ""))
        if not value and not (key == "date" and draft):
            label = key.capitalize()
            example = "年-月-日（发稿日期）" if key == "date" else "文章标题"
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
                f"Slug “{value[:SLUG_MAX]}” 不是小写拼音加连字符，或超过 {SLUG_MAX} 个字符",
                "写成 huinong-tuanwei-sige-qianghua 这样的形式（只用小写字母、数字和 -）",
                line,
            )
        )
    line, value = fields.get("status", (0, ""))
    if value and value.lower() not in STATUSES:
        hint = did_you_mean(value.lower(), STATUSES, limit=1)
        fix = f"您是否想写 Status: {hint[0]}？" if hint else ""
        fix += "草稿写 draft（不发布），其余情况删去这一行"
        message = f"Status 只能是 {'、'.join(STATUSES)}，现在是“{value}”"
        found.append(Problem(shown, "Status", message, fix, line))
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


Converted = tuple[list[Problem], str | None, dict | None]  # problems, HTML, raw metadata


def source_text(raw: bytes) -> str:
    """The text Pelican's ``pelican_open`` would give: BOM dropped, newlines universal."""
    return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


class ColumnMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with the column's checks in front of and after it.

    Pelican builds a new ``Markdown`` instance for every file, which costs about a third of
    the conversion itself; this reader keeps one per process and resets it between files.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._converter: Markdown | None = None
        self.prepared: dict[str, Converted] = {}  # absolute path -> convert() result
        self.authors: dict[str, object] = {}

    def converter(self) -> Markdown:
        if self._converter is None:
            self._converter = Markdown(**self.settings["MARKDOWN"])
            self._meta = self._converter.preprocessors["meta"]
        elif "meta" not in self._converter.preprocessors:
            # Pelican's _parse_metadata removes it before converting a Summary: field.
            self._converter.preprocessors.register(self._meta, "meta", 27)
        return self._converter.reset()

    def convert(self, source_path: str, raw: bytes | None = None) -> Converted:
        """Check and convert one file: (problems, HTML, metadata as Markdown's Meta)."""
        if raw is None:
            with open(source_path, "rb") as fh:
                raw = fh.read()
        found = check_source(source_path, raw)
        if found:
            return found, None, None
        md = self.converter()
        try:
            content = md.convert(source_text(raw))
        except Exception as exc:  # RecursionError, MemoryError…: this file's, not the build's
            self._converter = None  # left half-way through a file: not reused
            return [unconvertible(source_path, exc)], None, None
        if md.offsite_images:
            return [offsite_image(source_path, md.offsite_images[0])], None, None
        return [], content, md.Meta

    def process_metadata(self, name: str, value):
        """Pelican's, with two shortcuts that matter at 10,000 articles.

        A date in one of the column's formats is parsed with ``strptime`` (Pelican's
        ``dateutil`` parse gives the same value ten times slower), and one ``Author`` is
        shared by all articles of an author, so its slug is computed once.
        """
        if name == "date":
            parsed = parse_date(value.replace("_", " "), SafeDatetime)
            if parsed is not None:
                return parsed
        elif name == "author":
            if value not in self.authors:
                self.authors[value] = super().process_metadata(name, value)
            return self.authors[value]
        return super().process_metadata(name, value)

    def read(self, source_path):
        self._source_path = source_path
        found, content, meta = self.prepared.pop(source_path, None) or self.convert(source_path)
        if found:
            for problem in found:
                column_build(self.settings).problems.add(problem)
            raise ValueError(found[0])
        self._md = self.converter()  # converts formatted fields such as Summary:
        metadata = self._parse_metadata(meta)
        if self._md.offsite_images:  # an image in a formatted field such as Summary:
            problem = offsite_image(source_path, self._md.offsite_images[0])
            column_build(self.settings).problems.add(problem)
            raise ValueError(problem)
        return content, metadata


def unconvertible(path: str, exc: BaseException) -> Problem:
    """An article Markdown cannot convert: nested too deep for Python's stack, too big, or
    something its parser does not expect; the build goes on to report the other files."""
    if isinstance(exc, RecursionError):
        message = "列表、引用或括号嵌套的层数太多，无法转换"
        fix = "减少嵌套层数（一般不超过 3 层），或把过长的嵌套拆成几段"
    elif isinstance(exc, MemoryError):
        message = "文件太大，转换时内存不足"
        fix = "把文章拆成几篇，或删去从其他软件粘贴进来的大段重复内容"
    else:
        message = f"Markdown 无法转换这篇文章（{type(exc).__name__}）"
        fix = "检查最近改动的段落（多层嵌套、未闭合的符号），改好后重新构建"
    return Problem(display_path(path), "正文", message, fix)


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
        column_build(self.settings).problems.add(problem)
        raise ValueError(problem)
