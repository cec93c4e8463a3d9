"""YAKE's phrase ranking (n <= 3) and its single-word ranking from one pass over the text.

The keyword ranking wants both: YAKE with n=3 for phrases and YAKE with n=1 (its
best setting on news) for single words. Running the extractor twice tokenises and
scores the text twice. A single word's score in YAKE depends only on its own term
features and frequency, never on ``n`` (the co-occurrence window is its own
setting), so the n=1 ranking is the one-word candidates of the n=3 pass, deduplicated
among themselves exactly as ``KeywordExtractor.extract_keywords`` does.
``tests/test_keywords.py`` checks this against two real extractor runs.
"""

from functools import lru_cache

import yake
from yake.data import DataCore

NGRAMS = 3
DEDUP_LIMIT = 0.9  # YAKE's own default


@lru_cache(maxsize=1)
def _extractor():
    # Holds YAKE's configuration, stopword set and dedup function (loaded once per process).
    return yake.KeywordExtractor(lan="en", n=NGRAMS, dedup_lim=DEDUP_LIMIT)


def _dedup(candidates, extractor, top):
    """YAKE's classic deduplication: keep a candidate unless it is too similar to one kept."""
    kept = []
    for cand in candidates:
        if all(extractor.dedup_function(cand.unique_kw, k.unique_kw) <= DEDUP_LIMIT for k in kept):
            kept.append(cand)
            if len(kept) == top:
                break
    return [(c.kw, c.h) for c in kept]


def rank(text: str, top: int) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(phrases, words): YAKE's top ``top`` keyphrases (n <= 3) and top ``top`` single words, best first."""
    if not text or not text.strip():
        return [], []
    extractor = _extractor()
    core = DataCore(text=text.replace("\n", " "), stopword_set=extractor.stopword_set,
                    config={"windows_size": extractor.config["window_size"], "n": NGRAMS})
    core.build_single_terms_features(features=extractor.config["features"])
    core.build_mult_terms_features(features=extractor.config["features"])
    ranked = sorted((c for c in core.candidates.values() if c.is_valid()), key=lambda c: c.h)
    return _dedup(ranked, extractor, top), _dedup([c for c in ranked if c.size == 1], extractor, top)
