"""The theme's stylesheet and scripts, minified in the output at ``finalized``.

``theme/static/`` stays readable, with its comments; readers get the CSS through rcssmin and
the JavaScript through rjsmin (template literals kept as written), which keeps the article
page (HTML, CSS and JS) within 30 KB. Minifying is idempotent, so a file kept from an
earlier build is left as it is; a changed one is written to a new file renamed over the old,
never rewritten in place (a file of ``output/`` may be the previous build's very file).
"""

from __future__ import annotations

import os
from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = (("*.css", rcssmin.cssmin), ("*.js", rjsmin.jsmin))


def minify_theme(pelican) -> None:
    """At ``finalized``: every ``.css`` and ``.js`` under the theme's output folder."""
    theme = Path(pelican.output_path) / pelican.settings.get("THEME_STATIC_DIR", "theme")
    for pattern, minify in MINIFIERS:
        for path in sorted(theme.rglob(pattern)):
            text = path.read_text("utf-8")
            small = minify(text)
            if small != text:
                fresh = path.with_name(f".{path.name}.min")
                fresh.write_text(small, encoding="utf-8")
                os.replace(fresh, path)
