"""Caches are verified, never trusted: a damaged, foreign or wrong-typed cache entry is
discarded with one note, the build still succeeds with the very output a clean build makes,
and no file in ``output/`` shares its bytes' storage with the cache.

Builds run in this process through the command line's ``build()``, in a synthetic site.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from conftest import BuildResult, SyntheticSite, synthetic_article
from desk_support import snapshot
from huinong_column.publishing.build import build
from pelican_fastbuild import picklefile


def build_here(site: SyntheticSite) -> BuildResult:
    messages = io.StringIO()
    with redirect_stdout(io.StringIO()):
        code = build(str(site.settings), str(site.output), stream=messages)
    result = BuildResult(code, messages.getvalue(), site.output)
    assert code == 0 and "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def cached_site(tmp_path, monkeypatch) -> tuple[SyntheticSite, Path, dict]:
    """A built site, its cache folder and its output as first built."""
    site = SyntheticSite(tmp_path / "site")
    monkeypatch.chdir(site.root)
    cache = tmp_path / "cache"
    site.configure(CACHE_PATH=str(cache), COLUMN_SEARCH_SHARD_SIZE=2)
    for day in range(1, 6):
        text = f"第 {day} 篇合成正文，示例区团委开展志愿服务。"
        site.write(f"a{day}.md", synthetic_article(f"文章{day}", text, date=f"2024-0{day}-01"))
    build_here(site)
    return site, cache, snapshot(site.output)


def notes(result: BuildResult) -> list[str]:
    return [line for line in result.stderr.splitlines() if "缓存" in line]


def test_no_output_file_shares_storage_with_the_cache(cached_site):
    site, cache, _ = cached_site
    cached = {(s.st_dev, s.st_ino) for p in cache.rglob("*") if p.is_file() for s in [p.stat()]}
    placed = [p for p in site.output.rglob("*") if p.is_file()]
    assert any("pagefind" in p.parts for p in placed)
    shared = [p for p in placed if (p.stat().st_dev, p.stat().st_ino) in cached]
    assert shared == []


def test_a_damaged_search_bundle_is_rebuilt_not_published(cached_site):
    site, cache, first = cached_site
    fragments = sorted((cache / "huinong" / "search").glob("*/fragment/*"))
    assert fragments
    original = fragments[0].read_bytes()
    fragments[0].write_bytes(original[:3])  # the review's probe: truncated to 3 bytes
    shutil.rmtree(site.output)  # else the output's own copy, intact, is kept where it is

    result = build_here(site)

    assert snapshot(site.output) == first
    assert fragments[0].read_bytes() == original  # indexed again
    (note,) = notes(result)
    assert note.startswith("提示: 搜索索引缓存 ") and "已损坏或不完整，已丢弃并重新建立" in note
    assert notes(build_here(site)) == []  # and trusted again once rebuilt


def test_a_search_bundle_with_a_file_added_is_rebuilt(cached_site):
    site, cache, first = cached_site
    bundle = sorted((cache / "huinong" / "search").iterdir())[0]
    (bundle / "fragment" / "extra.pf_fragment").write_bytes(b"not Pagefind's")
    shutil.rmtree(site.output)
    result = build_here(site)
    assert snapshot(site.output) == first
    assert len(notes(result)) == 1


BAD_PICKLES = {
    "garbage": lambda path: path.write_bytes(b"\x80\x05"),
    "unframed": lambda path: path.write_bytes(pickle.dumps({"files": {"a"}})),  # no digest
    "a list": lambda path: picklefile.save(path, [1, 2, 3]),  # valid digest, wrong type
    "wrong entries": lambda path: picklefile.save(path, {b"k": 1, "files": [1], "": 2}),
}


@pytest.mark.parametrize("damage", BAD_PICKLES)
def test_a_damaged_or_wrong_typed_pickle_is_discarded_with_a_note(cached_site, damage):
    site, cache, first = cached_site
    pickles = sorted(cache.rglob("*.pickle"))
    assert len(pickles) >= 5  # stamps, content, articles, pages, files, related
    for path in pickles:
        BAD_PICKLES[damage](path)

    result = build_here(site)

    assert snapshot(site.output) == first
    # One note per cache read (the list of output files is read only to update in place).
    named = {Path(line.split()[2]) for line in notes(result)}
    assert len(named) == len(notes(result)) >= 4 and named <= set(pickles), result.stderr
    assert all(line.startswith("提示: 缓存 ") and "丢弃" in line for line in notes(result))
    assert notes(build_here(site)) == []  # rewritten, and read again without a word
    assert all(os.path.getsize(path) > 3 for path in pickles)
