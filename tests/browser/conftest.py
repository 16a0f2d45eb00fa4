"""Fixtures for the browser tests: the built site, nginx serving it, guarded pages.

The pages are served as readers get them: ``huinong publish`` of the browser corpus, served
by Debian's nginx with the repository's config (``tests/nginx_support.py``), and read by
Debian's Chromium (the ``chromium`` fixture of ``tests/conftest.py``). Every page a test
opens is watched: a request for anything not on 127.0.0.1 is blocked and fails the test,
and so does a script error or an error in the browser console (a missing stylesheet, say).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from nginx_support import HOST, Nginx, free_port

from .corpus import BrowserSite, build_browser_site


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory) -> BrowserSite:
    """The real content plus the synthetic corpus, built once per test process."""
    return build_browser_site(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="session")
def served(browser_site, tmp_path_factory) -> Nginx:
    """The browser site, published for and served by nginx on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("browser-nginx")
    port = free_port()
    root = browser_site.publish(folder / "public", f"http://{HOST}:{port}")
    with Nginx(root, folder / "prefix", port) as server:
        yield server


class Guard:
    """What the pages of one test tried to do that a reader's browser must never see."""

    def __init__(self):
        self.offsite: list[str] = []  # requests for anything not on 127.0.0.1
        self.errors: list[str] = []  # script errors and console errors

    def watch(self, context) -> None:
        context.route("**/*", self._route)
        context.on("page", self._watch_page)

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == HOST:
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort("blockedbyclient")

    def _watch_page(self, page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda msg: msg.type == "error" and self.errors.append(f"{page.url}: {msg.text}"),
        )

    def problems(self) -> list[str]:
        return [f"request left {HOST}: {url}" for url in self.offsite] + self.errors


@pytest.fixture
def guard() -> Guard:
    return Guard()


@pytest.fixture
def new_context(chromium, served, guard):
    """Make browser contexts (viewport, JavaScript…) whose pages are guarded."""
    contexts = []

    def make(**options):
        context = chromium.new_context(base_url=served.base_url, **options)
        guard.watch(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not guard.problems(), "\n".join(guard.problems())


@pytest.fixture
def page(new_context):
    return new_context().new_page()


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def phone_page(new_context):
    """A page the size of a common phone (390×844 CSS pixels), with touch."""
    return new_context(**PHONE).new_page()
