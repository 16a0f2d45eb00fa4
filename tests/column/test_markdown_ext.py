"""What the column's Markdown extension makes of an article body, as a reader's browser gets
it under the site's CSP (no style attributes)."""

from __future__ import annotations

from conftest import synthetic_article

TABLE = """示例区就业局报送的合成数据如下。

| 项目 | 人数 | 说明 |
|:-----|-----:|:----:|
| 培训 | 120 | 合成 |
"""


def test_aligned_table_cells_use_classes_not_style_attributes(site):
    site.write("t.md", synthetic_article("合成表格", TABLE, slug="table"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    cells = result.page("articles/table/").select(".article-body td, .article-body th")
    assert [c.get("class") for c in cells[:3]] == [["ta-l"], ["ta-r"], ["ta-c"]]
    assert all(c.get("style") is None for c in cells)
    css = next((result.output / "theme" / "css").glob("*.css")).read_text("utf-8")
    assert ".ta-c{text-align:center}" in css.replace(" ", "").replace(";}", "}")
