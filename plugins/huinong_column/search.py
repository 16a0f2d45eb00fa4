"""Full-text search: a Pagefind index of the column's articles, written into the site.

At Pelican's ``finalized`` signal every published article becomes one Pagefind record: its
URL, its title and body text, and the filters 单位 and 主题. Only article titles and bodies
are indexed, never list pages or page chrome. Pagefind's browser files (``pagefind.js``,
its worker and WebAssembly, and its UI files) are written with the index into
``pagefind/`` in the output, so the site serves its own search.

Chinese needs two mitigations (see README, 搜索):

* Pagefind segments the body with jieba at index time but the query with the browser's
  ``Intl.Segmenter`` at search time, and only matches a query word against the *start* of an
  indexed word. Every record therefore also carries a hidden field of overlapping
  ``SHINGLE`` -character windows of its Chinese text: any query word of up to that many
  characters that occurs in the text is then the start of an indexed token. The search
  page's script (``theme/static/js/search.js``) keeps only results that really contain the
  query, so the looser matching never shows a wrong result.
* Pagefind 1.5 writes its filter indexes in arbitrary (hash map) order, so two builds of the
  same site differ. ``canonicalise`` rewrites those files sorted and renames them by their
  content, so the output is byte-identical from build to build.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import cbor2
from pagefind.index import PagefindIndex

LANGUAGE = "zh-cn"
SHINGLE = 4
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "br", "blockquote"}
MAGIC = b"pagefind_dcd"


class _TextExtractor(HTMLParser):
    """The text of an article body, with a line break after every block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.parts.append("\n")

    handle_startendtag = handle_endtag


def article_text(html: str) -> str:
    """Plain text of an article's HTML body, one line per paragraph."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def shingles(text: str, width: int = SHINGLE) -> str:
    """Every window of ``width`` Chinese characters (shorter at the end of a run), once each.

    Pagefind matches a query word against the start of indexed words, so indexing a window
    at every position makes any run of up to ``width`` characters findable.
    """
    seen: dict[str, None] = {}
    for run in CJK_RUN.findall(text):
        for start in range(len(run) - 1):
            seen[run[start : start + width]] = None
    return " ".join(seen)


def record(article) -> dict:
    """The Pagefind record of one article: URL, title and body, filters 单位 and 主题."""
    title = str(article.title)
    body = article_text(article.content)
    return {
        "url": article.url,
        "content": body,
        "language": LANGUAGE,
        "meta": {
            "title": title,
            "date": article.date.strftime("%Y-%m-%d"),
            "n": shingles(f"{title}\n{body}"),
        },
        "filters": {"单位": [article.unit.name], "主题": [t.name for t in article.topics]},
        "sort": {"date": article.date.strftime("%Y-%m-%dT%H:%M")},
    }


async def _write(records: list[dict], bundle: Path) -> None:
    config = {"force_language": LANGUAGE, "output_path": str(bundle)}
    async with PagefindIndex(config) as index:
        for item in records:
            await index.add_custom_record(**item)


def build_index(articles, output_path: str) -> Path:
    """Index the articles and write Pagefind's bundle into ``<output>/pagefind``."""
    bundle = Path(output_path) / "pagefind"
    asyncio.run(_write([record(a) for a in articles], bundle))
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
