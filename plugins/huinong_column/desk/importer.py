"""``huinong import``: what units send (Word files, saved HTML pages, plain text) into
Markdown articles.

The old CMS pasted the column's 开栏语 above every article, wrapped each page in site
chrome and inline styles, and put the author in parentheses at the end: ``(马佳)``. An
import keeps only the article: title, date, reporting unit, author, body paragraphs with
their section leads, and images. It tells the editor what it found in the page and what it
only guessed:

* a date printed on the page is a fact; a date read from the file name or address is a
  guess and is written with ``DateStatus: inferred``; with neither, no ``Date`` is written
  and the editor is told to add one (the build asks for it too);
* the unit comes from the page's 来源 when the registry knows it, else it is inferred as the
  build infers it (title, lead, body); the themes are inferred by the build's model
  (``column/inference.py``). Inferred tags are written (``Organization:``, ``Themes:``)
  with ``Inferred: Organization, Themes``, printed with their evidence, and turned into
  the editor's decision by ``huinong confirm``;
* the author comes from a byline as units write it: ``（作者：张三）``, ``作者：张三``,
  ``文/张三``, ``（张三）`` or ``（惠农区团委 张三）`` at the end;
* the 开栏语 is dropped however it was pasted: its label alone or opening the text
  (``开栏语：``, ``【开栏语】``), an exact copy or a version close to the registered one;
* a Word file (``.docx``, through mammoth) keeps its headings and bold text; its images are
  written into ``content/images/<slug>/``, and an image without alt text is reported.

An article without a date is written as a draft (``Status: draft``), so it never breaks a
build; after the import, the rulebook checks every imported file and prints what the
editor must still add, each at its ``文件:行``.

An existing article is never overwritten without ``--force``. A folder is imported in one
go with a progress bar and a summary: imported, skipped, failed, with reasons.
"""

from __future__ import annotations

import html
import io
import mimetypes
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import mammoth
import PIL.Image
from bs4 import BeautifulSoup, Tag, UnicodeDammit
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ..column import clock
from ..column.intro import IntroMatcher, normalise
from ..column.reader import display_path
from ..column.registry import Registry, UnitSpec
from ..column.rules import NOTE, Checker
from ..column.slugs import suggest_slug
from ..column.sources import Site, content_sources
from ..column.tagging import INFERRED_FIELD, Tagger, infer_unit, unit_evidence
from ..column.typography import CHINESE

