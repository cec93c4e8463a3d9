"""Extractive summaries for one article (pure: sentences in, chosen indices out).

Ranking combines what works on news: lead position, centrality (LexRank-style
degree over TF-IDF cosine similarity), overlap with the title and the article's
keywords, and length. Sentences that cannot stand alone (opening with an
unresolved pronoun or connective, quote fragments) are penalised, near-duplicates
are skipped, and the chosen sentences are returned in document order within a
word budget.
"""

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .sentences import strip_dateline

_DANGLING = re.compile(
    r"^[\"'“‘]?(?:he|she|it|they|them|his|her|its|their|this|that|these|those|there|"
    r"but|and|or|so|yet|also|however|meanwhile|still|instead|then|thus|hence|moreover|"
    r"furthermore|nevertheless|nonetheless|although|though|because|while|which|such|"
    r"i|we|you|me|us|our|my)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")

WEIGHTS = {"position": 1.0, "centrality": 1.0, "title": 0.6, "keywords": 0.6, "length": 0.3,
           "dangling": 1.2, "fragment": 1.0}


def words(text):
    return _WORD.findall(text)


def starts_dangling(sentence):
    """True when a sentence opens with a pronoun or connective it cannot resolve alone."""
    return bool(_DANGLING.match(sentence.strip()))


def _is_fragment(sentence):
    n = len(words(sentence))
    if n < 6:
        return True
    # A quote that is only a quote, or one that opens mid-thought.
    s = sentence.strip()
    return s[:1] in "\"“‘'" and s.rstrip()[-1:] in "\"”’'" and not re.search(r"\b(said|says|told)\b", s)


def _centrality(sentences):
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(sentences)
    except ValueError:  # only stopwords
        return np.zeros(len(sentences)), None
    sim = (matrix @ matrix.T).toarray()
    np.fill_diagonal(sim, 0.0)
    degree = sim.sum(axis=1)
    top = degree.max()
    return (degree / top if top > 0 else degree), sim


def _overlap(sentence_words, vocab):
    if not vocab or not sentence_words:
        return 0.0
    return len({w.lower() for w in sentence_words} & vocab) / len(vocab)


def rank_sentences(sentences, title="", keywords=(), weights=None):
    """Score every sentence; returns (scores, similarity matrix or None)."""
    w = {**WEIGHTS, **(weights or {})}
    n = len(sentences)
    centrality, sim = _centrality(sentences)
    title_vocab = {t.lower() for t in words(title)} - _STOP
    kw_vocab = {t.lower() for k in keywords for t in words(k)} - _STOP
    scores = []
    for i, sentence in enumerate(sentences):
        toks = words(sentence)
        position = 1.0 / (1.0 + i) if n > 1 else 1.0
        length = min(len(toks), 25) / 25.0
        s = (w["position"] * position + w["centrality"] * centrality[i]
             + w["title"] * _overlap(toks, title_vocab) + w["keywords"] * _overlap(toks, kw_vocab)
             + w["length"] * length)
        if starts_dangling(sentence) and i > 0:
            s -= w["dangling"]
        if _is_fragment(sentence):
            s -= w["fragment"]
        scores.append(s)
    return np.array(scores), sim


def summarize(sentences, title="", keywords=(), k=3, max_words=75, weights=None):
    """Indices of the summary sentences, in document order.

    At most ``k`` sentences and ``max_words`` words (the first choice is kept
    even when it alone is longer); near-duplicates of a chosen sentence are skipped.
    """
    if not sentences:
        return []
    scores, sim = rank_sentences(sentences, title, keywords, weights)
    chosen, used = [], 0
    for i in np.argsort(-scores, kind="stable"):
        i = int(i)
        n_words = len(words(sentences[i]))
        if chosen and used + n_words > max_words:
            continue
        if sim is not None and any(sim[i, j] > 0.6 for j in chosen):
            continue
        chosen.append(i)
        used += n_words
        if len(chosen) == k:
            break
    return sorted(chosen)


def summary_text(sentences, indices):
    """The summary as plain text (a dateline on the lead sentence is dropped)."""
    return " ".join(strip_dateline(sentences[i]) if i == 0 else sentences[i] for i in indices)


_STOP = frozenset(
    "a an the of in on at to for and or but is are was were be been by with as from that this it its".split()
)
