"""``huinong new``: start an article with every metadata field filled in.

Each field comes from its command-line flag or, when the flag is missing, from a prompt.
The unit is chosen from the registry by number, name or alias, with "did you mean" for a
near miss; the themes likewise. The date is today in 惠农 unless ``--date`` says otherwise;
the slug follows the registry's convention (``slugs.py``). An existing file is never
overwritten. With ``--no-input`` a missing or wrong answer is an error instead of a prompt.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..column import clock
from ..column.errors import Problem
from ..column.reader import display_path
from ..column.registry import SLUG_RE, Registry, TopicSpec, UnitSpec
from ..column.rules import PLACEHOLDER
from ..column.slugs import suggest_slug
from ..column.sources import Site, content_sources

BODY = (  # every hint opens with PLACEHOLDER, so that the rulebook finds any left in
    f"{PLACEHOLDER}导语：哪个单位、什么时间、做了什么、取得了什么成效。）\n\n"
    f"**{PLACEHOLDER}第一部分的小标题，一句话，以句号结束。）**{PLACEHOLDER}这一部分的正文。）\n"
)
SEPARATORS = re.compile(r"[\s,，、;；]+")


class InvalidAnswerError(Exception):
    """An answer that cannot be used: the message and how to put it right."""

    def __init__(self, message: str, fix: str, flag: str = ""):
        super().__init__(message)
        self.message, self.fix, self.flag = message, fix, flag


class NoAnswerError(Exception):
    pass


@dataclass(frozen=True)
class Field:
    flag: str
    prompt: str
    parse: Callable[[str], object]
    optional: bool = False  # docs/编辑指南.md: Themes and Author may be left out


def _pick_unit(registry: Registry, text: str) -> UnitSpec:
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(registry.units):
        return registry.units[int(text) - 1]
    spec = registry.unit(text) if text else None
    if spec is None:
        hint = registry.suggest_unit(text) if text else []
        fix = f"您是否想写：{'、'.join(hint)}？" if hint else ""
        names = "、".join(u.name for u in registry.units)
        raise InvalidAnswerError(
            f"未登记的单位“{text}”" if text else "没有填写单位",
            f"{fix}请写已登记的单位名称、别名或编号（{names}）；新单位先在 data/column.toml 登记",
        )
    return spec


def _pick_themes(registry: Registry, text: str) -> list[TopicSpec]:
    chosen: list[TopicSpec] = []
    for word in (w for w in SEPARATORS.split(text) if w):
        if word.isdigit() and 1 <= int(word) <= len(registry.topics):
            spec = registry.topics[int(word) - 1]
        else:
            spec = registry.topic(word)
        if spec is None:
            hint = registry.suggest_topic(word)
            fix = f"您是否想写：{'、'.join(hint)}？" if hint else ""
            names = "、".join(t.name for t in registry.topics)
            raise InvalidAnswerError(
                f"未登记的主题“{word}”", f"{fix}请从已登记的主题中选（{names}）"
            )
        if spec not in chosen:
            chosen.append(spec)
    if not chosen:
        raise InvalidAnswerError(
            "没有选主题", "至少选一个主题，多个主题用逗号分开，如 讲政治,转作风"
        )
    return chosen


def _text(label: str, example: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise InvalidAnswerError(f"没有填写{label}", f"填写{label}，如 {example}")
        return value

    return parse


def _menu(items) -> str:
    return "\n".join(f"  {n}. {item.name}" for n, item in enumerate(items, start=1))


class Asker:
    """Answers from flags first, then from prompts (unless ``--no-input``)."""

    def __init__(self, interactive: bool, out):
        self.interactive = interactive
        self.out = out

    def get(self, field: Field, given: str | None):
        if given is not None:
            try:
                return field.parse(given)
            except InvalidAnswerError as exc:
                if not self.interactive:
                    raise InvalidAnswerError(exc.message, exc.fix, field.flag) from None
                print(f"{field.flag}: {exc.message}。{exc.fix}", file=self.out)
        if not self.interactive and field.optional:
            return None
        if not self.interactive:
            fix = f"加上 {field.flag} …，或去掉 --no-input 逐项回答"
            raise InvalidAnswerError(f"缺少 {field.flag}", fix, field.flag)
        while True:
            print(field.prompt, file=self.out)
            try:
                answer = input("> ")
            except EOFError:
                raise NoAnswerError(field.flag) from None
            if field.optional and not answer.strip():
                return None
            try:
                return field.parse(answer)
            except InvalidAnswerError as exc:
                print(f"{exc.message}。{exc.fix}", file=self.out)


def render(title: str, day: date, unit: UnitSpec, themes, author, slug: str, draft: bool):
    """The new file; a field left out (no themes, no author) is not written at all."""
    lines = [f"Title: {title}", f"Date: {day.isoformat()}", f"Organization: {unit.name}"]
    if themes:
        lines.append(f"Themes: {', '.join(t.name for t in themes)}")
    if author:
        lines.append(f"Author: {author}")
    lines.append(f"Slug: {slug}")
    if draft:
        lines.append("Status: draft")
    return "\n".join(lines) + "\n\n" + BODY


def create(site: Site, args, out=None) -> int:
    """Ask for what the flags left open, write the file, say what to do next."""
    out = out or sys.stdout
    registry = site.registry
    existing = content_sources(site)
    titles = {s.value("title"): s.shown for s in existing if s.value("title")}
    taken = {s.value("slug") or s.path.stem for s in existing}

    def new_title(value: str) -> str:
        value = _text("标题", "惠农区团委“四个强化”服务青年“不打烊”")(value)
        if value in titles:
            raise InvalidAnswerError(
                f"已有同名文章 {titles[value]}", "换一个标题，或打开那篇文章继续写"
            )
        return value

    def slug(value: str) -> str:
        if not SLUG_RE.match(value.strip()):
            raise InvalidAnswerError(
                f"“{value}”不是小写拼音加连字符", "写成 huinong-tuanwei-sige-qianghua"
            )
        return value.strip()

    asker = Asker(not args.no_input, out)
    try:
        title = asker.get(Field("--title", "标题：", new_title), args.title)
        unit = asker.get(
            Field(
                "--unit",
                f"报送单位（写编号、名称或别名）：\n{_menu(registry.units)}",
                lambda v: _pick_unit(registry, v),
            ),
            args.unit,
        )
        themes = asker.get(
            Field(
                "--themes",
                f"主题（写编号或名称，多个用逗号分开；可不填，直接回车，"
                f"构建时按关键词推断）：\n{_menu(registry.topics)}",
                lambda v: _pick_themes(registry, v),
                optional=True,
            ),
            args.themes,
        )
        author = asker.get(
            Field("--author", "作者（可不填，直接回车）：", _text("作者", "马佳"), optional=True),
            args.author,
        )
        day = args.date or clock.today()
        chosen = asker.get(Field("--slug", "网址拼音：", slug), args.slug) if args.slug else ""
    except InvalidAnswerError as exc:
        print(f"错误: {Problem('huinong new', exc.flag, exc.message, exc.fix)}", file=sys.stderr)
        return 1
    except NoAnswerError as exc:
        problem = Problem("huinong new", str(exc), "没有读到回答", f"用 {exc} 直接给出")
        print(f"错误: {problem}", file=sys.stderr)
        return 1

    taken |= {p.stem for p in (site.articles_root / f"{day:%Y}").glob("*.md")}
    final = chosen or suggest_slug(registry, unit, day, title, taken)
    target = site.articles_root / f"{day:%Y}" / f"{final}.md"
    if target.exists():
        problem = Problem(
            display_path(str(target)),
            "文件",
            "文件已存在，不会覆盖",
            "换一个 --slug，或直接打开这个文件继续写",
        )
        print(f"错误: {problem}", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as fh:
        fh.write(render(title, day, unit, themes, author, final, args.draft))
    shown = display_path(str(target))
    print(f"已创建 {shown}", file=out)
    print(f"网址：/{site.settings['ARTICLE_URL'].format(slug=final)}", file=out)
    print(
        "下一步：写好正文（替换括号里的提示文字），运行 huinong check 检查，make devserver 预览。",
        file=out,
    )
    return 0
