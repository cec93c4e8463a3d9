"""Stories (pure): articles about one event, from several outlets, grouped into one story.

What carries an event is who and where (the canonical name entities of the tag
pass), what (the article's distinctive terms and plain words) and when (a story
lives within a time window; undated articles are grouped on text alone). Each
article is one TF-IDF vector over its canonical entries (names, phrases, salient
words, so "Mr Macron" and "Emmanuel Macron" are one dimension) and its content
words (what two reports of one event in different words still share).

Candidate pairs come from an inverted index, never from all pairs: each article
is posted under its most distinctive dimensions and its rare names, within the
time window. A pair is linked when its cosine is high, or fairly high and the two
share a rare name. Links are merged strongest first, and two groups merge only
while their average-link similarity stays high, which keeps a chain of
near-misses (two earthquakes in two countries) from becoming one story. The cost
grows with the archive times the index's bounded posting lists.
"""

import math
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

import numpy as np
from scipy import sparse

from ..analysis.terms import term_counts
from ..text.sentences import starts_dangling

# Tuning (README "Stories"): the cosines are between TF-IDF vectors of entries and words, not raw text.
WINDOW_DAYS = 3  # default of DIGEST_STORY_WINDOW_DAYS: dated articles further apart are never one story
LINK = 0.20  # cosine at which two articles that share a rare name may be one event
LINK_ALONE = 0.50  # cosine at which two articles may be one event without sharing a rare name
MERGE = 0.22  # a story takes in an article or a story only while the average link stays at least this
INDEX_KEYS = 8  # an article's most distinctive dimensions that feed the candidate index (beside its rare names)
POSTING_CAP = 64  # an article is paired with at most this many earlier holders of one index key
ENTRY_WEIGHT = 0.5  # share of the canonical entries in the cosine; the content words have the rest
RARE_NAME_SHARE = 0.02  # a name in at most this share of articles (or 5) counts as a shared rare name

TermBag = tuple[np.ndarray, np.ndarray]  # (word ids of a Vocabulary, counts): an article's content words


class Vocabulary:
    """Content words -> ids, shared by one archive's term bags.

    A bag is two small arrays rather than a dict of strings: 20,000 articles hold
    about 140 distinct words each, which as dicts would cost hundreds of MiB.
    Ids follow first sight (the order articles were read in); the grouping
    reorders columns by word, so the result never depends on that order.
    """

    def __init__(self):
        self.ids: dict[str, int] = {}
        self.words: list[str] = []  # id -> word

    def bag(self, counts: dict[str, int]) -> TermBag:
        ids, words = self.ids, self.words
        out = []
        for word in counts:
            i = ids.get(word)
            if i is None:
                i = ids[word] = len(words)
                words.append(word)
            out.append(i)
        return np.array(out, dtype=np.int32), np.fromiter(counts.values(), dtype=np.int32, count=len(counts))

    def counts(self, bag: TermBag) -> dict[str, int]:
        """A bag back as {word: count}."""
        words = self.words
        return {words[i]: int(c) for i, c in zip(bag[0].tolist(), bag[1].tolist(), strict=True)}

    def column_of(self) -> np.ndarray:
        """Each id's column when the words are in sorted order."""
        words = self.words
        column = np.empty(len(words), dtype=np.int64)
        column[sorted(range(len(words)), key=words.__getitem__)] = np.arange(len(words))
        return column


@dataclass
class StoryDoc:
    """One article as the grouping sees it."""

    id: str  # stable, sortable: the source path
    date: date | None  # None: undated, grouped on text alone
    entries: dict[str, float]  # canonical key -> count in the article
    names: frozenset[str] = frozenset()  # canonical keys of its name entities
    terms: TermBag | None = None  # its content words (Vocabulary.bag), None when unknown


@dataclass
class Story:
    """A group of articles about one event; ``id`` is its earliest member's, so it stays put."""

    id: str
    members: list[str] = field(default_factory=list)  # doc ids, earliest first


def _order(doc: StoryDoc):
    return (doc.date is None, doc.date or date.min, doc.id)


