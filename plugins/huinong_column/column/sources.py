"""The site as the editor's tools see it: settings, registry and Markdown source files.

``new``, ``check`` and ``import`` work on source files without building, so they read
``pelicanconf.py`` and the registry the same way the build does, and read each file's
metadata block by Markdown's own rule (``metadata.read_header``), with line numbers for
``file:line`` messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pelican.settings import get_settings_from_file, read_settings

from .errors import ColumnError, Problem
from .metadata import Header, read_header, split_lines
from .reader import check_source, colons_mended, display_path
from .registry import Registry, load_registry

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


@dataclass(frozen=True)
class Site:
    settings_file: Path
    settings: dict
    registry: Registry

    @property
    def content(self) -> Path:
        return Path(self.settings["PATH"])

    @property
    def articles_root(self) -> Path:
        return self.content / self.settings["ARTICLE_PATHS"][0]


def read_column_settings(settings_file: str | Path, create_content: bool = False) -> dict:
    """Pelican's settings, with the refusal an editor meets (no folder of articles yet) as a
    ColumnError in Chinese. ``create_content`` makes that folder first: ``new`` and
    ``import`` are asked to write into it."""
    path = Path(settings_file).resolve()
    if create_content:
        given = get_settings_from_file(str(path)).get("PATH")
        if given:
            (path.parent / given).mkdir(parents=True, exist_ok=True)
    try:
        return read_settings(str(path))
    except ValueError as exc:
        if "path containing the content" not in str(exc):
            raise
        raise ColumnError(
            [
                Problem(
                    display_path(str(path)),
                    "PATH",
                    "找不到存放文章的文件夹",
                    "新建文件夹 content/articles，或用 huinong new、huinong import 写第一篇文章"
                    "（它们会建立这个文件夹）",
                )
            ]
        ) from None


def load_site(settings_file: str | Path, create_content: bool = False) -> Site:
    """Settings and registry; a missing file or a registry mistake is a ColumnError."""
    path = Path(settings_file)
    if not path.is_file():
        raise ColumnError(
            [
                Problem(
                    str(path),
                    "设置",
                    "找不到设置文件",
                    "在网站根目录运行，或用 -s 指定 pelicanconf.py",
                )
            ]
        )
    settings = read_column_settings(path, create_content)
    return Site(path, settings, load_registry(settings["COLUMN_REGISTRY"]))


@dataclass
class Source:
    """One Markdown file: its text, metadata block and body, with line numbers."""

    path: Path
    kind: str  # "article" or "page"
    raw: bytes
    problems: list[Problem] = field(default_factory=list)  # file-level: encoding, Title, Date

    @cached_property
    def shown(self) -> str:
        return display_path(str(self.path))

    @cached_property
    def text(self) -> str:
        try:
            return self.raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return ""

    @property
    def readable(self) -> bool:
        """Text at all: not binary, not in a foreign encoding."""
        return bool(self.text) and not any(p.field in ("文件", "编码") for p in self.problems)

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.text)

    @cached_property
    def header(self) -> Header:
        return read_header(colons_mended(self.text)[0])  # ``Title：`` is one error, reported

    @cached_property
    def fields(self) -> dict[str, tuple[int, str]]:
        return self.header.first_values()

    @property
    def body_start(self) -> int:
        """Index in ``lines`` of the first body line: where Markdown's meta stops reading."""
        return self.header.body_start

    def value(self, key: str) -> str:
        return self.fields.get(key, (0, ""))[1]

    def line_of(self, key: str) -> int:
        """Line of a metadata field; line 1 when it is missing (where it should go)."""
        return self.fields.get(key, (1, ""))[0]

    @property
    def body(self) -> str:
        return "\n".join(self.lines[self.body_start :])

    def body_lines(self) -> list[tuple[int, str]]:
        return [(i + 1, self.lines[i]) for i in range(self.body_start, len(self.lines))]

    def paragraphs(self) -> list[tuple[int, str]]:
        """Blank-line separated paragraphs of the body: (first line number, text)."""
        found, start, chunk = [], 0, []
        for number, line in [*self.body_lines(), (0, "")]:
            if line.strip():
                start = start or number
                chunk.append(line)
            elif chunk:
                found.append((start, "\n".join(chunk)))
                start, chunk = 0, []
        return found


def read_source(path: Path, kind: str = "article") -> Source:
    raw = path.read_bytes()
    return Source(path, kind, raw, check_source(str(path), raw))


def content_sources(site: Site) -> list[Source]:
    """Every Markdown file Pelican would read as an article or a page, sorted by path."""
    found: dict[Path, str] = {}
    for kind, key in (("page", "PAGE_PATHS"), ("article", "ARTICLE_PATHS")):
        for folder in site.settings[key]:
            root = site.content / folder
            for path in root.rglob("*") if root.is_dir() else ():
                # A link is refused (confine.py), never read: it may point anywhere.
                if (
                    path.suffix.lower() in MARKDOWN_SUFFIXES
                    and path.is_file()
                    and not path.is_symlink()
                ):
                    found[path] = kind
    return [read_source(path, kind) for path, kind in sorted(found.items())]
