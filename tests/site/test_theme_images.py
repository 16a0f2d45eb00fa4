"""Every image needs alt text and a file: one rule (``column/rules.py``), an error at its
``文件:行`` in every build, the same as ``huinong check`` says."""

from __future__ import annotations

from conftest import synthetic_article

BODY = (
    "段落。\n\n![]({static}/images/photo.png)\n\n![  ]({static}/images/blank.png)\n\n"
    "![青年志愿者在社区服务]({static}/images/good.png)"
)


def with_images(site):
    (site.content / "images").mkdir()
    for name in ("photo.png", "blank.png", "good.png"):
        (site.content / "images" / name).write_bytes(b"\x89PNG\r\n\x1a\n(synthetic)")


def test_image_without_alt_is_an_error_at_its_line(site):
    with_images(site)
    site.write("pics.md", synthetic_article("图片", BODY, slug="pics"))
    result = site.build()
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 2, result.stderr
    for line, (number, name) in zip(errors, ((10, "photo"), (12, "blank")), strict=True):
        src = f"{{static}}/images/{name}.png"
        assert line.startswith(
            f"错误: content/articles/pics.md:{number}: 图片: 图片“{src}”没有说明文字（alt）"
        ), line
        assert f"修改办法：在方括号里写一句图片说明，如 ![志愿者在社区服务]({src})" in line
    assert "Empty alt attribute" not in result.stderr  # Pelican's English duplicate is filtered
    assert not site.output.exists()


def test_images_with_alt_build_cleanly_in_strict_mode(site):
    with_images(site)
    body = "![青年志愿者在社区服务]({static}/images/good.png)"
    site.write("pics.md", synthetic_article("图片", body, slug="ok"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "警告" not in result.stderr
    alts = [img["alt"] for img in result.page("articles/ok/").select(".article-body img")]
    assert alts == ["青年志愿者在社区服务"]
