"""Stories (pure): articles about one event, from several outlets, grouped into one story.

What carries an event is who and where (the canonical name entities of the tag
pass), what (the article's distinctive terms) and when (a story lives within a
time window; undated articles are grouped on text alone). Each article is a
TF-IDF-weighted vector over its canonical entries (names, phrases, salient words,
so "Mr Macron" and "Emmanuel Macron" are one dimension).

Candidate pairs come from an inverted index over each article's most distinctive
entries, restricted to the time window, never from all pairs; a pair is linked
when its cosine is high, or fairly high and the two share a rare name. Links are
merged strongest first, and two groups merge only while their centroids stay
similar, which keeps a chain of near-misses (two earthquakes in two countries)
from becoming one story. The cost grows with the archive times the index's
bounded posting lists.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse

from ..text.lexicon import stopwords
from ..text.sentences import starts_dangling

_WORDS = re.compile(r"[a-z0-9][a-z0-9'’-]*")

# Tuning (README "Stories"): the cosines are between keyword vectors, not raw text.
WINDOW_DAYS = 3  # default of DIGEST_STORY_WINDOW_DAYS: dated articles further apart are never one story
LINK = 0.20  # cosine at which two articles that share a rare name may be one event
LINK_ALONE = 0.50  # cosine at which two articles may be one event without sharing a rare name
MERGE = 0.20  # two groups merge only while their average-link similarity stays at least this
INDEX_KEYS = 8  # an article's most distinctive entries that feed the candidate index
POSTING_CAP = 64  # an entry held by more articles than this inside the window is not distinctive
RARE_NAME_SHARE = 0.02  # a name in at most this share of articles (or 5) counts as a shared rare name


@dataclass
class StoryDoc:
    """One article as the grouping sees it."""

    id: str  # stable, sortable: the source path
    date: date | None  # None: undated, grouped on text alone
    entries: dict[str, float]  # canonical key -> count in the article
    names: frozenset[str] = frozenset()  # canonical keys of its name entities


@dataclass
class Story:
    """A group of articles about one event; ``id`` is its earliest member's, so it stays put."""

    id: str
    members: list[str] = field(default_factory=list)  # doc ids, earliest first


def _order(doc: StoryDoc):
    return (doc.date is None, doc.date or date.min, doc.id)


def _tfidf(bags: list[dict[str, float]], dense: bool = False):
    """Row-normalised TF-IDF (sublinear tf, smoothed idf) of bags of counts, and each key's
    document frequency: articles over canonical entries (sparse), or a story's few sentences
    over words (``dense``: building a sparse matrix cost several ms per story)."""
    df: dict[str, int] = {}
    for bag in bags:
        for key in bag:
            df[key] = df.get(key, 0) + 1
    vocab = {key: i for i, key in enumerate(sorted(df))}
    n = len(bags)
    rows, cols, vals = [], [], []
    for r, bag in enumerate(bags):
        for key, count in bag.items():
            rows.append(r)
            cols.append(vocab[key])
            vals.append((1.0 + math.log(count)) * (math.log((n + 1) / (df[key] + 1)) + 1.0))
    if dense:
        matrix = np.zeros((n, len(vocab)))
        matrix[rows, cols] = vals
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        return matrix / norms[:, None], df
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix, df


def _candidate_pairs(docs, matrix, window_days):
    """(i, j) pairs, i < j, that share one of their most distinctive entries within the window."""
    postings: dict[int, list[int]] = {}
    for i in range(len(docs)):
        row = matrix.getrow(i)
        top = row.indices[np.argsort(-row.data, kind="stable")][:INDEX_KEYS]
        for col in sorted(top.tolist()):
            postings.setdefault(col, []).append(i)
    pairs = set()
    for holders in postings.values():
        # holders are in date order (docs are sorted): a sliding window keeps this bounded.
        start = 0
        for k, j in enumerate(holders):
            dj = docs[j].date
            if dj is not None:
                while start < k and docs[holders[start]].date is not None and \
                        (dj - docs[holders[start]].date).days > window_days:
                    start += 1
            near = holders[max(start, k - POSTING_CAP):k]
            for i in near:
                di = docs[i].date
                if di is None or dj is None or abs((dj - di).days) <= window_days:
                    pairs.add((i, j))
    return sorted(pairs)


def _cosines(matrix, pairs):
    if not pairs:
        return np.zeros(0)
    left = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    right = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    out = np.empty(len(pairs))
    for start in range(0, len(pairs), 50_000):
        stop = start + 50_000
        out[start:stop] = np.asarray(matrix[left[start:stop]].multiply(matrix[right[start:stop]]).sum(axis=1)).ravel()
    return out


