"""Theme inference: a weighted cue lexicon read over the article's structure.

The model, in the order it works:

1. **Lexicon** (``data/lexicon.toml``, editable). Each registered theme has cues with a
   weight (1 common, 2 strong, 3 unambiguous). A cue may list near-synonyms
   (``"理论武装|武装头脑"``); they count as one cue, shown by its first form. A
   four-character cue also matches with its two halves swapped (落实落地/落地落实), as
   writers use both. All surface forms of all themes are compiled once into one
   Aho-Corasick automaton (pyahocorasick), so an article is read in a single pass at C
   speed, leftmost-longest: 党史学习教育 wins over 学习教育 (a Python regular expression
   of the same 560 forms costs six times as much).
2. **Text.** Quotation marks and spaces are removed before matching (“讲政治” and 讲政治
   are one cue), and so is the campaign's name 讲政治 转作风 强责任 抓落实, which nearly
   every article of the column cites and which says nothing about the article's own themes.
3. **Structure.** The column's articles open sections with a heading sentence
   (强化政治意识，聚焦学深悟透练“内功”。); the title and those headings say what the
   article is about, so a cue there is multiplied (``title``, ``heading``); the lead
   paragraph a little (``lead``); a cue deep in the body counts once (``body``). One cue
   counts at most ``repeats`` times, so a single word repeated cannot carry a theme.
4. **Decision.** A theme is kept when its score reaches the threshold and is not dwarfed
   by the best theme (at least ``share`` of its score: a long article about one pillar
   touches the others in passing), or when it comes close to the best theme
   (``near_best`` of its score, and at least ``near_floor`` of its threshold): an article
   whose every paragraph is about one pillar, in words other than the cues, still gets
   it. The best theme is always kept, so inference never refuses an article; when even the best is
   below ``sure`` the guess is flagged for review (待核实).
5. **Confidence** of a theme is ``1 - 2^(-score/threshold)``: 0.50 at the threshold, 0.75
   at twice it. The evidence line names the deciding cues: ``转作风 0.82：作风建设×2、工作作风``.

Word segmentation (jieba, with the lexicon as its user dictionary) was measured on the
labelled set and did not improve it (docs/tagging.md), so matching is on characters.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from pelican_fastbuild import picklefile

from . import intro as intro_module
from .errors import ColumnError, Problem
from .intro import IntroMatcher
from .registry import Registry

LEXICON_NAME = "lexicon.toml"  # beside the registry unless COLUMN_LEXICON says otherwise
# The project's own lexicon, for a registry kept elsewhere without one of its own (a site
# set up in another folder must not lose every inferred theme for want of a file).
PROJECT_LEXICON = Path(__file__).resolve().parents[3] / "data" / LEXICON_NAME
CJK = re.compile(r"^[\u3400-\u9fff]{4}$")
# Quotation marks, book-title marks and spaces carry no meaning for a cue.
IGNORED = re.compile("[“”‘’\"'「」『』《》〈〉\\s]+")
CAMPAIGN = re.compile(r"讲政治[、，,·]?转作风[、，,·]?强责任[、，,·]?抓落实")
BLOCK = re.compile(r"<(p|h[1-6]|li)\b[^>]*>(.*?)</\1>", re.S)
BOLD_LEAD = re.compile(r"^\s*<strong\b[^>]*>(.*?)</strong>", re.S)
TAGS = re.compile(r"<[^>]+>")
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}
ENTITY = re.compile("|".join(ENTITIES))
SENTENCE_END = re.compile(r"[。！？!?]")
MAX_HEADING = 30  # a section's heading sentence is short: 强化政治意识,聚焦学深悟透练“内功”。

MODEL_DEFAULTS = {
    "threshold": 6.0,
    "share": 0.3,
    "near_best": 0.5,
    "near_floor": 0.5,
    "title": 3.0,
    "heading": 3.0,
    "lead": 1.5,
    "body": 1.0,
    "repeats": 3,
    "sure": 6.0,
}


# What one surface form counts for: ((theme, label), weight) for each theme listing it; the
# label is the cue's first form, shown in the evidence.
Counts = tuple[tuple[tuple[str, str], float], ...]


@dataclass(frozen=True)
class Guess:
    """One theme's score on one article, and the cues behind it."""

    theme: str
    score: float
    confidence: float
    cues: tuple[tuple[str, int], ...]  # (label, times counted), strongest first

    @property
    def evidence(self) -> str:
        shown = "、".join(label if n == 1 else f"{label}×{n}" for label, n in self.cues[:5])
        return f"{self.theme} {self.confidence:.2f}：{shown or '没有线索'}"


