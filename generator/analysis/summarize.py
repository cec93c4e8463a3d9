"""Extractive summaries for one article (pure: sentences in, chosen indices out).

Each sentence gets features that work on news: lead position, length, word
frequency, centrality (TextRank over word-overlap similarity, sumy's TextRank,
and LexRank-style degree over TF-IDF cosine), overlap with the title and the article's keywords,
and how those centralities rank within the article. A logistic model fitted on
reference summaries (``python -m generator.eval fit-summary``; weights in
``summary_weights.py``) turns them into the probability that a sentence belongs
in a summary.

The summary is then the set of at most ``k`` sentences, under the word budget,
with the most expected summary words (probability x length): an exact search over
the best candidates, which beats a greedy pick when the budget binds. It never
opens with a pronoun or connective, never uses a quote fragment, and never holds
two near-duplicates; a later sentence that leans on the one before it is
discounted unless that one is chosen too. The result is in document order.
"""

import itertools
import math
import re
from collections import Counter

import networkx as nx
import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..text.sentences import starts_dangling
from .article import SUMMARY_SENTENCES, SUMMARY_WORDS
from .summary_weights import INTERCEPT, WEIGHTS
from .sumy_rank import textrank_ratings

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")

# Feature names, in the column order of sentence_features().
FEATURES = (
    "position", "relative_position", "lead", "length", "log_length", "frequency_sum", "frequency_mean",
    "degree", "textrank", "title_overlap", "keyword_overlap", "quote", "dangling", "short",
    "textrank_rank", "degree_rank", "frequency_mean_rank", "log_sentences", "sumy_textrank", "sumy_textrank_rank",
)
NEAR_DUPLICATE = 0.6  # TF-IDF cosine above which two sentences say the same thing
CANDIDATES = 12  # sentences considered by the exact search (by expected words)
LEANING = 0.85  # gain kept by a dangling sentence that does not follow the one it leans on


def words(text):
    return _WORD.findall(text)


def is_fragment(sentence):
    """Too short to stand alone, or a bare quotation with no speaker."""
    if len(words(sentence)) < 6:
        return True
    s = sentence.strip()
    return s[:1] in "\"“‘'" and s.rstrip()[-1:] in "\"”’'" and not re.search(r"\b(said|says|told)\b", s)


def _content(sentence):
    return [w for w in (t.lower() for t in words(sentence)) if w not in ENGLISH_STOP_WORDS]


def _tfidf_similarity(sentences):
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(sentences)
    except ValueError:  # only stopwords
        return np.zeros((len(sentences), len(sentences)))
    sim = (matrix @ matrix.T).toarray()
    np.fill_diagonal(sim, 0.0)
    return sim


def _textrank(content):
    """PageRank over TextRank's similarity (shared words / sum of log lengths), scaled so the mean is 1."""
    n = len(content)
    sets = [set(c) for c in content]
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for i, j in itertools.combinations(range(n), 2):
        if len(sets[i]) > 1 and len(sets[j]) > 1:
            shared = len(sets[i] & sets[j])
            if shared:
                graph.add_edge(i, j, weight=shared / (math.log(len(sets[i])) + math.log(len(sets[j]))))
    if not graph.number_of_edges():
        return np.ones(n)
    ranks = nx.pagerank(graph, max_iter=500)
    return np.array([ranks[i] for i in range(n)]) * n


def _unit(values):
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else values


def average_ranks(values) -> np.ndarray:
    """1-based ranks, tied values sharing their average rank: ``scipy.stats.rankdata``'s default.
    Not imported from scipy.stats, which takes 1.5 s to import: paid by every NLP worker, and by
    a rebuild that analyses one changed article."""
    a = np.asarray(values, dtype=float)
    order = np.argsort(a, kind="stable")
    ordered = a[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]  # where each run of equal values begins
    first = np.flatnonzero(starts)
    sizes = np.diff(np.r_[first, len(a)])
    ranks = np.empty(len(a))
    ranks[order] = (first + (sizes + 1) / 2.0)[np.cumsum(starts) - 1]
    return ranks


def _percentile(values):
    n = len(values)
    return (average_ranks(values) - 1) / (n - 1) if n > 1 else np.ones(n)


def _share(tokens, vocab):
    return len(set(tokens) & vocab) / len(vocab) if vocab else 0.0


