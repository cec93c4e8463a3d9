"""Story grouping evaluation: B-cubed F1 and ARI against event folders, beside a TF-IDF baseline;
and the grouping step's time and memory at archive scale."""

import math
import os
import time
import tracemalloc
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from ..corpus.stories import StoryDoc, Vocabulary, group_stories
from ..corpus.tags import rank_corpus
from .corpus import analyse_paths, topic_files

BASELINE_DISTANCE = 0.8  # the baseline: average-link agglomerative clustering at cosine distance 0.8


def bcubed_f1(truth: list[str], predicted: list[int]) -> float:
    """B-cubed F1 of a clustering ``predicted`` against classes ``truth`` (parallel lists)."""
    pairs = Counter(zip(truth, predicted, strict=True))
    by_class, by_cluster = Counter(truth), Counter(predicted)
    n = len(truth)
    precision = sum(c * c / by_cluster[k] for (_, k), c in pairs.items()) / n
    recall = sum(c * c / by_class[t] for (t, _), c in pairs.items()) / n
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def story_docs(ranked: dict, dates: dict | None = None, terms: dict | None = None) -> list[StoryDoc]:
    """StoryDocs from a corpus ranking ({doc id: ranked entries}) and term bags ({doc id: TermBag}),
    as the site's corpus pass makes them."""
    dates, terms = dates or {}, terms or {}
    return [StoryDoc(id=str(doc_id), date=dates.get(doc_id), entries={e["key"]: e["count"] for e in entries},
                     names=frozenset(e["key"] for e in entries if e["kind"] == "name"), terms=terms.get(doc_id))
            for doc_id, entries in ranked.items()]


def baseline(texts: list[str]) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=BASELINE_DISTANCE)
    return [int(x) for x in model.fit_predict(matrix)]


def _figures(truth, labels):
    from sklearn.metrics import adjusted_rand_score

    return {"bcubed_f1": round(bcubed_f1(truth, labels), 4), "ari": round(float(adjusted_rand_score(truth, labels)), 4),
            "stories": len(set(labels))}


def _corpus(paths, analysed) -> tuple[dict, dict, Vocabulary]:
    """The corpus ranking and term bags of analysed articles, keyed by path, as the site makes them."""
    ranked = rank_corpus({str(p): result["candidates"] for p, (_, result) in zip(paths, analysed, strict=True)})
    vocabulary = Vocabulary()
    terms = {str(p): vocabulary.bag(result["terms"]) for p, (_, result) in zip(paths, analysed, strict=True)}
    return ranked, terms, vocabulary


def evaluate(path: str) -> dict:
    files = topic_files(path)
    analysed = analyse_paths([p for _, p in files])
    ranked, terms, vocabulary = _corpus([p for _, p in files], analysed)
    docs = story_docs(ranked, terms=terms)
    stories = group_stories(docs, vocabulary=vocabulary)
    label = {member: n for n, story in enumerate(stories) for member in story.members}
    truth = [event for event, _ in files]
    ours = [label[str(p)] for _, p in files]
    texts = ["\n".join([raw.title, *raw.paragraphs]) for raw, _ in analysed]
    return {"docs": len(files), "events": len(set(truth)), "ours": _figures(truth, ours),
            "baseline": _figures(truth, baseline(texts)), "leave_out": leave_out(truth, docs, texts, vocabulary)}


LEAVE_OUT_KEEP = (1, 2)  # articles of an event kept beside the full other events


def leave_out(truth: list[str], docs: list[StoryDoc], texts: list[str], vocabulary: Vocabulary) -> dict:
    """Similar events side by side: for every event and every way of keeping 1 or 2 of its
    articles (the rest left out), group the kept ones with all other events' articles, and count
    the runs in which any story mixes two events, ours and the baseline's.

    A lone report of an event next to a fully covered, similar event (a second North Korean
    missile test, another Iran deal) is where a grouping that links on topic fails; the full
    set hides it, because each event's own articles hold each other together.
    """
    from itertools import combinations

    by_event: dict[str, list[int]] = {}
    for i, event in enumerate(truth):
        by_event.setdefault(event, []).append(i)
    runs = mixed_ours = mixed_base = 0
    for event in sorted(by_event):
        rest = [i for i in range(len(truth)) if truth[i] != event]
        for k in LEAVE_OUT_KEEP:
            for kept in combinations(by_event[event], k):
                chosen = rest + list(kept)
                runs += 1
                label = {m: n for n, story in enumerate(group_stories([docs[i] for i in chosen], vocabulary=vocabulary))
                         for m in story.members}
                mixed_ours += _mixes([truth[i] for i in chosen], [label[docs[i].id] for i in chosen])
                mixed_base += _mixes([truth[i] for i in chosen], baseline([texts[i] for i in chosen]))
    return {"runs": runs, "ours_mixed": mixed_ours, "baseline_mixed": mixed_base}


def _mixes(truth: list[str], labels: list[int]) -> bool:
    """Whether any predicted group holds articles of two events."""
    events: dict[int, set[str]] = {}
    for event, label in zip(truth, labels, strict=True):
        events.setdefault(label, set()).add(event)
    return any(len(e) > 1 for e in events.values())


def _scaled(ranked: dict, terms: dict, n: int) -> tuple[dict, dict, dict]:
    """An archive of ``n`` articles: the corpus repeated, each copy's dates shifted past the last's."""
    ids = list(ranked)
    out, dates, bags = {}, {}, {}
    start = date(2000, 1, 1)
    for k in range(n):
        copy, i = divmod(k, len(ids))
        doc_id = f"{copy}/{ids[i]}"
        out[doc_id] = ranked[ids[i]]
        bags[doc_id] = terms[ids[i]]
        dates[doc_id] = start + timedelta(days=copy * 400 + i % 365)
    return out, dates, bags


def _timed(ranked, dates, terms, vocabulary):
    """Seconds, peak MiB and stories of the grouping step. Timed without tracemalloc (which slows
    Python several times over); the peak comes from a second, traced run."""
    docs = story_docs(ranked, dates, terms)
    began = time.perf_counter()
    stories = group_stories(docs, vocabulary=vocabulary)
    seconds = time.perf_counter() - began
    tracemalloc.start()
    group_stories(docs, vocabulary=vocabulary)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 2**20, len(stories)


def evaluate_scale(path: str, large: int = 20_000) -> dict:
    files = [p for _, p in topic_files(path)] or sorted(Path(path).glob("*.txt"))
    analysed = analyse_paths(files)
    ranked, terms, vocabulary = _corpus(files, analysed)
    small_s, _, _ = _timed(*_scaled(ranked, terms, len(ranked)), vocabulary)
    large_s, peak, count = _timed(*_scaled(ranked, terms, large), vocabulary)
    return {"articles_2k_s": round(small_s, 2), "articles_20k_s": round(large_s, 2), "peak_mib_20k": round(peak, 1),
            "articles_2k": len(ranked), "articles_20k": large, "stories_20k": count,
            "cpu_count": os.cpu_count(), "ratio_per_article": round((large_s / large) / (small_s / len(ranked)), 2)
            if small_s else math.nan}
