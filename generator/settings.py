"""The plugin's settings: one prefix (``DIGEST_``), one place, one default each.

The README lists every setting; keep the two in step.
"""

DEFAULTS = {
    # Folders of raw .txt articles, relative to PATH or absolute.
    "DIGEST_SOURCES": ["seeds"],
    # File extensions the raw reader claims.
    "DIGEST_EXTENSIONS": ["txt"],
    # Date given to articles with no Date header and no date in the file name
    # (ISO 8601). Fixed, so that builds never depend on file times.
    "DIGEST_FALLBACK_DATE": "2000-01-01",
    # Tags per article (after the corpus pass) and the minimum kept when the
    # article has enough candidates.
    "DIGEST_MAX_TAGS": 8,
    "DIGEST_MIN_TAGS": 3,
    # In corpora of 100+ articles, tags past the minimum must score at least this
    # share of the article's best tag (weak tail tags link unrelated articles).
    "DIGEST_TAG_MIN_RATIO": 0.7,
    # Tags never to use (case-insensitive display names or slugs).
    "DIGEST_TAG_STOPLIST": [],
    # Summary: number of sentences and word budget.
    "DIGEST_SUMMARY_SENTENCES": 3,
    "DIGEST_SUMMARY_WORDS": 85,
    # Related articles shown under "More on these tags".
    "DIGEST_RELATED_COUNT": 5,
    # Cache of per-article NLP results (relative to the project root or absolute);
    # None or "" turns caching off.
    "DIGEST_CACHE_PATH": "cache",
    # Worker processes for the NLP pass; 0 means one per CPU.
    "DIGEST_WORKERS": 0,
    # Pagefind search of the stories: True builds the index (a failure is a
    # warning), False drops the search page, "required" fails the build when the
    # index cannot be built (publishconf.py: never deploy a search without one).
    "DIGEST_SEARCH": True,
}


def get(settings, name):
    """Return the setting ``name`` from a Pelican settings dict, or its default."""
    return settings.get(name, DEFAULTS[name])


def tag_options(settings):
    """Keyword arguments of :func:`generator.tags.cut_tags` from the settings."""
    return {"max_tags": get(settings, "DIGEST_MAX_TAGS"), "min_tags": get(settings, "DIGEST_MIN_TAGS"),
            "min_ratio": get(settings, "DIGEST_TAG_MIN_RATIO")}
