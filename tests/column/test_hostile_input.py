"""Hostile input, fuzzed with hypothesis: every example is a real build of a synthetic site.

Each build either succeeds with everything escaped and no script injected, or fails with
exit status 1 and one line per problem naming the file. Never a traceback, never a crash
line, and the source files are never modified. Examples are bounded and derandomized so
that CI is reproducible; set FUZZ_EXAMPLES to explore more locally.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from contextlib import contextmanager, redirect_stdout
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import BuildResult, SyntheticSite, synthetic_article
from huinong_column.column.registry import SLUG_RE
from huinong_column.publishing.build import build

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</title><script>alert(1)</script>",
    '</script><script>alert("x")</script>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//offsite.invalid></iframe>",
    "<style>body{display:none}</style>",
    "<meta http-equiv=refresh content=0;url=//offsite.invalid>",
    "<base href=//offsite.invalid/>",
    "{{ 7*7 }}{% if true %}x{% endif %}",
    "&lt;script&gt;&#x3C;script&#62;&amp;",
    "<!-- x -->]]><![CDATA[",
    "\u202e反转\u202c",
    "标" * 3000,  # a huge title
]
OFFSITE_IMAGE = "![x](//offsite.invalid/x.png)"  # refused: pages load nothing from elsewhere
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
MARKDOWN_PAYLOADS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#09;script:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**<b onmouseover=alert(1)>粗</b>**",
    "```\n<script>alert(1)</script>\n```",
    "    <script>缩进代码</script>",
    "<div>\n<script>alert(1)</script>\n</div>",
    OFFSITE_IMAGE,
]

# Text a reader could type in one line: any character but control characters, surrogates
# and line breaks (a line break ends a metadata field; control characters are refused and
# fuzzed separately).
ONE_LINE = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(PAYLOADS), st.sampled_from(ZERO_WIDTH), st.text(ONE_LINE, max_size=8)
    ),
    min_size=1,
    max_size=5,
).map("".join)
hostile_body = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_PAYLOADS), hostile_text), min_size=1, max_size=6
).map("\n\n".join)
FREE_TEXT_FIELDS = ["Author", "Summary", "DateNote", "Description", "Keywords", "Category", "Tags"]
# Fields that change where or whether Pelican writes the article; Date appears twice then.
STRUCTURAL_FIELDS = ["Slug", "URL", "Save_as", "Template", "Status", "Modified", "Lang", "Date"]

# ---------------------------------------------------------------------------------------
# What a successful build must never contain.

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "style"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # never valid in HTML


def is_script_url(value: str) -> bool:
    cleaned = "".join(c for c in unescape(value) if c.isprintable() and not c.isspace())
    return cleaned.lower().startswith(BAD_SCHEMES)


def injected(output: Path) -> list[str]:
    """Everything in the built pages and feeds that a hostile article could have put there.

    Feeds count too: a feed reader renders each entry's HTML content.
    """
    found = []
    for page in sorted(output.rglob("*.html")):
        found += html_problems(page.relative_to(output), page.read_text("utf-8"))
    for feed in sorted(output.rglob("*.xml")):
        name = feed.relative_to(output)
        for element in ElementTree.parse(feed).iter():
            if is_script_url(element.get("href", "")):
                found.append(f"{name}: <{element.tag} href={element.get('href')!r}>")
            if element.get("type") == "html":
                found += html_problems(f"{name} {element.tag}", element.text or "")
    return found


def html_problems(name, html: str) -> list[str]:
    found = [f"{name}: control character U+{ord(c):04X}" for c in set(CONTROL_RE.findall(html))]
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for attribute, value in tag.attrs.items():
            if attribute.lower().startswith("on"):
                found.append(f"{name}: <{tag.name} {attribute}>")
            if attribute.lower() == "style":
                found.append(f"{name}: <{tag.name} style>")
            if attribute.lower() in URL_ATTRIBUTES and is_script_url(str(value)):
                found.append(f"{name}: <{tag.name} {attribute}={value!r}>")
            if attribute.lower() == "src" and urlsplit(str(value).strip()).netloc:
                found.append(f"{name}: <{tag.name} src={value!r}> loads from another host")
        if tag.name in FORBIDDEN_TAGS:
            found.append(f"{name}: <{tag.name}>")
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append(f"{name}: <meta http-equiv=refresh>")
        if tag.name == "script":
            found += _script_problems(name, tag)
    return found


def _script_problems(name, tag) -> list[str]:
    """Only the site's own script files and JSON-LD data blocks may appear."""
    if tag.get("type") == "application/ld+json":
        try:
            json.loads(tag.string or "")
        except ValueError:
            return [f"{name}: JSON-LD block is not valid JSON (broken out of?)"]
        return []
    src = tag.get("src", "")
    parts = urlsplit(src)
    if not src or parts.scheme or parts.netloc or (tag.string or "").strip():
        return [f"{name}: <script src={src!r}> {(tag.string or '')[:60]!r}"]
    return []


