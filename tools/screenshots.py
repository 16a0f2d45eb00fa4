"""Screenshots of the built site in headless Chromium, for checking the theme by eye.

``make screenshots`` builds the site, serves ``output/`` on a free local port and saves
full-page PNGs of every page type (landing, article, unit, theme, the unit and theme indexes,
archive, statistics, search with results, 订阅, 404) at 320, 390, 768 and 1280 px, in the
normal view and in 关怀模式, into ``screenshots/`` (not committed), named
``<page>-<width>[-care].png``. A page type the site does not have (no such unit yet) is
skipped with a note. Uses Debian's Chromium (/usr/bin/chromium); never downloads a browser.
"""

from __future__ import annotations

import argparse
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.chromium import launch

PAGES = {
    "landing": "",
    "article": "articles/huinong-tuanwei-sige-qianghua/",
    "unit": "units/huinong-tuanwei/",
    "theme": "topics/jiang-zhengzhi/",
    "units": "units/",
    "themes": "topics/",
    "archive": "archives/",
    "stats": "stats/",
    "search": "search/?q=志愿服务",
    "subscribe": "subscribe/",
    "404": "404.html",
}
WIDTHS = (320, 390, 768, 1280)
HEIGHTS = {320: 640, 390: 844, 768: 1024, 1280: 900}
# site.js reads the reader's choice from localStorage before the page is shown.
# (about:blank, where init scripts also run, has no storage)
CARE_MODE = "try { localStorage.setItem('hnqf:care-mode', 'on') } catch (e) {}"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def take(site: Path, into: Path, widths=WIDTHS, pages=PAGES, browser=None) -> list[Path]:
    """Save the screenshots; ``browser``: a Chromium already running (the tests' own)."""
    into.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        if browser is not None:
            return _shoot(browser, base, into, widths, pages)
        with sync_playwright() as p:
            browser = launch(p)
            try:
                return _shoot(browser, base, into, widths, pages)
            finally:
                browser.close()
    finally:
        server.shutdown()


def _shoot(browser, base: str, into: Path, widths, pages) -> list[Path]:
    saved = []
    for width in widths:
        for care in (False, True):
            context = browser.new_context(
                viewport={"width": width, "height": HEIGHTS.get(width, 900)}, locale="zh-CN"
            )
            if care:
                context.add_init_script(CARE_MODE)
            page = context.new_page()
            for name, path in pages.items():
                response = page.goto(base + path)
                if response is None or not response.ok:
                    print(f"跳过 {name}：{base + path} 无法打开")
                    continue
                if name == "search":  # the results are drawn by search.js
                    page.wait_for_selector(".search-results li, .search-status")
                    page.wait_for_timeout(1500)
                target = into / f"{name}-{width}{'-care' if care else ''}.png"
                page.screenshot(path=target, full_page=True)
                saved.append(target)
            context.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description="网页截图 / screenshots of the built site")
    parser.add_argument("--site", default="output", help="构建好的网站目录")
    parser.add_argument("--into", default="screenshots", help="截图保存目录")
    parser.add_argument("--width", type=int, action="append", help="只截这些宽度（可重复）")
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="只截这些页面")
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in args.page} if args.page else PAGES
    for path in take(Path(args.site), Path(args.into), args.width or WIDTHS, pages):
        print(path)


if __name__ == "__main__":
    main()
