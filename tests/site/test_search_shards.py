"""The search index in shards: whole months, cached, re-indexed only where articles changed.

The sites are synthetic, with ``COLUMN_SEARCH_SHARD_SIZE`` set to 2 so that seven articles
make three shards; the browser checks that the search page searches all of them as one.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_search import searcher

from conftest import SyntheticSite, synthetic_article, tree

# (slug, date, unit): 2023-01 fills a shard; 2023-02 and 2023-03 make the next (a shard is
# closed only at a month's end); 2024-05 is the newest shard, Pagefind's own bundle.
ARTICLES = [
    ("s1", "2023-01-05", "示例区团委"),
    ("s2", "2023-01-20", "示例区就业局"),
    ("s3", "2023-02-11", "示例区团委"),
    ("s4", "2023-03-02", "示例区委"),
    ("s5", "2023-03-28", "示例区就业局"),
    ("s6", "2024-05-09", "示例区团委"),
    ("s7", "2024-05-30", "示例区委"),
]


def sharded_site(root: Path) -> SyntheticSite:
    site = SyntheticSite(root)
    site.configure(COLUMN_SEARCH_SHARD_SIZE=2)
    for slug, date, unit in ARTICLES:
        body = f"{unit}组织志愿者开展志愿服务活动，编号{slug}。"
        site.write(
            f"{slug}.md",
            synthetic_article(
                f"志愿服务{slug}", body, date=date, organization=unit, themes="志愿服务", slug=slug
            ),
        )
    return site


def build(site: SyntheticSite, report: Path):
    result = site.build("--timings", str(report))
    assert result.returncode == 0, result.stderr
    return json.loads(report.read_text(encoding="utf-8"))["counts"]


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards")
    site = sharded_site(root / "site")
    counts = build(site, root / "t.json")
    return site, counts


def test_shards_are_whole_months_listed_newest_first(sharded):
    site, counts = sharded
    bundle = site.output / "pagefind"
    assert counts["search_shards"] == 3 and counts["search_shards_indexed"] == 3
    assert json.loads((bundle / "column-shards.json").read_text()) == [
        "shard-2023-02/",
        "shard-2023-01/",
    ]
    for folder in ("shard-2023-01", "shard-2023-02"):
        files = {p.name for p in (bundle / folder).iterdir()}
        assert {"pagefind-entry.json", "index", "fragment", "filter"} <= files
        assert not files & {"pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"}
    entry = json.loads((bundle / "shard-2023-02" / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh-cn"]["page_count"] == 3


def test_the_search_page_searches_every_shard(chromium, sharded):
    site, _ = sharded
    with searcher(chromium, site.output) as tab:
        everything = sorted(tab.find("志愿服务"))
        assert everything == [f"/articles/{slug}/" for slug, _, _ in ARTICLES]
        assert tab.find("编号s2") == ["/articles/s2/"]  # in an old shard only
        assert sorted(tab.find("志愿服务", {"单位": "示例区就业局"})) == [
            "/articles/s2/",
            "/articles/s5/",
        ]
        counts = tab.page.evaluate(
            "async () => (await (await import('/theme/js/search.js')).loadPagefind()).filters()"
        )
        assert counts["单位"] == {"示例区团委": 3, "示例区就业局": 2, "示例区委": 2}
        tab.page.goto(f"{tab.base}/search/?q=志愿服务")
        tab.page.locator("[data-search-status]", has_text="已显示 7 篇").or_(
            tab.page.locator("[data-search-status]", has_text="共找到 7 篇")
        ).wait_for()
        assert tab.errors == []


def inodes(root):
    """Each file's inode and change time: both stay only while nothing links or renames it."""
    return {
        p.relative_to(root): (p.stat().st_ino, p.stat().st_ctime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


def test_an_edit_reindexes_its_shard_only_and_matches_a_cold_build(tmp_path):
    site = sharded_site(tmp_path / "site")
    build(site, tmp_path / "1.json")
    before = inodes(site.output / "pagefind")
    source = site.content / "articles" / "s1.md"
    edited = source.read_text(encoding="utf-8") + "\n新增一段合成正文。\n"
    source.write_text(edited, encoding="utf-8")
    warm = build(site, tmp_path / "2.json")
    assert warm["search_shards_indexed"] == 1
    # The output is updated in place: the shards that did not change keep their very files.
    after = inodes(site.output / "pagefind")
    shards = {path.parts[0] for path in before if path.parts[0].startswith("shard-")}
    unchanged = {
        shard
        for shard in shards
        if all(after.get(path) == inode for path, inode in before.items() if path.parts[0] == shard)
    }
    assert shards == {"shard-2023-01", "shard-2023-02"}
    assert unchanged == {"shard-2023-02"}  # s1 is in shard-2023-01
    assert build(site, tmp_path / "3.json")["search_shards_indexed"] == 0  # nothing changed

    cold = sharded_site(tmp_path / "cold")
    (cold.content / "articles" / "s1.md").write_text(edited, encoding="utf-8")
    assert build(cold, tmp_path / "4.json")["search_shards_indexed"] == 3
    assert tree(site.output / "pagefind") == tree(cold.output / "pagefind")
    # The edited shard's old bundle is kept for an hour (another build may be using it),
    # then pruned by the next build.
    cache = site.output.parent / f"{site.output.name}.cache" / "huinong" / "search"
    assert len(list(cache.iterdir())) == 4
    for entry in cache.iterdir():
        os.utime(entry, (0, 0))
    build(site, tmp_path / "5.json")
    assert len(list(cache.iterdir())) == 3


def test_the_index_can_be_left_out(tmp_path):
    site = sharded_site(tmp_path / "site")
    result = site.build(env={"COLUMN_SEARCH_INDEX": "0"})
    assert result.returncode == 0, result.stderr
    assert not (site.output / "pagefind").exists()
    assert (site.output / "search" / "index.html").is_file()


def test_a_column_with_nothing_published_builds_without_an_index(tmp_path):
    site = SyntheticSite(tmp_path / "site")
    site.write("d.md", synthetic_article("草稿", extra="Status: draft", slug="d"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert not (site.output / "pagefind").exists()


def test_a_broken_index_gives_a_message_not_a_hang(chromium, sharded, tmp_path):
    site, _ = sharded
    broken = tmp_path / "site"
    shutil.copytree(site.output, broken)
    (broken / "pagefind" / "wasm.unknown.pagefind").unlink()
    with searcher(chromium, broken) as tab:
        tab.page.goto(f"{tab.base}/search/?q=志愿服务")
        status = tab.page.locator("[data-search-status]", has_text="搜索暂时无法使用")
        status.wait_for(timeout=10_000)
