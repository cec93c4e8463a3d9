"""Story grouping evaluation: B-cubed F1 and ARI against event folders, beside a TF-IDF baseline;
and the grouping step's time and memory at archive scale."""

import math
import os
import time
import tracemalloc
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from ..corpus.stories import StoryDoc, group_stories
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


def story_docs(ranked: dict, dates: dict | None = None) -> list[StoryDoc]:
    """StoryDocs from a corpus ranking ({doc id: ranked entries}), as the site's corpus pass makes them."""
    dates = dates or {}
    return [StoryDoc(id=str(doc_id), date=dates.get(doc_id), entries={e["key"]: e["count"] for e in entries},
                     names=frozenset(e["key"] for e in entries if e["kind"] == "name"))
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


def evaluate(path: str) -> dict:
    files = topic_files(path)
    analysed = analyse_paths([p for _, p in files])
    ranked = rank_corpus({str(p): result["candidates"] for (_, p), (_, result) in zip(files, analysed, strict=True)})
    stories = group_stories(story_docs(ranked))
    label = {member: n for n, story in enumerate(stories) for member in story.members}
    truth = [event for event, _ in files]
    ours = [label[str(p)] for _, p in files]
    texts = ["\n".join([raw.title, *raw.paragraphs]) for raw, _ in analysed]
    return {"docs": len(files), "events": len(set(truth)), "ours": _figures(truth, ours),
            "baseline": _figures(truth, baseline(texts))}


def _scaled(ranked: dict, n: int) -> tuple[dict, dict]:
    """An archive of ``n`` articles: the corpus repeated, each copy's dates shifted past the last's."""
    ids = list(ranked)
    out, dates = {}, {}
    start = date(2000, 1, 1)
    for k in range(n):
        copy, i = divmod(k, len(ids))
        doc_id = f"{copy}/{ids[i]}"
        out[doc_id] = ranked[ids[i]]
        dates[doc_id] = start + timedelta(days=copy * 400 + i % 365)
    return out, dates


def _timed(ranked, dates):
    """Seconds, peak MiB and stories of the grouping step. Timed without tracemalloc (which slows
    Python several times over); the peak comes from a second, traced run."""
    docs = story_docs(ranked, dates)
    began = time.perf_counter()
    stories = group_stories(docs)
    seconds = time.perf_counter() - began
    tracemalloc.start()
    group_stories(docs)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 2**20, len(stories)


def evaluate_scale(path: str, large: int = 20_000) -> dict:
    files = [p for _, p in topic_files(path)] or sorted(Path(path).glob("*.txt"))
    analysed = analyse_paths(files)
    ranked = rank_corpus({str(p): result["candidates"] for p, (_, result) in zip(files, analysed, strict=True)})
    small_s, _, _ = _timed(*_scaled(ranked, len(ranked)))
    big, dates = _scaled(ranked, large)
    large_s, peak, count = _timed(big, dates)
    return {"articles_2k_s": round(small_s, 2), "articles_20k_s": round(large_s, 2), "peak_mib_20k": round(peak, 1),
            "articles_2k": len(ranked), "articles_20k": large, "stories_20k": count,
            "cpu_count": os.cpu_count(), "ratio_per_article": round((large_s / large) / (small_s / len(ranked)), 2)
            if small_s else math.nan}
