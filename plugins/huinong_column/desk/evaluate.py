"""``huinong eval DIR``: how well tagging does on a labelled set of the column's articles.

The set's layout (``tests/column/tagging_eval/``): plain-text articles in the seed's format
under ``dev/`` and ``heldout/``, a ``labels.toml`` (``[[articles]]``: file, title, date,
unit, themes, split…) and a ``registry.toml`` of units with aliases. Each article is
tagged twice, the way a new user would meet it:

* ``plain``: a Markdown article with Title, Date and the body only (the column's name, the
  开栏语 and the title line left out), tagged as the build tags it;
* ``import``: the text file through ``huinong import`` (into a temporary folder), and the
  file it wrote tagged as the build tags it.

For each way: unit accuracy, per-theme precision, recall and F1, micro-F1, and the
articles refused (the build would stop on them). The themes' lexicon is the site's own
(``data/lexicon.toml``, or ``COLUMN_LEXICON``); only the units come from the set.
"""

from __future__ import annotations

import io
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..column.errors import ColumnError
from ..column.inference import lexicon_path
from ..column.intro import IntroMatcher, normalise
from ..column.registry import registry_from
from ..column.rules import tag_source
from ..column.sources import Site, read_source
from ..column.tagging import Tagger
from .importer import run_import

WAYS = ("plain", "import")


@dataclass
class Score:
    """Counts for one way of reading the set."""

    articles: int = 0
    units_right: int = 0
    imported_right: int = 0  # title and author as labelled (the file the way wrote)
    refused: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # one line per article with a mistake
    counts: dict[str, list[int]] = field(default_factory=dict)  # theme → [tp, fp, fn]

    def add(self, name: str, unit: tuple[str, str], themes: tuple[set, set], themes_all):
        self.articles += 1
        (unit_want, unit_got), (want, got) = unit, themes
        self.units_right += unit_want == unit_got
        for theme in themes_all:
            row = self.counts.setdefault(theme, [0, 0, 0])
            row[0] += theme in want and theme in got
            row[1] += theme in got and theme not in want
            row[2] += theme in want and theme not in got
        if unit_want != unit_got or want != got:
            extra = "、".join(sorted(got - want))
            missed = "、".join(sorted(want - got))
            self.wrong.append(
                f"{name}: 单位 {unit_got or '无'}"
                + (f"（应为 {unit_want}）" if unit_want != unit_got else "")
                + (f"；多了 {extra}" if extra else "")
                + (f"；漏了 {missed}" if missed else "")
            )

    @property
    def micro(self) -> tuple[float, float, float]:
        tp = sum(r[0] for r in self.counts.values())
        fp = sum(r[1] for r in self.counts.values())
        fn = sum(r[2] for r in self.counts.values())
        return _prf(tp, fp, fn)

    @property
    def unit_accuracy(self) -> float:
        return self.units_right / self.articles if self.articles else 0.0


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_labels(folder: Path, split: str | None) -> list[dict]:
    with open(folder / "labels.toml", "rb") as fh:
        articles = tomllib.load(fh)["articles"]
    return [a for a in articles if split is None or a["split"] == split]


def plain_article(text: str, label: dict, site: Site) -> str:
    """Title, Date and the body only: the column's name, the title and the 开栏语 left out."""
    intro = IntroMatcher(site.registry.column)
    title = normalise(label["title"])
    column = normalise(site.registry.column.name)
    body = [
        line.strip()
        for line in text.splitlines()
        if line.strip()
        and normalise(line) not in (title, column)
        and not intro.is_label(line)
        and not intro.is_pasted(line)
    ]
    head = f"Title: {label['title']}\nDate: {label['date']}\n\n"
    return head + "\n\n".join(body) + "\n"


