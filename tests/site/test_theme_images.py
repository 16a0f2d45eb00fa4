"""Every image needs alt text: a warning naming the file, and an error in strict mode."""

from __future__ import annotations

from conftest import synthetic_article

BODY = "段落。\n\n![](photo.png)\n\n![  ](blank.png)\n\n![青年志愿者在社区服务](good.png)"


def test_image_without_alt_is_a_clear_warning(site):
    site.write("pics.md", synthetic_article("图片", BODY, slug="pics"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("警告")]
    assert len(warnings) == 2, result.stderr
    for line, src in zip(warnings, ("photo.png", "blank.png"), strict=True):
        assert line.startswith(f"警告: content/articles/pics.md: 图片: 图片 {src} 没有替代文字"), (
            line
        )
        assert "修改办法" in line and f"]({src})" in line
    assert "Empty alt attribute" not in result.stderr  # Pelican's English duplicate is filtered
    alts = [img["alt"].strip() for img in result.page("articles/pics/").select(".article-body img")]
    assert alts == ["", "", "青年志愿者在社区服务"]


def test_image_without_alt_fails_a_strict_build(site):
    site.write("pics.md", synthetic_article("图片", BODY, slug="pics"))
    result = site.build("--strict")
    assert result.returncode == 1
    assert "content/articles/pics.md: 图片: 图片 photo.png 没有替代文字" in result.stderr
    assert not site.output.exists()


def test_images_with_alt_build_cleanly_in_strict_mode(site):
    site.write("pics.md", synthetic_article("图片", "![青年志愿者在社区服务](good.png)", slug="ok"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "警告" not in result.stderr
