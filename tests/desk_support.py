"""Helpers for driving the editor's commands as an editor would: through the command line,
in a temporary copy of a site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "legacy"
SEED_ARTICLE = REPO / "content/articles/2021/huinong-tuanwei-sige-qianghua.md"


def huinong(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:
    """``python -m huinong_column ARGS`` in ``cwd``; stdin from ``input`` (else closed)."""
    return subprocess.run(
        [sys.executable, "-m", "huinong_column", *args],
        cwd=cwd,
        input=input or "",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


def copy_real_site(root: Path) -> Path:
    """The repository's real site (settings, registry, content) in a throwaway folder; the
    theme and plugin are linked, not copied."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "pelicanconf.py", root)
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "content", root / "content")
    for shared in ("theme", "plugins"):
        (root / shared).symlink_to(REPO / shared)
    return root


def body(markdown_text: str) -> str:
    """An article's body: everything after the metadata block."""
    return markdown_text.split("\n\n", 1)[1]


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
