"""No broken internal link, resource or fragment anywhere in the built site."""

from __future__ import annotations

from .links import Crawl


def test_no_broken_link_or_fragment(browser_site):
    crawl = Crawl(browser_site.output)
    assert len(crawl.pages) > 20
    problems = crawl.problems()
    assert not problems, "\n".join(problems)


def test_every_page_is_reachable_from_the_landing_page(browser_site):
    assert Crawl(browser_site.output).unreachable() == []


def test_crawler_finds_what_is_broken(tmp_path):
    """The crawler itself, on a hand-made folder with one fault of each kind."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top-title">A</h1><a href="../">home</a>', encoding="utf-8"
    )
    (tmp_path / "orphan.html").write_text("<p>nobody links here</p>", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="style.css">'
        '<link rel="alternate" href="https://feeds.example.org/all.xml">'
        '<a href="a/">ok</a> <a href="a/#top-title">ok</a> <a href="#">ok</a>'
        '<a href="https://example.org/">elsewhere, fine</a> <a href="mailto:x@example.org">m</a>'
        '<a href="b/">missing page</a> <a href="a/#nowhere">missing fragment</a>'
        '<img src="https://cdn.example.org/x.png" alt="">',
        encoding="utf-8",
    )
    crawl = Crawl(tmp_path)
    assert crawl.problems() == [
        "/: style.css → no such file",
        "/: b/ → no such file",
        "/: a/#nowhere → /a/ has no id “nowhere”",
        "/: <img> https://cdn.example.org/x.png loads from another host",
    ]
    assert crawl.unreachable() == ["/orphan.html"]
