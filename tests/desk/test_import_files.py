"""``huinong import`` copies only images, and only from the saved page's own folder.

A saved page's ``src`` is text from elsewhere: ``../../secret`` or a link in the ``_files``
folder must not bring a local file into ``content/`` (and from there into the site), and a
file named ``.png`` is copied only if its bytes are an image.
"""

from __future__ import annotations

from PIL import Image

from desk_support import huinong

SETTINGS = ("-s", "synthetic_settings.py")
PAGE = """<html><head><meta charset="utf-8"><title>【测试】示例区团委开展志愿服务</title></head>
<body><div class="article">
<h1>【测试】示例区团委开展志愿服务</h1>
<p>发布时间：2024-03-05 09:30　来源：示例区团委</p>
<p>示例区团委组织志愿者走进社区开展志愿服务（合成正文）。</p>
{images}
</div></body></html>
"""


def test_images_come_only_from_the_page_folder_and_must_be_images(site, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_text("不应导入的本机文件", encoding="utf-8")
    outside = tmp_path / "outside.png"
    Image.new("RGB", (2, 2)).save(outside)
    old = tmp_path / "saved" / "deep"
    files = old / "page_files"
    files.mkdir(parents=True)
    Image.new("RGB", (4, 3), "#0a0").save(files / "real.png")
    (files / "fake.png").write_text("<script>alert(1)</script>", encoding="utf-8")
    (files / "linked.png").symlink_to(outside)
    up = "../" * len(secret.relative_to("/").parents) + str(secret).lstrip("/")
    sources = [up, "page_files/fake.png", "page_files/linked.png", "page_files/real.png", ".."]
    images = "\n".join(f'<p><img src="{src}" alt="图{i}"></p>' for i, src in enumerate(sources))
    (old / "page.html").write_text(PAGE.format(images=images), encoding="utf-8")

    result = huinong("import", *SETTINGS, str(old / "page.html"), cwd=site.root)

    assert result.returncode == 0, result.stdout + result.stderr
    copied = sorted(p.name for p in (site.content / "images").rglob("*") if p.is_file())
    assert copied == ["real.png"]
    out = " ".join(result.stdout.split())
    assert f"{up} 在本地找不到" in out
    assert "page_files/linked.png 在本地找不到" in out
    assert "page_files/fake.png 不是图片（或已损坏），未复制" in out
    assert not list(site.content.rglob("secret.png"))
