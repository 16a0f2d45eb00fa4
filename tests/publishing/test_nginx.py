"""The repository's nginx config serving a published tree of the real content, for real.

The README's publish command builds ``content/`` with ``publishconf.py`` into a temporary
folder; Debian's nginx (a child process with its own prefix, on 127.0.0.1 and a free port)
serves it with ``deploy/nginx/hnqf.conf``, of which only ``listen`` and ``root`` change.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, run_publish
from nginx_support import Nginx, free_port

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}
SHORT = "public, max-age=300"
LONG = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    published = run_publish(
        REPO / "publishconf.py", folder / "site", env={"SITEURL": f"http://127.0.0.1:{port}"}
    )
    assert published.returncode == 0, published.stderr
    root = published.output  # the symlink, as on a server after `make publish`
    assert (root / "404.html").is_file()
    with Nginx(root, folder / "prefix", port) as server:
        yield server


def assert_security_headers(headers):
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    assert "camera=()" in headers["permissions-policy"]
    policy = csp(headers)
    assert policy["default-src"] == ["'self'"]
    for directive in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def csp(headers) -> dict[str, list[str]]:
    directives = [d.split() for d in headers["content-security-policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def test_every_page_is_served_with_security_headers_and_a_short_cache(server):
    pages = server.pages()
    assert "/" in pages and "/articles/huinong-tuanwei-sige-qianghua/" in pages
    for path in pages:
        status, headers, _ = server.get(path)
        assert status == 200, path
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["cache-control"] == SHORT
        assert_security_headers(headers)


def test_every_link_and_asset_in_every_page_is_served(server):
    checked = set()
    for path in server.pages():
        _, _, body = server.get(path)
        soup = BeautifulSoup(body, "html.parser")
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            url = urljoin(server.base_url + path, tag.get("href") or tag.get("src"))
            parts = urlsplit(url)
            if parts.netloc != f"127.0.0.1:{server.port}" or parts.path in checked:
                continue
            checked.add(parts.path)
            status, _, _ = server.get(parts.path)
            assert status == 200, (path, url)
    assert any(p.endswith(".css") for p in checked) and any("atom.xml" in p for p in checked)


def test_fingerprinted_stylesheets_are_cached_for_a_year(server):
    _, _, body = server.get("/")
    sheets = BeautifulSoup(body, "html.parser").select('link[rel="stylesheet"]')
    assert sheets
    for link in sheets:
        path = urlsplit(link["href"]).path
        assert re.search(r"\.[0-9a-f]{10}\.css$", path)
        status, headers, _ = server.get(path)
        assert status == 200
        assert headers["cache-control"] == LONG
        assert headers["content-type"] == "text/css; charset=utf-8"
        assert_security_headers(headers)


@pytest.mark.parametrize(
    "accept, encoding, suffix",
    [("br", "br", ".br"), ("gzip", "gzip", ".gz"), ("gzip, deflate, br", "br", ".br")],
)
def test_precompressed_files_are_served_as_they_are(server, accept, encoding, suffix):
    _, _, body = server.get("/")
    sheet = BeautifulSoup(body, "html.parser").select_one('link[rel="stylesheet"]')["href"]
    article = "articles/huinong-tuanwei-sige-qianghua/"
    for path, file in [
        ("/", "index.html"),
        (f"/{article}", f"{article}index.html"),
        (urlsplit(sheet).path, urlsplit(sheet).path.lstrip("/")),
        ("/feeds/all.atom.xml", "feeds/all.atom.xml"),
    ]:
        status, headers, body = server.get(path, accept)
        assert status == 200, path
        assert headers["content-encoding"] == encoding, path
        assert body == (server.root / (file + suffix)).read_bytes(), path
        assert "Accept-Encoding" in headers["vary"]

        status, headers, body = server.get(path)  # a client that takes no compression
        assert "content-encoding" not in headers
        assert body == (server.root / file).read_bytes()


def test_feeds_are_served_as_atom(server):
    status, headers, body = server.get("/feeds/all.atom.xml")
    assert status == 200
    assert headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(body)
    assert not parsed.bozo and parsed.entries
    assert parsed.entries[0].link.startswith(server.base_url + "/articles/")


@pytest.mark.parametrize("path", ["/no-such-page/", "/articles/no-such-article/", "/404.html"])
def test_a_missing_page_gets_the_sites_404_page(server, path):
    status, headers, body = server.get(path)
    assert status == 404
    assert body == (server.root / "404.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert_security_headers(headers)


@pytest.mark.parametrize("path", ["/theme/", "/theme/css/", "/feeds/"])
def test_folders_are_never_listed(server, path):
    status, _, body = server.get(path)
    assert status == 404
    assert body == (server.root / "404.html").read_bytes()


@pytest.mark.parametrize("path", ["/.secret", "/.hidden/atom.xml", "/feeds/.atom.xml"])
def test_dot_files_are_not_served(server, path):
    secret = server.root / path.lstrip("/")
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("不应公开", encoding="utf-8")
    status, _, body = server.get(path)
    assert status == 404 and "不应公开".encode() not in body


def test_https_is_required_once_served_over_https(server):
    for path in ("/", "/no-such-page/"):
        _, headers, _ = server.get(path)
        assert headers["strict-transport-security"] == "max-age=31536000"


def test_not_found_is_cached_briefly(server):
    status, headers, _ = server.get("/articles/not-yet-published/")
    assert status == 404 and headers["cache-control"] == "public, max-age=60"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_pages_own_scripts_and_styles_pass_its_csp(server):
    """No inline code runs unless the policy names its hash; data blocks (JSON-LD) are fine."""
    for path in [*server.pages(), "/no-such-page/"]:
        _, headers, body = server.get(path)
        policy = csp(headers)
        scripts = policy.get("script-src", policy["default-src"])
        styles = policy.get("style-src", policy["default-src"])
        soup = BeautifulSoup(body, "html.parser")
        for script in soup.find_all("script"):
            if script.get("src"):
                assert urlsplit(urljoin(server.base_url + path, script["src"])).netloc == (
                    f"127.0.0.1:{server.port}"
                ), (path, script["src"])
            elif script.get("type") != "application/ld+json":
                assert _sha256(script.string or "") in scripts, (path, str(script)[:80])
        for style in soup.find_all("style"):
            assert _sha256(style.string or "") in styles, (path, str(style)[:80])
        for tag in soup.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not handlers, (path, tag.name, handlers)
            assert "style" not in tag.attrs, (path, str(tag)[:80])
            for name in ("href", "src", "action"):
                value = str(tag.get(name, "")).strip().lower()
                assert not value.startswith("javascript:"), (path, str(tag)[:80])
