"""Screenshots of the built site in headless Chromium, for checking the theme by eye.

``make screenshots`` builds the site, serves ``output/`` on a free local port and saves
full-page PNGs of the landing page, the seed article, a unit page and a theme page, each at
390 px (a phone) and 1280 px (a desktop), into ``screenshots/`` (not committed). Uses
Debian's Chromium (/usr/bin/chromium); never downloads a browser.
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
}
WIDTHS = (390, 1280)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def take(site: Path, into: Path) -> list[Path]:
    into.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    saved = []
    try:
        with sync_playwright() as p:
            browser = launch(p)
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 844}, locale="zh-CN")
                for name, path in PAGES.items():
                    response = page.goto(base + path)
                    if response is None or not response.ok:
                        raise SystemExit(f"{base + path}: 无法打开（请先 make html）")
                    target = into / f"{name}-{width}.png"
                    page.screenshot(path=target, full_page=True)
                    saved.append(target)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description="网页截图 / screenshots of the built site")
    parser.add_argument("--site", default="output", help="构建好的网站目录")
    parser.add_argument("--into", default="screenshots", help="截图保存目录")
    args = parser.parse_args()
    for path in take(Path(args.site), Path(args.into)):
        print(path)


if __name__ == "__main__":
    main()
