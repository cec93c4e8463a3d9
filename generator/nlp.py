"""Per-article NLP in one call (pure): keywords candidates and summary.

``analyse`` is what the process pool runs and what the cache stores; its result
is plain JSON-able data. The NLP libraries (YAKE, scikit-learn, SciPy, sumy) are
imported by ``analyse`` only, so a build whose results are all cached never
loads them.
"""

import hashlib
import json
from html import escape

from . import __version__
from .sentences import split_sentences, strip_dateline
from .settings import DEFAULTS
from .summary_weights import INTERCEPT, WEIGHTS

SUMMARY_SENTENCES = DEFAULTS["DIGEST_SUMMARY_SENTENCES"]
SUMMARY_WORDS = DEFAULTS["DIGEST_SUMMARY_WORDS"]

# Bump when the output of analyse() changes for the same input.
NLP_VERSION = 7


def sentences_of(paragraphs):
    return [s for p in paragraphs for s in split_sentences(p)]


def summary_keywords(cands):
    """The keywords the summariser weighs: the article's ten best candidates."""
    return [c["form"] for c in cands[:10]]


def analyse(title, paragraphs, k=SUMMARY_SENTENCES, max_words=SUMMARY_WORDS):
    """Keyword candidates and summary sentence indices of one article."""
    from .keywords import candidates
    from .summarize import summarize

    sentences = sentences_of(paragraphs)
    cands = candidates(title, paragraphs)
    return {
        "sentences": sentences,
        "summary": summarize(sentences, title, summary_keywords(cands), k=k, max_words=max_words),
        "candidates": cands,
    }


def cache_key(title, paragraphs, k, max_words):
    """Hash of everything analyse() depends on: text, settings, code version and the summary model."""
    blob = json.dumps([title, paragraphs, k, max_words, NLP_VERSION, __version__, INTERCEPT, WEIGHTS],
                      ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def summary_text(sentences, indices):
    """The summary as plain text (a dateline on the lead sentence is dropped)."""
    return " ".join(strip_dateline(sentences[i]) if i == 0 else sentences[i] for i in indices)


def summary_html(result):
    """An :func:`analyse` result's summary as escaped HTML, or "" when it has none."""
    if not result["summary"]:
        return ""
    return f"<p>{escape(summary_text(result['sentences'], result['summary']))}</p>"
