"""Series numbers, 上一篇/下一篇, 相关文章, pagination and archives on synthetic corpora."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import SyntheticSite, synthetic_article
from huinong_column.site.navigation import RELATED_LIMIT, RELATED_WINDOW, UNIT_WEIGHT

UNITS = ["示例区团委", "示例区就业局", "示例区委"]
PILLARS = ["讲政治", "转作风", "强责任", "抓落实"]
COUNT = 52  # past ㊿, where the numbers become 第51篇


def _corpus_dates() -> list[date]:
    dates = [date(2023, 1, 1) + timedelta(days=15 * i) for i in range(COUNT)]
    dates[11] = dates[10]  # a same-day pair: the order needs its tie-breaker
    return dates


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    site = SyntheticSite(tmp_path_factory.mktemp("corpus") / "site")
    for i, day in enumerate(_corpus_dates()):
        themes = [PILLARS[i % 4]] + (["志愿服务"] if i % 5 == 0 else [])
        site.write(
            f"n{i:02d}.md",
            synthetic_article(
                f"第{i}篇合成文章",
                date=day.isoformat(),
                organization=UNITS[i % 3],
                themes=", ".join(themes),
                slug=f"n{i:02d}",
            ),
        )
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def _oldest_first() -> list[str]:
    """Lists show newest first, same-day articles by file name; the series runs backwards."""
    items = sorted((f"n{i:02d}", day) for i, day in enumerate(_corpus_dates()))
    newest_first = sorted(items, key=lambda item: item[1], reverse=True)  # stable: names
    return [slug for slug, _ in reversed(newest_first)]


def _target(result, page_path: str, href: str) -> str:
    """The output path (relative, without index.html) a relative link points at."""
    here = (result.output / page_path).resolve()
    target = (here / href).resolve() if href else here
    return str(target.relative_to(result.output.resolve())).removesuffix("/index.html")


def _slug(result, page_path: str, href: str) -> str:
    return _target(result, page_path, href).removeprefix("articles/")


def test_series_numbers_count_publication_order(corpus):
    for number, slug in enumerate(_oldest_first(), start=1):
        shown = corpus.page(f"articles/{slug}/").select_one(".series-number").get_text()
        # one way for every number, before and after 50 (Unicode's last circled number)
        assert shown == str(number), (slug, shown)
        label = corpus.page(f"articles/{slug}/").select_one(".series-label").get_text()
        assert label == f"第{number}篇", slug


def _walk(result, start: str, rel: str) -> list[str]:
    visited, slug = [start], start
    while True:
        page = result.page(f"articles/{slug}/")
        link = page.select_one(f'nav.article-nav a[rel="{rel}"]')
        if link is None:
            label = "下一篇" if rel == "next" else "上一篇"
            assert f"{label}：没有了" in page.select_one("nav.article-nav").get_text()
            return visited
        slug = _slug(result, f"articles/{slug}/", link["href"])
        assert link.get_text() == result.page(f"articles/{slug}/").h1.get_text()
        visited.append(slug)


def test_previous_and_next_walk_the_whole_column_in_order(corpus):
    order = _oldest_first()
    assert _walk(corpus, order[0], "next") == order
    assert _walk(corpus, order[-1], "prev") == order[::-1]


def test_landing_pages_are_numbered_with_previous_and_next(corpus):
    first = corpus.page("index.html")
    assert len(first.select('section[aria-labelledby="latest-title"] .article-list li')) == 20
    nav = first.select_one("nav.pagination")
    assert not nav.select('a[rel="prev"]')
    assert _target(corpus, "", nav.select_one('a[rel="next"]')["href"]) == "page/2"
    assert nav.select_one('[aria-current="page"]').get_text() == "1"
    assert [a.get_text() for a in nav.select("ol a")] == ["2", "3"]

    second = corpus.page("page/2/").select_one("nav.pagination")
    assert _target(corpus, "page/2/", second.select_one('a[rel="prev"]')["href"]) == "index.html"
    assert _target(corpus, "page/2/", second.select_one('a[rel="next"]')["href"]) == "page/3"
    assert second.select_one('[aria-current="page"]').get_text() == "2"

    last = corpus.page("page/3/")
    assert len(last.select('section[aria-labelledby="latest-title"] .article-list li')) == 12
    assert not last.select('nav.pagination a[rel="next"]')
    assert not last.select(".column-intro, .pillar")  # the landing blocks are on page 1 only


def _listed(result, path: str) -> list[str]:
    """Article slugs listed on a paginated list page and the pages after it."""
    slugs = []
    while path is not None:
        page = result.page(path)
        slugs += [_slug(result, path, a["href"]) for a in page.select(".article-list a")]
        more = page.select_one('nav.pagination a[rel="next"]')
        path = _target(result, path, more["href"]) + "/" if more else None
    return slugs


def test_year_and_month_archives_list_their_articles(corpus):
    newest_first = _oldest_first()[::-1]
    dates = {f"n{i:02d}": day for i, day in enumerate(_corpus_dates())}
    index = corpus.page("archives/")
    years = [a.get_text() for a in index.select(".archive-year h2 a")]
    assert years == ["2025 年", "2024 年", "2023 年"]
    for year in (2023, 2024, 2025):
        expected = [s for s in newest_first if dates[s].year == year]
        assert _listed(corpus, f"archives/{year}/") == expected, year
    months = {(d.year, d.month) for d in dates.values()}
    for year, month in sorted(months):
        expected = [s for s in newest_first if (dates[s].year, dates[s].month) == (year, month)]
        assert _listed(corpus, f"archives/{year}/{month:02d}/") == expected, (year, month)
    links = len(index.select(".month-list a"))
    assert links == len(months)


def _related(result, slug: str) -> list[str]:
    page = result.page(f"articles/{slug}/")
    path = f"articles/{slug}/"
    return [_slug(result, path, a["href"]) for a in page.select("section.related-articles a")]


# slug: (date, unit, themes) — few enough that every candidate is within reach
SMALL = {
    "r1": ("2024-01-01", "示例区团委", "讲政治, 转作风"),
    "r2": ("2024-01-02", "示例区就业局", "讲政治, 转作风"),
    "r3": ("2024-01-03", "示例区团委", "志愿服务"),
    "r4": ("2024-01-04", "示例区就业局", "抓落实"),
    "r5": ("2024-01-05", "示例区团委", "讲政治"),
    "r6": ("2024-01-06", "示例区委", "强责任"),
    "r7": ("2024-01-07", "示例区团委", "讲政治, 转作风"),
}


def _best_matches(slug: str) -> list[str]:
    """The rule, by brute force over every other article."""
    newest_first = sorted(SMALL, key=lambda s: SMALL[s][0], reverse=True)
    _, unit, themes = SMALL[slug]
    mine = set(themes.split(", "))

    def score(other):
        _, other_unit, other_themes = SMALL[other]
        return UNIT_WEIGHT * (other_unit == unit) + len(mine & set(other_themes.split(", ")))

    position = newest_first.index(slug)
    ranked = sorted(
        (s for s in newest_first if s != slug and score(s) > 0),
        key=lambda s: (-score(s), abs(newest_first.index(s) - position), newest_first.index(s)),
    )
    return ranked[:RELATED_LIMIT]


def test_related_articles_are_the_best_matches_first(site):
    for slug, (day, unit, themes) in SMALL.items():
        site.write(
            f"{slug}.md",
            synthetic_article(f"相关{slug}", date=day, organization=unit, themes=themes, slug=slug),
        )
    result = site.build()
    assert result.returncode == 0, result.stderr
    # r7: same unit and both themes; r5: same unit, one theme; r2 (theme, theme) and r3 (unit)
    # tie, and r2 is nearer in time; r4 and r6 share nothing with r1.
    assert _related(result, "r1") == ["r7", "r5", "r2", "r3"]
    for slug in SMALL:
        assert _related(result, slug) == _best_matches(slug), slug
    assert not result.page("articles/r6/").select("section.related-articles")


def test_related_candidates_come_from_the_neighbourhood_in_time(site):
    """Work per article is bounded: only the nearest articles of each shared group are scored,
    so a perfect match separated by more than the window in every group is not found."""
    day = date(2024, 1, 1)
    plan = [("x", "示例区团委", "讲政治")]
    plan += [(f"u{i}", "示例区团委", "志愿服务") for i in range(RELATED_WINDOW + 1)]
    plan += [(f"t{i}", "示例区就业局", "讲政治") for i in range(RELATED_WINDOW + 1)]
    plan += [("y", "示例区团委", "讲政治")]  # scores best for x, but far away
    for n, (slug, unit, themes) in enumerate(plan):
        date_text = (day + timedelta(days=n)).isoformat()
        site.write(
            f"{slug}.md",
            synthetic_article(slug, date=date_text, organization=unit, themes=themes, slug=slug),
        )
    result = site.build()
    assert result.returncode == 0, result.stderr
    found = _related(result, "x")
    assert "y" not in found
    assert found == [f"u{i}" for i in range(RELATED_LIMIT)]  # same unit, nearest first
    assert Path(result.output / "articles/y/index.html").exists()
