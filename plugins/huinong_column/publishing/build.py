"""Build driver: all or nothing.

Pelican writes straight into its output folder and carries on past a file it cannot read.
The column needs the opposite: the site is built into a fresh staging folder next to the
target, every error (and in strict mode every warning) fails the build with one line per
problem, and only a clean build is put in place of the target (``placing``). The previous
good ``output/`` is never touched by a failed build.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from pelican import Pelican
from pelican.log import console as pelican_console

from pelican_fastbuild import session
from pelican_fastbuild.parallel import OutputClashError
from pelican_fastbuild.session import TIMINGS
from pelican_fastbuild.timings import Timings

from ..column.errors import ColumnError, Problem, display_path
from ..column.sources import read_column_settings
from ..column.state import ColumnBuild, column_build
from ..site import freshness
from . import placing

log = logging.getLogger("huinong_column")
# Whose notes (a discarded cache, an unwritable one) reach the editor as 提示 lines.
OWN_LOGGERS = ("huinong_column", "pelican_fastbuild")


class BuildLog(logging.Handler):
    """Prints log records as single lines and remembers the errors and warnings."""

    def __init__(self, stream, verbose: bool = False):
        super().__init__(logging.INFO)
        self.stream = stream
        self.verbose = verbose
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.column: ColumnBuild | None = None  # once Pelican has started the column's build

    def emit(self, record: logging.LogRecord) -> None:
        ours = record.name.startswith(OWN_LOGGERS)
        if record.levelno < logging.WARNING and not (ours or self.verbose):
            return  # Pelican's own progress chatter, in English
        message = " ".join(record.getMessage().split())
        if (
            record.msg == "Could not process %s"
            and self.column is not None
            and any(p.path.endswith(str(record.args[0])) for p in self.column.problems.problems)
        ):
            return  # the reader already reported this file in an editor's words
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
            label = "错误"
        elif record.levelno >= logging.WARNING:
            self.warnings.append(message)
            label = "警告"
        else:
            label = "提示"
        print(f"{label}: {message}", file=self.stream)


def clash_problem(exc: OutputClashError) -> Problem:
    """Two things writing one output file, in an editor's words: the source named first."""
    first, second = (
        display_path(who) if os.path.isabs(who) else f"网站自动生成的页面（{who or '订阅'}）"
        for who in (exc.first, exc.second)
    )
    if os.path.isabs(exc.second) and not os.path.isabs(exc.first):
        first, second = second, first
    return Problem(
        first,
        "Slug",
        f"要写入的网页 {exc.name} 与 {second} 的相同，两者只能留一个",
        "给这篇文章或页面换一个 Slug（不要用 archives、units、topics 等网站已用的名字）",
    )


def build(
    settings_file: str = "pelicanconf.py",
    output: str | None = None,
    strict: bool = False,
    stream=None,
    workers: int | None = None,
    timings_file: str | None = None,
    reuse_pages: bool = True,
    verbosity: int = 1,
) -> int:
    """Build the site; return the exit status (0 on success, 1 on any problem).

    ``workers`` overrides ``FASTBUILD_WORKERS`` (1 builds serially); ``timings_file`` receives
    the time spent in each phase, as JSON (see ``timings.py``); ``reuse_pages=False`` renders
    every page (for a one-off folder, such as a publish's, there is nothing to reuse).
    ``verbosity``: 0 (``--quiet``) prints only errors, warnings and the last line; 1 adds
    the inferred tags and the freshness reminders, once a day; 2 (``--verbose``) shows the
    reminders at every build, and Pelican's own (English) lines.
    """
    timings = Timings()
    try:
        return _build(settings_file, output, strict, stream or sys.stderr, workers, reuse_pages,
                      timings, verbosity)  # fmt: skip
    finally:
        if timings_file:
            timings.write(timings_file)


