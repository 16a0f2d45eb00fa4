"""Helpers for the theme's tests: extra settings for a synthetic site, a publish-like build."""

from __future__ import annotations

BASE = "https://hnqf.example.org"
# What publishconf.py changes for the pages: absolute URLs on the site's public address.
PUBLISH = {"SITEURL": BASE, "RELATIVE_URLS": False, "FEED_DOMAIN": BASE}
DEV_BASE = "http://127.0.0.1:8000"  # pelicanconf.py's FEED_DOMAIN: the development server

# Synthetic footer values: shaped like the real ones, never real numbers.
FOOTER = {
    "FOOTER_SPONSOR": "示例区纪委监委（测试）",
    "FOOTER_ORGANIZER": "示例区融媒体中心（测试）",
    "FOOTER_ADDRESS": "示例区示例路1号（测试）",
    "FOOTER_PHONE": "0000-0000000",
    "FOOTER_EMAIL": "jubao@example.org",
    "MAIN_SITE_NAME": "示例主站",
    "MAIN_SITE_URL": "https://hnqf.example.org/",
    "ICP_LICENSE": "测ICP备00000000号-1",
    "PSB_LICENSE": "测公网安备 12345678901234号",
    "SITE_ID_CODE": "0000000000",
    "GOV_MARK_URL": "https://bszs.conac.cn/sitename?method=show&id=TEST0000",
}
# 备案, 标识 and 我要纠错 (the national form for the 网站标识码): the only links off the site.
MANDATED_HOSTS = {"beian.miit.gov.cn", "beian.mps.gov.cn", "bszs.conac.cn", "zfwzzc.www.gov.cn"}


def configure(site, **settings) -> None:
    """Append settings to a synthetic site's settings file."""
    with site.settings.open("a", encoding="utf-8") as fh:
        for name, value in settings.items():
            fh.write(f"{name} = {value!r}\n")
