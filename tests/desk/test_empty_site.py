"""A site with no articles folder yet (a fresh set-up, or its only article removed): the
commands say so in one Chinese line, and ``import`` makes the folder it writes into."""

from __future__ import annotations

import shutil

from conftest import SyntheticSite
from desk_support import huinong


def test_no_content_folder_is_one_line_and_import_creates_it(tmp_path):
    site = SyntheticSite(tmp_path / "site")
    shutil.rmtree(site.content)
    settings = ("-s", str(site.settings))

    for command in (("check",), ("build", "-o", str(site.output))):
        result = huinong(*command, *settings, cwd=site.root)
        said = result.stdout + result.stderr
        assert result.returncode == 1, said
        assert "Traceback" not in said and "You need" not in said
        assert "PATH: 找不到存放文章的文件夹" in said

    text = tmp_path / "来稿.txt"
    text.write_text("【测试】示例区团委开展合成活动\n示例区团委组织活动（合成正文）。\n", "utf-8")
    result = huinong("import", *settings, str(text), cwd=site.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(site.content.rglob("*.md"))
