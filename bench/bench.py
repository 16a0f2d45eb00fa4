"""Benchmark: this site against plain Pelican and Hugo on the same synthetic articles.

``make bench N=10000`` (or ``python bench/bench.py --n 10000``) writes a synthetic corpus of
N Chinese articles into a temporary folder (``bench/corpus.py``) and times, in one run:

a0) this site's cold build without the search index (``COLUMN_SEARCH_INDEX=0``): the
   engine alone, for comparison;
a) this site's full cold build, through the real driver (``python -m huinong_column build``:
   staging folder, swap, no content cache, search index included);
b) a warm rebuild after one article is edited (content cache and previous output present);
c) plain Pelican 4.12 with its default theme on the same articles (its own metadata);
d) Hugo with a minimal layout and two taxonomies, when the ``hugo`` command exists.

It prints the ratios against their targets, each build's peak memory (``wait4`` of the build
process, which covers its workers), this site's time per phase, the output sizes, and
appends one row to ``bench/results.csv``. The clock is read here only to date that row.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.corpus import edit_one, write_corpus  # noqa: E402

RESULTS = HERE / "results.csv"
# Sub-phases timed inside a phase (timings.other_phases), by the phase they belong to.
PART_OF = {
    "read_prefetch": "read",
    "search_start": "read",
    "memo_digest": "output",
    "commit": "finish",
}
TARGETS = {"a/c": 0.4, "b/c": 0.15, "tagging/a": 0.05, "peak_rss_mb": 1024, "search_s": 20}

SITE_SETTINGS = """
import os
import sys
sys.path.insert(0, {repo!r})
from pelicanconf import *  # noqa
PATH = "content"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
COLUMN_REGISTRY = "column.toml"
COLUMN_LEXICON = {lexicon!r}  # the site's own lexicon: the inference a real build runs
CACHE_PATH = os.environ.get("COLUMN_CACHE_PATH", ".cache")
"""

# Plain Pelican: defaults and the default theme; only what any site must say, and the same
# pagination as this site so that both write comparable listing pages.
PLAIN_SETTINGS = """
SITENAME = "惠农清风"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = 20
"""

HUGO_CONFIG = """
baseURL = "http://127.0.0.1:8000/"
languageCode = "zh-CN"
title = "惠农清风"
paginate = 20
[taxonomies]
unit = "units"
topic = "topics"
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title>
<link rel="stylesheet" href="/site.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a> <a href="/units/">报送单位</a>
<a href="/topics/">主题</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2006-01-02" }}</time>
{{ range .GetTerms "units" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ if or .IsHome .Data.Singular }}<ul>{{ range .Paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>{{ with .Paginator }}{{ if .HasPrev }}<a href="{{ .Prev.URL }}">上一页</a>{{ end }}
{{ if .HasNext }}<a href="{{ .Next.URL }}">下一页</a>{{ end }}{{ end }}
{{ else }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ len .Pages }} 篇</li>{{ end }}</ul>{{ end }}{{ end }}
""",
}


def run(command: list[str], cwd: Path, log: Path, env=None) -> tuple[float, float, float]:
    """Run one build: (seconds, peak RSS in MB of any of its processes, CPU seconds)."""
    with open(log, "w", encoding="utf-8") as out:
        started = time.perf_counter()
        environment = {**os.environ, **(env or {})}
        proc = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=environment
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{tail}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def tree_size(root: Path) -> tuple[int, float]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files) / 1e6


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        )
        code_changed = ["git", "diff", "--quiet", "HEAD", "--", ".", ":!bench/results.csv"]
        dirty = subprocess.run(code_changed, cwd=REPO).returncode
    except OSError:
        return "unknown"
    return out.stdout.strip() + ("+dirty" if dirty else "")


def bench(n: int, root: Path, workers: int | None) -> dict:
    print(f"生成 {n} 篇合成文章 / writing {n} synthetic articles in {root}", flush=True)
    items = write_corpus(root, n)
    site, plain, hugo = root / "site", root / "plain", root / "hugo"
    (site / "settings.py").write_text(
        SITE_SETTINGS.format(
            repo=str(REPO),
            theme=str(REPO / "theme"),
            plugins=str(REPO / "plugins"),
            lexicon=str(REPO / "data" / "lexicon.toml"),
        ),
        encoding="utf-8",
    )
    (plain / "pelicanconf.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
    build = [sys.executable, "-m", "huinong_column", "build", "-s", "settings.py"]
    if workers:
        build += ["--workers", str(workers)]
    r: dict = {"n": n}

    # The same cold build without the search index, for the engine's own figures, with a
    # cache of its own so that a) starts as cold. Nothing is deleted between the builds: on
    # a disk file system, files created just after many were deleted cost up to ten times
    # more, and that would be the benchmark's doing, not the build's.
    print("a0) 本站冷构建，不建搜索索引 / this site, cold, no search index", flush=True)
    command = [*build, "-o", "output0", "--timings", "a0.json"]
    no_index = {"COLUMN_SEARCH_INDEX": "0", "COLUMN_CACHE_PATH": str(site / ".cache0")}
    r["a0"], r["rss_a0"], r["cpu_a0"] = run(command, site, root / "a0.log", no_index)
    build += ["-o", "output"]

    print("a) 本站冷构建 / this site, cold build", flush=True)
    r["a"], r["rss_a"], r["cpu_a"] = run([*build, "--timings", "a.json"], site, root / "a.log")
    phases = json.loads((site / "a.json").read_text(encoding="utf-8"))
    r["files_a"], r["mb_a"] = tree_size(site / "output")

    print("b) 修改一篇后的增量构建 / warm rebuild after editing one article", flush=True)
    edit_one(root, items)
    r["b"], r["rss_b"], r["cpu_b"] = run([*build, "--timings", "b.json"], site, root / "b.log")
    r["phases_b"] = json.loads((site / "b.json").read_text(encoding="utf-8"))

    print("c) 原版 Pelican / plain Pelican, default theme", flush=True)
    pelican = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "out"]
    r["c"], r["rss_c"], r["cpu_c"] = run(pelican, plain, root / "c.log")
    r["files_c"], r["mb_c"] = tree_size(plain / "out")

    hugo_bin = shutil.which("hugo")
    if hugo_bin:
        print("d) Hugo", flush=True)
        (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
        for name, text in HUGO_LAYOUTS.items():
            path = hugo / "layouts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        command = [hugo_bin, "--quiet", "--destination", "public"]
        r["d"], r["rss_d"], r["cpu_d"] = run(command, hugo, root / "d.log")
        r["files_d"], r["mb_d"] = tree_size(hugo / "public")
    r["phases"] = phases
    return r


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "—"
    return "达标 meets" if value <= target else "未达标 MISSES"


def report(r: dict, workers: int | None) -> dict:
    p = r["phases"]["phases"]
    counts = r["phases"]["counts"]
    ratios = {
        "a/c": r["a"] / r["c"],
        "b/c": r["b"] / r["c"],
        "a/d": r["a"] / r["d"] if "d" in r else None,
        "tagging/a": (p["tagging"] or 0) / r["a"],
        "peak_rss_mb": max(r["rss_a"], r["rss_b"]),
        "search_s": counts["search_index_s"],
    }
    print()
    print(f"N = {r['n']} 篇；workers = {workers or 'auto'}；commit {commit()}")
    print(
        f"{'build':<44}{'seconds':>9}{'CPU s':>8}{'ms/article':>11}{'peak RSS MB':>12}"
        f"{'files':>7}{'MB':>7}"
    )
    rows = [
        ("a0) this site, cold, no search index", "a0", "rss_a0", None, None),
        ("a) this site, cold (driver, staging, swap)", "a", "rss_a", "files_a", "mb_a"),
        ("b) this site, warm, one article edited", "b", "rss_b", None, None),
        ("c) plain Pelican 4.12, default theme", "c", "rss_c", "files_c", "mb_c"),
        ("d) Hugo", "d", "rss_d", "files_d", "mb_d"),
    ]
    for label, key, rss, files, mb in rows:
        if key not in r:
            print(f"{label:<44}  skipped: the hugo command is not installed")
            continue
        per = r[key] / r["n"] * 1000
        extra = f"{r[files]:>7}{r[mb]:>7.1f}" if files else ""
        cpu = r["cpu_" + key]
        print(f"{label:<44}{r[key]:>9.2f}{cpu:>8.1f}{per:>11.3f}{r[rss]:>12.0f}{extra}")
    print()
    print("phases of a) (wall seconds):")
    for name, value in p.items():
        shown = "—  (no search step in this build)" if value is None else f"{value:.2f}"
        print(f"  {name:<14}{shown}")
    for name, value in r["phases"]["other_phases"].items():
        print(f"  {name:<14}{value:.2f}  (part of {PART_OF.get(name, 'another phase')})")
    print(
        f"  search index: {counts['search_index_s']:.2f} s in the background from the end of"
        f" reading; {counts['search_shards_indexed']:.0f} of {counts['search_shards']:.0f}"
        " shards indexed (the search phase is the wait for it at the end)"
    )
    if counts.get("pages_written"):
        print(
            f"  pages written {counts['pages_written']:.0f}, reused {counts['pages_reused']:.0f};"
            f" worker CPU seconds: templates {counts['render_cpu_s']:.2f},"
            f" files {counts['write_cpu_s']:.2f}"
        )
    pb = r["phases_b"]["phases"]
    print("phases of b): " + ", ".join(f"{k} {v:.2f}" for k, v in pb.items() if v is not None))
    cb = r["phases_b"]["counts"]
    print(f"  pages written {cb['pages_written']:.0f}, reused {cb['pages_reused']:.0f};")
    print(
        f"  search index {cb['search_index_s']:.2f} s, {cb['search_shards_indexed']:.0f} of"
        f" {cb['search_shards']:.0f} shards indexed"
    )
    print()
    print(f"{'target':<14}{'value':>10}{'target':>10}  verdict")
    for name, target in TARGETS.items():
        value = ratios[name]
        shown = "—" if value is None else f"{value:.3f}"
        print(f"{name:<14}{shown:>10}{target:>10}  {verdict(value, target)}")
    print(f"{'a0/c':<14}{r['a0'] / r['c']:>10.3f}{'':>10}  (no target: a without the index)")
    if ratios["a/d"] is not None:
        print(f"{'a/d':<14}{ratios['a/d']:>10.3f}{'':>10}  (no target: Hugo is the yardstick)")
    return ratios


def append_row(r: dict, ratios: dict, workers: int | None) -> None:
    p = r["phases"]["phases"]
    row = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit(),
        "n": r["n"],
        "workers": workers or "auto",
        "shingle": os.environ.get("COLUMN_SEARCH_SHINGLE", "4"),  # pelicanconf's default
        "a_s": f"{r['a']:.2f}",
        "a0_s": f"{r['a0']:.2f}",
        "b_s": f"{r['b']:.2f}",
        "c_s": f"{r['c']:.2f}",
        "d_s": f"{r['d']:.2f}" if "d" in r else "",
        "a_cpu_s": f"{r['cpu_a']:.1f}",
        "b_cpu_s": f"{r['cpu_b']:.1f}",
        "c_cpu_s": f"{r['cpu_c']:.1f}",
        "a_c": f"{ratios['a/c']:.3f}",
        "b_c": f"{ratios['b/c']:.3f}",
        "a_d": f"{ratios['a/d']:.3f}" if ratios["a/d"] is not None else "",
        "rss_a_mb": f"{r['rss_a']:.0f}",
        "rss_b_mb": f"{r['rss_b']:.0f}",
        "rss_c_mb": f"{r['rss_c']:.0f}",
        "rss_d_mb": f"{r['rss_d']:.0f}" if "d" in r else "",
        "read_s": p["read"],
        "tagging_s": p["tagging"],
        "output_s": p["output"],
        "search_s": r["phases"]["counts"]["search_index_s"],
        "output_mb": f"{r['mb_a']:.1f}",
        "output_files": r["files_a"],
    }
    rows = []
    if RESULTS.exists():
        with open(RESULTS, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    with open(RESULTS, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(row), restval="")
        writer.writeheader()  # columns added since older rows were written stay empty there
        writer.writerows([*rows, row])
    print(f"\n已追加到 / appended to {RESULTS.relative_to(REPO)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="number of articles")
    parser.add_argument("--workers", type=int, help="this site's worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-record", action="store_true", help="do not append to results")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="huinong-bench-"))
    try:
        r = bench(args.n, root, args.workers)
        ratios = report(r, args.workers)
        if not args.no_record:
            append_row(r, ratios, args.workers)
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
