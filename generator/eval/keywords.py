"""Keyword evaluation: F1@10 against gold keyphrases (KPCrowd layout), ours beside YAKE."""

import re
from pathlib import Path

import yake
from nltk.stem.porter import PorterStemmer

from ..corpus.tags import rank_corpus
from .corpus import analyse_paths

_STEMMER = PorterStemmer()
_WORDS = re.compile(r"[a-z0-9]+")


def normalise(phrase):
    """Lower-cased, Porter-stemmed form used for exact matching."""
    return " ".join(_STEMMER.stem(w) for w in _WORDS.findall(phrase.lower()))


def f1_at(predicted, gold, k=10):
    """F1 of the top ``k`` predictions against the gold set (both normalised, deduplicated)."""
    preds = []
    for p in predicted:
        n = normalise(p)
        if n and n not in preds:
            preds.append(n)
        if len(preds) == k:
            break
    gold = {normalise(g) for g in gold} - {""}
    if not preds or not gold:
        return 0.0
    hits = len(set(preds) & gold)
    if not hits:
        return 0.0
    precision, recall = hits / len(preds), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def load(path):
    """(doc paths, gold lists) of a KPCrowd-style folder: docs/NAME.txt, keys/NAME.key."""
    root = Path(path)
    docs, gold = [], []
    for doc in sorted((root / "docs").glob("*.txt")):
        key = root / "keys" / (doc.stem + ".key")
        if key.exists():
            docs.append(doc)
            text = key.read_bytes().decode("utf-8", errors="replace")
            gold.append([line.strip() for line in text.splitlines() if line.strip()])
    return docs, gold


def yake_top(text, n, k=10):
    return [kw for kw, _ in yake.KeywordExtractor(lan="en", n=n, top=k).extract_keywords(text)]


def evaluate(path, k=10):
    docs, gold = load(path)
    analysed = analyse_paths(docs)
    ranked = rank_corpus({i: result["candidates"] for i, (_, result) in enumerate(analysed)})
    rows = {"ours": [], "yake_default": [], "yake_n1": []}
    as_tags = []
    for i, ((raw, _), gold_keys) in enumerate(zip(analysed, gold, strict=True)):
        text = "\n".join([raw.title, *raw.paragraphs])
        # Each entity as the article words it; as_tags: as its tag (corpus display name) reads.
        rows["ours"].append(f1_at([e["phrase"] for e in ranked[i]], gold_keys, k))
        as_tags.append(f1_at([e["name"] for e in ranked[i]], gold_keys, k))
        rows["yake_default"].append(f1_at(yake_top(text, 3, k), gold_keys, k))
        rows["yake_n1"].append(f1_at(yake_top(text, 1, k), gold_keys, k))
    result = {"docs": len(docs)}
    result.update({name: round(sum(v) / len(v), 4) if v else 0.0 for name, v in rows.items()})
    result["_ours_as_tag_names"] = round(sum(as_tags) / len(as_tags), 4) if as_tags else 0.0
    return result
