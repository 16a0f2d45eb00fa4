"""``huinong check``: everything wrong with the content, found without building.

Each finding is a ``Problem`` (file, line, field, message, fix) with a level and a rule
code, printed as ``file:line: level: field: message 修改办法：fix`` or as JSON.

Levels:

* ``error``: the build would fail, or the published page would be wrong, misleading or
  inaccessible (unknown unit, future date, broken link, image without alt text, the
  开栏语 pasted in, template text left in…). ``check`` exits with status 1.
* ``warning``: safe to publish, but an editor should look (an inferred date, unit or theme
  awaiting confirmation; half-width punctuation or full-width letters in Chinese text).
  Warnings alone leave the exit status at 0.

Only the ``punctuation`` and ``width`` findings can be corrected automatically: ``--diff``
shows the correction, ``--fix`` writes it. Nothing else ever writes a file.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import markdown
from bs4 import BeautifulSoup

from ..column import typography
from ..column.confine import linked_paths
from ..column.errors import Problem
from ..column.intro import IntroMatcher
from ..column.links import SiteMap, find_broken
from ..column.reader import FORBIDDEN, display_path, parse_date, unconvertible
from ..column.slugs import default_slug
from ..column.sources import Site, Source, content_sources
from ..column.tagging import UNIT_PLACES, Tagger
from .new import PLACEHOLDER
from .proposals import proposal, unit_candidate

ERROR, WARNING = "error", "warning"

# Every rule: its level and what it means. docs/编辑指南.md explains each code.
RULES = {
    "file-binary": (ERROR, "文件不是文本"),
    "file-encoding": (ERROR, "文件不是 UTF-8 编码"),
    "file-control": (ERROR, "含有不可见的控制字符"),
    "file-link": (ERROR, "是符号链接，网站只发布项目内的文件"),
    "body-empty": (ERROR, "正文为空"),
    "body-unconvertible": (ERROR, "正文无法转换（嵌套太深、文件太大）"),
    "field-forbidden": (ERROR, "文章不能自行指定网址、输出文件或模板"),
    "field-repeated": (ERROR, "字段写了不止一次，或有缩进的续行"),
    "field-colon": (ERROR, "字段名后用了全角冒号"),
    "field-unknown": (WARNING, "字段名像是拼错了"),
    "title-missing": (ERROR, "缺少标题"),
    "title-duplicate": (ERROR, "标题与另一篇相同"),
    "date-missing": (ERROR, "缺少日期"),
    "date-format": (ERROR, "日期格式不对"),
    "date-future": (ERROR, "日期在今天之后，又不是草稿"),
    "date-inferred": (WARNING, "日期是推定的，待核实"),
    "datestatus-unknown": (ERROR, "DateStatus 的值不对"),
    "status-unknown": (ERROR, "Status 的值不对"),
    "unit-unknown": (ERROR, "单位未登记"),
    "unit-missing": (ERROR, "没写单位，也推断不出"),
    "unit-inferred": (WARNING, "单位由推断得出，待核对"),
    "theme-unknown": (ERROR, "主题未登记"),
    "theme-missing": (WARNING, "没写主题，正文中也没有主题线索"),
    "theme-inferred": (WARNING, "主题由推断得出，待核对"),
    "slug-format": (ERROR, "Slug 不是小写拼音"),
    "slug-duplicate": (ERROR, "网址与另一篇相同"),
    "link-broken": (ERROR, "站内链接指向不存在的页面或文件"),
    "image-missing": (ERROR, "图片文件不存在"),
    "image-alt": (ERROR, "图片没有说明文字"),
    "column-intro": (ERROR, "正文里粘贴了开栏语"),
    "template-text": (ERROR, "正文里还留着模板提示文字"),
    "punctuation": (WARNING, "中文之间用了半角标点（可自动修正）"),
    "width": (WARNING, "用了全角字母或数字（可自动修正）"),
}
FIXABLE = {"punctuation", "width"}
KNOWN_FIELDS = (
    *("title", "date", "modified", "organization", "themes", "author", "authors", "slug"),
    *("status", "datestatus", "datenote", "summary", "synthetic", "lang", "template"),
    "inferred",
)
FIELD_NAMES = {"datestatus": "DateStatus", "datenote": "DateNote"}
FULL_WIDTH_COLON = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_-]*)\s*：")
FENCE = re.compile(r"^\s*(```|~~~)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")
LINE_ENDS = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")  # after each line ending, as Markdown splits


@dataclass(frozen=True)
class Finding:
    code: str
    problem: Problem

    @property
    def level(self) -> str:
        return RULES[self.code][0]

    @property
    def line(self) -> int:
        return self.problem.line or 1

    def sort_key(self):
        return (self.problem.path, self.line, self.code, self.problem.message)

    def __str__(self) -> str:
        p = self.problem
        text = f"{p.path}:{self.line}: {self.level}: {p.field}: {p.message}"
        return f"{text} 修改办法：{p.fix}" if p.fix else text

    def as_json(self) -> dict:
        return {
            **asdict(self.problem),
            "line": self.line,
            "level": self.level,
            "code": self.code,
            "fixable": self.code in FIXABLE,
        }


class Checker:
    """Runs every rule over all sources; findings for the sources asked about."""

    def __init__(self, site: Site, today: date):
        self.site = site
        self.today = today
        self.tagger = Tagger(site.registry, site.settings)
        self.intro = IntroMatcher(site.registry.column)
        self.markdown = markdown_converter(site)
        self.proposals: dict[str, str] = {}  # unregistered unit → its [[units]] entry
        self.unconvertible: set[str] = set()  # sources whose body Markdown cannot convert

    def run(self, sources: list[Source]) -> list[Finding]:
        findings: list[Finding] = []
        slugs: dict[str, str] = {}
        for source in sources:
            found, slug = self.check_file(source)
            findings += found
            if slug:
                slugs[source.shown] = slug
        findings += self.duplicates(sources, slugs)
        findings += [Finding("file-link", p) for p in linked_paths(self.site.settings)]
        sitemap = SiteMap.build(
            self.site,
            sorted(set(slugs.values())),
            sorted(s.value("slug") or s.path.stem for s in sources if s.kind == "page"),
        )
        for source in sources:
            if source.readable and source.shown not in self.unconvertible:
                findings += self.check_links(source, slugs.get(source.shown, ""), sitemap)
        return sorted(set(findings), key=Finding.sort_key)

    # -- one file -------------------------------------------------------------------------

    def check_file(self, source: Source) -> tuple[list[Finding], str]:
        """Findings about one file alone, and its slug when it can be worked out."""
        found = [Finding(_file_code(p), p) for p in source.problems]
        if not source.readable:
            return found, ""
        try:
            self.render(source)
        except Exception as exc:  # the build's reader reports the same (reader.unconvertible)
            self.markdown = markdown_converter(self.site)
            self.unconvertible.add(source.shown)
            return [*found, Finding("body-unconvertible", unconvertible(source.shown, exc))], ""
        found += self.check_fields(source)
        slug = ""
        if source.kind == "article":
            tagged, slug = self.check_tags(source)
            found += tagged
        found += self.check_body(source)
        found += typography_findings(source)
        return found, slug

    def find(self, code: str, source: Source, key: str, message: str, fix: str, line: int = 0):
        """A finding about ``source``, at ``line`` or else at the line of field ``key``."""
        label = FIELD_NAMES.get(key, key.capitalize() if key.isascii() else key)
        problem = Problem(source.shown, label, message, fix, line or source.line_of(key))
        return Finding(code, problem)

    def check_fields(self, source: Source) -> list[Finding]:
        found = []
        for number, line in enumerate(source.lines, start=1):
            if not line.strip():
                break  # the end of the metadata block, however badly it was written
            match = FULL_WIDTH_COLON.match(line)
            if match:
                key = match.group(1)
                fix = f"改成半角冒号加空格：{key}: …"
                found.append(
                    self.find("field-colon", source, key, "字段名后用了全角冒号“：”", fix, number)
                )
        for key, (number, _) in sorted(source.fields.items()):
            if key not in KNOWN_FIELDS:
                close = difflib.get_close_matches(key, KNOWN_FIELDS, n=1, cutoff=0.8)
                if close:
                    message = f"不认识的字段“{source.lines[number - 1].split(':')[0].strip()}”"
                    fix = f"是否想写 {close[0].capitalize()}:？"
                    found.append(self.find("field-unknown", source, key, message, fix, number))

        value = source.value("date")
        day = parse_date(value) if value else None
        status = source.value("status").lower()
        if day and day.date() > self.today and status != "draft":
            message = f"日期 {value} 晚于今天（{self.today}），构建后会立即发布并显示这个日期"
            fix = "改成实际发稿日期；要以后再发布，先加一行 Status: draft，到发布那天删去"
            found.append(self.find("date-future", source, "date", message, fix))

        date_status = source.value("datestatus")
        if date_status.lower() == "inferred":
            message = f"日期 {value or '（空）'} 是推定的，尚未核实"
            fix = "核实发稿日期后改正 Date，并删去 DateStatus 这一行"
            found.append(self.find("date-inferred", source, "datestatus", message, fix))
        elif date_status:
            message = f"DateStatus 只能写 inferred，现在是“{date_status}”"
            fix = "日期已核实就删去这一行；日期是推定的就写 DateStatus: inferred"
            found.append(self.find("datestatus-unknown", source, "datestatus", message, fix))

        return found

    def render(self, source: Source) -> str:
        self.markdown.reset()
        return self.markdown.convert(source.body)

    def check_tags(self, source: Source) -> tuple[list[Finding], str]:
        """Unit and themes as the build would decide them, and the article's slug."""
        article, problems = tag_source(self.tagger, self.site, source, self.markdown)
        found = []
        for problem in problems:
            key = problem.field.lower()
            given = bool(source.value(key))
            kind = "unit" if key == "organization" else "theme"
            code = f"{kind}-unknown" if given else f"{kind}-missing"
            fix = problem.fix
            candidate = unit_candidate(self.site.registry, article.title)
            if code == "unit-missing" and candidate:
                text = f"{article.title}\n{source.body}"
                self.proposals.setdefault(candidate, proposal(self.site.registry, candidate, text))
                fix = f"标题中的“{candidate}”尚未登记：把末尾的登记建议粘贴进登记表，或{fix}"
            found.append(self.find(code, source, key, problem.message, fix))
        if found:
            return found, ""

        how = article.tagging
        confirm = f"核对后运行 huinong confirm {source.shown} 写入"
        evidence = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in how.evidence}
        if how.unit_how == "inferred":
            where = UNIT_PLACES[how.unit_from]
            message = (
                f"单位“{article.unit.name}”由{where}推断，尚未确认"
                if how.unit_from == "tool"
                else f"没有写 Organization，由{where}推断为“{article.unit.name}”"
            )
            message += f"（{evidence['单位']}）" if "单位" in evidence else ""
            fix = f"{confirm}，或加一行 Organization: {article.unit.name}"
            found.append(self.find("unit-inferred", source, "organization", message, fix))
        if how.topics_how == "inferred" and article.topics:
            names = [t.name for t in article.topics]
            reasons = "；".join(line[3:] for line in how.evidence if line.startswith("主题 "))
            flag = "，待核实" if how.review else ""
            message = f"没有写 Themes，由关键词推断为“{'、'.join(names)}”{flag}（{reasons}）"
            fix = f"{confirm}，或加一行 Themes: {', '.join(names)}"
            found.append(self.find("theme-inferred", source, "themes", message, fix))
        elif how.topics_how == "inferred":
            message = "没有写 Themes，正文中也没有主题线索：文章不归入任何主题，待核实"
            fix = f"加一行 Themes: 主题1, 主题2（已登记：{'、'.join(self.tagger.topics)}）"
            found.append(self.find("theme-missing", source, "themes", message, fix))

        slug = source.value("slug")
        day = parse_date(source.value("date") or "")
        if not slug and day:
            slug = default_slug(  # the build's own rule for an article without a Slug
                SimpleNamespace(source_path=str(source.path), unit=article.unit, date=day)
            )
        return found, slug

    def check_body(self, source: Source) -> list[Finding]:
        found = []
        for number, paragraph in source.paragraphs():
            if self.intro.is_label(paragraph) or self.intro.is_pasted(paragraph):
                message = (
                    "正文里粘贴了开栏语"
                    if self.intro.is_pasted(paragraph)
                    else "正文里有“开栏语”标题"
                )
                fix = "删去这一段：开栏语只登记在 data/column.toml，专栏首页会自动显示"
                found.append(self.find("column-intro", source, "正文", message, fix, number))
        for number, line in source.body_lines():
            if PLACEHOLDER in line:
                message = "这一行还是 huinong new 留下的提示文字"
                fix = "把括号里的提示换成正文，或删去这一行"
                found.append(self.find("template-text", source, "正文", message, fix, number))
        return found

    def check_links(self, source: Source, slug: str, sitemap: SiteMap) -> list[Finding]:
        settings = self.site.settings
        key = "DRAFT_URL" if source.value("status").lower() == "draft" else "ARTICLE_URL"
        if source.kind == "page":
            key, slug = "PAGE_URL", source.value("slug") or source.path.stem
        page_url = settings[key].format(slug=slug or "x")
        soup = BeautifulSoup(self.render(source), "html.parser")
        found = []
        for tag, attr in (("a", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                target = element.get(attr) or ""
                line = _line_containing(source, target)
                if tag == "img" and not (element.get("alt") or "").strip():
                    message = f"图片“{target}”没有说明文字（alt）"
                    fix = f"在方括号里写一句图片说明，如 ![志愿者在社区服务]({target})"
                    found.append(self.find("image-alt", source, "图片", message, fix, line))
                broken = find_broken(
                    target, page_url, source.path, self.site, sitemap, image=tag == "img"
                )
                if broken is None:
                    continue
                if tag == "img":
                    code, field = "image-missing", "图片"
                    message = f"图片“{target}”找不到（{broken.resolved}）"
                    fix = "把图片放进 content/images/，写成 ![图片说明]({static}/images/文件名.jpg)"
                elif broken.is_file_link:
                    code, field = "link-broken", "链接"
                    message = f"链接“{target}”指向的文件不存在（{broken.resolved}）"
                    fix = "检查文件名和路径：{filename}/… 和 {static}/… 都从 content/ 算起"
                else:
                    code, field = "link-broken", "链接"
                    message = f"站内链接“{target}”指向的页面不存在（{broken.resolved}）"
                    fix = (
                        "改成已有页面的网址，如 /articles/<Slug>/；"
                        "链接另一篇文章最好写 {filename}/articles/年份/文件名.md"
                    )
                found.append(self.find(code, source, field, message, fix, line))
        return found

    # -- across files -------------------------------------------------------------------

    def duplicates(self, sources: list[Source], slugs: dict[str, str]) -> list[Finding]:
        found = []
        by_slug: dict[tuple[bool, str], list[Source]] = defaultdict(list)
        by_title: dict[str, list[Source]] = defaultdict(list)
        for source in sources:
            if source.kind != "article":
                continue
            if slugs.get(source.shown):
                draft = source.value("status").lower() == "draft"
                by_slug[(draft, slugs[source.shown])].append(source)
            if source.value("title"):
                by_title[source.value("title")].append(source)
        for (_, slug), group in sorted(by_slug.items()):
            first, *others = group
            for other in others:
                message = f"与 {first.shown} 的网址相同（{slug}）"
                fix = "给其中一篇加一行不同的 Slug: 拼音-网址"
                found.append(self.find("slug-duplicate", other, "slug", message, fix))
        for _, group in sorted(by_title.items()):
            first, *others = group
            for other in others:
                message = f"标题与 {first.shown} 相同"
                fix = "改写其中一篇的标题；如果是重复导入，删去多余的文件"
                found.append(self.find("title-duplicate", other, "title", message, fix))
        return found


def tag_source(tagger: Tagger, site: Site, source: Source, converter=None):
    """(article, problems): a source file tagged as the build tags it, on its body
    converted with the site's Markdown settings."""
    if converter is None:
        converter = markdown_converter(site)
    converter.reset()
    article = SimpleNamespace(
        metadata={k: v for k, (_, v) in source.fields.items()},
        title=source.value("title"),
        _content=converter.convert(source.body),
        source_path=str(source.path),
    )
    return article, tagger.tag(article, source.shown)


def markdown_converter(site: Site) -> markdown.Markdown:
    """The build's Markdown, without its metadata extension: the body alone is converted."""
    options = dict(site.settings.get("MARKDOWN", {}))
    options["extensions"] = [
        e for e in options.get("extensions", []) if e != "markdown.extensions.meta"
    ]
    return markdown.Markdown(**options)


def _file_code(problem: Problem) -> str:
    """The rule code of a problem found by the build's own reader (``check_source``)."""
    if problem.field in ("Date", "Modified"):
        return "date-missing" if problem.message.startswith("缺少") else "date-format"
    if problem.field == "文件":
        return "file-control" if "控制字符" in problem.message else "file-binary"
    if problem.field in FORBIDDEN.values():
        return "field-forbidden"
    codes = {
        "编码": "file-encoding",
        "Title": "title-missing",
        "Slug": "slug-format",
        "Status": "status-unknown",
        "正文": "body-empty",
        "字段": "field-repeated",
    }
    return codes[problem.field]


def _line_containing(source: Source, text: str) -> int:
    for number, line in source.body_lines():
        if text and text in line:
            return number
    return source.body_start + 1


def prose_lines(source: Source) -> list[int]:
    """Indexes (in ``source.lines``) of the lines whose text is Chinese prose: the Title
    and the body outside code blocks and link definitions."""
    chosen = []
    if "title" in source.fields:
        chosen.append(source.fields["title"][0] - 1)
    fenced = False
    for index in range(source.body_start, len(source.lines)):
        line = source.lines[index]
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and not line.startswith(("    ", "\t")) and not REFERENCE.match(line):
            chosen.append(index)
    return chosen


def typography_findings(source: Source) -> list[Finding]:
    found = []
    for index in prose_lines(source):
        line = source.lines[index]
        edits = typography.line_edits(line)
        for kind in ("punctuation", "width"):
            mine = [e for e in edits if e.kind == kind]
            if not mine:
                continue
            if kind == "punctuation":
                message = f"中文之间用了半角标点：{typography.describe(line, mine)}"
                fix = "改为全角标点 ，；：？！（），或运行 huinong check --fix 自动修正"
            else:
                message = f"用了全角字母或数字：{typography.describe(line, mine)}"
                fix = "改为半角字母和数字，或运行 huinong check --fix 自动修正"
            found.append(Finding(kind, Problem(source.shown, "标点", message, fix, index + 1)))
    return found


def fixed_text(source: Source) -> str:
    """The file's text with every punctuation and width finding corrected, nothing else."""
    lines = LINE_ENDS.split(source.text)  # the lines of ``source.lines``, with their endings
    for index in prose_lines(source):
        content = lines[index].rstrip("\r\n")
        ending = lines[index][len(content) :]
        lines[index] = typography.apply(content, typography.line_edits(content)) + ending
    return "".join(lines)


def _diff(source: Source, new_text: str) -> str:
    return "".join(
        difflib.unified_diff(
            source.text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"a/{source.shown}",
            tofile=f"b/{source.shown}",
        )
    )


def run(site: Site, args) -> int:
    """The ``check`` command: report, optionally show or apply the fixes; exit status."""
    sources = content_sources(site)
    chosen = _selected(sources, args.paths)
    if chosen is None:
        return 1
    side = sys.stderr if args.format == "json" else sys.stdout
    if args.fix or args.diff:
        fixed = 0
        for source in sources:
            if source.shown not in chosen or not source.readable:
                continue
            new_text = fixed_text(source)
            if new_text == source.text:
                continue
            print(_diff(source, new_text), end="", file=side)
            fixed += 1
            if args.fix:
                bom = b"\xef\xbb\xbf" if source.raw.startswith(b"\xef\xbb\xbf") else b""
                source.path.write_bytes(bom + new_text.encode("utf-8"))
        done = "已修正" if args.fix else "加 --fix 将修正"
        print(f"{done} {fixed} 个文件的标点和全角字符。", file=side)
        if args.fix:
            sources = content_sources(site)

    checker = Checker(site, args.today)
    findings = [
        f
        for f in checker.run(sources)
        # A link is not a source, but it fails every build: reported when checking everything.
        if f.problem.path in chosen or (f.code == "file-link" and not args.paths)
    ]
    errors = sum(f.level == ERROR for f in findings)
    warnings = len(findings) - errors
    fixable = sum(f.code in FIXABLE for f in findings)
    if args.format == "json":
        report = {
            "files": sorted(chosen),
            "errors": errors,
            "warnings": warnings,
            "findings": [f.as_json() for f in findings],
            "proposals": [checker.proposals[name] for name in sorted(checker.proposals)],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        for name in sorted(checker.proposals):
            print(
                f"\n登记建议：“{name}”尚未登记，核对后粘贴进 {display_path(site.registry.path)}："
            )
            print(checker.proposals[name])
        print(f"检查了 {len(chosen)} 个文件：{errors} 个错误，{warnings} 个警告。")
        if fixable:
            print(
                f"其中 {fixable} 条（标点、全角字符）可自动修正："
                "huinong check --diff 预览，--fix 写入。"
            )
    return 1 if errors else 0


def _selected(sources: list[Source], paths: list[str]) -> set[str] | None:
    """Display paths of the sources under the given paths (all when none given)."""
    if not paths:
        return {s.shown for s in sources}
    chosen = set()
    for given in paths:
        path = Path(given).resolve()
        if not path.exists():
            print(
                f"错误: {given}: 文件不存在 修改办法：检查路径，或不写路径以检查全部文章",
                file=sys.stderr,
            )
            return None
        mine = {
            s.shown for s in sources if s.path.resolve() == path or path in s.path.resolve().parents
        }
        if not mine:
            print(
                f"错误: {given}: 这里没有 content/ 中的 Markdown 文章 "
                "修改办法：给出 content/articles/ 下的文件或文件夹，或不写路径以检查全部文章",
                file=sys.stderr,
            )
            return None
        chosen |= mine
    return chosen
