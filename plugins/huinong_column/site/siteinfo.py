"""Site-wide facts for the theme's head and footer, computed once from the settings.

* ``SITE_BASE_URL``: where readers reach the site, for canonical links, Open Graph, JSON-LD
  and QR codes. It is ``SITEURL`` when that is absolute (``publishconf.py``), else the
  development server's address in ``FEED_DOMAIN``: under ``RELATIVE_URLS`` templates see a
  relative ``SITEURL``, which cannot be shared. ``SITE_DOMAIN`` is its host.
* The footer's mandated links: the ICP 备案号 to the MIIT 备案 site, the 公安备案号 to the
  MPS query for its number, the 党政机关网站标识 link, which must point at conac.cn, and
  我要纠错 (``ERROR_REPORT_LINK``): the site's own address, else the national form for its
  网站标识码. ``IDENTITY_FIELDS`` names every identity setting; ``empty_identity`` lists
  the empty ones for the publish summary, which warns and never fills in a value.
* The ``public_url`` Jinja filter: a page's output path or URL made absolute, and each
  article's ``article.public_url``; the ``qr_code`` filter (``qr.py``); and ``tojson``
  writing Chinese as UTF-8 rather than ``\\uXXXX`` (JSON-LD is a third the size).
"""

from __future__ import annotations

import re
from functools import partial
from urllib.parse import urlsplit

from ..column.errors import ColumnError, Problem
from .qr import qr_svg

MIIT_BEIAN_URL = "https://beian.miit.gov.cn/"
MPS_BEIAN_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={}"
CONAC_HOSTS = ("bszs.conac.cn",)
# 政府网站找错: the national form where readers report errors on a government site.
NATIONAL_ERROR_FORM = (
    "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode={}"
)
DIGITS = re.compile(r"\d+")

# Every identity setting of the masthead and footer (pelicanconf.py), by its name on the page.
IDENTITY_FIELDS = {
    "MAIN_SITE_URL": "主站链接",
    "FOOTER_SPONSOR": "主办单位",
    "FOOTER_ORGANIZER": "承办单位",
    "FOOTER_ADDRESS": "地址",
    "FOOTER_PHONE": "电话",
    "FOOTER_EMAIL": "邮箱",
    "ICP_LICENSE": "ICP备案号",
    "PSB_LICENSE": "公安备案号",
    "SITE_ID_CODE": "网站标识码",
    "GOV_MARK_URL": "党政机关网站标识",
    "ERROR_REPORT_URL": "我要纠错",
}


def error_report_link(settings: dict) -> str:
    """我要纠错: the site's own address, else the national form for its 网站标识码, else ""."""
    own = settings.get("ERROR_REPORT_URL", "")
    code = settings.get("SITE_ID_CODE", "")
    return own or (NATIONAL_ERROR_FORM.format(code) if code else "")


def empty_identity(settings_file: str, settings: dict) -> list[Problem]:
    """A warning per identity field left empty: the footer then lacks that line."""
    found = []
    for name, label in IDENTITY_FIELDS.items():
        if name == "ERROR_REPORT_URL" and error_report_link(settings):
            continue  # the national form for SITE_ID_CODE stands in for it
        if not settings.get(name):
            fix = "取得正式的值后在 pelicanconf.py 中填写（不要填写猜测的号码）"
            if name == "ERROR_REPORT_URL":
                fix = "填写本站的纠错地址，或填好 SITE_ID_CODE（即用全国政府网站找错表单）"
            found.append(Problem(settings_file, name, f"{label}为空，页面不显示这一项", fix))
    return found


def base_url(settings: dict) -> str:
    siteurl = settings.get("SITEURL", "")
    base = siteurl if urlsplit(siteurl).scheme in ("http", "https") else settings["FEED_DOMAIN"]
    return base.rstrip("/")


def public_url(base: str, path: str) -> str:
    """``units/x/index.html`` or ``units/x/`` → ``<base>/units/x/``."""
    path = path.removesuffix("index.html")
    return f"{base}/{path}"


def _check(settings: dict) -> list[Problem]:
    found = []
    mark = settings.get("GOV_MARK_URL", "")
    if mark and (
        urlsplit(mark).scheme not in ("http", "https") or urlsplit(mark).hostname not in CONAC_HOSTS
    ):
        found.append(
            Problem(
                "pelicanconf.py",
                "GOV_MARK_URL",
                f"“{mark}”不是党政机关网站标识的地址",
                "填写开办单位在 bszs.conac.cn 上的标识链接，或留空",
            )
        )
    psb = settings.get("PSB_LICENSE", "")
    if psb and not DIGITS.search(psb):
        found.append(
            Problem(
                "pelicanconf.py",
                "PSB_LICENSE",
                f"“{psb}”中没有备案编号",
                "写成 “宁公网安备 64020502XXXXXX号” 这样的形式（X 为编号），或留空",
            )
        )
    emblem = settings.get("SITE_EMBLEM", "")
    if emblem and (not emblem.endswith(".svg") or "//" in emblem or emblem.startswith("/")):
        found.append(
            Problem(
                "pelicanconf.py",
                "SITE_EMBLEM",
                f"“{emblem}”不是主题里的 SVG 文件",
                "把 SVG 放进 theme/static/images/，写成 “images/文件名.svg”，或留空",
            )
        )
    report = settings.get("ERROR_REPORT_URL", "")
    if report and urlsplit(report).scheme not in ("http", "https", "mailto"):
        found.append(
            Problem(
                "pelicanconf.py",
                "ERROR_REPORT_URL",
                f"“{report}”不是网址",
                "写成 https://… 或 mailto:邮箱 这样的地址，或留空（用全国政府网站找错表单）",
            )
        )
    return found


def configure(pelican) -> None:
    """At ``initialized``: add the facts above to the settings, hence to every template."""
    settings = pelican.settings
    found = _check(settings)
    if found:
        raise ColumnError(found)
    base = base_url(settings)
    settings["SITE_BASE_URL"] = base
    settings["SITE_DOMAIN"] = urlsplit(base).netloc
    settings["ICP_LICENSE_URL"] = MIIT_BEIAN_URL
    psb = settings.get("PSB_LICENSE", "")
    settings["PSB_LICENSE_URL"] = MPS_BEIAN_URL.format("".join(DIGITS.findall(psb)))
    settings["ERROR_REPORT_LINK"] = error_report_link(settings)
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        # a partial, not a lambda: Pelican's content cache pickles the settings
        "public_url": partial(public_url, base),
        "qr_code": qr_svg,
    }


def add_public_urls(generator) -> None:
    """At ``article_generator_finalized``: ``article.public_url``, for links and QR codes."""
    base = generator.settings["SITE_BASE_URL"]
    for article in generator.articles:
        article.public_url = public_url(base, article.url)


def configure_jinja(generator) -> None:
    """At ``generator_init``: ``tojson`` keeps sorted keys and its HTML escaping of ``<>&'``."""
    generator.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
