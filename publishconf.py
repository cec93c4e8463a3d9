"""Settings for publishing: absolute URLs from SITEURL (a GitHub Pages sub-path works)."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The Pages workflow passes the site's URL, e.g. https://user.github.io/repo
SITEURL = os.environ.get("SITEURL", "https://example.github.io/news-digest").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# A deployed site must not ship a search page without its index.
DIGEST_SEARCH = "required"
