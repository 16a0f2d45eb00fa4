"""Site-wide facts for the theme's head and footer, computed once from the settings.

* ``SITE_BASE_URL``: where readers reach the site, for canonical links, Open Graph, JSON-LD
  and QR codes. It is ``SITEURL`` when that is absolute (``publishconf.py``), else the
  development server's address in ``FEED_DOMAIN``: under ``RELATIVE_URLS`` templates see a
  relative ``SITEURL``, which cannot be shared. ``SITE_DOMAIN`` is its host.
* The footer's mandated links: the ICP 备案号 to the MIIT 备案 site, the 公安备案号 to the
  MPS query for its number, and the 党政机关网站标识 link, which must point at conac.cn.
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
DIGITS = re.compile(r"\d+")


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