def _build(settings_file, output, strict, stream, workers, reuse_pages, timings, verbosity) -> int:
    settings = read_column_settings(settings_file)
    settings[TIMINGS] = timings  # the accelerator counts its phases in the same report
    if workers:
        settings["FASTBUILD_WORKERS"] = workers
    strict = strict or settings.get("COLUMN_STRICT", False)
    # Not resolve(): a published output/ is a symlink, to be replaced, not followed.
    target = Path(os.path.abspath(output or settings["OUTPUT_PATH"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    waiting = f"等待同一输出目录 {target} 的另一个构建结束……"
    with placing.lock(target, lambda: print(waiting, file=stream, flush=True)):
        placing.clear_leftovers(target)
        return _build_into(settings, target, strict, stream, reuse_pages, timings, verbosity)


def tagging_report_path(settings: dict) -> Path:
    """``COLUMN_TAGGING_REPORT``, else ``tagging-report.json`` in the cache folder: outside
    ``output/``, so that it is never published and survives a failed build."""
    given = settings.get("COLUMN_TAGGING_REPORT")
    return Path(given or Path(settings["CACHE_PATH"]) / "tagging-report.json")


def write_tagging_report(path: Path, inferred: list, problems: list) -> str:
    """Every inferred tag with its evidence, and the problems that stopped the build.

    Written on every build, failed or not; sorted, without a clock, so that the same
    content gives the same file. Returns why it could not be written, or "".
    """
    report = {
        "inferred": [i.as_json() for i in sorted(inferred, key=lambda i: i.path)],
        "review": sorted(i.path for i in inferred if i.tagging.review),
        "problems": [str(p) for p in problems],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
        temporary.replace(path)
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def _build_into(settings, target: Path, strict, stream, reuse_pages, timings, verbosity) -> int:
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    settings["OUTPUT_PATH"] = str(staging)
    # What a build writes into an output that later builds update is recorded in the cache
    # (placing.py); without a writable cache, every build is swapped in whole.
    cached = reuse_pages and settings.get("FASTBUILD_CACHE")
    recorded = bool(cached) and placing.can_record(settings["CACHE_PATH"])
    if reuse_pages:
        settings["FASTBUILD_OUTPUT_TARGET"] = str(target)  # pages unchanged since may be reused
        # Reused files stay where they are and the new ones are moved in; a published
        # output/ is a symlink to a release, replaced whole.
        in_place = recorded and target.is_dir() and not target.is_symlink()
        settings["FASTBUILD_UPDATE_IN_PLACE"] = in_place

    handler = BuildLog(stream, verbose=verbosity > 1)
    started = time.perf_counter()
    pelican_console.quiet = verbosity < 2  # “Done: Processed 1 article…”, in English
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    failed = False
    column = fast = None
    stopped: list = []  # the editor's problems that stopped the build, for the tagging report
    # A build keeps millions of objects alive to the end; at the default threshold (700
    # allocations) the collector rescans them thousands of times: 0.4 s of a 5.5 s rebuild
    # of 10,000 articles.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        with timings.phase("setup"):
            pelican = Pelican(settings)
        # Pelican keeps the settings; the plugins' build objects leave them at ``finalized``.
        column = handler.column = column_build(settings)
        fast = session(settings)
        timings.mark("run")
        pelican.run()
    except ColumnError as exc:
        for problem in exc.problems:
            print(f"错误: {problem}", file=stream)
        stopped = exc.problems
        handler.errors += [str(problem) for problem in exc.problems]
        failed = True
    except OutputClashError as exc:  # e.g. a page whose Slug is "archives"
        print(f"错误: {clash_problem(exc)}", file=stream)
        handler.errors.append(str(clash_problem(exc)))
        failed = True
    except Exception as exc:  # a bug or an environment fault, not an editor's mistake
        print(f"错误: 构建中断：{type(exc).__name__}: {exc}", file=stream)
        handler.errors.append(str(exc))
        failed = True
    except KeyboardInterrupt:  # Ctrl+C: output/ as it was, and no half-built folder left
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        gc.set_threshold(*thresholds)
        root.removeHandler(handler)
        pelican_console.quiet = False
        if fast is not None:
            fast.save_caches(read_everything=False)  # keeps the conversions of a failed build
            fast.abandon_background()
        if column is not None:
            column.abandon_background()  # a failed build's search index is not waited for
        report = tagging_report_path(settings)
        unwritten = write_tagging_report(report, column.inferred if column else [], stopped)
        if unwritten:  # the report is an aid: a read-only cache must not fail the build
            print(f"提示: 无法写入推断报告 {report}：{unwritten}", file=stream)

    if handler.errors or (strict and handler.warnings):
        failed = True
    errors, warnings = len(handler.errors), len(handler.warnings)
    counts = f"{errors} 个错误，{warnings} 个警告"
    if failed:
        shutil.rmtree(staging, ignore_errors=True)
        kept = f"，{target} 保持原样" if target.exists() else ""
        strictly = "（发布要求没有警告）" if strict and handler.warnings else ""
        print(f"构建失败{kept}：{counts}{strictly}。请按上面的提示修改后重新构建。", file=stream)
        return 1

    try:
        with timings.phase("commit"):
            placing.place(staging, target, fast.kept, settings["CACHE_PATH"] if recorded else None)
    except OSError as exc:  # the disk, or output/ removed during the build: not the editor's
        shutil.rmtree(staging, ignore_errors=True)
        print(f"错误: 无法更新 {target}：{exc}。请重新构建。", file=stream)
        return 1
    fast.output_in_place()
    timings.remainder("finish", "run", "read", "tagging", "output", "search")
    for inference in column.inferred if verbosity else ():
        print(f"推断: {inference.summary}", file=stream)
        for line in inference.tagging.evidence:
            print(f"    {line}", file=stream)
    if column.inferred and verbosity:
        review = sum(i.tagging.review for i in column.inferred)
        unsure = f"，其中 {review} 篇待核实" if review else ""
        print(
            f"共 {len(column.inferred)} 篇文章的标签由推断得出{unsure}，请编辑核对"
            f"（明细：{report}；确认推断结果：huinong confirm 文件…）。",
            file=stream,
        )
    shown = verbosity > 1 or (verbosity and freshness.due(column.reminders, settings))
    for line in column.reminders if shown else ():
        print(f"提醒: {line}", file=stream)
    seconds = time.perf_counter() - started
    print(
        f"构建完成：{len(column.articles)} 篇文章{f'（{counts}）' if warnings else ''}，"
        f"用时 {seconds:.1f} 秒 → {target}",
        file=stream,
    )
    return 0
