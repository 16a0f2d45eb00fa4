"""Debian's Chromium (``/usr/bin/chromium``) as every browser check and tool launches it.

Playwright for Python drives it through ``executable_path``; Playwright's own browser
downloads are never used. Lighthouse launches it itself, with ``flags()`` on its command line.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
LOOPBACK = "127.0.0.1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# No host name resolves but the loopback address: even a connection Chromium would open
# outside a request (a preconnect hint) cannot leave the machine.
LOOPBACK_ONLY = f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOOPBACK}"


def launch(playwright, *, loopback_only: bool = False):
    """A headless Chromium browser from a started ``sync_playwright()``."""
    args = [*ARGS, LOOPBACK_ONLY] if loopback_only else ARGS
    return playwright.chromium.launch(executable_path=CHROMIUM, args=args)
