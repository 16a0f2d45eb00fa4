"""The rulebook: every rule about an article, defined once, with its level and its fix.

``huinong check`` (``desk/check.py``), the build (``publishing/build.py`` through the plugin's
``_tag_articles``), the devserver (which runs the build) and ``huinong publish`` (the build in
strict mode) all take their findings from ``Checker``, so an editor gets the same message,
``文件:行: 字段: 问题 修改办法：…``, wherever a mistake is found.

Levels:

* ``error``: the build would fail, or the published page would be wrong, misleading or
  inaccessible (unknown unit, future date, broken link, missing image, image without alt
  text, the 开栏语 pasted in, template text left in…). It fails ``check``, every build and
  ``publish``.
* ``warning``: safe to preview, not to publish (half-width punctuation in Chinese text or
  the 开栏语, a long title, raw HTML in a body, a duplicate title…). Shown everywhere; fails
  only the strict ``publish``.
* ``note`` (待核对): what awaits an editor's confirmation (an inferred date, unit or theme, an
  undated draft). Shown by ``check``; never fails anything.

Only the ``punctuation``, ``width`` and ``intro-punctuation`` findings can be corrected
automatically (``fixed_text``, ``fixed_intro``, for ``huinong check --fix``). ``enforce``
runs the rulebook in a build, keeping each file's findings by its digest.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import markdown
from bs4 import BeautifulSoup

from pelican_fastbuild import picklefile

from . import clock, typography
from .confine import linked_paths
from .errors import Problem
from .intro import IntroMatcher
from .links import SiteMap, find_broken
from .reader import FORBIDDEN, display_path, parse_date, unconvertible
from .slugs import default_slug
from .sources import Site, Source, content_sources
from .tagging import UNIT_PLACES, Tagger

log = logging.getLogger(__name__)

PLACEHOLDER = "（在这里写"  # huinong new's scaffold: a body line still holding it is unfinished

ERROR, WARNING, NOTE = "error", "warning", "note"
TITLE_MAX = 40  # characters: a longer title runs over four lines on a phone
FIX_COMMAND = "huinong check --fix"

# Every rule: its level and what it means. docs/编辑指南.md explains each code.
RULES = {
    "file-binary": (ERROR, "文件不是文本"),
    "file-encoding": (ERROR, "文件不是 UTF-8 编码"),
    "file-control": (ERROR, "含有不可见的控制字符"),
    "file-link": (ERROR, "是符号链接，网站只发布项目内的文件"),
    "body-empty": (ERROR, "正文为空"),
    "body-unconvertible": (ERROR, "正文无法转换（嵌套太深、文件太大）"),
    "field-forbidden": (ERROR, "文章不能自行指定网址、输出文件或模板"),
    "field-colon": (ERROR, "字段名后用了全角冒号"),
    "field-repeated": (ERROR, "字段写了不止一次，或有缩进的续行"),
    "field-unknown": (WARNING, "字段名像是拼错了"),
    "title-missing": (ERROR, "缺少标题"),
    "title-duplicate": (WARNING, "标题与另一篇相同"),
    "title-length": (WARNING, "标题太长"),
    "date-missing": (ERROR, "缺少日期"),
    "date-format": (ERROR, "日期格式不对"),
    "date-future": (ERROR, "日期在今天之后，又不是草稿"),
    "date-inferred": (NOTE, "日期是推定的，待核实"),
    "date-draft": (NOTE, "草稿还没有日期"),
    "datestatus-unknown": (ERROR, "DateStatus 的值不对"),
    "status-unknown": (ERROR, "Status 的值不对"),
    "unit-unknown": (ERROR, "单位未登记"),
    "unit-missing": (ERROR, "没写单位，也推断不出"),
    "unit-inferred": (NOTE, "单位由推断得出，待核对"),
    "theme-unknown": (ERROR, "主题未登记"),
    "theme-missing": (NOTE, "没写主题，正文中也没有主题线索"),
    "theme-inferred": (NOTE, "主题由推断得出，待核对"),
    "slug-format": (ERROR, "Slug 不是小写拼音"),
    "slug-duplicate": (ERROR, "网址与另一篇相同"),
    "link-broken": (ERROR, "站内链接指向不存在的页面或文件"),
    "image-missing": (ERROR, "图片文件不存在"),
    "image-alt": (ERROR, "图片没有说明文字"),
    "column-intro": (ERROR, "正文里粘贴了开栏语"),
    "template-text": (ERROR, "正文里还留着模板提示文字"),
    "raw-html": (WARNING, "正文里有 HTML 标签，读者会看到标签原文"),
    "punctuation": (WARNING, "中文之间用了半角标点（可自动修正）"),
    "width": (WARNING, "用了全角字母或数字（可自动修正）"),
    "intro-punctuation": (WARNING, "开栏语中文之间用了半角标点（可自动修正）"),
}
FIXABLE = {"punctuation", "width", "intro-punctuation"}
KNOWN_FIELDS = (
    *("title", "date", "modified", "organization", "themes", "author", "authors", "slug"),
    *("status", "datestatus", "datenote", "summary", "synthetic", "lang", "template"),
    "inferred",
)
FIELD_NAMES = {"datestatus": "DateStatus", "datenote": "DateNote"}
FENCE = re.compile(r"^\s*(```|~~~)")
LINE_ENDS = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")  # after each line ending, as Markdown splits
# An HTML tag as an editor pastes it: <script>, </p>, <br/>, <font color=red>; not an
# autolink (<https://…>, <a@b.cn>), whose name is followed by ":" or "@".
RAW_HTML = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
INLINE_CODE = re.compile(r"`[^`]*`")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")


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

    def __init__(self, site: Site, today: date, memo: dict | None = None):
        self.site = site
        self.today = today
        self.memo = {} if memo is None else memo  # by file digest, for this ``context``
        self.unconvertible: set[str] = set()  # sources whose body Markdown cannot convert
        self.tagger = Tagger(site.registry, site.settings)
        self.intro = IntroMatcher(site.registry.column)
        self.markdown = markdown_converter(site)
        self._rendered: tuple[Source | None, str] = (None, "")  # the last file rendered
        # ``huinong check`` adds a registry entry it proposes to a missing unit's fix
        self.advise: Callable[[SimpleNamespace, Source, str], str] | None = None

    def run(self, sources: list[Source]) -> list[Finding]:
        findings: list[Finding] = []
        slugs: dict[str, str] = {}
        for source in sources:
            found, slug = self.check_file(source)
            findings += found
            if slug:
                slugs[source.shown] = slug
        findings += self.duplicates(sources, slugs)
        findings += self.check_intro()
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

    def targets(self, source: Source) -> list[tuple[str, str, str, int]]:
        """The links and images of a file as the build renders them: (tag, target, alt,
        line), remembered by the file's digest (rendering is most of a file's check)."""
        key = ("targets", source.shown)
        digest = hashlib.sha1(source.raw).digest()
        kept = self.memo.get(key)
        if kept is not None and kept[0] == digest:
            return kept[1]
        soup = BeautifulSoup(self.render(source), "html.parser")
        found = []
        for tag, attr in (("a", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                target = element.get(attr) or ""
                alt = (element.get("alt") or "").strip()
                found.append((tag, target, alt, _line_containing(source, target)))
        self.memo[key] = (digest, tuple(found))
        return found

    def check_file(self, source: Source) -> tuple[list[Finding], str]:
        """Findings about one file alone, and its slug, remembered by the file's digest:
        they depend on nothing else that may change between builds (``context``)."""
        key = ("file", source.shown, source.kind)
        digest = hashlib.sha1(source.raw).digest()
        kept = self.memo.get(key)
        if kept is None or kept[0] != digest:
            found, slug = self._check_file(source)
            plain = tuple((f.code, *astuple(f.problem)) for f in found)  # no class pickled
            kept = self.memo[key] = (digest, plain, slug)
        found = [Finding(code, Problem(*rest)) for code, *rest in kept[1]]
        if any(f.code == "body-unconvertible" for f in found):
            self.unconvertible.add(source.shown)  # no links to look for
        return found, kept[2]

    def _check_file(self, source: Source) -> tuple[list[Finding], str]:
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
        found += self.check_title(source)
        found += typography_findings(source)
        return found, slug

    def check_title(self, source: Source) -> list[Finding]:
        title = source.value("title")
        limit = int(self.site.settings.get("COLUMN_TITLE_MAX", TITLE_MAX))
        if len(title) <= limit:
            return []
        message = f"标题有 {len(title)} 个字，超过 {limit} 个字，手机上要占很多行"
        fix = f"把标题压缩到 {limit} 个字以内，细节写进导语"
        return [self.find("title-length", source, "title", message, fix)]

    def check_intro(self) -> list[Finding]:
        """The 开栏语 in the registry: the same punctuation rules as an article's text."""
        path = Path(self.site.settings["COLUMN_REGISTRY"])
        try:
            rows = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []  # the registry loaded, so this is a race with an editor's save
        found = []
        for number, row in enumerate(rows, start=1):
            for paragraph, edits in _intro_edits(row, self.site.registry.column.intro):
                message = f"开栏语中文之间用了半角标点：{typography.describe(paragraph, edits)}"
                fix = f"改为全角标点，或运行 {FIX_COMMAND} 自动修正"
                problem = Problem(display_path(str(path)), "开栏语", message, fix, number)
                found.append(Finding("intro-punctuation", problem))
        return found

    def find(self, code: str, source: Source, key: str, message: str, fix: str, line: int = 0):
        """A finding about ``source``, at ``line`` or else at the line of field ``key``."""
        label = FIELD_NAMES.get(key, key.capitalize() if key.isascii() else key)
        problem = Problem(source.shown, label, message, fix, line or source.line_of(key))
        return Finding(code, problem)

    def check_fields(self, source: Source) -> list[Finding]:
        found = []
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
        # Without WITH_FUTURE_DATES Pelican itself holds a future article back as a draft.
        future = self.site.settings.get("WITH_FUTURE_DATES", True)
        if future and day and day.date() > self.today and status != "draft":
            message = f"日期 {value} 晚于今天（{self.today}），构建后会立即发布并显示这个日期"
            fix = "改成实际发稿日期；要以后再发布，先加一行 Status: draft，到发布那天删去"
            found.append(self.find("date-future", source, "date", message, fix))

        if not value and status == "draft":
            message = "草稿还没有 Date，不会发布"
            fix = "查明发稿日期后加一行 Date: 年-月-日，并删去 Status: draft 这一行"
            found.append(self.find("date-draft", source, "date", message, fix))

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
        """The body as the build converts it, once per file and run: the conversion, the
        tags and the links all read it (three conversions were half of a file's check)."""
        if self._rendered[0] is not source:
            self.markdown.reset()
            self._rendered = (source, self.markdown.convert(source.body))
        return self._rendered[1]

    def check_tags(self, source: Source) -> tuple[list[Finding], str]:
        """Unit and themes as the build would decide them, and the article's slug."""
        article, problems = tag_source(self.tagger, self.site, source, html=self.render(source))
        found = []
        for problem in problems:
            key = problem.field.lower()
            given = bool(source.value(key))
            kind = "unit" if key == "organization" else "theme"
            code = f"{kind}-unknown" if given else f"{kind}-missing"
            fix = problem.fix
            if code == "unit-missing" and self.advise is not None:
                fix = self.advise(article, source, fix)
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
            if self.intro.is_intro(paragraph):
                message = (
                    "正文里有“开栏语”标题"
                    if self.intro.is_label(paragraph)
                    else "正文里粘贴了开栏语"
                )
                fix = "删去这一段：开栏语只登记在 data/column.toml，专栏首页会自动显示"
                found.append(self.find("column-intro", source, "正文", message, fix, number))
        fenced = False
        for number, line in source.body_lines():
            fenced ^= bool(FENCE.match(line))
            tag = None if fenced else RAW_HTML.search(INLINE_CODE.sub("", line))
            if tag:
                message = f"正文里有 HTML 标签“{tag.group()[:40]}”，页面会把它原样显示成文字"
                fix = "删去标签，用 Markdown 写：**加粗**、![图片说明](图片)、[链接文字](网址)"
                found.append(self.find("raw-html", source, "正文", message, fix, number))
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
        found = []
        for tag, target, alt, line in self.targets(source):
            if tag == "img" and not alt:
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


