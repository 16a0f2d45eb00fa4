"""Full-text search: a Pagefind index of the column's articles, written into the site.

At Pelican's ``finalized`` signal every published article is handed to Pagefind as a small
HTML document of its own: the title as ``<h1>`` and the body, with its date, its unit and
its themes (the filters 单位 and 主题) as Pagefind ``<meta>`` tags. Only article titles and
bodies are indexed, never list pages or page chrome. The ``pagefind`` binary from the
``pagefind[extended]`` package reads the documents from a temporary folder and writes its
index and browser files (``pagefind.js``, its worker and WebAssembly, its UI files) into
``pagefind/`` in the output, so the site serves its own search. It runs as a plain command:
the package's Python API answers record-by-record calls only every 0.1 s, and its service
is stopped right after ``WriteFiles`` answers, sometimes before the files are all written
(truncated ``pagefind-worker.js`` and a ``JSONDecodeError`` were seen here).

Chinese needs two mitigations (see README, 搜索):

* Pagefind segments the body with jieba at index time but the query with the browser's
  ``Intl.Segmenter`` at search time, and only matches a query word against the *start* of an
  indexed word. Every document therefore also carries a hidden field of overlapping
  ``COLUMN_SEARCH_SHINGLE``-character windows (default 4; 0 turns this off) of its Chinese
  text: any query word of up to that many characters that occurs in the text is then the
  start of an indexed token. This roughly doubles Pagefind's time and memory. The search
  page's script (``theme/static/js/search.js``) keeps only results that really contain the
  query, so the looser matching never shows a wrong result.
* Pagefind 1.5 writes its filter indexes in arbitrary (hash map) order, so two builds of the
  same site differ. ``canonicalise`` rewrites those files sorted and renames them by their
  content, so the output is byte-identical from build to build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import tempfile
from html import escape
from pathlib import Path

import cbor2
from pagefind.service import get_executable

LANGUAGE = "zh-cn"
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TAG = re.compile(r"<[^>]*>")
MAGIC = b"pagefind_dcd"


def shingles(text: str, width: int) -> str:
    """Every window of ``width`` Chinese characters (shorter at the end of a run), once each.

    Pagefind matches a query word against the start of indexed words, so indexing a window
    at every position makes any run of up to ``width`` characters findable.
    """
    seen: dict[str, None] = {}
    for run in CJK_RUN.findall(text) if width > 1 else ():
        for start in range(len(run) - 1):
            seen[run[start : start + width]] = None
    return " ".join(seen)


def document(article, width: int) -> str:
    """The HTML document Pagefind indexes for one article."""
    title = escape(str(article.title))
    # Inline tags go, block boundaries stay line breaks: the body's HTML is our own
    # Markdown output (markdown_ext), so stripping tags is enough to get its text.
    text = TAG.sub("", article.content)
    tags = [
        ("meta", "date", article.date.strftime("%Y-%m-%d")),
        ("meta", "n", shingles(f"{article.title}\n{text}", width)),
        ("filter", "单位", article.unit.name),
        *(("filter", "主题", topic.name) for topic in article.topics),
    ]
    head = "".join(
        f'<meta data-pagefind-{kind}="{name}[content]" content="{escape(value)}">'
        for kind, name, value in tags
    )
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">{head}</head>'
        f"<body><main data-pagefind-body><h1>{title}</h1>{article.content}</main></body></html>"
    )


def build_index(articles, output_path: str, width: int) -> Path:
    """Index the articles and write Pagefind's bundle into ``<output>/pagefind``."""
    bundle = Path(output_path) / "pagefind"
    with tempfile.TemporaryDirectory(prefix="huinong-search-") as folder:
        for article in articles:
            path = Path(folder) / article.save_as
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(document(article, width), encoding="utf-8")
        binary = get_executable()
        if binary is None:
            raise RuntimeError("找不到 pagefind 程序：请运行 make html 重新安装依赖")
        command = [str(binary), "--site", folder, "--output-path", str(bundle)]
        command += ["--force-language", LANGUAGE, "--silent"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"Pagefind 建立索引失败：{done.stderr.strip() or done.stdout}")
    if not (bundle / "pagefind-entry.json").exists():
        raise RuntimeError(f"Pagefind wrote no index into {bundle}")
    canonicalise(bundle)
    return bundle


def _load(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise RuntimeError(f"{path} is not a Pagefind index file")
    return cbor2.loads(data[len(MAGIC) :])


def _store(folder: Path, prefix: str, suffix: str, value, digits: int) -> str:
    """Write ``value`` gzipped under a name made from its content; return the hash part."""
    data = gzip.compress(MAGIC + cbor2.dumps(value), mtime=0)
    name = f"{LANGUAGE}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(data)
    return name


def canonicalise(bundle: Path) -> None:
    """Rewrite Pagefind's filter indexes and metadata in a stable order.

    The metadata file lists the filter files as ``[name, hash]`` pairs and each filter file
    holds ``[name, [[value, pages], ...]]``: both come out in hash-map order. They are
    sorted, written under names derived from their content, and the entry file is pointed at
    the new metadata.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    language = entry["languages"][LANGUAGE]
    meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = _load(meta_path)
    filter_folder = bundle / "filter"
    filters = []
    for name, digest in meta[3]:
        path = filter_folder / f"{digest}.pf_filter"
        filter_name, values = _load(path)
        path.unlink()
        values = sorted(values, key=lambda pair: pair[0])
        filters.append([name, _store(filter_folder, "", ".pf_filter", [filter_name, values], 7)])
    meta[3] = sorted(filters)
    meta_path.unlink()
    language["hash"] = _store(bundle, "pagefind.", ".pf_meta", meta, 13)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
