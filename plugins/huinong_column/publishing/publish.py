"""Publishing: a checked, reproducible tree that replaces the published one in one step.

``huinong publish`` (``make publish``) runs, in this order:

1. a strict build (any warning is an error) into a fresh work folder;
2. fingerprinting: linked CSS and JS get content-hashed names (``fingerprint.py``);
3. checks on that final tree: links, fragments, assets, feeds (``sitecheck.py``);
4. precompression: ``.gz`` and ``.br`` beside every text file (``precompress.py``);
5. normalisation: permissions 644/755 and, when ``SOURCE_DATE_EPOCH`` is set, every file
   time set to it (the only date a publish cannot take from the articles);
6. the swap: the tree becomes ``<dir>.releases/<hash of its contents>`` and the symlink
   ``<dir>`` is pointed at it with one ``rename``, which is atomic: a web server serving
   ``<dir>`` sees the old tree or the new one, never a mix.

Any failure stops before step 6 and removes the work folder, so the published tree and the
symlink are never touched. The release it replaced is kept for a manual rollback; older
ones are removed. A lock file keeps two publishes into the same folder apart.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from ..column.errors import Problem
from ..column.sources import read_column_settings
from ..site.siteinfo import empty_identity
from .build import build
from .fingerprint import fingerprint
from .precompress import precompress
from .sitecheck import check_site
from .sitetree import SiteTree

RELEASE_NAME = re.compile(r"[0-9a-f]{16}")
CACHE_NAME = re.compile(r"pelican-[0-9a-f]{16}")


class _NoFeedDomainWarning(logging.Filter):
    """Drops Pelican's English warning about feeds without SITEURL: publish says so itself,
    in Chinese and with the fix (``siteurl_problem``), and deploy does not need SITEURL."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Feeds generated without SITEURL")


def read_publish_settings(settings_file: str) -> dict:
    """The production settings, read without Pelican's warning about an empty SITEURL."""
    logger = logging.getLogger("pelican.settings")
    quiet = _NoFeedDomainWarning()
    logger.addFilter(quiet)
    try:
        return read_column_settings(settings_file)
    finally:
        logger.removeFilter(quiet)


def releases_of(target: Path) -> Path:
    return target.with_name(f"{target.name}.releases")