def _idf(df, n):
    """Smoothed idf, as scikit-learn's TfidfVectorizer."""
    return np.log((n + 1) / (df + 1)) + 1.0


def _sparse_tfidf(bags: list[dict[str, float]]):
    """Row-normalised TF-IDF (sublinear tf, smoothed idf) of the articles' bags of canonical entries,
    columns in key order, with each key's document frequency and column (vectorised: a
    20,000-article archive holds a million article-entry pairs)."""
    provisional: dict[str, int] = {}
    lengths = np.fromiter((len(bag) for bag in bags), dtype=np.int64, count=len(bags))
    total = int(lengths.sum())
    ids = np.fromiter((provisional.setdefault(key, len(provisional)) for bag in bags for key in bag),
                      dtype=np.int64, count=total)
    counts = np.fromiter((count for bag in bags for count in bag.values()), dtype=np.float64, count=total)
    keys = sorted(provisional)
    column = np.empty(len(keys), dtype=np.int64)
    column[[provisional[key] for key in keys]] = np.arange(len(keys))
    cols = column[ids]
    df = np.bincount(cols, minlength=len(keys))
    vals = (1.0 + np.log(counts)) * _idf(df[cols], len(bags))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    matrix = sparse.csr_matrix((vals, cols, indptr), shape=(len(bags), len(keys)))
    matrix.sort_indices()
    vocab = {key: i for i, key in enumerate(keys)}
    return _unit_rows(matrix), dict(zip(keys, df.tolist(), strict=True)), vocab


def _dense_tfidf(bags: list[dict[str, float]]):
    """Row-normalised TF-IDF (sublinear tf, smoothed idf) of a story's few sentences' bags of words,
    as :func:`_sparse_tfidf` makes it (dense: a sparse matrix cost several ms per story)."""
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
    matrix = np.zeros((n, len(vocab)))
    matrix[rows, cols] = vals
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    return matrix / norms[:, None], df, vocab


def _unit_rows(matrix):
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


def _term_weights(bags: list[TermBag | None], vocabulary: Vocabulary):
    """Unnormalised TF-IDF of the articles' content words, columns in word order (vectorised:
    an archive holds millions of article-word pairs)."""
    column = vocabulary.column_of()
    lengths = np.array([0 if bag is None else len(bag[0]) for bag in bags], dtype=np.int64)
    held = [bag for bag in bags if bag is not None]
    ids = np.concatenate([bag[0] for bag in held]) if held else np.zeros(0, dtype=np.int32)
    counts = np.concatenate([bag[1] for bag in held]) if held else np.zeros(0, dtype=np.int32)
    cols = column[ids]
    df = np.bincount(cols, minlength=len(column))
    vals = (1.0 + np.log(np.maximum(counts, 1))) * _idf(df[cols], len(bags))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    matrix = sparse.csr_matrix((vals, cols, indptr), shape=(len(bags), len(column)))
    matrix.sort_indices()
    return matrix


def doc_matrix(docs: list[StoryDoc], vocabulary: Vocabulary | None = None):
    """Row-normalised TF-IDF of each doc's entries and (with ``vocabulary``) content words, and
    the entries' document frequencies and columns."""
    entries, df, vocab = _sparse_tfidf([doc.entries for doc in docs])
    if vocabulary is not None and any(doc.terms is not None for doc in docs):
        words = _unit_rows(_term_weights([doc.terms for doc in docs], vocabulary))
        # Each half a unit vector, weighted: the cosine of two articles is the weighted mean of
        # their entry cosine and their word cosine.
        entries = sparse.hstack([math.sqrt(ENTRY_WEIGHT) * entries, math.sqrt(1 - ENTRY_WEIGHT) * words], format="csr")
        entries = _unit_rows(entries)  # an article with no words (or no entries) is a unit vector still
    return entries.tocsr(), df, vocab


