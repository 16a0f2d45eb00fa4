"""A deterministic synthetic corpus of Chinese column articles, for the benchmark and tests.

``write_corpus(root, n)`` writes the same ``n`` articles three ways under ``root``:

* ``site/``: this project's format (``Organization:``/``Themes:`` metadata, a registry of
  fictional units in ``column.toml``), some articles leaving their unit or themes to
  inference;
* ``plain/``: plain Pelican's format (``Category:``/``Tags:``/``Author:``), same text;
* ``hugo/``: Hugo's TOML front matter with two taxonomies (``units``, ``topics``).

Every article is synthetic and says so: titles start with 【测试】, the metadata carries
``Synthetic: true`` and the units (示例区…, 测试镇…) do not exist. The text is built from
phrase banks with a seeded RNG, so the same ``(n, seed)`` always gives the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# (name, slug, aliases, parent)
UNITS = [
    ("示例区委", "shili-quwei", ("中共示例区委",), ""),
    ("示例区纪委监委", "shili-jiwei-jianwei", ("示例区纪委", "示例区监委"), ""),
    ("示例区委组织部", "shili-zuzhibu", ("示例区组织部",), "示例区委"),
    ("示例区委宣传部", "shili-xuanchuanbu", ("示例区宣传部",), "示例区委"),
    ("示例区团委", "shili-tuanwei", ("示例团区委", "共青团示例区委员会"), "示例区委"),
    ("示例区妇联", "shili-fulian", ("示例区妇女联合会",), ""),
    ("示例区总工会", "shili-zonggonghui", (), ""),
    ("示例区就业局", "shili-jiuyeju", ("示例区就业服务局",), ""),
    ("示例区教育局", "shili-jiaoyuju", (), ""),
    ("示例区卫健局", "shili-weijianju", ("示例区卫生健康局",), ""),
    ("示例区民政局", "shili-minzhengju", (), ""),
    ("示例区住建局", "shili-zhujianju", ("示例区住房和城乡建设局",), ""),
    ("示例区农业农村局", "shili-nongyeju", (), ""),
    ("示例区市场监管局", "shili-shichang-jianguanju", ("示例区市场监督管理局",), ""),
    ("示例区人民法院", "shili-fayuan", (), ""),
    ("示例区人民检察院", "shili-jianchayuan", (), ""),
    ("测试街道", "ceshi-jiedao", ("测试街道办事处",), ""),
    ("测试镇", "ceshi-zhen", ("测试镇党委",), ""),
    ("样例乡", "yangli-xiang", ("样例乡党委",), ""),
    ("样例社区", "yangli-shequ", (), "测试街道"),
]

# (name, slug, keywords with weights); the section aspect that makes the theme inferable
THEMES = [
    ("讲政治", "jiang-zhengzhi", {"政治意识": 3, "理论学习": 2, "理想信念": 2}, "政治意识"),
    ("转作风", "zhuan-zuofeng", {"作风建设": 3, "工作作风": 3, "形式主义": 2}, "作风建设"),
    ("强责任", "qiang-zeren", {"责任意识": 3, "主体责任": 3, "履职尽责": 2}, "责任意识"),
    ("抓落实", "zhua-luoshi", {"担当作为": 3, "办实事": 2, "落实落细": 2}, "担当作为"),
    ("志愿服务", "zhiyuan-fuwu", {"志愿服务": 2, "志愿者": 2}, "志愿服务"),
]

FOCUS = [
    "学深悟透练“内功”",
    "重点工作强推进",
    "服务大局抓落实",
    "服务群众办实事",
    "基层治理补短板",
    "优化环境提质效",
    "队伍建设强根基",
    "制度建设促长效",
]
ACTIONS = [
    "召开专题会议{n}次，对主题活动进行安排部署",
    "开展集中学习{n}场次，覆盖党员干部{m}余人",
    "深入村（社区）走访调研{n}次，收集意见建议{m}条",
    "组织业务培训{n}期，参训人员{m}余人次",
    "建立问题清单、任务清单、责任清单，逐项销号{n}项",
    "开展专项检查{n}轮，发现并整改问题{m}个",
    "选派{n}名干部下沉一线，协调解决群众急难愁盼问题{m}件",
    "举办宣讲活动{n}场，受众{m}余人",
    "推动{n}个重点项目开工建设，完成投资{m}万元",
    "组织志愿者{m}余名开展志愿服务活动{n}场次",
]
CLAUSES = [
    "坚持以上率下、示范带动",
    "注重统筹兼顾、协调推进",
    "突出重点、抓住关键",
    "把握节奏、压茬推进",
    "聚焦短板弱项精准施策",
    "坚持问题导向、目标导向和结果导向相统一",
    "切实把学习成果转化为推动工作的实际成效",
    "以钉钉子精神抓好各项任务落实",
    "推动各项工作走深走实",
    "确保上级决策部署不折不扣落地落实",
]
ORDINALS = ["一是", "二是", "三是", "四是", "五是"]
NUMBERED = ["一", "两", "三", "四", "五", "六"]
PHRASES = ["强化", "突出", "做实", "压实"]
AUTHORS = ["张测试", "李示例", "王样例", "赵合成", "刘演示", "陈假名"]


@dataclass(frozen=True)
class Article:
    """One synthetic article: what the three formats share."""

    stem: str
    title: str
    day: date
    unit: str
    themes: tuple[str, ...]
    author: str
    body: str
    organization: str | None  # None: left to inference from the title
    explicit_themes: bool


def registry_toml() -> str:
    """The synthetic registry, in the format of ``data/column.toml``."""
    out = [
        "[column]",
        'name = "讲政治 转作风 强责任 抓落实"',
        'site_name = "惠农清风"',
        'description = "合成数据基准测试专栏"',
        'intro_title = "开栏语"',
        'intro = "这是合成的开栏语，仅用于基准测试。"',
    ]
    for order, (name, slug, aliases, parent) in enumerate(UNITS, start=1):
        out += ["", "[[units]]", f'name = "{name}"', f'slug = "{slug}"']
        if aliases:
            out.append("aliases = [" + ", ".join(f'"{a}"' for a in aliases) + "]")
        if parent:
            out.append(f'parent = "{parent}"')
        out.append(f"order = {order * 10}")
    for order, (name, slug, keywords, _) in enumerate(THEMES, start=1):
        words = ", ".join(f'"{w}" = {v}' for w, v in keywords.items())
        out += ["", "[[themes]]", f'name = "{name}"', f'slug = "{slug}"', f"order = {order}"]
        out += ["threshold = 4", f"keywords = {{ {words} }}"]
    return "\n".join(out) + "\n"


def _section(rng: random.Random, aspect: str, unit: str) -> str:
    lead = f"**{rng.choice(PHRASES)}{aspect}，聚焦{rng.choice(FOCUS)}。**"
    sentences = [f"{unit}把{aspect}摆在突出位置，{rng.choice(CLAUSES)}，{rng.choice(CLAUSES)}。"]
    for ordinal in ORDINALS[: rng.randint(2, 4)]:
        action = rng.choice(ACTIONS).format(n=rng.randint(2, 60), m=rng.randint(30, 5000))
        sentences.append(f"{ordinal}{rng.choice(CLAUSES)}，{action}，{rng.choice(CLAUSES)}。")
    sentences.append(f"通过持续加强{aspect}，{rng.choice(CLAUSES)}。")
    return lead + "".join(sentences)


def make_article(i: int, n: int, rng: random.Random) -> Article:
    name, slug, aliases, parent = UNITS[rng.randrange(len(UNITS))]
    themes = sorted(rng.sample(range(len(THEMES)), rng.randint(1, 3)))
    aspects = [THEMES[t][3] for t in themes]
    day = date(2016, 1, 1) + timedelta(days=i * 3650 // max(n, 1) + rng.randint(0, 3))
    count = rng.randint(2, 5)
    title = f"【测试】{name}“{NUMBERED[count - 1]}个{rng.choice(PHRASES)}”推动{aspects[0]}见行见效"
    lead = (
        f"{name}认真贯彻落实{parent or '上级'}的部署要求，{rng.choice(CLAUSES)}，"
        f"坚持“{NUMBERED[count - 1]}个{rng.choice(PHRASES)}”，有力推动"
        "“讲政治 转作风 强责任 抓落实”主题活动走深走实。（本文为合成测试数据。）"
    )
    sections = [_section(rng, aspects[k % len(aspects)], name) for k in range(count)]
    roll = rng.random()
    organization = name if roll < 0.8 else (aliases[0] if aliases and roll < 0.9 else None)
    return Article(
        stem=f"{slug}-{i + 1:05d}",
        title=title,
        day=day,
        unit=name,
        themes=tuple(THEMES[t][0] for t in themes),
        author=rng.choice(AUTHORS),
        body="\n\n".join([lead, *sections]) + "\n",
        organization=organization,
        explicit_themes=rng.random() < 0.7,
    )


def articles(n: int, seed: int = 8) -> list[Article]:
    rng = random.Random(seed)
    return [make_article(i, n, rng) for i in range(n)]


def column_markdown(a: Article) -> str:
    lines = [f"Title: {a.title}", f"Date: {a.day.isoformat()}", "Synthetic: true"]
    if a.organization:
        lines.append(f"Organization: {a.organization}")
    if a.explicit_themes:
        lines.append(f"Themes: {', '.join(a.themes)}")
    lines.append(f"Author: {a.author}")
    return "\n".join(lines) + "\n\n" + a.body


def plain_markdown(a: Article) -> str:
    return (
        f"Title: {a.title}\nDate: {a.day.isoformat()}\nCategory: {a.unit}\n"
        f"Tags: {', '.join(a.themes)}\nAuthor: {a.author}\nSlug: {a.stem}\n\n{a.body}"
    )


def hugo_markdown(a: Article) -> str:
    topics = ", ".join(f'"{t}"' for t in a.themes)
    return (
        f'+++\ntitle = "{a.title}"\ndate = {a.day.isoformat()}\nslug = "{a.stem}"\n'
        f'author = "{a.author}"\nunits = ["{a.unit}"]\ntopics = [{topics}]\n'
        f"synthetic = true\n+++\n\n{a.body}"
    )


def site_path(root: Path, a: Article) -> Path:
    return root / "site" / "content" / "articles" / str(a.day.year) / f"{a.stem}.md"


def write_corpus(root: Path, n: int, seed: int = 8) -> list[Article]:
    """Write the corpus in all three formats under ``root``; return its articles."""
    items = articles(n, seed)
    (root / "site").mkdir(parents=True, exist_ok=True)
    (root / "site" / "column.toml").write_text(registry_toml(), encoding="utf-8")
    for folder in ("plain/content", "hugo/content/articles"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for a in items:
        path = site_path(root, a)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(column_markdown(a), encoding="utf-8")
        (root / "plain" / "content" / f"{a.stem}.md").write_text(plain_markdown(a), "utf-8")
        (root / "hugo" / "content" / "articles" / f"{a.stem}.md").write_text(
            hugo_markdown(a), "utf-8"
        )
    return items


def edit_one(root: Path, items: list[Article]) -> Path:
    """Edit one article's text in place, as an editor fixing a sentence would."""
    path = site_path(root, items[len(items) // 2])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "。（已修订）", 1), encoding="utf-8")
    return path