HTML_SUFFIXES = (".html", ".htm")
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")  # as Pillow names them
TEXT_SUFFIXES = (".txt",)
WORD_SUFFIXES = (".docx",)
# Word's title style becomes the article's title (mammoth maps the heading styles already).
WORD_STYLES = "p[style-name='Title'] => h1:fresh\np[style-name='标题'] => h1:fresh"
# class and id words of the old site's chrome: header, navigation, "current position",
# share and print buttons, related links, footer
CHROME_WORDS = {
    *("nav", "navbar", "menu", "header", "head", "top", "topbar", "footer", "foot", "bottom"),
    *("crumb", "crumbs", "breadcrumb", "location", "position", "share", "sidebar", "side"),
    *("copyright", "banner", "toolbar", "tools", "related", "print", "search", "logo", "links"),
}
CHROME_TAGS = ["script", "style", "noscript", "iframe", "form", "nav", "header", "footer"]
CHROME_TAGS += ["aside", "button", "select", "input", "link", "meta"]
DATE = (
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2})[:：](\d{2})(?:[:：]\d{2})?)?"
)
PAGE_DATE = re.compile(r"(?:发布时间|发布日期|发表时间|发稿时间|日期)\s*[:：]\s*" + DATE)
PAGE_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜]+)")
PAGE_AUTHOR = re.compile(r"(?:作者|撰稿)\s*[:：]\s*([\u4e00-\u9fff·]{2,8})")
BARE_DATE = re.compile(DATE)
BYLINE_WORDS = r"(?:作者|撰稿|供稿|通讯员|记者|文字|图文|文)"
# A byline line: 作者：张三 / 文/张三 / （作者：张三 李四）/ 通讯员 张三
BYLINE = re.compile(
    rf"^[(（【\[]?\s*{BYLINE_WORDS}\s*[:：/／|｜ ]\s*([^()（）]{{2,30}}?)\s*[)）】\]]?$"
)
TRAILING_PARENS = re.compile(r"^(.*?)[(（]([^()（）]{2,30})[)）]$", re.S)
NAME = re.compile(r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?")  # 马佳, 阿依古丽·买买提
# Words around a name in a byline, never names: （马佳/文）, （马佳 摄）, 记者 马佳 报道
ROLES = {"文", "摄", "图", "供图", "摄影", "图文", "文图", "报道", "整理", "供稿", "撰稿"}
ROLES |= {"作者", "记者", "通讯员", "编辑", "实习生"}
# Words a name never ends with: 街道, 区委, 就业局… in brackets are places and units.
NOT_A_NAME = tuple("委局会部办院所站区县市镇乡村队处科厅室组团校社中心道")
META_LINE_MAX = 60  # a line of facts (来源、作者、日期) is short and is not a sentence
ADDRESS_DATE = re.compile(r"(?<!\d)(?:t)?(20\d{2})[-_]?(\d{2})[-_]?(\d{2})(?!\d)")
EDITOR_LINE = re.compile(r"^[【\[（(]?\s*(?:责任编辑|编辑|审核|校对|一审|二审|三审)\s*[:：]")
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
MAX_LEAD = 30  # a section's lead sentence is short: 强化政治意识,聚焦学深悟透练“内功”。
BLANK = "\u3000\xa0\u2002\u2003\t "


class ImportFailedError(Exception):
    """The page cannot become an article; the message says why."""


@dataclass
class Block:
    """One paragraph of the old page: its text, the bold text it opens with, or an image."""

    text: str = ""
    bold: str = ""
    image: tuple[str, str] | None = None  # (src, alt)
    marked: str = ""  # the text as Markdown with its bold kept (Word files), else ""
    level: int = 0  # a heading's level (2–6), else 0


@dataclass(frozen=True)
class Image:
    src: str  # as the old page had it
    name: str  # file name under content/images/<slug>/
    alt: str


@dataclass
class Page:
    """What was read from one old page, before cleaning."""

    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    date: str = ""
    date_from: str = ""
    source: str = ""
    author: str = ""
    author_from: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # images inside a Word file


@dataclass
class Article:
    """The article to write, and the notes for the editor: found, guessed, missing."""

    title: str
    date: str
    date_note: str
    unit: UnitSpec | None
    unit_inferred: bool
    author: str
    paragraphs: list[str | Image]
    themes: tuple[str, ...] = ()
    found: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def images(self) -> list[Image]:
        return [p for p in self.paragraphs if isinstance(p, Image)]


# -- reading ---------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Whitespace as the old page meant it: a line break inside Chinese text is nothing,
    indentation (全角空格, &nbsp;) is dropped, words stay apart."""

    def join(match: re.Match) -> str:
        before = match.string[match.start() - 1 : match.start()]
        after = match.string[match.end() : match.end() + 1]
        return "" if CHINESE.match(before) and CHINESE.match(after) else " "

    return re.sub(r"\s*\n\s*", join, text).replace("\xa0", " ").strip(BLANK)


def _date(match: re.Match) -> str:
    """``2021-11-12`` or ``2021-11-12 09:30``; "" for a date that does not exist."""
    year, month, day, hour, minute = match.groups()
    try:
        when = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return ""
    return f"{when:%Y-%m-%d %H:%M}" if hour else f"{when:%Y-%m-%d}"


def _is_bold(tag: Tag) -> bool:
    return tag.name in ("strong", "b") or bool(BOLD_STYLE.search(tag.get("style", "")))


def _opening_bold(paragraph: Tag) -> str:
    """The bold text a paragraph opens with, however the old editor made it bold."""
    for text in paragraph.find_all(string=True):
        if text.strip(BLANK + "\n\r"):
            for parent in text.parents:
                if parent is paragraph:
                    return ""
                if _is_bold(parent):
                    return _clean(parent.get_text())
    return ""


def _container(soup: BeautifulSoup) -> Tag:
    """The element holding the article: the parent of the most paragraph text."""
    scores: dict[int, int] = {}
    parents: dict[int, Tag] = {}
    for p in soup.find_all("p"):
        key = id(p.parent)
        parents[key] = p.parent
        scores[key] = scores.get(key, 0) + len(p.get_text(strip=True))
    if not scores:
        return soup.body or soup
    return parents[max(scores, key=scores.__getitem__)]  # the first, on a tie


def _is_chrome(tag: Tag) -> bool:
    words = re.split(r"[-_\s]+", " ".join([*tag.get("class", []), tag.get("id", "")]).lower())
    return any(w in CHROME_WORDS for w in words)


def _search(pattern: re.Pattern, text: str) -> str:
    match = pattern.search(text)
    return match.group(1) if match else ""


def _marked(element: Tag) -> str:
    """A paragraph as Markdown with its bold runs kept: 正文**要点**正文."""
    parts = []
    for text in element.find_all(string=True):
        bold = any(_is_bold(parent) for parent in text.parents if parent is not element)
        piece = _escape(str(text))
        parts.append((bold, piece))
    out, run = [], []
    for bold, piece in [*parts, (False, "")]:
        if bold:
            run.append(piece)
            continue
        if run and "".join(run).strip():
            out.append(f"**{''.join(run).strip()}**")
        run = []
        out.append(piece)
    return _clean("".join(out))


def read_html(raw: bytes | str, keep_marks: bool = False) -> Page:
    """An old CMS page (or a Word file's HTML, ``keep_marks``: headings and bold kept)."""
    soup = BeautifulSoup(raw, "html.parser")
    metas = {
        m["name"].lower(): m.get("content", "").strip()
        for m in soup.find_all("meta")
        if m.get("name")
    }
    h1 = soup.find("h1")
    title = metas.get("articletitle") or (h1.get_text() if h1 else "")
    if h1 and keep_marks:
        h1.decompose()  # the Word file's title is not a paragraph of its body
    if not title and soup.title:
        title = re.split(r"[_|｜]| - ", soup.title.get_text())[0]
    page = Page(title=_clean(title))

    for tag in soup.find_all(CHROME_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_chrome):
        if not tag.decomposed:
            tag.decompose()
    container = _container(soup).extract()
    info = soup.get_text("\n")  # what is left: the title and the 来源/发布时间 line

    for match, where in (
        (re.match(DATE, metas.get("pubdate", "")), "页面的 PubDate"),
        (PAGE_DATE.search(info), "页面的“发布时间”"),
    ):
        if match and _date(match):
            page.date, page.date_from = _date(match), where
            break
    page.source = _clean(metas.get("contentsource") or _search(PAGE_SOURCE, info))
    author = _clean(metas.get("author") or _search(PAGE_AUTHOR, info))
    if author:
        page.author, page.author_from = author, "页面的“作者”"

    taken: set[int] = set()  # by identity: bs4 compares tags by their markup
    for element in container.find_all(["p", "h2", "h3", "h4", "h5", "h6", "li", "img"]):
        if any(id(parent) in taken for parent in element.parents):
            continue
        if element.name == "img":
            page.blocks.append(Block(image=(element.get("src", ""), _alt(element))))
            continue
        taken.add(id(element))
        for image in element.find_all("img"):
            page.blocks.append(Block(image=(image.get("src", ""), _alt(image))))
        text = _clean(element.get_text())
        if text and keep_marks:
            level = int(element.name[1]) if element.name in ("h2", "h3", "h4", "h5", "h6") else 0
            page.blocks.append(Block(text, _opening_bold(element), None, _marked(element), level))
        elif text:
            page.blocks.append(Block(text, _opening_bold(element)))
    if not page.blocks:
        lines = container.get_text("\n").splitlines()
        page.blocks = [Block(_clean(x)) for x in lines if x.strip(BLANK)]
    return page


def _alt(image: Tag) -> str:
    return _clean(image.get("alt", "") or image.get("title", ""))


def read_docx(raw: bytes) -> Page:
    """A Word file through mammoth: its HTML read as a page, its images kept in memory until
    the article's slug names their folder."""
    files: dict[str, bytes] = {}

    def keep(image) -> dict[str, str]:
        with image.open() as fh:
            data = fh.read()
        suffix = mimetypes.guess_extension(image.content_type or "") or ".bin"
        name = f"image-{len(files) + 1}{'.jpg' if suffix == '.jpe' else suffix}"
        files[name] = data
        return {"src": name}

    converted = mammoth.convert_to_html(
        io.BytesIO(raw), style_map=WORD_STYLES, convert_image=mammoth.images.img_element(keep)
    )
    page = read_html(converted.value, keep_marks=True)
    if not page.title and page.blocks and page.blocks[0].text:
        page.title = page.blocks.pop(0).text  # a title typed as the first paragraph
    page.files = files
    return page


def byline_names(text: str) -> str:
    """The authors a byline names (张三、李四), or "" when it is not a byline: 作者：张三,
    惠农区团委 张三, 张三 李四; never 街道, 合成正文 or a sentence."""
    text = re.sub(rf"^{BYLINE_WORDS}\s*[:：/／|｜]?\s*", "", text.strip())
    words = [w for w in re.split(r"[\s、,，;；/／]+", text) if w and w not in ROLES]
    names = [w for w in words if NAME.fullmatch(w) and not w.endswith(NOT_A_NAME)]
    others = [w for w in words if w not in names]
    # what is not a name must be a unit (惠农区团委), never more words than the names
    if not names or len(others) > 1 or any(not w.endswith(NOT_A_NAME) for w in others):
        return ""
    return "、".join(names)


def _meta_line(page: Page, line: str) -> bool:
    """Take the facts of a short line (发布时间、来源、作者、a bare date); True when the line
    held nothing else."""
    if len(line) > META_LINE_MAX or "。" in line:
        return False
    rest = line
    match = PAGE_DATE.search(rest) or BARE_DATE.search(rest)
    if match and _date(match) and not page.date:
        page.date = _date(match)
        labelled = PAGE_DATE.search(rest)
        page.date_from = "原文的“发布时间”行" if labelled else f"原文的“{match.group(0)}”"
        rest = rest.replace(match.group(0), " ")
    source = PAGE_SOURCE.search(rest)
    if source and not page.source:
        page.source = source.group(1)
        rest = rest.replace(source.group(0), " ")
    author = PAGE_AUTHOR.search(rest) or BYLINE.match(rest.strip())
    names = byline_names(author.group(1)) if author else ""
    if names and not page.author:
        page.author, page.author_from = names, f"原文的“{author.group(0).strip()}”"
        rest = rest.replace(author.group(0), " ")
    return rest != line and not rest.strip(BLANK + "|｜-—")


def read_text(raw: bytes, column_name: str) -> Page:
    text = UnicodeDammit(raw, ["utf-8", "gb18030"]).unicode_markup
    if text is None:
        raise ImportFailedError("无法识别文字编码：请另存为 UTF-8 后再导入")
    page = Page()
    column = normalise(column_name)
    for line in (_clean(x) for x in text.splitlines()):
        if not line:
            continue
        # the column's name, alone or dressed: “讲政治 转作风 强责任 抓落实”专栏
        if not page.title and column in normalise(line) and len(line) <= len(column_name) + 8:
            page.blocks.append(Block(line))  # the column's name, dropped with its count
        elif not page.title:
            # 讲政治 转作风 强责任 抓落实｜标题, 【讲政治 转作风 强责任 抓落实】标题
            dressed = re.match(
                rf"^[【\[“\"]?{re.escape(column_name)}[】\]”\"]?[\s|｜丨:：—-]*", line
            )
            page.title = line[dressed.end() :] if dressed and dressed.end() < len(line) else line
        elif not _meta_line(page, line):
            page.blocks.append(Block(line))
    return page


# -- cleaning --------------------------------------------------------------------------


BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")


def _escape(text: str) -> str:
    """Markdown-safe text: marks that would start emphasis, links, lists or headings. A
    ``**bold**`` pair the unit typed is kept as bold."""
    if BOLD.search(text):
        pieces = BOLD.split(text)  # text, bold, text, bold…
        return "".join(
            f"**{_escape(p)}**" if i % 2 else _escape(p) for i, p in enumerate(pieces) if p
        )
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    text = re.sub(r"^(\s*)(#|>|[+-](?=\s))", r"\1\\\2", text)
    return re.sub(r"^(\s*\d+)\.(?=\s)", r"\1\\.", text)


def _lead(block: Block) -> str:
    """The section lead of a paragraph the old page opened in bold: the sentence up to the
    first 。, even when the bold stopped short of it (强化政治意识，|聚焦理论学习。)."""
    bold = block.bold
    if not bold or not block.text.startswith(bold):
        return ""
    stop = block.text.find("。")
    if len(bold) - 1 <= stop < len(bold) + MAX_LEAD:
        return block.text[: stop + 1]
    return bold


def _parallel_leads(blocks: list[Block]) -> set[int]:
    """Paragraphs that open with a short lead sentence in a parallel series, as in
    强化政治意识,…。 强化作风建设,…。: two or more lead sentences sharing their opening."""
    candidates: dict[str, list[int]] = {}
    for index, block in enumerate(blocks):
        stop = block.text.find("。")
        if index and block.text and 0 < stop < MAX_LEAD and stop + 1 < len(block.text):
            candidates.setdefault(block.text[:2], []).append(index)
    return {i for group in candidates.values() if len(group) >= 2 for i in group}


def clean(page: Page, tagger: Tagger, address: str) -> Article:
    """Strip what belongs to the old site and decide the metadata, noting each decision."""
    registry = tagger.registry
    if not page.title:
        raise ImportFailedError("找不到标题：HTML 页面须有 <h1> 或 <title>，纯文本的第一行须是标题")
    matcher = IntroMatcher(registry.column)
    removed = {"开栏语": 0, "栏目名": 0, "重复的标题": 0, "编辑署名": 0, "来源、作者、日期行": 0}
    blocks: list[Block] = []
    labelled = False  # the paragraph after a “开栏语” label is the 开栏语, however edited
    for index, block in enumerate(page.blocks):
        text = block.text
        if block.image:
            blocks.append(block)
        elif matcher.is_label(text):
            removed["开栏语"] += 1
            labelled = True
            continue
        elif labelled or matcher.is_intro(text):
            removed["开栏语"] += 1
        elif (index < 3 or index >= len(page.blocks) - 2) and _meta_line(page, text):
            removed["来源、作者、日期行"] += 1
        elif (
            normalise(registry.column.name) in normalise(text)
            and len(text) <= len(registry.column.name) + 8
        ):
            removed["栏目名"] += 1
        elif normalise(text) == normalise(page.title):
            removed["重复的标题"] += 1
        else:
            blocks.append(block)
        labelled = False

    author, author_from = page.author, page.author_from
    while blocks and not blocks[-1].image and EDITOR_LINE.match(blocks[-1].text):
        blocks.pop()
        removed["编辑署名"] += 1
    last = next((b for b in reversed(blocks) if not b.image), None)
    match = TRAILING_PARENS.match(last.text) if last else None
    names = byline_names(match.group(2)) if match else ""
    if names:
        author = author or names
        author_from = author_from or f"文末括号“{last.text[match.end(1) :]}”"
        last.text = match.group(1).rstrip()
        last.marked = ""  # the byline was its end; the text is plain from here
        if not last.text:
            blocks = [b for b in blocks if b is not last]
    if not any(b.text for b in blocks):
        raise ImportFailedError("找不到正文段落：请确认保存的是文章页，而不是栏目列表页")

    article = Article(page.title, page.date, "", None, True, author, [])
    article.found.append(f"标题：{page.title}")
    _decide_date(article, page, address)
    _decide_unit(article, page, registry, blocks)
    if author:
        article.found.append(f"作者：{author}（{author_from}）")
    else:
        article.missing.append("作者：页面上没有，未写 Author")

    parallel = set() if any(b.bold for b in blocks) else _parallel_leads(blocks)
    leads, html_blocks = 0, []
    for index, block in enumerate(blocks):
        if block.image:
            src, alt = block.image
            name = Path(unquote(urlsplit(src).path)).name
            if not name or name.startswith("."):  # "..", or a hidden file the server refuses
                name = f"image-{index}"
            article.paragraphs.append(Image(src, name, alt))
            continue
        if block.level:
            article.paragraphs.append(f"{'#' * block.level} {_escape(block.text)}")
            html_blocks.append(f"<h{block.level}>{html.escape(block.text, False)}</h{block.level}>")
            leads += 1
            continue
        if block.marked and not block.bold:
            article.paragraphs.append(block.marked)  # bold inside the paragraph, kept
            html_blocks.append(f"<p>{html.escape(block.text, False)}</p>")
            continue
        lead = _lead(block) or (
            block.text[: block.text.find("。") + 1] if index in parallel else ""
        )
        rest = block.text[len(lead) :]
        leads += bool(lead)
        bold = f"<strong>{html.escape(lead, False)}</strong>" if lead else ""
        html_blocks.append(f"<p>{bold}{html.escape(rest, False)}</p>")
        article.paragraphs.append(f"**{_escape(lead)}**{_escape(rest)}" if lead else _escape(rest))

    images = len(article.images)
    article.found.append(
        f"正文：{len(article.paragraphs) - images} 段，小标题 {leads} 个，图片 {images} 张"
    )
    verdict = tagger.infer_topics(page.title, "\n".join(html_blocks))
    article.themes = tuple(t.name for t in registry.topics if t.name in verdict.themes)
    if not verdict.themes:
        article.missing.append("主题：正文中没有任何主题线索，请补上 Themes:")
    else:
        flag = "待核实，" if verdict.review else ""
        evidence = "；".join(g.evidence for g in verdict.kept)
        article.guessed.append(
            f"主题：{'、'.join(article.themes)}（{flag}已写入并标为推断：{evidence}；"
            "核对后运行 huinong confirm 确认）"
        )
    article.removed = [f"{what} {n} 段" for what, n in removed.items() if n]
    return article


def _decide_date(article: Article, page: Page, address: str) -> None:
    if page.date:
        article.found.append(f"日期：{page.date}（{page.date_from}）")
        return
    match = ADDRESS_DATE.search(address)
    if match:
        try:
            article.date = f"{datetime(*map(int, match.groups())):%Y-%m-%d}"
        except ValueError:
            match = None
    if match:
        article.date_note = (
            f"原页面没有注明发稿日期，由文件名或网址中的“{match.group(0)}”推断，待编辑核实。"
        )
        article.guessed.append(
            f"日期：{article.date}（由“{match.group(0)}”推断，已标为 DateStatus: inferred，待核实）"
        )
    else:
        article.missing.append(
            "日期：原稿没有发稿日期，也推断不出，未写 Date，已存为草稿（Status: draft，不发布）。"
            "请查明后补上 Date: 年-月-日，并删去 Status: draft 这一行"
        )


def _decide_unit(article: Article, page: Page, registry: Registry, blocks) -> None:
    spec = registry.unit(page.source) if page.source else None
    if spec:
        article.unit, article.unit_inferred = spec, False
        article.found.append(f"单位：{spec.name}（页面的“来源”：{page.source}）")
        return
    unknown = f"页面的来源“{page.source}”不是登记的单位，" if page.source else ""
    lead = next((b.text for b in blocks if b.text), "")
    body = "\n".join(b.text for b in blocks)
    found = infer_unit(registry, page.title, lead, body)
    if found is None:
        article.missing.append(f"单位：{unknown}正文中也没有已登记的单位，请补上 Organization:")
        return
    name, where = found
    article.unit = registry.unit(name)
    article.guessed.append(
        f"单位：{name}（{unknown}已写入并标为推断：{unit_evidence(name, where)}；"
        "核对后运行 huinong confirm 确认）"
    )


# -- writing ---------------------------------------------------------------------------


def render(article: Article, slug: str) -> str:
    lines = [f"Title: {article.title}"]
    if article.date:
        lines.append(f"Date: {article.date}")
    if article.date_note:
        lines += ["DateStatus: inferred", f"DateNote: {article.date_note}"]
    if article.unit:
        lines.append(f"Organization: {article.unit.name}")
    if article.themes:
        lines.append(f"Themes: {', '.join(article.themes)}")
    guessed = [
        name
        for name, inferred in (
            ("Organization", article.unit and article.unit_inferred),
            ("Themes", article.themes),
        )
        if inferred
    ]
    if guessed:
        lines.append(f"{INFERRED_FIELD}: {', '.join(guessed)}")
    if article.author:
        lines.append(f"Author: {article.author}")
    lines.append(f"Slug: {slug}")
    if not article.date:
        lines.append("Status: draft")  # undated: kept out of the site until it has a date
    paragraphs = [
        f"![{_escape(p.alt)}]({{static}}/images/{slug}/{p.name})" if isinstance(p, Image) else p
        for p in article.paragraphs
    ]
    return "\n".join(lines) + "\n\n" + "\n\n".join(paragraphs) + "\n"


@dataclass
class Outcome:
    source: Path
    status: str  # imported / skipped / failed
    reason: str = ""
    target: Path | None = None
    article: Article | None = None
    notes: list[str] = field(default_factory=list)


class Importer:
    def __init__(self, site: Site, force: bool):
        self.site = site
        self.force = force
        existing = content_sources(site)
        self.titles = {s.value("title"): s.path for s in existing if s.value("title")}
        self.taken = {s.value("slug") or s.path.stem for s in existing}
        self.tagger = Tagger(site.registry, site.settings)

    def read(self, path: Path) -> Page:
        raw = path.read_bytes()
        if path.suffix.lower() in HTML_SUFFIXES:
            return read_html(raw)
        if path.suffix.lower() in WORD_SUFFIXES:
            return read_docx(raw)
        return read_text(raw, self.site.registry.column.name)

    def one(self, path: Path) -> Outcome:
        if path.suffix.lower() not in HTML_SUFFIXES + TEXT_SUFFIXES + WORD_SUFFIXES:
            return Outcome(path, "skipped", "不是 .docx、.html、.htm 或 .txt 文件")
        try:
            page = self.read(path)
            article = clean(page, self.tagger, path.name)
        except ImportFailedError as exc:
            return Outcome(path, "failed", str(exc))
        except Exception as exc:  # one unreadable page must not stop a whole folder
            return Outcome(path, "failed", f"无法读取或解析（{type(exc).__name__}: {exc}）")

        target = self.titles.get(article.title)
        if target and not self.force:
            reason = f"已有同名文章 {display_path(str(target))}（要重新导入并覆盖，加 --force）"
            return Outcome(path, "skipped", reason, target)
        if target:
            slug = target.stem
        else:
            day = datetime.strptime(article.date[:10], "%Y-%m-%d") if article.date else None
            slug = suggest_slug(self.site.registry, article.unit, day, article.title, self.taken)
            folder = article.date[:4] if article.date else "undated"
            target = self.site.articles_root / folder / f"{slug}.md"
            if target.exists() and not self.force:
                reason = f"{display_path(str(target))} 已存在（要覆盖，加 --force）"
                return Outcome(path, "skipped", reason, target)

        notes = self.copy_images(path, article, slug, page.files)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(article, slug), encoding="utf-8")
        self.titles[article.title] = target
        self.taken.add(slug)
        return Outcome(path, "imported", "", target, article, notes)

    def copy_images(self, page_path: Path, article: Article, slug: str, files) -> list[str]:
        """Copy each image the saved page has beside it (or the Word file holds); say which
        must be added by hand."""
        notes = []
        folder = self.site.content / "images" / slug
        for image in article.images:
            src, name, alt = image.src, image.name, image.alt
            target = folder / name
            found = _local_image(page_path, src)
            if src in files:
                notes.append(self.word_image(files, src, target))
            elif found is None:
                notes.append(f"{src} 在本地找不到：请把它放到 {display_path(str(target))}")
            elif not _is_image(found):
                where = display_path(str(target))
                notes.append(f"{src} 不是图片（或已损坏），未复制：请找到原图放到 {where}")
            elif target.exists() and not self.force:
                notes.append(f"{display_path(str(target))} 已存在，未覆盖")
            else:
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(found, target)
                notes.append(f"{src} → {display_path(str(target))}")
            if not alt:
                notes.append(f"{name} 没有说明文字：请在 ![ ] 的方括号里写一句图片说明")
        return notes

    def word_image(self, files: dict[str, bytes], src: str, target: Path) -> str:
        """Write one image of a Word file, checked by its bytes like a saved page's."""
        number, where = list(files).index(src) + 1, display_path(str(target))
        if not _is_image(io.BytesIO(files[src])):  # Word also keeps EMF and WMF drawings
            fix = f"请另存为 JPG 或 PNG，放到 {where}"
            return f"Word 文件中的第 {number} 张图片不是网页能显示的格式，未复制：{fix}"
        if target.exists() and not self.force:
            return f"{where} 已存在，未覆盖"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[src])
        return f"Word 文件中的第 {number} 张图片 → {where}"


