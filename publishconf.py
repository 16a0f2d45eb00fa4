"""Production settings: absolute URLs and strict mode, where any warning fails the build.

Used by ``make publish`` (see docs/deploy.md). Everything not set here comes from
``pelicanconf.py``; the development-only values there (the local feed domain, relative URLs)
are replaced below.
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

# --- Publishing (issue 6) ---------------------------------------------------------------

# The public address of the site, without a trailing slash; it may have a path, as on
# GitHub Pages (https://owner.github.io/repo). Pages, feeds and checks all use it. No default:
# `make publish` refuses to run until it is set (SITEURL=https://… make publish).
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL  # feed entries link to absolute URLs on the public site
COLUMN_STRICT = True
COLUMN_EDITORIAL_MARKS = False  # readers never see 推定日期/待核实/推断 (pelicanconf.py)
# A draft (Status: draft: an undated import, an article held back) is previewed by the
# editors in the development build only; the published site has no page for it.
DRAFT_URL = ""
DRAFT_SAVE_AS = ""

# The column's content cache (pelicanconf.py, CACHE_PATH) is reused between publishes; CI
# keeps it between runs. It is keyed by each file's bytes, not its time, and named after the
# code that converts Markdown, so a fresh checkout reuses it and a code change starts cold.

# The self-hosted server `make deploy` copies the published tree to with rsync over SSH:
# user@host:/srv/hnqf/site/ (or a local folder). Empty: deploying is refused.
DEPLOY_TARGET = os.environ.get("DEPLOY_TARGET", "")
DEPLOY_SSH_PORT = os.environ.get("DEPLOY_SSH_PORT", "22")
