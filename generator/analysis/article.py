"""Per-article NLP in one call (pure): keyword candidates and summary.

``analyse`` is what the process pool runs and what the cache stores; its result
is plain JSON-able data (:class:`~generator.analysis.records.Analysis`). The NLP
libraries (YAKE, scikit-learn, SciPy, sumy) are imported by ``analyse`` only, so
a build whose results are all cached never loads them.
"""

import hashlib
import json

from .. import __version__
from ..text.sentences import split_sentences, strip_dateline
from .records import Analysis, Candidate
from .summary_weights import INTERCEPT, WEIGHTS

# Defaults of the summary settings (DIGEST_SUMMARY_SENTENCES, DIGEST_SUMMARY_WORDS): three
# sentences, at most 85 words, which averages about 74 words on BBC news. Kept here, not in
# summarize.py, so that reading them does not load the NLP libraries.
SUMMARY_SENTENCES = 3
SUMMARY_WORDS = 85

# Bump when the output of analyse() changes for the same input.
NLP_VERSION = 13


def sentences_of(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in split_sentences(p)]


def summary_keywords(cands: list[Candidate]) -> list[str]:
    """The keywords the summariser weighs: the article's ten best candidates."""
    return [c["form"] for c in cands[:10]]


# Only the first this many words of an article are analysed: the lead of a news story
# carries its keywords and summary, and YAKE's cost grows with the text (a 5 MB file
# would take minutes). BBC articles average about 400 words; few pass 2,000.
ANALYSED_WORDS = 5000


def analysed_part(paragraphs: list[str], limit: int = ANALYSED_WORDS) -> list[str]:
    """The leading paragraphs holding the first ``limit`` words (a longer first paragraph is cut)."""
    kept, words = [], 0
    for para in paragraphs:
        n = len(para.split())
        if words + n > limit:
            if not kept:
                kept.append(" ".join(para.split()[:limit]))
            break
        kept.append(para)
        words += n
    return kept


def analyse(title: str, paragraphs: list[str], k: int = SUMMARY_SENTENCES, max_words: int = SUMMARY_WORDS) -> Analysis:
    """Keyword candidates and summary sentence indices of one article (of its first ANALYSED_WORDS words)."""
    from .keywords import candidates
    from .summarize import summarize
    from .terms import term_counts

    paragraphs = analysed_part(paragraphs)
    sentences = sentences_of(paragraphs)
    cands = candidates(title, paragraphs, sentences=sentences)
    return {
        "sentences": sentences,
        "summary": summarize(sentences, title, summary_keywords(cands), k=k, max_words=max_words),
        "candidates": cands,
        "terms": term_counts(title, paragraphs),
    }


def cache_key(title: str, paragraphs: list[str], k: int, max_words: int) -> str:
    """Hash of everything analyse() depends on: text, settings, code version and the summary model."""
    blob = json.dumps([title, paragraphs, k, max_words, NLP_VERSION, __version__, INTERCEPT, WEIGHTS],
                      ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def summary_text(sentences: list[str], indices: list[int]) -> str:
    """The summary as plain text (a dateline on the lead sentence is dropped)."""
    return " ".join(strip_dateline(sentences[i]) if i == 0 else sentences[i] for i in indices)