def _local_image(page_path: Path, src: str) -> Path | None:
    """Where a browser's "save page" put the image: beside the page or in ``<page>_files``.

    Only there: a page's ``src`` is text from elsewhere, and ``../../etc/passwd`` or a link
    out of the folder must not bring a local file into the site.
    """
    path = unquote(urlsplit(src).path)
    if not path:
        return None
    folder = page_path.parent.resolve()
    candidates = [
        folder / path.lstrip("/"),
        folder / f"{page_path.stem}_files" / Path(path).name,
    ]
    return next((c for c in candidates if c.is_file() and _inside(c, folder)), None)


def _inside(path: Path, folder: Path) -> bool:
    return folder in path.resolve().parents


def _is_image(path: Path | io.BytesIO) -> bool:
    """An image by its bytes, in a format every browser shows (not just by its name)."""
    try:
        with PIL.Image.open(path) as image:
            image.verify()
            return image.format in IMAGE_FORMATS
    except Exception:  # Pillow's many ways of saying "corrupt" (OSError, SyntaxError, struct…)
        return False


def _files(sources: list[str]) -> tuple[list[Path], list[str]]:
    files, missing = [], []
    for given in sources:
        path = Path(given)
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(d.endswith("_files") for d in p.relative_to(path).parts[:-1])
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(given)
    return files, missing


