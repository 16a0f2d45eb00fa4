"""Fixtures that build real sites: the repository's own content, and small synthetic sites.

Synthetic articles exist only in temporary folders. Their titles start with 【测试】, they
carry ``Synthetic: true`` and their units are fictional (示例区…), so they can never be
mistaken for news of a real unit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from tools.chromium import launch

REPO = Path(__file__).resolve().parent.parent

SYNTHETIC_REGISTRY = """
[column]
name = "讲政治 转作风 强责任 抓落实"
site_name = "惠农清风"
description = "测试专栏（合成数据）"
intro_title = "开栏语"
intro = "这是合成的开栏语，仅用于测试。"

[[units]]
name = "示例区委"
slug = "shili-quwei"
order = 1

[[units]]
name = "示例区团委"
slug = "shili-tuanwei"
aliases = ["示例团区委", "共青团示例区委员会"]
parent = "示例区委"
order = 2

[[units]]
name = "示例区就业局"
slug = "shili-jiuyeju"
aliases = ["区就业局"]
order = 3

[[themes]]
name = "讲政治"
slug = "jiang-zhengzhi"
order = 1
threshold = 3
keywords = { "政治意识" = 3 }

[[themes]]
name = "转作风"
slug = "zhuan-zuofeng"
order = 2
threshold = 3
keywords = { "作风建设" = 3 }

[[themes]]
name = "强责任"
slug = "qiang-zeren"
order = 3
threshold = 3
keywords = { "责任意识" = 3 }

[[themes]]
name = "抓落实"
slug = "zhua-luoshi"
order = 4
threshold = 3
keywords = { "担当作为" = 3 }

[[themes]]
name = "志愿服务"
slug = "zhiyuan-fuwu"
order = 10
threshold = 4
keywords = { "志愿服务" = 2, "志愿者" = 2 }
"""


def synthetic_article(
    title: str,
    body: str = "合成正文段落。",
    *,
    date: str = "2024-03-01",
    organization: str | None = "示例区团委",
    themes: str | None = "讲政治",
    slug: str | None = None,
    extra: str = "",
) -> str:
    """Markdown text of a synthetic article (marked as such in title and metadata)."""
    lines = [f"Title: 【测试】{title}", f"Date: {date}", "Synthetic: true"]
    if organization is not None:
        lines.append(f"Organization: {organization}")
    if themes is not None:
        lines.append(f"Themes: {themes}")
    if slug is not None:
        lines.append(f"Slug: {slug}")
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n\n" + body + "\n"


def tree(root: Path) -> dict[Path, bytes]:
    """Every file under ``root`` (a published symlink followed) and its bytes."""
    root = Path(root).resolve()
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass
class BuildResult:
    returncode: int
    stderr: str
    output: Path

    def page(self, relative: str) -> BeautifulSoup:
        path = self.output / relative
        if path.is_dir():
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class SyntheticSite:
    """A throwaway site folder using the repository's theme and plugin."""

    def __init__(self, root: Path, registry: str = SYNTHETIC_REGISTRY):
        self.root = root
        self.content = root / "content"
        (self.content / "articles").mkdir(parents=True)
        (root / "column.toml").write_text(registry, encoding="utf-8")
        self.output = root / "output"
        self.settings = self._settings_file("synthetic_settings.py", "pelicanconf")

    def _settings_file(self, name: str, base: str, extra: str = "") -> Path:
        """Settings importing the repository's ``base`` module, pointed at this site."""
        path = self.root / name
        path.write_text(
            textwrap.dedent(
                f"""
                import sys
                sys.path.insert(0, {str(REPO)!r})
                from {base} import *  # noqa
                PATH = {str(self.content)!r}
                THEME = {str(REPO / "theme")!r}
                PLUGIN_PATHS = [{str(REPO / "plugins")!r}]
                COLUMN_REGISTRY = {str(self.root / "column.toml")!r}
                """
            )
            + extra,
            encoding="utf-8",
        )
        return path

    def configure(self, **settings) -> None:
        """Add settings (as Python literals) after the repository's pelicanconf."""
        with self.settings.open("a", encoding="utf-8") as handle:
            for name, value in settings.items():
                handle.write(f"{name} = {value!r}\n")

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.content / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def build(self, *extra: str, env: dict | None = None) -> BuildResult:
        return run_build(self.settings, self.output, *extra, env=env, cwd=self.root)

    def publish(
        self, publish_dir: Path | None = None, env: dict | None = None, extra: str = ""
    ) -> BuildResult:
        """``huinong publish`` with the production settings (plus ``extra`` lines)."""
        settings = self._settings_file("synthetic_publishconf.py", "publishconf", extra)
        return run_publish(settings, publish_dir or self.root / "public", env=env, cwd=self.root)


def run_build(settings, output, *extra, env=None, cwd=REPO) -> BuildResult:
    """Run the README's build entry point in a subprocess, as an editor would.

    Production settings keep a content cache; each build gets its own beside its output, so
    that tests running in parallel never share one.
    """
    command = [sys.executable, "-m", "huinong_column", "build"]
    cache = Path(output).parent / f"{Path(output).name}.cache"
    proc = subprocess.run(
        [*command, "-s", str(settings), "-o", str(output), *extra],
        cwd=cwd,
        env={**os.environ, "COLUMN_CACHE_PATH": str(cache), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return BuildResult(proc.returncode, proc.stderr + proc.stdout, Path(output))


def run_publish(settings, publish_dir, env=None, cwd=REPO) -> BuildResult:
    """Run the README's publish entry point in a subprocess, with its own content cache."""
    cache = Path(publish_dir).parent / f"{Path(publish_dir).name}.cache"
    proc = subprocess.run(
        [sys.executable, "-m", "huinong_column", "publish", "-s", settings, "-o", publish_dir],
        cwd=cwd,
        env={**os.environ, "COLUMN_CACHE_PATH": str(cache), **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )
    return BuildResult(proc.returncode, proc.stderr + proc.stdout, Path(publish_dir))


@pytest.fixture
def site(tmp_path) -> SyntheticSite:
    return SyntheticSite(tmp_path / "site")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> BuildResult:
    """The repository's own content/, built once for the whole session."""
    output = tmp_path_factory.mktemp("real") / "output"
    result = run_build(REPO / "pelicanconf.py", output)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium for one test module. Not longer: Playwright's sync API allows one
    instance at a time and keeps an asyncio loop running while it lives, under which the
    in-process builds of other modules (tests/column/test_hostile_input.py) would fail."""
    with sync_playwright() as playwright:
        browser = launch(playwright, loopback_only=True)
        yield browser
        browser.close()
