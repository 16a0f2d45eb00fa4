"""The site the browser tests read: the real ``content/`` plus a synthetic corpus.

One real article alone leaves most of the theme unexercised (lists, archives by year,
parent and child units, several themes, tables). So the browser site is the repository's
own content and registry, plus a dozen synthetic articles, built together in a temporary
folder. The synthetic articles follow ``tests/conftest.py``: titles start with 【测试】,
``Synthetic: true``, and their units are fictional (示例区…), added to a copy of the real
registry; nothing is attributed to a real unit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import REPO, SyntheticSite, synthetic_article

FICTIONAL_UNITS = """
[[units]]
name = "示例区委"
slug = "shili-quwei"
order = 900

[[units]]
name = "示例区团委"
slug = "shili-tuanwei"
aliases = ["示例团区委"]
parent = "示例区委"
order = 910

[[units]]
name = "示例街道办事处"
slug = "shili-jiedao"
parent = "示例区委"
order = 920

[[units]]
name = "示例区就业局"
slug = "shili-jiuyeju"
order = 930
"""

PARAGRAPH = (
    "这是一段合成的测试正文，用于在真实浏览器中检验页面的排版、导航和无障碍。"
    "文字内容没有实际含义，不对应任何真实单位或事件。"
)


def body(*leads: str, extra: str = "") -> str:
    """A lead paragraph, then one section per lead sentence (``**…**`` opens a section)."""
    sections = [f"**{lead}。**{PARAGRAPH}{PARAGRAPH}" for lead in leads]
    return "\n\n".join([PARAGRAPH, *sections, *([extra] if extra else [])])


TABLE = """| 项目 | 目标 | 完成情况 |
| --- | --- | --- |
| 公益性岗位开发 | 120 个 | 已开发 126 个，完成率 105% |
| 职业技能培训 | 800 人次 | 已培训 815 人次 |
| 就业困难人员帮扶 | 全覆盖 | 建立台账，逐人跟踪 |"""

# A link from one article body to another, as editors write them (site-absolute).
EARLIER_LINK = "详见[第一季度情况](/articles/shili-jiuyeju-diyi-jidu/)。"

# A photo wider than a phone, as editors add them: a file in content/images/.
PHOTO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="600">'
    '<rect width="1200" height="600" fill="#d9d9d9"/></svg>'
)
PHOTO_MARKDOWN = "![志愿者在社区服务（合成示意图）]({static}/images/shili-zhiyuan.svg)"

# (path under content/articles, text): several years and months, every fictional unit,
# every theme, an inferred unit, an inferred date, an author, a table and links.
ARTICLES = [
    (
        "2024/shili-tuanwei-zhiyuan-zhou.md",
        synthetic_article(
            "示例区团委开展青年志愿服务周活动",
            body("强化组织动员", "丰富服务内容", "完善激励机制", extra=PHOTO_MARKDOWN),
            date="2024-05-20",
            organization="示例区团委",
            themes="志愿服务, 讲政治",
            slug="shili-tuanwei-zhiyuan-zhou",
            extra="Author: 测试作者",
        ),
    ),
    (
        "2024/shili-jiuyeju-jiuye-shuju.md",
        synthetic_article(
            "示例区就业局晒出稳就业“成绩单”",
            body("聚焦重点群体", extra=f"{TABLE}\n\n{EARLIER_LINK}"),
            date="2024-05-08",
            organization="示例区就业局",
            themes="抓落实",
            slug="shili-jiuyeju-jiuye-shuju",
        ),
    ),
    (
        "2024/shili-quwei-zuofeng.md",
        synthetic_article(
            "示例区委部署作风建设专项行动",
            body("提高政治站位", "聚焦问题整改", "健全长效机制", "强化督查问效", "压实工作责任"),
            date="2024-04-16",
            organization="示例区委",
            themes="讲政治, 转作风",
            slug="shili-quwei-zuofeng",
        ),
    ),
    (
        "2024/shili-tuanwei-zeren.md",
        synthetic_article(
            "示例区团委压实共青团工作责任",
            body("明确责任清单"),
            date="2024-03-02",
            organization="示例区团委",
            themes="强责任",
            slug="shili-tuanwei-zeren",
        ),
    ),
    (
        "2024/shili-jiedao-banshishi.md",
        synthetic_article(
            "示例街道办事处为群众办实事",
            body("解决急难愁盼", "组织志愿者入户"),
            date="2024-01-15",
            organization="示例街道办事处",
            themes="抓落实, 志愿服务",
            slug="shili-jiedao-banshishi",
        ),
    ),
    (
        "2023/shili-jiuyeju-zuofeng.md",
        synthetic_article(
            "示例区就业局改进窗口服务作风",
            body("简化办事流程", "推行延时服务"),
            date="2023-12-05",
            organization="示例区就业局",
            themes="转作风",
            slug="shili-jiuyeju-zuofeng",
        ),
    ),
    (
        "2023/shili-quwei-xuexi.md",
        synthetic_article(
            "示例区委理论学习中心组开展专题学习",
            body("深化理论武装"),
            date="2023-09-18",
            organization="示例区委",
            themes="讲政治",
            slug="shili-quwei-xuexi",
        ),
    ),
    (
        "2023/shili-tuanwei-xiari.md",
        synthetic_article(
            "示例区团委组织暑期志愿服务",
            body("服务社区儿童"),
            date="2023-06-30",
            organization="示例区团委",
            themes="志愿服务",
            slug="shili-tuanwei-xiari",
            extra="DateStatus: inferred\nDateNote: 合成文章，日期为推定。",
        ),
    ),
    (
        "2023/shili-jiedao-zeren.md",
        synthetic_article(
            "示例街道办事处落实网格化管理责任",
            body("细化网格分工", "强化考核问效"),
            date="2023-03-08",
            organization="示例街道办事处",
            themes="强责任, 抓落实",
            slug="shili-jiedao-zeren",
        ),
    ),
    (
        "2022/shili-jiuyeju-diyi-jidu.md",
        synthetic_article(
            "示例区就业局第一季度就业工作情况",
            body("稳住就业基本盘"),
            date="2022-11-11",
            organization="示例区就业局",
            themes="抓落实",
            slug="shili-jiuyeju-diyi-jidu",
        ),
    ),
    (
        "2022/shili-quwei-zeren.md",
        synthetic_article(
            "示例区委召开全面从严治党主体责任推进会",
            body("传导压力", "层层落实"),
            date="2022-07-01",
            organization="示例区委",
            themes="讲政治, 强责任",
            slug="shili-quwei-zeren",
            extra="Author: 测试作者",
        ),
    ),
    (
        "2022/shili-tuanwei-zuofeng.md",
        synthetic_article(
            "示例区团委开展青年干部作风建设谈心谈话",
            body("坦诚交流思想"),
            date="2022-02-14",
            organization=None,  # inferred from the title
            themes="转作风",
            slug="shili-tuanwei-zuofeng",
        ),
    ),
]

# Representative pages, by what a reader calls them.
PAGES = {
    "landing": "/",
    "article": "/articles/huinong-tuanwei-sige-qianghua/",  # the real seed article
    "table-article": "/articles/shili-jiuyeju-jiuye-shuju/",
    "photo-article": "/articles/shili-tuanwei-zhiyuan-zhou/",
    "unit": "/units/huinong-tuanwei/",
    "child-unit": "/units/shili-tuanwei/",
    "theme": "/topics/zhiyuan-fuwu/",
    "units": "/units/",
    "themes": "/topics/",
    "archive": "/archives/",
}


class BrowserSite:
    """The built browser site: its output folder and the URL paths of its pages."""

    def __init__(self, source: SyntheticSite, output: Path):
        self.source, self.output = source, output

    def publish(self, into: Path, siteurl: str) -> Path:
        """``huinong publish`` of the same sources for ``siteurl``; the published tree."""
        result = self.source.publish(into, env={"SITEURL": siteurl})
        if result.returncode != 0:
            raise RuntimeError(f"the browser site did not publish:\n{result.stderr}")
        return result.output

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def url_paths(self) -> list[str]:
        """The URL path of every page a reader can open, folders with their trailing slash.

        Not ``/404.html``: nginx serves it for missing URLs only, never at its own URL.
        """
        paths = []
        for file in self.html_files():
            rel = file.relative_to(self.output).as_posix()
            if rel != "404.html":
                paths.append("/" + rel.removesuffix("index.html"))
        return paths

    def soup(self, url_path: str) -> BeautifulSoup:
        path = self.output / url_path.lstrip("/")
        if url_path.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def build_browser_site(root: Path) -> BrowserSite:
    """Build the real content and the synthetic corpus into ``root/output``."""
    registry = (REPO / "data" / "column.toml").read_text("utf-8") + FICTIONAL_UNITS
    site = SyntheticSite(root, registry)
    shutil.copytree(REPO / "content", site.content, dirs_exist_ok=True)
    for name, text in ARTICLES:
        site.write(name, text)
    (site.content / "images").mkdir(exist_ok=True)
    (site.content / "images" / "shili-zhiyuan.svg").write_text(PHOTO, encoding="utf-8")
    result = site.build()
    if result.returncode != 0:
        raise RuntimeError(f"the browser site did not build:\n{result.stderr}")
    return BrowserSite(site, result.output)