def _report(console: Console, outcome: Outcome) -> None:
    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False)

    shown = display_path(str(outcome.source))
    if outcome.status != "imported":
        label = "跳过" if outcome.status == "skipped" else "失败"
        say(f"{label} {shown}：{outcome.reason}")
        return
    article = outcome.article
    removed = list(article.removed)
    if outcome.source.suffix.lower() in HTML_SUFFIXES:
        removed.append("网站页头、导航、页脚和内联样式")
    say(f"导入 {shown} → {display_path(str(outcome.target))}")
    for prefix, items in (
        ("找到", article.found),
        ("推断", article.guessed),
        ("缺少", article.missing),
        ("去除", removed),
        ("图片", outcome.notes),
    ):
        for item in items:
            say(f"  {prefix}  {item}")


def _check_imported(site: Site, imported: set[str], console: Console) -> None:
    """The rulebook on the imported files: what the editor must still add, at 文件:行."""
    findings = [
        f
        for f in Checker(site, clock.today(site.settings)).run(content_sources(site))
        if f.problem.path in imported
    ]
    if all(f.level == NOTE for f in findings):
        console.print(f"导入的 {len(imported)} 篇文章都通过了检查。", markup=False)
    else:
        console.print("导入的文章还要编辑处理（error 必须改；改好后运行 huinong check）：")
    for finding in findings:
        console.print(f"  {finding}", markup=False)