def tree_digest(root: Path) -> str:
    """SHA-256 over every file's path and contents: the release's name."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(f"{path.relative_to(root).as_posix()}\0{content}\n".encode())
    return digest.hexdigest()


def normalise(root: Path, epoch: int | None) -> None:
    """Same permissions everywhere; with ``epoch``, the same time on every file and folder."""
    paths = [*sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True), root]
    for path in paths:
        path.chmod(0o755 if path.is_dir() else 0o644)
        if epoch is not None:
            os.utime(path, (epoch, epoch))  # folders last: writing into one changes its time


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` from the environment; ValueError when it is not whole seconds."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


def siteurl_problem(settings_file: str, siteurl: str) -> Problem | None:
    parts = urlsplit(siteurl or "")
    if parts.scheme in ("http", "https") and parts.netloc and not parts.query + parts.fragment:
        return None
    if not siteurl:
        return Problem(
            settings_file,
            "SITEURL",
            "没有设置网站的公开网址，页面、订阅和二维码都要用它",
            "设置环境变量 SITEURL 为网站的正式网址后再发布，"
            "例如 SITEURL=https://网站域名 make publish",
        )
    return Problem(
        settings_file,
        "SITEURL",
        f"“{siteurl}”不是完整的网址，发布需要绝对网址",
        "把环境变量 SITEURL 设为以 https:// 开头的完整网址，"
        "例如 SITEURL=https://网站域名 make publish",
    )


@contextmanager
def exclusive(releases: Path):
    """Hold the publish lock of ``releases``; yields False when another publish holds it."""
    with open(releases / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


def switch(target: Path, release: Path) -> str | None:
    """Point the symlink ``target`` at ``release``; return the release it pointed at before."""
    releases = release.parent
    previous = Path(os.readlink(target)).name if target.is_symlink() else None
    link = releases / ".next"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(release, target.parent), link)
    if target.is_dir() and not target.is_symlink():
        # A plain folder (from `make html`) cannot be swapped for a symlink in one step: the
        # only time the published path is briefly missing is the first publish over it.
        aside = releases / ".plain"
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(target, aside)
        os.replace(link, target)
        shutil.rmtree(aside)
    else:
        os.replace(link, target)
    return previous


def prune(releases: Path, keep: set[str]) -> None:
    """Remove releases other than ``keep``; the new tree is live already, so never fail."""
    for child in releases.iterdir():
        if RELEASE_NAME.fullmatch(child.name) and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def identity_warnings(settings_file: str, settings: dict) -> list[Problem]:
    """The empty identity fields, each at the line of the settings file that sets it."""
    files = [Path(settings_file), Path(settings_file).with_name("pelicanconf.py")]
    found = []
    for problem in empty_identity(settings_file, settings):
        for file in files:
            lines = file.read_text("utf-8").splitlines() if file.is_file() else []
            hits = [n for n, t in enumerate(lines, 1) if t.startswith(f"{problem.field} =")]
            if hits:
                problem = dataclasses.replace(problem, path=file.name, line=hits[-1])
                break
        found.append(problem)
    return found


def _fail(target: Path, problems: Iterable[Problem | str], stream) -> int:
    for problem in problems:
        print(f"错误: {problem}", file=stream)
    kept = f"，{target} 保持原样" if target.exists() else ""
    print(f"发布失败{kept}。", file=stream)
    return 1


def publish(settings_file: str = "publishconf.py", output: str | None = None, stream=None) -> int:
    """Build, check, compress and swap in a new published tree; return the exit status."""
    stream = stream or sys.stderr
    settings = read_publish_settings(settings_file)
    target = Path(output or settings["OUTPUT_PATH"]).absolute()
    problem = siteurl_problem(settings_file, settings["SITEURL"])
    if problem:
        return _fail(target, [problem], stream)
    try:
        epoch = source_date_epoch()
    except ValueError as exc:
        fix = "设为整数秒，例如 SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)"
        return _fail(
            target, [Problem("环境变量", "SOURCE_DATE_EPOCH", f"“{exc}”不是整数", fix)], stream
        )

    releases = releases_of(target)
    releases.mkdir(parents=True, exist_ok=True)
    with exclusive(releases) as locked:
        if not locked:
            return _fail(target, [f"另一个发布正在写入 {releases}，请等它结束后再发布"], stream)
        for stale in releases.glob(".work-*"):  # left by a publish that was killed
            shutil.rmtree(stale, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=".work-", dir=releases))
        try:
            return _publish_into(settings, settings_file, target, work, epoch, stream)
        except Exception as exc:  # a disk or permission fault, not an editor's mistake
            return _fail(target, [f"发布中断：{type(exc).__name__}: {exc}"], stream)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _publish_into(settings, settings_file, target: Path, work: Path, epoch, stream) -> int:
    site = work / "site"
    if build(settings_file, str(site), strict=True, stream=stream, reuse_pages=False) != 0:
        return _fail(target, [], stream)
    tree = SiteTree(site, settings["SITEURL"])
    renamed = fingerprint(tree)
    problems = check_site(tree)
    if problems:
        return _fail(target, problems, stream)
    cache = settings["CACHE_PATH"] if settings.get("FASTBUILD_CACHE") else None
    compressed, reused = precompress(site, cache)
    normalise(site, epoch)

    digest = tree_digest(site)
    release = releases_of(target) / digest[:16]
    if not release.exists():
        os.rename(site, release)
    elif tree_digest(release) != digest:
        # Same name, other contents: someone edited a release by hand. Replace it; if it is
        # the live one, readers may see a missing page for the moment between two renames.
        aside = release.with_name(".edited")
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(release, aside)
        os.rename(site, release)
        shutil.rmtree(aside)
    # else: this very tree was published before; it is reused as it is
    previous = switch(target, release)
    prune(release.parent, {release.name, previous or ""})
    files = sum(1 for p in release.rglob("*") if p.is_file())
    print(
        f"发布完成：{target} → {release.name}（{files} 个文件，其中 {compressed} 个预压缩文件"
        f"（{reused} 个文件的压缩取自缓存），{len(renamed)} 个带指纹的 CSS/JS）",
        file=stream,
    )
    for warning in identity_warnings(settings_file, settings):
        print(f"警告: {warning}", file=stream)
    return 0