def evaluate(site: Site, folder: Path, split: str | None) -> dict[str, Score]:
    """Score both ways of reading every labelled article of ``split`` (all when None)."""
    # The set's units; the site's column, themes and lexicon.
    with open(site.registry.path, "rb") as fh:
        data = tomllib.load(fh)
    with open(folder / "registry.toml", "rb") as fh:
        data["units"] = tomllib.load(fh).get("units", [])
    registry = registry_from(data, str(folder / "registry.toml"))
    settings = dict(site.settings)
    settings["COLUMN_LEXICON"] = str(lexicon_path(site.registry.path, site.settings))
    tagger = Tagger(registry, settings)
    themes_all = [t.name for t in registry.topics]
    labels = load_labels(folder, split)
    scores = {way: Score() for way in WAYS}
    with tempfile.TemporaryDirectory(prefix="huinong-eval-") as tmp:
        root = Path(tmp)
        content = root / "content"
        (content / "articles").mkdir(parents=True)
        settings["PATH"] = str(content)
        local = Site(site.settings_file, settings, registry)
        for label in labels:
            source_path = folder / label["file"]
            text = source_path.read_text(encoding="utf-8")
            plain = root / "plain" / f"{Path(label['file']).stem}.md"
            plain.parent.mkdir(exist_ok=True)
            plain.write_text(plain_article(text, label, local), encoding="utf-8")
            imported = _import(local, source_path)
            for way, path in (("plain", plain), ("import", imported)):
                _score(scores[way], tagger, local, label, path, themes_all)
    return scores


def _import(site: Site, text_file: Path) -> Path | None:
    """The file ``huinong import`` writes for one text file (None if it wrote none)."""
    before = set((site.content / "articles").rglob("*.md"))
    run_import(site, [str(text_file)], force=False, out=io.StringIO())
    made = sorted(set((site.content / "articles").rglob("*.md")) - before)
    return made[0] if made else None


def _score(score: Score, tagger: Tagger, site: Site, label: dict, path, themes_all) -> None:
    want = (label["unit"], set(label["themes"]))
    if path is None:
        score.refused.append(f"{label['file']}: 导入失败")
        score.add(label["file"], (want[0], ""), (want[1], set()), themes_all)
        return
    source = read_source(path)
    fields = (source.value("title"), source.value("author"))
    score.imported_right += fields == (label["title"], label.get("author", ""))
    article, problems = tag_source(tagger, site, source)
    if problems:
        score.refused.append(f"{label['file']}: {problems[0].message}")
        score.add(label["file"], (want[0], ""), (want[1], set()), themes_all)
        return
    got = {t.name for t in article.topics}
    score.add(label["file"], (want[0], article.unit.name), (want[1], got), themes_all)


def report(scores: dict[str, Score], out) -> None:
    for way, score in scores.items():
        name = {"plain": "只给标题、日期和正文", "import": "经 huinong import 导入"}[way]
        print(f"== {name}（{way}）：{score.articles} 篇", file=out)
        print(
            f"单位准确率 {score.unit_accuracy:.2f}（{score.units_right}/{score.articles}）",
            file=out,
        )
        print(f"{'主题':<6}\t准确率\t召回率\tF1\t对/多/漏", file=out)
        for theme, (tp, fp, fn) in score.counts.items():
            p, r, f = _prf(tp, fp, fn)
            print(f"{theme:<6}\t{p:.2f}\t{r:.2f}\t{f:.2f}\t{tp}/{fp}/{fn}", file=out)
        if way == "import":
            right = score.imported_right
            print(f"导入的标题和作者正确 {right}/{score.articles}", file=out)
        p, r, f = score.micro
        print(f"{'合计':<6}\t{p:.2f}\t{r:.2f}\t{f:.2f}\t（micro）", file=out)
        print(f"拒绝构建 {len(score.refused)} 篇", file=out)
        for line in score.refused:
            print(f"  拒绝 {line}", file=out)
        for line in score.wrong:
            print(f"  不符 {line}", file=out)


def run(site: Site, folder: str, split: str | None, out) -> int:
    """The ``eval`` command: print the figures; exit 1 when the set cannot be read."""
    path = Path(folder)
    if not (path / "labels.toml").is_file() or not (path / "registry.toml").is_file():
        print(
            f"错误: {folder}: 缺少 labels.toml 或 registry.toml 修改办法：给出评测集的文件夹，"
            "如 tests/column/tagging_eval",
            file=out,
        )
        return 1
    try:
        scores = evaluate(site, path, split)
    except ColumnError as exc:
        for problem in exc.problems:
            print(f"错误: {problem}", file=out)
        return 1
    report(scores, out)
    return 0
