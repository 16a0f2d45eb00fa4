"""``huinong confirm`` turns inferred tags into the editor's decision, for a written article
and for an imported one; ``check`` proposes a registry entry for an unregistered unit."""

from __future__ import annotations

from conftest import synthetic_article
from desk_support import huinong

SETTINGS = ("-s", "synthetic_settings.py")
TODAY = ("--today", "2024-06-01")
BODY = "示例区团委强化政治意识，组织理论学习（合成正文）。"


def test_confirm_writes_the_inferred_tags_and_nothing_else(site):
    path = site.write("c.md", synthetic_article("示例团区委开展活动", BODY, organization=None,
                                                themes=None, slug="c"))  # fmt: skip
    before = path.read_text("utf-8")
    check = huinong("check", *SETTINGS, *TODAY, cwd=site.root)
    assert "由标题推断为“示例区团委”" in check.stdout
    assert "由关键词推断为“讲政治”" in check.stdout and "（讲政治 0." in check.stdout

    result = huinong("confirm", *SETTINGS, str(path), cwd=site.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已确认并写入 Organization: 示例区团委；Themes: 讲政治" in result.stdout
    after = path.read_text("utf-8")
    head, body = before.split("\n\n", 1)
    assert after == f"{head}\nOrganization: 示例区团委\nThemes: 讲政治\n\n{body}"

    check = huinong("check", *SETTINGS, *TODAY, cwd=site.root)
    assert "推断" not in check.stdout
    again = huinong("confirm", *SETTINGS, str(path), cwd=site.root)
    assert "无需确认" in again.stdout and path.read_text("utf-8") == after


def test_confirm_clears_the_mark_the_importer_wrote(site):
    text = site.root / "old.txt"
    text.write_text("【测试】示例团区委开展理论学习\n" + BODY + "\n（合成）\n", "utf-8")
    imported = huinong("import", *SETTINGS, str(text), cwd=site.root)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    path = next((site.content / "articles").rglob("*.md"))
    assert "Inferred: Organization, Themes\n" in path.read_text("utf-8")
    check = huinong("check", *SETTINGS, *TODAY, cwd=site.root)
    assert "单位“示例区团委”由导入工具推断，尚未确认" in check.stdout

    assert huinong("confirm", *SETTINGS, str(path), cwd=site.root).returncode == 0
    confirmed = path.read_text("utf-8")
    assert "Inferred:" not in confirmed
    assert "Organization: 示例区团委\nThemes: 讲政治\n" in confirmed
    assert "推断" not in huinong("check", *SETTINGS, *TODAY, cwd=site.root).stdout


def test_check_proposes_an_entry_for_an_unregistered_unit(site):
    body = "区应急管理局组织演练（合成）。"
    site.write("n.md", synthetic_article("示例区应急管理局开展演练", body, organization=None,
                                         slug="n"))  # fmt: skip
    result = huinong("check", *SETTINGS, *TODAY, cwd=site.root)
    assert result.returncode == 1
    assert "标题中的“示例区应急管理局”尚未登记" in result.stdout
    entry = result.stdout.split("登记建议：", 1)[1].splitlines()[1:4]
    assert entry == ["[[units]]", 'name = "示例区应急管理局"', 'slug = "shiliquyingjiguanliju"']
