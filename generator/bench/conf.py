"""The project's settings as the benchmark needs them: ``pelicanconf.py``'s values and the plugin's defaults.

The ``DIGEST_*`` defaults mirror ``generator.site.settings`` (which the benchmark may not
import); they come from the same pure modules, and a test checks that the two agree.
"""

import ast
import runpy
from pathlib import Path

from ..analysis.article import SUMMARY_SENTENCES, SUMMARY_WORDS
from ..corpus.tags import MAX_TAGS, MIN_RATIO, MIN_TAGS

ROOT = Path(__file__).resolve().parents[2]
PELICANCONF = ROOT / "pelicanconf.py"

DEFAULTS = {
    "DIGEST_EXTENSIONS": ["txt"],
    "DIGEST_FALLBACK_DATE": "2000-01-01",
    "DIGEST_MAX_TAGS": MAX_TAGS,
    "DIGEST_MIN_TAGS": MIN_TAGS,
    "DIGEST_TAG_MIN_RATIO": MIN_RATIO,
    "DIGEST_TAG_STOPLIST": [],
    "DIGEST_SUMMARY_SENTENCES": SUMMARY_SENTENCES,
    "DIGEST_SUMMARY_WORDS": SUMMARY_WORDS,
}


def load(path: Path = PELICANCONF) -> dict:
    """The upper-case values ``pelicanconf.py`` sets (a settings file is plain assignments)."""
    return {k: v for k, v in runpy.run_path(str(path)).items() if k.isupper()}


def get(conf: dict, name: str):
    return conf.get(name, DEFAULTS[name])


def tag_options(conf: dict) -> dict:
    """Keyword arguments of ``cut_tags``, as ``generator.site.settings.tag_options`` makes them."""
    max_tags = get(conf, "DIGEST_MAX_TAGS")
    return {"max_tags": max_tags, "min_tags": min(get(conf, "DIGEST_MIN_TAGS"), max_tags),
            "min_ratio": get(conf, "DIGEST_TAG_MIN_RATIO")}


def literal(value) -> bool:
    """Whether ``value`` can be written into a settings file as a Python literal."""
    try:
        return ast.literal_eval(repr(value)) == value
    except (ValueError, SyntaxError):
        return False