def _index_postings(matrix, rare: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) the candidate index holds, sorted by column then row: each row's INDEX_KEYS
    heaviest columns (ties to the lower column) and ``rare``, its rare names' (rows, columns)."""
    indptr, indices, data = matrix.indptr.tolist(), matrix.indices, matrix.data
    # Row by row: one sort of the whole matrix (millions of entries) is slower than 20,000 small ones.
    tops = [indices[lo:hi][np.argsort(-data[lo:hi], kind="stable")[:INDEX_KEYS]]
            for lo, hi in pairwise(indptr)]
    top_rows = np.repeat(np.arange(len(tops), dtype=np.int64), [len(top) for top in tops])
    top_cols = np.concatenate(tops) if tops else np.zeros(0, dtype=np.int64)
    codes = np.unique(np.concatenate([top_cols.astype(np.int64) * matrix.shape[0] + top_rows,
                                      rare[1].astype(np.int64) * matrix.shape[0] + rare[0]]))
    return codes % matrix.shape[0], codes // matrix.shape[0]


def _candidate_pairs(days: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                     window_days: int) -> tuple[np.ndarray, np.ndarray]:
    """(left, right) arrays of the pairs i < j that share an index key within the window, sorted.

    ``days``: each row's date as a day number, rows in date order with the undated (-1) last;
    ``rows``, ``cols``: the index's postings sorted by column then row. Each holder of a key
    is paired with the earlier holders of it at most ``window_days`` before it (an undated
    one with those of the key's last dated holder, and the undated before it), the nearest
    POSTING_CAP of them. Vectorised, and pairs kept as int64 codes (i * n + j): an undated
    archive of 2,000 articles yields millions of candidate pairs.
    """
    n = len(days)
    if len(rows) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    at = np.arange(len(rows))
    first = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])  # where each key's postings begin
    group_start = np.repeat(first, np.diff(np.r_[first, len(rows)]))
    dated = days[rows] >= 0
    # Postings as (key, day), sorted: the undated sort after every dated day of their key.
    span = int(days.max()) + window_days + 2
    when = cols.astype(np.int64) * span + np.where(dated, days[rows], span - 1)
    start = np.searchsorted(when, when - window_days, side="left")
    # An undated holder starts where its key's last dated holder does (starts never fall along the postings).
    start = np.maximum.accumulate(np.where(dated, start, group_start))
    # Within the key's postings (a day near 0 could reach back into the previous key's), the nearest POSTING_CAP.
    lo = np.maximum(np.maximum(start, at - POSTING_CAP), group_start)
    counts = at - lo
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    offsets = np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total)
    codes = np.unique(rows[offsets].astype(np.int64) * n + np.repeat(rows, counts))
    return codes // n, codes % n


COSINE_CHUNK = 8192  # pairs per vectorised step: each holds both rows of every pair (~200 entries a row)


def _cosines(matrix, left, right):
    out = np.empty(len(left))
    for start in range(0, len(left), COSINE_CHUNK):
        stop = start + COSINE_CHUNK
        out[start:stop] = np.asarray(matrix[left[start:stop]].multiply(matrix[right[start:stop]]).sum(axis=1)).ravel()
    return out


# A group's vector (the sum of its members' unit rows) as a dict column -> weight: one-row
# scipy matrices cost ~0.1 ms per product or sum, and a 20,000-article build merges 15,000 times.
def _row(matrix, i: int) -> dict[int, float]:
    lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
    return dict(zip(matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist(), strict=True))


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    # fsum is exact, so the (hash) order of the shared keys does not change the result.
    return math.fsum([a[k] * b[k] for k in a.keys() & b.keys()])


