"""Per-article NLP in one call (pure): keywords candidates and summary.

``analyse`` is what the process pool runs and what the cache stores; its result
is plain JSON-able data.
"""

import hashlib
import json

from . import __version__
from .keywords import candidates
from .sentences import split_sentences
from .summarize import summarize
from .summary_weights import INTERCEPT, WEIGHTS

# Bump when the output of analyse() changes for the same input.
NLP_VERSION = 7


def sentences_of(paragraphs):
    return [s for p in paragraphs for s in split_sentences(p)]


def analyse(title, paragraphs, k=3, max_words=85):
    """Keyword candidates and summary sentence indices of one article."""
    sentences = sentences_of(paragraphs)
    cands = candidates(title, paragraphs)
    keywords = [c["form"] for c in cands[:10]]
    return {
        "sentences": sentences,
        "summary": summarize(sentences, title, keywords, k=k, max_words=max_words),
        "candidates": cands,
    }


def cache_key(title, paragraphs, k, max_words):
    """Hash of everything analyse() depends on: text, settings, code version and the summary model."""
    blob = json.dumps([title, paragraphs, k, max_words, NLP_VERSION, __version__, INTERCEPT, WEIGHTS],
                      ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
