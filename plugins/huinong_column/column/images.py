"""Every image needs alt text: one warning per image without it, naming the file and the fix.

Pelican's own warning (``Empty alt attribute…``) names an absolute path, in English, and
stops after five images; ``pelicanconf.py`` filters it out (``LOG_FILTER``) in favour of
this one. A warning fails the build in strict mode (``--strict``, ``publishconf.py``).
"""

from __future__ import annotations

import logging
import re
from html import unescape

from .errors import Problem
from .reader import display_path

log = logging.getLogger(__name__)

IMG = re.compile(r"<img\b[^>]*>", re.I)
SRC = re.compile(r'\bsrc="([^"]*)"', re.I)
ALT = re.compile(r'\balt="([^"]*)"', re.I)


def images_without_alt(html: str) -> list[str]:
    """The ``src`` of every ``<img>`` whose alt text is missing or blank."""
    missing = []
    for tag in IMG.findall(html):
        alt = ALT.search(tag)
        if not alt or not unescape(alt.group(1)).strip():
            src = SRC.search(tag)
            missing.append(unescape(src.group(1)) if src else "")
    return missing


def check_alt_text(content) -> None:
    """At ``content_object_init``: warn about each image of an article or page without alt."""
    html = getattr(content, "_content", "") or ""
    if "<img" not in html and "<IMG" not in html:
        return
    path = display_path(content.source_path)
    for src in images_without_alt(html):
        problem = Problem(
            path,
            "图片",
            f"图片 {src} 没有替代文字（alt），读屏软件无法向视障读者说明它",
            f"在方括号里写上图片内容，如 ![青年志愿者在社区服务]({src})",
        )
        log.warning("%s", problem)
