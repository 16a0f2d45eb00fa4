"""Serve a built site over HTTP on 127.0.0.1, in a thread, for the browser tests.

This is the stand-in until the site's nginx configuration exists: it serves files the way
the production server will (a folder URL serves its ``index.html``, a folder without its
trailing slash redirects, a missing URL gets ``404.html`` with status 404 when the site
has one). To run the browser tests against nginx instead, replace the ``served`` fixture
in ``conftest.py`` with one that starts nginx and yields an object with the same
``base_url``, ``root`` and ``url()``.
"""

from __future__ import annotations

import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Static files from one folder; quiet; the site's own 404 page for missing files."""

    def log_message(self, format, *args):
        pass  # a test reports what failed; an access log per request is noise

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class StaticSite:
    """A folder served at ``base_url`` until ``close()``."""

    def __init__(self, root: Path):
        self.root = Path(root)
        handler = partial(SiteRequestHandler, directory=str(self.root))
        self._server = ThreadingHTTPServer((HOST, 0), handler)
        self._server.daemon_threads = True
        self.base_url = f"http://{HOST}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return self.base_url + "/" + path.lstrip("/")

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> StaticSite:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