def run_import(site: Site, sources: list[str], force: bool, out=None) -> int:
    """Import files and folders; print what was found and guessed, then a summary."""
    console = Console(file=out or sys.stdout, soft_wrap=True, highlight=False)
    files, missing = _files(sources)
    for given in missing:
        console.print(f"错误: {given}: 找不到这个文件或文件夹 修改办法：检查路径", markup=False)
    importer = Importer(site, force)
    outcomes: list[Outcome] = []
    columns = (
        TextColumn("导入"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            outcome = importer.one(path)
            outcomes.append(outcome)
            _report(progress.console, outcome)
            progress.advance(task)

    counts = {s: sum(o.status == s for o in outcomes) for s in ("imported", "skipped", "failed")}
    console.print(
        f"共 {len(files)} 个文件：导入 {counts['imported']} 篇，跳过 {counts['skipped']} 个，"
        f"失败 {counts['failed']} 个。",
        markup=False,
    )
    for outcome in outcomes:
        if outcome.status != "imported":
            label = "跳过" if outcome.status == "skipped" else "失败"
            console.print(
                f"  {label}：{display_path(str(outcome.source))}：{outcome.reason}", markup=False
            )
    imported = {display_path(str(o.target)) for o in outcomes if o.status == "imported"}
    if imported:
        _check_imported(site, imported, console)
    return 1 if counts["failed"] or missing else 0