def _add(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    """``a + b``, made in the larger of the two (both belong to groups that stop existing)."""
    if len(a) < len(b):
        a, b = b, a
    for k, v in b.items():
        a[k] = a.get(k, 0.0) + v
    return a


def group_stories(docs: list[StoryDoc], window_days: int = WINDOW_DAYS, link: float = LINK,
                  link_alone: float = LINK_ALONE, merge: float = MERGE,
                  vocabulary: Vocabulary | None = None) -> list[Story]:
    """Group ``docs`` into stories (a single article is a story of one); stories in date order.

    ``vocabulary`` is the one the docs' ``terms`` were made with; without it only
    their entries are compared."""
    docs = sorted(docs, key=_order)
    if not docs:
        return []
    matrix, df, vocab = doc_matrix(docs, vocabulary)
    n = len(docs)
    rare = max(5, RARE_NAME_SHARE * n)
    rare_names = [(i, vocab[k]) for i, doc in enumerate(docs) for k in doc.names if df.get(k, 0) <= rare]
    rows, cols = _index_postings(matrix, (np.array([i for i, _ in rare_names], dtype=np.int64),
                                          np.array([c for _, c in rare_names], dtype=np.int64)))
    days = np.array([-1 if doc.date is None else doc.date.toordinal() for doc in docs], dtype=np.int64)
    left, right = _candidate_pairs(days, rows, cols, window_days)
    cos = _cosines(matrix, left, right)
    near = np.flatnonzero(cos >= link)  # most candidate pairs fall short of any link
    edges = []
    for i, j, c in zip(left[near].tolist(), right[near].tolist(), cos[near].tolist(), strict=True):
        if c >= link_alone:
            edges.append((-c, i, j))
        elif c >= link:
            shared = docs[i].names & docs[j].names
            if any(df.get(k, 0) <= rare for k in shared):
                edges.append((-c, i, j))
    edges.sort()
    parent = list(range(n))
    total = {}  # group -> sum of its members' unit vectors (made when the group first links)
    size = [1] * n
    span = {}  # group -> (earliest, latest) date of its dated members

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in edges:
        a, b = find(i), find(j)
        if a == b:
            continue
        ta = total[a] if a in total else _row(matrix, a)
        tb = total[b] if b in total else _row(matrix, b)
        # Average link: the mean cosine over all cross pairs, exact from the sums of unit vectors.
        sim = _dot(ta, tb) / (size[a] * size[b])
        sa, sb = span.get(a, (docs[a].date, docs[a].date)), span.get(b, (docs[b].date, docs[b].date))
        lo = [d for d in (sa[0], sb[0]) if d is not None]
        hi = [d for d in (sa[1], sb[1]) if d is not None]
        if (sim < merge and size[a] + size[b] > 2) or (lo and (max(hi) - min(lo)).days > 2 * window_days):
            continue
        keep, gone = (a, b) if a < b else (b, a)
        parent[gone] = keep
        total[keep] = _add(ta, tb)
        size[keep] = size[a] + size[b]
        span[keep] = (min(lo) if lo else None, max(hi) if hi else None)
        total.pop(gone, None)
    groups: dict[int, list[int]] = {}
    for i in range(n):  # docs are in date order, so each story's members are too
        groups.setdefault(find(i), []).append(i)
    ordered = sorted(groups.values(), key=lambda members: members[0])
    return [Story(id=docs[m[0]].id, members=[docs[i].id for i in m]) for m in ordered]


# Two sentences from different sources above this TF-IDF cosine report the same fact.
SAME_FACT = 0.5


def _word_bags(texts: list[str]) -> list[dict[str, int]]:
    return [term_counts("", [t]) for t in texts]


def _sentence_matrix(bags: list[dict[str, int]]):
    """TF-IDF of a story's few texts as bags of words, or None when they hold no word."""
    if not any(bags):
        return None
    return _dense_tfidf(bags)[0]


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
    matrix = _sentence_matrix(_word_bags([s for _, _, s in pool]))
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


def headline(titles: list[str], bags: list[dict[str, int]]) -> int:
    """Index of the most representative title: closest to the story's articles as a whole
    (``bags``: each article's content words, :func:`generator.analysis.terms.term_counts`)."""
    if len(titles) < 2:
        return 0
    matrix = _sentence_matrix(_word_bags(titles) + list(bags))
    if matrix is None:
        return 0
    centroid = matrix[len(titles):].mean(axis=0)
    scores = matrix[: len(titles)] @ centroid
    return int(max(range(len(titles)), key=lambda i: (scores[i], -i)))