def sentence_features(sentences, title="", keywords=()):
    """(features matrix with FEATURES columns, TF-IDF similarity matrix) for an article's sentences."""
    n = len(sentences)
    tokens = [[t.lower() for t in words(s)] for s in sentences]
    content = [_content(s) for s in sentences]
    freq = Counter(w for c in content for w in c)
    freq_sum = np.array([sum(freq[w] for w in c) for c in content], dtype=float)
    freq_mean = np.array([sum(freq[w] for w in c) / max(1, len(c)) for c in content], dtype=float)
    sim = _tfidf_similarity(sentences)
    degree = sim.sum(axis=1)
    textrank = _textrank(content)
    # sumy's TextRank (stemmed word counts, self-similarity kept) favours long central
    # sentences; it adds to ours rather than repeating it.
    sumy_textrank = np.array(textrank_ratings(sentences)) * n
    title_vocab = set(_content(title))
    kw_vocab = {w for k in keywords for w in _content(k)}
    lengths = np.array([len(t) for t in tokens], dtype=float)
    position = np.arange(n, dtype=float)
    columns = {
        "position": 1.0 / (1 + position),
        "relative_position": position / max(1, n - 1),
        "lead": position == 0,
        "length": np.minimum(lengths, 60) / 30,
        "log_length": np.log1p(lengths),
        "frequency_sum": _unit(freq_sum),
        "frequency_mean": _unit(freq_mean),
        "degree": _unit(degree),
        "textrank": textrank,
        "title_overlap": [_share(t, title_vocab) for t in tokens],
        "keyword_overlap": [_share(t, kw_vocab) for t in tokens],
        "quote": [bool(re.search(r"[\"“”]", s)) for s in sentences],
        "dangling": [starts_dangling(s) for s in sentences],
        "short": lengths < 8,
        "textrank_rank": _percentile(textrank),
        "degree_rank": _percentile(degree),
        "frequency_mean_rank": _percentile(freq_mean),
        "log_sentences": np.full(n, math.log(n)),
        "sumy_textrank": sumy_textrank,
        "sumy_textrank_rank": _percentile(sumy_textrank),
    }
    x = np.column_stack([np.asarray(columns[name], dtype=float) for name in FEATURES])
    return x, sim


def sentence_probabilities(features, weights=None, intercept=None):
    """Probability that each sentence belongs in a summary, from the fitted logistic model."""
    w = {**WEIGHTS, **(weights or {})}
    z = features @ np.array([w[name] for name in FEATURES]) + (INTERCEPT if intercept is None else intercept)
    return 1.0 / (1.0 + np.exp(-z))


def _opens_well(combo, dangling):
    """The summary's first sentence stands alone."""
    return not dangling[combo[0]]


def summarize(sentences, title="", keywords=(), k=SUMMARY_SENTENCES,
              max_words=SUMMARY_WORDS, weights=None, intercept=None):
    """Indices of the summary sentences, in document order.

    At most ``k`` sentences and ``max_words`` words. When no readable sentence
    fits the budget, the shortest readable one is used alone; an article with no
    readable sentence at all is summarised by its first real sentence.
    ``weights``/``intercept`` override the fitted model (for held-out evaluation).
    """
    lengths = np.array([len(words(s)) for s in sentences])
    if k < 1 or not lengths.any():
        return []
    features, sim = sentence_features(sentences, title, keywords)
    dangling = [starts_dangling(s) for s in sentences]
    gain = sentence_probabilities(features, weights, intercept) * lengths
    # Quote fragments and empty sentences are never summary material.
    eligible = [i for i in range(len(sentences)) if lengths[i] and not is_fragment(sentences[i])]
    if not eligible:
        return [int(np.flatnonzero(lengths)[0])]
    ranked = sorted(eligible, key=lambda i: -gain[i])
    pool = set(ranked[:max(CANDIDATES, k)])
    openers = [i for i in ranked if not dangling[i]]
    if not openers:  # nothing stands alone: the lead is the least bad opener
        return [eligible[0]]
    pool.add(openers[0])  # at least one sentence the summary can open with
    pool = sorted(pool)
    best, best_gain = None, -1.0
    for size in range(1, min(k, len(pool)) + 1):
        for combo in itertools.combinations(pool, size):
            if lengths[list(combo)].sum() > max_words or not _opens_well(combo, dangling):
                continue
            if any(sim[a, b] > NEAR_DUPLICATE for a, b in itertools.combinations(combo, 2)):
                continue
            # A connective or pronoun reads best right after the sentence it leans on.
            value = sum(gain[i] * (LEANING if dangling[i] and (i - 1) not in combo else 1.0) for i in combo)
            if value > best_gain:
                best, best_gain = combo, value
    if best is None:  # no readable sentence fits the budget: the shortest one alone
        best = (min(openers, key=lambda i: (lengths[i], -gain[i])),)
    return list(best)