def group_stories(docs: list[StoryDoc], window_days: int = WINDOW_DAYS, link: float = LINK,
                  link_alone: float = LINK_ALONE, merge: float = MERGE) -> list[Story]:
    """Group ``docs`` into stories (a single article is a story of one); stories in date order."""
    docs = sorted(docs, key=_order)
    if not docs:
        return []
    matrix, df = _tfidf([doc.entries for doc in docs])
    n = len(docs)
    rare = max(5, RARE_NAME_SHARE * n)
    pairs = _candidate_pairs(docs, matrix, window_days)
    cos = _cosines(matrix, pairs)
    edges = []
    for (i, j), c in zip(pairs, cos, strict=True):
        if c >= link_alone:
            edges.append((-c, i, j))
        elif c >= link:
            shared = docs[i].names & docs[j].names
            if any(df.get(k, 0) <= rare for k in shared):
                edges.append((-c, i, j))
    edges.sort()
    parent = list(range(n))
    total = {i: matrix.getrow(i) for i in range(n)}  # sum of the group's unit vectors
    size = dict.fromkeys(range(n), 1)
    span = {i: (docs[i].date, docs[i].date) for i in range(n)}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in edges:
        a, b = find(i), find(j)
        if a == b:
            continue
        # Average link: the mean cosine over all cross pairs, exact from the sums of unit vectors.
        sim = total[a].multiply(total[b]).sum() / (size[a] * size[b])
        lo = [d for d in (span[a][0], span[b][0]) if d is not None]
        hi = [d for d in (span[a][1], span[b][1]) if d is not None]
        if sim < merge or (lo and (max(hi) - min(lo)).days > 2 * window_days):
            continue
        keep, gone = (a, b) if a < b else (b, a)
        parent[gone] = keep
        total[keep] = total[a] + total[b]
        size[keep] = size[a] + size[b]
        span[keep] = (min(lo) if lo else None, max(hi) if hi else None)
        del total[gone]
    groups: dict[int, list[int]] = {}
    for i in range(n):  # docs are in date order, so each story's members are too
        groups.setdefault(find(i), []).append(i)
    ordered = sorted(groups.values(), key=lambda members: members[0])
    return [Story(id=docs[m[0]].id, members=[docs[i].id for i in m]) for m in ordered]


# Two sentences from different sources above this TF-IDF cosine report the same fact.
SAME_FACT = 0.5


def _sentence_matrix(texts: list[str]):
    """TF-IDF of a story's few short texts (stop words out), or None when they hold no word."""
    stops = stopwords()
    bags = [Counter(w for w in _WORDS.findall(t.lower()) if w not in stops) for t in texts]
    if not any(bags):
        return None
    return _tfidf(bags, dense=True)[0]


def story_summary(articles: list[list[str]], max_words: int) -> list[str]:
    """A summary of one story from all its articles' summaries (multi-document, extractive).

    ``articles``: each article's summary sentences, earliest article first. Sentences
    that several sources report (central across the story) come first; a sentence
    that repeats a chosen one (cosine above SAME_FACT) is dropped; the total stays
    within ``max_words``. The chosen sentences are given in story order (article,
    then position), never opening with a pronoun or connective.
    """
    pool = [(a, k, s) for a, sentences in enumerate(articles) for k, s in enumerate(sentences) if s.strip()]
    if not pool:
        return []
    matrix = _sentence_matrix([s for _, _, s in pool])
    sim = matrix @ matrix.T if matrix is not None else np.eye(len(pool))
    source = np.array([a for a, _, _ in pool])
    # Support from other sources, then the lead of each article, then story order.
    support = [(sim[i][source != source[i]].sum() if len(articles) > 1 else 0.0) for i in range(len(pool))]
    order = sorted(range(len(pool)), key=lambda i: (-support[i], pool[i][1], pool[i][0]))
    chosen, words = [], 0
    for i in order:
        length = len(pool[i][2].split())
        if words + length > max_words or any(sim[i][j] > SAME_FACT for j in chosen):
            continue
        chosen.append(i)
        words += length
    chosen.sort(key=lambda i: (pool[i][0], pool[i][1]))
    while len(chosen) > 1 and starts_dangling(pool[chosen[0]][2]):
        chosen.append(chosen.pop(0))  # an opener that leans on nothing reads badly: move it back
        if all(starts_dangling(pool[i][2]) for i in chosen):
            break
    return [pool[i][2] for i in chosen]


def headline(titles: list[str], texts: list[str]) -> int:
    """Index of the most representative title: closest to the story's articles as a whole."""
    if len(titles) < 2:
        return 0
    matrix = _sentence_matrix(titles + texts)
    if matrix is None:
        return 0
    centroid = matrix[len(titles):].mean(axis=0)
    scores = matrix[: len(titles)] @ centroid
    return int(max(range(len(titles)), key=lambda i: (scores[i], -i)))