@dataclass(frozen=True)
class Verdict:
    """The themes kept, best first, every theme's guess, and whether to flag for review."""

    themes: tuple[str, ...]
    guesses: tuple[Guess, ...]
    review: bool

    @property
    def kept(self) -> tuple[Guess, ...]:
        return tuple(g for g in self.guesses if g.theme in self.themes)

    @property
    def plain(self) -> tuple:
        """Plain tuples, which unpickle twenty times faster than the dataclasses."""
        guesses = tuple((g.theme, g.score, g.confidence, g.cues) for g in self.guesses)
        return self.themes, guesses, self.review

    @classmethod
    def from_plain(cls, plain: tuple) -> Verdict:
        themes, guesses, review = plain
        return cls(themes, tuple(Guess(*g) for g in guesses), review)


def _number(value, key: str, where: str, path: str, problems: list[Problem]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        problems.append(Problem(path, where, f"{key} 应当是不小于 0 的数", f"写成 {key} = 2"))
        return 0.0
    return float(value)


def _swapped(form: str) -> str:
    """落地落实 → 落实落地: the two halves of a four-character phrase, the other way round."""
    return form[2:] + form[:2] if CJK.match(form) else ""


def _normal(text: str) -> str:
    return CAMPAIGN.sub("", IGNORED.sub("", text))


class ThemeModel:
    """The lexicon compiled into one pattern, and the scoring rules."""

    def __init__(
        self,
        cues: dict[str, Counts],
        settings: dict,
        thresholds: dict[str, float],
        intro: IntroMatcher,
    ):
        self.settings = settings
        self.intro = intro
        self.thresholds = thresholds
        self.themes = list(thresholds)
        self.cues = cues  # surface form → the cues it counts for
        # What a verdict depends on besides the article: cues, settings, thresholds, the
        # 开栏语 left out, and this code.
        described = repr((sorted(cues.items()), sorted(settings.items()),
                          sorted(thresholds.items()), intro.sentences, intro.clauses))  # fmt: skip
        code = Path(__file__).read_bytes() + Path(intro_module.__file__).read_bytes()
        self.fingerprint = hashlib.blake2b(described.encode() + code, digest_size=8).hexdigest()
        self.automaton = ahocorasick.Automaton()
        for form in sorted(cues):
            self.automaton.add_word(form, form)
        if cues:
            self.automaton.make_automaton()

    @classmethod
    def load(cls, registry: Registry, path: str | Path | None) -> ThemeModel:
        """The registry's themes with their cues: ``keywords`` of the registry and the
        lexicon file (when it exists). A lexicon naming an unregistered theme, or a cue
        that is not a number, is a ColumnError."""
        problems: list[Problem] = []
        data: dict = {}
        shown = str(path)
        if path is not None and Path(path).is_file():
            try:
                with open(path, "rb") as fh:
                    data = tomllib.load(fh)
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ColumnError(
                    [Problem(shown, "词表", f"不是有效的 TOML：{exc}", "按错误位置修正语法")]
                ) from None
        settings = dict(MODEL_DEFAULTS)
        for key, value in data.get("model", {}).items():
            if key not in MODEL_DEFAULTS:
                keys = "、".join(MODEL_DEFAULTS)
                problems.append(Problem(shown, "[model]", f"不认识的参数“{key}”", f"可用：{keys}"))
            else:
                settings[key] = _number(value, key, "[model]", shown, problems)

        weights: dict[str, dict[str, tuple[str, float]]] = defaultdict(dict)
        thresholds: dict[str, float] = {}
        for topic in registry.topics:
            # A registry that still weighs its own keywords keeps its own threshold.
            thresholds[topic.name] = topic.threshold if topic.keywords else settings["threshold"]
            for word, weight in topic.keywords:
                weights[topic.name][word] = (word, float(weight))
        for name, entry in data.get("themes", {}).items():
            where = f"主题“{name}”"
            spec = registry.topic(name)
            if spec is None:
                hint = registry.suggest_topic(name)
                fix = (
                    f"您是否想写：{'、'.join(hint)}？"
                    if hint
                    else "先在 data/column.toml 登记该主题"
                )
                problems.append(Problem(shown, where, "词表中的主题未登记", fix))
                continue
            if "threshold" in entry:
                thresholds[spec.name] = _number(entry["threshold"], "threshold", where, shown,
                                                problems)  # fmt: skip
            for key, weight in entry.get("cues", {}).items():
                forms = [f for f in (_normal(f) for f in key.split("|")) if f]
                if not forms:
                    problems.append(Problem(shown, where, f"线索“{key}”是空的", "删去这一条"))
                    continue
                weight = _number(weight, f'"{key}"', where, shown, problems)
                for form in forms:
                    weights[spec.name][form] = (forms[0], weight)

        if problems:
            raise ColumnError(problems)
        cues: dict[str, list] = defaultdict(list)
        for theme, forms in weights.items():
            for form, (label, weight) in forms.items():
                cues[form].append(((theme, label), weight))
            for form, (label, weight) in forms.items():
                swapped = _swapped(form)
                if swapped and swapped not in forms:
                    cues[swapped].append(((theme, label), weight))
        counts = {form: tuple(found) for form, found in cues.items()}
        return cls(counts, settings, thresholds, IntroMatcher(registry.column))

    def infer(self, title: str, html: str) -> Verdict:
        """Score every theme on the article's title and HTML body, and decide."""
        s = self.settings
        counted: dict[tuple[str, str], list[float]] = defaultdict(list)
        cues = self.cues
        if cues:
            for factor, text in segments(title, html, s, self.intro):
                for _, form in self.automaton.iter_long(text):
                    for key, weight in cues[form]:
                        counted[key].append(weight * factor)
        return self.decide(counted)

    def decide(self, counted: dict[tuple[str, str], list[float]]) -> Verdict:
        """The verdict from every match's weighted value, by (theme, cue label)."""
        s = self.settings
        scores: dict[str, float] = dict.fromkeys(self.themes, 0.0)
        found: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
        repeats = int(s["repeats"])
        for (theme, label), values in counted.items():
            values.sort(reverse=True)
            score = sum(values[:repeats])
            scores[theme] += score
            found[theme].append((score, label, min(len(values), repeats)))

        guesses = []
        for theme in self.themes:
            threshold = self.thresholds[theme] or 1.0
            cues = tuple((label, n) for _, label, n in sorted(found[theme], key=_strongest))
            confidence = 1 - 2 ** (-scores[theme] / threshold)
            guesses.append(Guess(theme, round(scores[theme], 2), round(confidence, 2), cues))
        guesses.sort(key=lambda g: (-g.score, self.themes.index(g.theme)))
        best = guesses[0].score if guesses else 0.0
        kept = [
            g.theme
            for g in guesses
            if g.score > 0
            and (
                g.score == best
                or (g.score >= self.thresholds[g.theme] and g.score >= s["share"] * best)
                or (
                    g.score >= s["near_best"] * best
                    and g.score >= s["near_floor"] * self.thresholds[g.theme]
                )
            )
        ]
        return Verdict(tuple(kept), tuple(guesses), review=best < s["sure"])


class VerdictMemo:
    """The verdicts of the previous build, by article text, so that a rebuild infers only
    the articles that changed (0.2 ms each). Kept in one pickle under ``CACHE_PATH`` named
    by the model's fingerprint: a changed lexicon or model starts afresh."""

    def __init__(self, cache_path: str | Path, model: ThemeModel):
        self.model = model
        self.path = Path(cache_path) / "huinong" / f"inference-{model.fingerprint}.pickle"
        self.old: dict[bytes, tuple] = picklefile.load(self.path, _plain_verdict)
        self.new: dict[bytes, tuple] = {}

    def infer(self, title: str, html: str) -> Verdict:
        key = hashlib.blake2b(f"{title}\0{html}".encode(), digest_size=16).digest()
        plain = self.old.get(key)
        if plain is None:
            verdict = self.model.infer(title, html)
            plain = verdict.plain
        else:
            verdict = Verdict.from_plain(plain)
        self.new[key] = plain
        return verdict

    def save(self) -> None:
        """Keep this build's verdicts (when enough changed to be worth the write)."""
        changed = len(self.new.keys() ^ self.old.keys())
        if picklefile.worth_writing(changed, len(self.new)):
            picklefile.save(self.path, self.new, stale="inference-*.pickle")


def _plain_verdict(key, plain) -> bool:
    """Whether a cached entry has the shape of ``Verdict.plain`` (else it is discarded)."""
    return (
        isinstance(key, bytes)
        and isinstance(plain, tuple)
        and len(plain) == 3
        and isinstance(plain[0], tuple)
        and isinstance(plain[1], tuple)
        and all(isinstance(g, tuple) and len(g) == 4 for g in plain[1])
        and isinstance(plain[2], bool)
    )


def _strongest(item: tuple[float, str, int]) -> tuple[float, str]:
    score, label, _ = item
    return -score, label


def _plain(html: str) -> str:
    return ENTITY.sub(lambda m: ENTITIES[m.group(0)], TAGS.sub("", html))


def segments(title: str, html: str, s: dict, intro: IntroMatcher) -> list[tuple[float, str]]:
    """The article as (factor, normalised text) pieces: the title, each block's heading
    sentence (a bold lead, a heading element, or a short opening sentence) and its rest;
    the first paragraph is the lead. A pasted 开栏语 at the top is left out: it is the
    column's, and names every pillar."""
    pieces = [(s["title"], _normal(title))]
    blocks = BLOCK.findall(html) or [("p", html)]
    while blocks and len(blocks) > 1 and _is_intro(intro, blocks[0][1]):
        blocks = blocks[1:]
    for index, (tag, inner) in enumerate(blocks):
        body = s["lead"] if index == 0 else s["body"]
        if tag.startswith("h"):
            pieces.append((s["heading"], _normal(_plain(inner))))
            continue
        bold = BOLD_LEAD.match(inner)
        text, head = _plain(inner).strip(), ""
        if bold:
            head = _plain(bold.group(1)).strip()
        elif index:  # the lead paragraph opens with news, not with a heading
            stop = SENTENCE_END.search(text)
            head = text[: stop.end()] if stop and stop.end() <= MAX_HEADING else ""
            if not stop and len(text) <= MAX_HEADING:
                head = text  # a paragraph that is only a short heading line
        if head and text.startswith(head):
            pieces.append((s["heading"], _normal(head)))
            text = text[len(head) :]
        pieces.append((body, _normal(text)))
    return pieces


def _is_intro(intro: IntroMatcher, inner: str) -> bool:
    text = _plain(inner)
    return intro.is_label(text) or intro.is_pasted(text)


def lexicon_path(registry_path: str | Path, settings: dict) -> Path:
    """``COLUMN_LEXICON`` when set, else ``lexicon.toml`` beside the registry, else the
    project's own."""
    given = settings.get("COLUMN_LEXICON")
    if given:
        return Path(given)
    beside = Path(registry_path).with_name(LEXICON_NAME)
    return beside if beside.is_file() else PROJECT_LEXICON
