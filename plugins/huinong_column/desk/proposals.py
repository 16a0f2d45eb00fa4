"""Registry entries proposed for units an article names but the registry does not know.

When no registered unit can be found in an article, its title usually still opens with the
reporting unit's name (惠农区应急管理局：织密……). ``check`` then proposes a ``[[units]]``
entry the editor can paste into ``data/column.toml``: the name, a pinyin slug by the
registry's convention (``huinong-`` for a unit of 惠农区) and the shorter forms of the
name seen in the article as aliases.
"""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin

from ..column.registry import Registry

# How the names of offices, Party bodies, townships and courts end.
SUFFIX = (
    "委员会|党工委|党委|党组|纪委监委|纪委|监委|委|局|办公室|办|部|院|所|站|中心|街道|"
    "镇|乡|社区|联合会|妇联|工会|总工会|团委|协会|公司|支部"
)
LEADING_NAME = re.compile(rf"^((?:中共)?(?:石嘴山市)?[\u4e00-\u9fff]{{1,14}}?(?:{SUFFIX}))")
DISTRICT = "惠农区"
MARKS = re.compile(r"^\s*(?:【[^】]*】\s*)+")  # 【测试】, 【专栏】 before the name


def unit_candidate(registry: Registry, title: str) -> str:
    """The unit name a title opens with, when it is not registered; else ""."""
    match = LEADING_NAME.match(MARKS.sub("", title).strip())
    if not match or registry.unit(match.group(1)):
        return ""
    return match.group(1)


def _slug(name: str) -> str:
    core = name.removeprefix("中共").removeprefix("石嘴山市")
    prefix = ""
    if core.startswith(DISTRICT):
        prefix, core = "huinong-", core[len(DISTRICT) :]
    return prefix + "".join(lazy_pinyin(core)).lower()


def proposal(registry: Registry, name: str, text: str) -> str:
    """A ``[[units]]`` entry for ``name``, with the short forms ``text`` uses as aliases."""
    core = name.removeprefix("中共").removeprefix("石嘴山市")
    forms = [core, core.removeprefix(DISTRICT), "区" + core.removeprefix(DISTRICT)]
    aliases = [f for f in dict.fromkeys(forms) if f != name and len(f) > 2 and f in text]
    slug = _slug(name)
    taken = {u.slug for u in registry.units}
    number = 1
    while slug in taken:
        number += 1
        slug = f"{_slug(name)}-{number}"
    lines = ["[[units]]", f'name = "{name}"', f'slug = "{slug}"']
    if aliases:
        lines.append("aliases = [" + ", ".join(f'"{a}"' for a in aliases) + "]")
    return "\n".join(lines)
