"""Hostile metadata and bodies show as text; no script reaches a page."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from conftest import synthetic_article

SCRIPT = "<script>alert(1)</script>"


def test_hostile_metadata_is_escaped_everywhere(site):
    body = (
        f"正文{SCRIPT}段落。\n\n"
        "[点我](javascript:alert(1)) [正常](https://example.org/) <img src=x onerror=alert(1)>"
        " [实体](&#106;avascript:alert(1)) [冒号](javascript&#58;alert(1))"
    )
    site.write(
        "evil.md",
        synthetic_article(
            f"标题{SCRIPT}",
            body,
            slug="evil",
            extra=f'Author: 作者{SCRIPT}\nSummary: 摘要{SCRIPT}\nDateNote: "><b>x</b>',
        ),
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    pages = sorted(result.output.rglob("*.html"))
    assert pages
    for html in pages:
        text = html.read_text("utf-8")
        assert SCRIPT not in text, html
        for script in BeautifulSoup(text, "html.parser").find_all("script"):
            if script.get("type") == "application/ld+json":
                assert "<" not in script.string, html  # tojson escapes it
                json.loads(script.string)
            else:
                src = script["src"]
                assert src.endswith(("theme/js/site.js", "theme/js/search.js")), html
                assert not script.string, html
        assert "onerror" not in text.replace("onerror=alert(1)&gt;", ""), html
        assert "javascript:" not in text, html
    article = result.page("articles/evil/")
    assert article.h1.get_text() == f"【测试】标题{SCRIPT}"  # shown as text
    assert f"作者：作者{SCRIPT}" in article.select_one(".article-meta").get_text()
    assert SCRIPT in article.select_one(".article-body").get_text()
    links = {a.get_text(): a["href"] for a in article.select(".article-body a")}
    assert links == {"点我": "#", "正常": "https://example.org/", "实体": "#", "冒号": "#"}
    assert not article.select(".article-body img")