# ---------------------------------------------------------------------------------------
# Running one example.


def fingerprint(site: SyntheticSite) -> dict[str, str]:
    """A hash of every file of the site but its output: what a build must never modify.

    The output's siblings (``.output-old-…``, ``.output-new-…``) are the build's own: a
    replaced output is removed in the background, possibly while this walks."""
    found = {}
    for folder, dirs, files in os.walk(site.root):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(f".{site.output.name}-") and Path(folder, d) != site.output
        )
        for name in files:
            path = Path(folder, name)
            found[str(path.relative_to(site.root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@contextmanager
def built(files: dict[str, str | bytes], **settings):
    """Write the files into a fresh synthetic site, build it, check what every build owes
    (exit 0 or 1, sources untouched, one line per problem naming its file, nothing
    injected), and hand over the result while the site still exists.

    The build runs in this process through the same ``build()`` the command line calls
    (a subprocess per example would cost six times as long); an exception escaping it, a
    traceback for an editor, fails the test. ``test_errors.py`` drives the command line.
    """
    with tempfile.TemporaryDirectory() as tmp:
        site = SyntheticSite(Path(tmp) / "site")
        site.configure(CACHE_PATH=str(Path(tmp) / "cache"))  # in-process: not the repo's cache
        site.configure(**settings)
        for name, text in files.items():
            site.write(name, text)
        sources = fingerprint(site)
        messages = io.StringIO()
        with redirect_stdout(io.StringIO()):  # Pelican's own summary line
            code = build(str(site.settings), str(site.output), stream=messages)
        result = BuildResult(code, messages.getvalue(), site.output)
        event(f"exit status {code}")  # shown by --hypothesis-show-statistics

        assert result.returncode in (0, 1), result.stderr
        assert fingerprint(site) == sources, "a build modified its sources"
        if result.returncode == 1:
            errors = [line for line in result.stderr.splitlines() if line.startswith("错误: ")]
            assert errors, result.stderr
            for line in errors:
                assert "构建中断" not in line, f"a crash, not an editor's message: {line}"
                assert any(name in line for name in files), f"names no file: {line}"
            assert not result.output.exists()
        else:
            problems = injected(result.output)
            assert not problems, "\n".join(problems)
        yield result


# ---------------------------------------------------------------------------------------
# The properties.


@FUZZ
@given(
    title=hostile_text,
    body=hostile_body,
    fields=st.dictionaries(st.sampled_from(FREE_TEXT_FIELDS), hostile_text, max_size=4),
)
def test_hostile_text_is_shown_as_text(title, body, fields):
    """Script and HTML in every free-text field and in the body build into inert text."""
    article = synthetic_article(title, body, slug="fuzz", extra=fields_text(fields))
    with built({"fuzz.md": article}) as result:
        if OFFSITE_IMAGE in body:
            assert result.returncode == 1 and "图片" in result.stderr, result.stderr
            return
        assert result.returncode == 0, result.stderr
        assert result.page("articles/fuzz/").h1.get_text() == f"【测试】{title}".strip()


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("错误: ")]


def fields_text(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in sorted(fields.items()))


@FUZZ
@given(
    fields=st.dictionaries(st.sampled_from(STRUCTURAL_FIELDS), hostile_text, min_size=1),
    body=hostile_body,
)
def test_hostile_structural_fields_are_refused_by_name(fields, body):
    """A field that would choose the URL, output file or template, or a slug that is not
    pinyin, stops the build with a line naming the file and the field."""
    article = synthetic_article("字段", body, slug=None, extra=fields_text(fields))
    refused = [key for key in ("URL", "Save_as", "Template") if key in fields]
    if "Slug" in fields and not SLUG_RE.match(fields["Slug"].strip()):
        refused.append("Slug")
    with built({"fields.md": article}) as result:
        if refused:
            assert result.returncode == 1
            lines = error_lines(result)
            for key in refused:
                assert any(f": {key}: " in line for line in lines), (key, lines)


CONTROL = [chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85]]


invisible = st.one_of(
    st.lists(st.sampled_from(ZERO_WIDTH), min_size=1, max_size=3),
    st.lists(st.sampled_from(CONTROL + ZERO_WIDTH), min_size=1, max_size=3),
)


@FUZZ
@given(data=st.data(), inserted=invisible)
def test_invisible_characters_anywhere(data, inserted):
    """Zero-width characters are text; a control character (invalid in HTML, invisible in
    an editor) anywhere in the file stops the build with a line naming it."""
    text = synthetic_article("不可见字符", "正文。[链接](https://example.org/)", slug="chars")
    for char in inserted:
        where = data.draw(st.integers(0, len(text)))
        text = text[:where] + char + text[where:]
    with built({"chars.md": text}) as result:
        if any(char in CONTROL for char in inserted):
            assert result.returncode == 1
            assert "控制字符" in error_lines(result)[0]


ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "utf-16", "latin-1"]
OTHER_FORMATS = {
    ".html": (
        '<html><head><title>【测试】x</title><meta name="date" content="2024-01-01">'
        '<meta name="organization" content="示例区团委"><meta name="themes" content="讲政治">'
        "</head><body><script>alert(1)</script><p onclick=alert(1)>正文</p></body></html>"
    ),
    ".rst": (
        "【测试】x\n#########\n\n:date: 2024-01-01\n:organization: 示例区团委\n"
        ":themes: 讲政治\n\n.. raw:: html\n\n   <script>alert(1)</script>\n"
    ),
}
OTHER_FORMATS[".htm"] = OTHER_FORMATS[".html"]


