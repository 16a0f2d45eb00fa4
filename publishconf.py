"""Production settings: absolute URLs and strict mode, where any warning fails the build.

Used by ``make publish`` (see README, 发布与部署). Everything not set here comes from
``pelicanconf.py``; the development-only values there (the local feed domain, relative URLs)
are replaced below.
"""

import os
import sys
from pathlib import Path

sys.path.append(os.path.dirname(__file__))
from huinong_column.publish import content_cache_path
from pelicanconf import *  # noqa: F403

# --- Publishing (issue 6) ---------------------------------------------------------------

# The public address of the site, without a trailing slash; it may have a path, as on
# GitHub Pages (https://owner.github.io/repo). Pages, feeds and checks all use it.
SITEURL = os.environ.get("SITEURL", "https://hnqf.example.org").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL  # feed entries link to absolute URLs on the public site
COLUMN_STRICT = True

# Pelican's reader cache, reused between publishes (CI keeps it between runs). Files are
# compared by SHA-256, not by time: a fresh checkout gives every file a new time. The folder
# is named after the plugin code and settings, so a change to them starts from cold.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha256"
CACHE_PATH = content_cache_path(
    os.environ.get("PELICAN_CACHE_PATH", str(HERE / "cache")),  # noqa: F405
    [HERE / "pelicanconf.py", Path(__file__), HERE / "requirements.txt"],  # noqa: F405
)

# The self-hosted server `make deploy` copies the published tree to with rsync over SSH:
# user@host:/srv/hnqf/site/ (or a local folder). Empty: deploying is refused.
DEPLOY_TARGET = os.environ.get("DEPLOY_TARGET", "")
DEPLOY_SSH_PORT = os.environ.get("DEPLOY_SSH_PORT", "22")
