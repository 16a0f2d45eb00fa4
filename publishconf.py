"""Production settings: absolute URLs and strict mode, where any warning fails the build."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://hnqf.example.org")  # set SITEURL to deploy
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
COLUMN_STRICT = True