def tag_source(tagger: Tagger, site: Site, source: Source, converter=None, html=None):
    """(article, problems): a source file tagged as the build tags it, on its body
    converted with the site's Markdown settings (or on ``html``, that conversion)."""
    if html is None:
        if converter is None:
            converter = markdown_converter(site)
        converter.reset()
        html = converter.convert(source.body)
    article = SimpleNamespace(
        metadata={k: v for k, (_, v) in source.fields.items()},
        title=source.value("title"),
        _content=html,
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
    if problem.message.startswith("字段名后用了全角冒号"):
        return "field-colon"
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
                fix = f"改为全角标点 ，。；：？！“”（）……——，或运行 {FIX_COMMAND} 自动修正"
            else:
                message = f"用了全角字母或数字：{typography.describe(line, mine)}"
                fix = f"改为半角字母和数字，或运行 {FIX_COMMAND} 自动修正"
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


def _intro_edits(row: str, intro) -> list[tuple[str, list[typography.Edit]]]:
    """The 开栏语 paragraphs a line of the registry holds, each with its corrections (only
    the paragraph's own text: the TOML quotes around it are not Chinese quotes)."""
    return [(p, typography.line_edits(p)) for p in intro if p in row and typography.line_edits(p)]


def fixed_intro(site: Site) -> tuple[Path, str, str]:
    """The registry file, its text, and its text with the 开栏语's punctuation corrected."""
    path = Path(site.settings["COLUMN_REGISTRY"])
    text = path.read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    for index, row in enumerate(rows):
        for paragraph, edits in _intro_edits(row, site.registry.column.intro):
            rows[index] = rows[index].replace(paragraph, typography.apply(paragraph, edits))
    return path, text, "".join(rows)


def context(site: Site, today: date) -> str:
    """What a file's findings depend on besides the file: the registry, today, the settings
    the rules read, and the code of the rules themselves."""
    digest = hashlib.sha256()
    settings = site.settings
    for part in (
        Path(settings["COLUMN_REGISTRY"]).read_bytes(),
        *(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py"))),
        repr([today, settings.get("WITH_FUTURE_DATES", True), settings.get("COLUMN_TITLE_MAX")]),
        repr([settings.get(k) for k in ("MARKDOWN", "PATH", "ARTICLE_URL", "DRAFT_URL")]),
    ):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def enforce(settings: dict, registry, problems) -> None:
    """The rulebook in a build: every error joins ``problems`` (the build stops with them
    all), every warning is logged (a strict build, ``make publish``, fails on it). Notes
    are left to the build summary's own “推断” lines.

    A file's own findings are kept in ``CACHE_PATH`` by its digest, so an unchanged file
    costs a digest (checking 2,000 files afresh takes about 10 s, on a busy machine)."""
    site = Site(Path(), settings, registry)  # the settings are loaded: no file is read
    today = clock.today(settings)
    cache = None
    if settings.get("FASTBUILD_CACHE"):
        cache = Path(settings["CACHE_PATH"], "huinong", f"rules-{context(site, today)}.pickle")
    memo = picklefile.load(cache, _memo_entry) if cache else {}
    before = dict(memo)
    sources = content_sources(site)
    for finding in Checker(site, today, memo).run(sources):
        if finding.level == ERROR:
            problems.add(finding.problem)
        elif finding.level == WARNING:
            log.warning("%s", finding.problem)
    live = {source.shown for source in sources}
    kept = {key: value for key, value in memo.items() if key[1] in live}
    changed = len(before.keys() - kept.keys()) + sum(
        before.get(k) is not v for k, v in kept.items()
    )
    if cache and picklefile.worth_writing(changed, len(kept)):
        picklefile.save(cache, kept, stale="rules-*.pickle")


def _memo_entry(key, value) -> bool:
    """Whether a cached entry has the shape ``Checker`` stores (else it is discarded):
    ("file", path, kind) → (digest, findings as plain tuples, slug);
    ("targets", path) → (digest, (tag, target, alt, line)…)."""
    if not (isinstance(key, tuple) and key and isinstance(value, tuple) and value):
        return False
    if not isinstance(value[0], bytes) or not isinstance(value[1], tuple):
        return False
    if key[0] == "file" and len(key) == 3 and len(value) == 3:
        return isinstance(value[2], str) and all(
            isinstance(f, tuple) and len(f) == 6 and all(isinstance(x, str) for x in f[:5])
            for f in value[1]
        )
    if key[0] == "targets" and len(key) == 2 and len(value) == 2:
        return all(isinstance(t, tuple) and len(t) == 4 for t in value[1])
    return False