@st.composite
def editor_file(draw) -> tuple[str, bytes, bool]:
    """(extension, bytes, whether the build must refuse it): an article in some encoding,
    with or without a BOM, an empty file, a binary file, or an HTML or reST document."""
    kind = draw(st.sampled_from(["article", "article", "empty", "binary", "other-format"]))
    if kind == "empty":
        return ".md", b"", True
    if kind == "binary":
        return ".md", b"\x89PNG\r\n\x1a\n\x00" + draw(st.binary(max_size=64)), True
    if kind == "other-format":
        extension = draw(st.sampled_from([".html", ".htm", ".rst"]))
        return extension, OTHER_FORMATS[extension].encode("utf-8"), True
    encoding = draw(st.sampled_from(ENCODINGS))
    text = synthetic_article(draw(hostile_text), draw(hostile_body), slug=None)
    data = text.encode(encoding, errors="replace")
    return draw(st.sampled_from([".md", ".markdown"])), data, encoding not in ("utf-8", "utf-8-sig")


@FUZZ
@given(files=st.lists(editor_file(), min_size=1, max_size=3))
def test_wrong_encodings_boms_empty_binary_and_other_formats(files):
    """Each file the build cannot take is named on its own line; UTF-8 (BOM or not) builds."""
    named = {f"article{i}{ext}": (data, refused) for i, (ext, data, refused) in enumerate(files)}
    with built({name: data for name, (data, _) in named.items()}) as result:
        must_refuse = [name for name, (_, refused) in named.items() if refused]
        if must_refuse:
            assert result.returncode == 1
            lines = error_lines(result)
            for name in must_refuse:
                assert any(name in line for line in lines), (name, lines)


SLUGS = ["alpha", "beta", "shili-tuanwei-20240101"]  # the last one is also a default slug
DATES = ["2024-01-01", "2024-01-01 00:00", "1970-01-01", "9999-12-31", "9999-12-31 23:59"]
UNITS = {"示例区委": "shili-quwei", "示例区团委": "shili-tuanwei", "示例区就业局": "shili-jiuyeju"}


@FUZZ
@given(
    articles=st.lists(
        st.tuples(
            st.sampled_from(["wenzhang", "文章"]),  # an ASCII file name is the default slug
            st.one_of(st.none(), st.sampled_from(SLUGS)),
            st.sampled_from(DATES),
            st.sampled_from(sorted(UNITS)),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_duplicate_urls_fail_and_far_dates_build(articles):
    """Two articles with one URL stop the build naming the file; year 9999 is a date (and,
    for the future-date rule, today: the rulebook refuses a future date not in draft)."""
    files, urls = {}, []
    for i, (stem, slug, date, unit) in enumerate(articles):
        name = f"{stem}{i}.md"
        files[name] = synthetic_article(f"第{i}篇", slug=slug, date=date, organization=unit)
        default = f"{stem}{i}" if stem.isascii() else f"{UNITS[unit]}-{date[:10].replace('-', '')}"
        urls.append(slug or default)
    duplicated = len(set(urls)) < len(urls)
    with built(files, COLUMN_TODAY="9999-12-31") as result:
        assert result.returncode == (1 if duplicated else 0), (urls, result.stderr)
        if duplicated:
            assert "Slug" in result.stderr and "网址相同" in result.stderr
        for url, (_, _, date, _) in zip(urls, articles, strict=True):
            if not duplicated:
                page = result.page(f"articles/{url}/")
                assert page.select_one(f'time[datetime="{date[:10]}"]'), (url, date)
