"""The project's settings as the benchmark needs them: ``pelicanconf.py``'s values and the plugin's defaults.

The ``DIGEST_*`` defaults the benchmark needs come from the pure modules that own them, as
``generator.site.settings`` (which the benchmark may not import) takes them; a test checks the two agree.
"""

import ast
import runpy
from pathlib import Path

from ..analysis.article import SUMMARY_SENTENCES, SUMMARY_WORDS
from ..corpus.tags import MAX_TAGS, MIN_RATIO, MIN_TAGS, cut_options
from ..text.parse import FALLBACK_DATE, RAW_EXTENSIONS

ROOT = Path(__file__).resolve().parents[2]
PELICANCONF = ROOT / "pelicanconf.py"

DEFAULTS = {
    "DIGEST_EXTENSIONS": list(RAW_EXTENSIONS),
    "DIGEST_FALLBACK_DATE": FALLBACK_DATE,
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
    return cut_options(get(conf, "DIGEST_MAX_TAGS"), get(conf, "DIGEST_MIN_TAGS"), get(conf, "DIGEST_TAG_MIN_RATIO"))


def literal(value) -> bool:
    """Whether ``value`` can be written into a settings file as a Python literal."""
    try:
        return ast.literal_eval(repr(value)) == value
    except (ValueError, SyntaxError):
        return False
