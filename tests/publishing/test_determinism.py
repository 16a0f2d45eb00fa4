"""The same input gives byte-identical output, whatever PYTHONHASHSEED and file times."""

from __future__ import annotations

import os

from conftest import synthetic_article, tree


def test_two_builds_with_different_hash_seeds_are_identical(site, tmp_path):
    for i in range(6):
        site.write(
            f"a{i}.md",
            synthetic_article(
                f"第{i}篇",
                "示例区团委强化政治意识，加强作风建设。志愿者开展志愿服务。",
                date="2024-02-01",  # same date everywhere: order needs tie-breakers
                organization=None if i % 2 else "示例区团委",
                themes=None if i % 3 else "讲政治, 志愿服务",
                slug=f"a{i}",
            ),
        )
    first = site.build(env={"PYTHONHASHSEED": "1"})
    assert first.returncode == 0, first.stderr
    one = tree(first.output)
    for path in site.content.rglob("*.md"):  # file times must not matter
        os.utime(path, (1_000_000_000, 1_000_000_000))
    second = site.build(env={"PYTHONHASHSEED": "4242"})
    assert second.returncode == 0, second.stderr
    assert tree(second.output) == one
