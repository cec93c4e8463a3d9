"""Tag-graph evaluation on a folder of topic sub-folders (e.g. the BBC corpus)."""

from collections import defaultdict
from itertools import combinations

from ..corpus.tags import cut_tags, rank_corpus
from .corpus import analyse_paths, topic_files
from .tag_quality import quality_figures


def graph_figures(topics, tags):
    """Figures of an article→tags assignment; ``topics`` and ``tags`` are parallel lists."""
    holders = defaultdict(list)
    for i, article_tags in enumerate(tags):
        for tag in set(article_tags):
            holders[tag].append(i)
    pairs = set()
    for members in holders.values():
        pairs.update(combinations(sorted(members), 2))
    connected = {i for pair in pairs for i in pair}
    same = sum(1 for a, b in pairs if topics[a] == topics[b])
    counts = [len(t) for t in tags]
    n = len(tags)
    return {
        "articles": n,
        "shared_tag_coverage": round(len(connected) / n, 4) if n else 0.0,
        "same_topic_pair_share": round(same / len(pairs), 4) if pairs else 0.0,
        "tags_per_article_mean": round(sum(counts) / n, 2) if n else 0.0,
        "tags_per_article_max": max(counts, default=0),
        "singleton_tag_share": round(sum(1 for m in holders.values() if len(m) == 1) / len(holders), 4)
        if holders else 0.0,
    }


def evaluate(path):
    files = topic_files(path)
    analysed = analyse_paths([p for _, p in files])
    ranked = rank_corpus({i: result["candidates"] for i, (_, result) in enumerate(analysed)})
    tags = cut_tags(ranked)
    assigned = [tags[i] for i in range(len(files))]
    texts = ["\n".join([raw.title, *raw.paragraphs]) for raw, _ in analysed]
    return {**graph_figures([t for t, _ in files], assigned), **quality_figures(texts, assigned)}
