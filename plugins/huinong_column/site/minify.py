"""The theme's stylesheet, minified in the output (rcssmin) at ``finalized``.

``theme/static/css/site.css`` stays readable, with its comments; readers get it without
comments and spaces, which keeps the article page (HTML, CSS and JS) within 30 KB.
Minifying is idempotent, so a stylesheet kept from an earlier build is left as it is; a
changed one is written to a new file renamed over the old, never rewritten in place (a file
of ``output/`` may be the previous build's very file).
"""

from __future__ import annotations

import os
from pathlib import Path

import rcssmin


def minify_css(pelican) -> None:
    """At ``finalized``: every ``.css`` under the theme's output folder, minified in place."""
    theme = Path(pelican.output_path) / pelican.settings.get("THEME_STATIC_DIR", "theme")
    for path in sorted(theme.rglob("*.css")):
        text = path.read_text("utf-8")
        small = rcssmin.cssmin(text)
        if small != text:
            fresh = path.with_name(f".{path.name}.min")
            fresh.write_text(small, encoding="utf-8")
            os.replace(fresh, path)
