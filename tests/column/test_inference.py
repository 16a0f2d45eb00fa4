"""Theme inference as the editor meets it: the lexicon's cues and their variants, the
decision, never refusing an unsure guess, and the evidence in the build summary and the
tagging report (written even when the build fails)."""

from __future__ import annotations

import json
import re
import shutil
import tomllib

from conftest import REPO, synthetic_article
from huinong_column.column.inference import ThemeModel
from huinong_column.column.registry import load_registry

LEXICON = REPO / "data" / "lexicon.toml"
PILLARS = ("讲政治", "转作风", "强责任", "抓落实")


def topics_of(result, slug: str) -> list[str]:
    return [a.get_text() for a in result.page(f"articles/{slug}/").select(".topic-chips a")]


def with_lexicon(site):
    shutil.copy(LEXICON, site.root / "lexicon.toml")  # beside the registry, as in data/
    return site


def test_every_pillar_has_forty_cues_and_every_cue_is_reachable():
    """Each form of each cue, alone in a paragraph, counts for its theme under its label:
    no form is lost to another cue's longer form, to a duplicate key or to normalising."""
    registry = load_registry(REPO / "data" / "column.toml")
    model = ThemeModel.load(registry, LEXICON)
    themes = tomllib.loads(LEXICON.read_text("utf-8"))["themes"]
    assert set(themes) == {t.name for t in registry.topics}  # every registered theme has cues
    for pillar in PILLARS:
        assert len(themes[pillar]["cues"]) >= 40, pillar
    unreachable = []
    for theme, entry in themes.items():
        for key in entry["cues"]:
            label = key.split("|")[0]
            for form in key.split("|"):
                verdict = model.infer("", f"<p>导语。</p><p>{form}</p>")
                guess = next(g for g in verdict.guesses if g.theme == theme)
                if label not in dict(guess.cues):
                    unreachable.append(f"{theme}: {form}")
    assert unreachable == []


ONE_PILLAR = """示例区就业局把安全生产摆在突出位置（合成正文）。

全局逐级签订目标责任书，局长是第一责任人，一岗双责落到股室，层层压实到每个岗位。

对检查中发现的隐患建立台账，责任到人、限时整改，对失职失责的严肃问责。"""

VARIANTS = """示例区团委推动各项工作（合成正文）。

强化“政治意识”，聚焦理论学习。团干部学深悟透。

强化工作作风，聚焦办事效率。坚决反对形式主义。

强化责任担当，聚焦主体责任。压紧压实各项任务。

强化担当作为，推动落小落细。为群众办实事，打通最后一公里。"""


def test_inference_reads_variants_structure_and_decides_relatively(site):
    with_lexicon(site)
    site.write("v.md", synthetic_article("四个强化", VARIANTS, themes=None, slug="v"))
    site.write("one.md", synthetic_article("织密责任网", ONE_PILLAR, themes=None, slug="one"))
    site.write("none.md", synthetic_article("一次活动", "合成正文，没有线索。", themes=None,
                                            slug="none"))  # fmt: skip
    result = site.build()
    assert result.returncode == 0, result.stderr  # the cue-less article too: never refused
    # quoted cue, swapped halves (落小落细 for the lexicon's 落细落小), near-synonym
    assert topics_of(result, "v") == ["讲政治", "转作风", "强责任", "抓落实"]
    assert re.search(r"主题 抓落实 1\.00：[^\n]*落细落小", result.stderr)
    assert re.search(r"主题 强责任 \d\.\d\d：[^\n]*压实责任", result.stderr)  # 压紧压实
    assert re.search(r"主题 讲政治 \d\.\d\d：政治意识", result.stderr)
    # one pillar throughout, without its name: that pillar, and not the others
    assert topics_of(result, "one") == ["强责任"]
    # no cue at all: built without a theme, flagged for review
    assert result.page("articles/none/").select(".topic-chips a") == []
    assert "none.md: 主题 无（由关键词推断）【待核实】" in result.stderr
    assert "其中 1 篇待核实" in result.stderr

    report = json.loads((result.output.parent / "output.cache/tagging-report.json").read_text())
    entries = {e["path"].rsplit("/", 1)[-1]: e for e in report["inferred"]}
    assert entries["one.md"]["themes"] == ["强责任"]
    assert entries["one.md"]["themes_how"] == "inferred" and not entries["one.md"]["review"]
    assert entries["one.md"]["evidence"][0].startswith("主题 强责任 ")
    assert [p.rsplit("/", 1)[-1] for p in report["review"]] == ["none.md"]


def test_the_report_is_written_when_the_build_fails(site):
    with_lexicon(site)
    site.write("good.md", synthetic_article("好的", ONE_PILLAR, themes=None, slug="good"))
    site.write("bad.md", synthetic_article("坏的", organization="不存在的单位", slug="bad"))
    result = site.build()
    assert result.returncode == 1
    report = json.loads((result.output.parent / "output.cache/tagging-report.json").read_text())
    assert [e["themes"] for e in report["inferred"]] == [["强责任"]]
    assert any("bad.md" in p and "不存在的单位" in p for p in report["problems"])
    assert not result.output.exists()  # nothing built, nothing half-built


def test_a_lexicon_mistake_stops_the_build_with_one_line(site):
    (site.root / "lexicon.toml").write_text(
        '[themes."转做风"]\ncues = { "作风建设" = 3 }\n\n'
        '[themes."讲政治"]\ncues = { "政治意识" = "高" }\n',
        "utf-8",
    )
    site.write("a.md", synthetic_article("一篇", slug="a"))
    result = site.build()
    assert result.returncode == 1
    assert (
        "lexicon.toml: 主题“转做风”: 词表中的主题未登记 修改办法：您是否想写：转作风？"
        in result.stderr
    )
    assert '主题“讲政治”: "政治意识" 应当是不小于 0 的数' in result.stderr
    assert "Traceback" not in result.stderr


def test_a_rebuild_reuses_verdicts_until_the_lexicon_changes(site):
    with_lexicon(site)
    site.write("one.md", synthetic_article("织密责任网", ONE_PILLAR, themes=None, slug="one"))
    first = site.build()
    assert first.returncode == 0, first.stderr
    memos = first.output.parent / "output.cache" / "huinong"
    [kept] = memos.glob("inference-*.pickle")
    again = site.build()
    assert topics_of(again, "one") == topics_of(first, "one") == ["强责任"]
    assert list(memos.glob("inference-*.pickle")) == [kept]

    lexicon = site.root / "lexicon.toml"
    text = lexicon.read_text("utf-8").replace('"政治意识" = 3,', '"政治意识" = 3, "台账" = 40,', 1)
    lexicon.write_text(text, "utf-8")
    changed = site.build()
    assert changed.returncode == 0, changed.stderr
    assert topics_of(changed, "one") == ["讲政治", "强责任"]  # inferred afresh
    assert [p.name for p in memos.glob("inference-*.pickle")] != [kept.name]


def test_a_registry_kept_elsewhere_without_a_lexicon_uses_the_projects(site):
    """A site set up in another folder, its registry without a lexicon.toml beside it,
    still infers themes from the project's own lexicon rather than losing them all."""
    assert not (site.root / "lexicon.toml").exists()
    site.write("one.md", synthetic_article("织密责任网", ONE_PILLAR, themes=None, slug="one"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert topics_of(result, "one") == ["强责任"]
