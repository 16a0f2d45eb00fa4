"""Tagging on synthetic sites: explicit metadata, aliases and inference."""

from __future__ import annotations

from conftest import synthetic_article


def unit_of(result, slug: str) -> str:
    return result.page(f"articles/{slug}/").select_one("a.unit-link").get_text()


def topics_of(result, slug: str) -> list[str]:
    return [a.get_text() for a in result.page(f"articles/{slug}/").select(".topic-chips a")]


def test_aliases_resolve_to_the_canonical_unit(site):
    site.write("a.md", synthetic_article("别名一", organization="示例团区委", slug="alias-one"))
    site.write(
        "b.md", synthetic_article("别名二", organization="共青团示例区委员会", slug="alias-two")
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert unit_of(result, "alias-one") == unit_of(result, "alias-two") == "示例区团委"
    listed = [a.get_text() for a in result.page("units/shili-tuanwei/").select(".article-list a")]
    assert sorted(listed) == ["【测试】别名一", "【测试】别名二"]


def test_unit_is_inferred_from_title_before_a_partner_in_the_body(site):
    body = "示例区团委联合区就业局举办招聘会。区就业局提供岗位，志愿者参与服务。"
    site.write("t.md", synthetic_article("示例团区委开展活动", body, organization=None, slug="t"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert unit_of(result, "t") == "示例区团委"
    assert "t.md: 单位 示例区团委（由标题推断）" in result.stderr


def test_unit_is_inferred_from_the_body_when_the_title_names_none(site):
    # A narrative names the place first and its actor throughout.
    body = "近日，在示例区委大院，区就业局举办招聘会。\n\n区就业局提供岗位200个（合成）。"
    site.write("lead.md", synthetic_article("春风行动", body, organization=None, slug="lead"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert unit_of(result, "lead") == "示例区就业局"  # named most often, in the lead too
    assert "（由导语推断）" in result.stderr


def test_longest_name_wins_at_the_same_position(site):
    body = "共青团示例区委员会召开会议。"
    site.write("long.md", synthetic_article("会议", body, organization=None, slug="long"))
    result = site.build()
    assert unit_of(result, "long") == "示例区团委"


def test_topics_are_inferred_from_keywords_above_threshold(site):
    # 讲政治 scores 6, 转作风 3 (its threshold), 志愿服务 2: below its threshold 4 and far
    # from the best
    body = (
        "合成导语。\n\n团员青年强化政治意识，反复强调政治意识的重要性，"
        "并加强作风建设（合成正文），志愿者也参与其中。"
    )
    site.write("k.md", synthetic_article("主题推断", body, themes=None, slug="k"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert topics_of(result, "k") == ["讲政治", "转作风"]
    assert "主题 讲政治、转作风（由关键词推断）" in result.stderr


def test_explicit_metadata_wins_over_inference(site):
    body = "示例区就业局……强化政治意识。"
    site.write("e.md", synthetic_article("示例区就业局", body, themes="志愿服务", slug="e"))
    result = site.build()
    assert unit_of(result, "e") == "示例区团委"
    assert topics_of(result, "e") == ["志愿服务"]
    assert "推断" not in result.stderr


def test_article_without_slug_gets_readable_ascii_url(site):
    site.write("2024/中文文件名.md", synthetic_article("无网址", date="2024-05-06"))
    site.write("2024/spring-fair.md", synthetic_article("英文文件名"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert (result.output / "articles/shili-tuanwei-20240506/index.html").exists()
    assert (result.output / "articles/spring-fair/index.html").exists()


def test_unit_pages_paginate_newest_first(site):
    for day in range(1, 24):
        site.write(f"p{day:02d}.md", synthetic_article(f"第{day}篇", date=f"2024-01-{day:02d}"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    first = result.page("units/shili-tuanwei/")
    titles = [a.get_text() for a in first.select(".article-list a")]
    assert titles[:2] == ["【测试】第23篇", "【测试】第22篇"] and len(titles) == 20
    assert first.select_one('a[rel="next"]')["href"].endswith("units/shili-tuanwei/page/2/")
    second = result.page("units/shili-tuanwei/page/2/")
    assert [a.get_text() for a in second.select(".article-list a")] == [
        "【测试】第3篇",
        "【测试】第2篇",
        "【测试】第1篇",
    ]
