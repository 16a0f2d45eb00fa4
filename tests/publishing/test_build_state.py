"""One build, one state: two different sites built in turn in one process share nothing.

The preview and the test suite build many sites in one process. Each build keeps its
state in objects made at Pelican's ``initialized`` and dropped at ``finalized`` (the
column's ``ColumnBuild``, the accelerator's ``Session``), never in module globals, so
nothing of one site (its units, its inferred tags, its problems, its pages) reaches the
next.
"""

from __future__ import annotations

import io
import re

from conftest import SYNTHETIC_REGISTRY, SyntheticSite, synthetic_article
from huinong_column.publishing.build import build

# A second registry: other units, and the same four themes.
OTHER_REGISTRY = re.sub(
    r"\[\[units\]\].*?(?=\[\[themes\]\])",
    '[[units]]\nname = "样例街道"\nslug = "yangli-jiedao"\norder = 1\n\n',
    SYNTHETIC_REGISTRY,
    flags=re.S,
)


def _in_process(site: SyntheticSite, tmp_path, name: str) -> tuple[int, str]:
    site.configure(CACHE_PATH=str(tmp_path / f"{name}.cache"))  # not the repository's cache
    messages = io.StringIO()
    code = build(str(site.settings), str(site.output), stream=messages)
    return code, messages.getvalue()


def test_two_sites_built_in_one_process_share_nothing(tmp_path):
    first = SyntheticSite(tmp_path / "first")
    first.write(
        "a.md",
        synthetic_article("团委的稿件", "示例区团委强化政治意识。", organization=None, themes=None),
    )
    first.write("broken.md", synthetic_article("写错单位", organization="示例区团季"))
    second = SyntheticSite(tmp_path / "second", registry=OTHER_REGISTRY)
    second.write("b.md", synthetic_article("街道的稿件", "正文。", organization="样例街道"))

    code, said = _in_process(first, tmp_path, "first")
    assert code == 1 and "示例区团季" in said  # the first site fails on its own mistake

    code, said = _in_process(second, tmp_path, "second")
    assert code == 0, said
    # Neither the first build's problem nor its inferred tags are reported again.
    assert "示例区团季" not in said and "团委的稿件" not in said and "推断" not in said
    pages = {p.relative_to(second.output) for p in second.output.rglob("*.html")}
    text = "".join(p.read_text(encoding="utf-8") for p in second.output.rglob("*.html"))
    assert "示例区团委" not in text and "团委的稿件" not in text
    assert any("yangli-jiedao" in str(p) for p in pages)
    assert not first.output.exists()  # the failed build left no output

    first.write("broken.md", synthetic_article("写对单位", organization="示例区团委"))
    code, said = _in_process(first, tmp_path, "first")
    assert code == 0, said
    text = "".join(p.read_text(encoding="utf-8") for p in first.output.rglob("*.html"))
    assert "样例街道" not in text and "街道的稿件" not in text
    # The first site's inferred tags are reported by its own build, once.
    assert len(re.findall(r"^推断: .*a\.md", said, flags=re.M)) == 1, said
