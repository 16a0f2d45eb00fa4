"""The site as the editor's tools see it: settings, registry and Markdown source files.

``new``, ``check`` and ``import`` work on source files without building, so they read
``pelicanconf.py`` and the registry the same way the build does, and parse each file's
metadata block with line numbers (``reader.header_fields``) for ``file:line`` messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pelican.settings import read_settings

from .errors import ColumnError, Problem
from .reader import HEADER_LINE, check_source, display_path, header_fields
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


def load_site(settings_file: str | Path) -> Site:
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
    settings = read_settings(str(path.resolve()))
    return Site(path, settings, load_registry(settings["COLUMN_REGISTRY"]))


@dataclass
class Source:
    """One Markdown file: its text, metadata block and body, with line numbers."""

    path: Path
    kind: str  # "article" or "page"
    raw: bytes
    problems: list[Problem] = field(default_factory=list)  # file-level: encoding, Title, Date

    @property
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
        return self.text.splitlines()

    @cached_property
    def fields(self) -> dict[str, tuple[int, str]]:
        return header_fields(self.text)

    @cached_property
    def body_start(self) -> int:
        """Index in ``lines`` of the first body line (the metadata block ends at a blank
        line or at the first line that is not ``Key: value``, as in Markdown's meta)."""
        for index, line in enumerate(self.lines):
            if not line.strip():
                return index + 1
            if not HEADER_LINE.match(line) and not line.startswith((" ", "\t")):
                return index
        return len(self.lines)

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
                if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
                    found[path] = kind
    return [read_source(path, kind) for path, kind in sorted(found.items())]
