"""The corpus pass for tags (pure): one tag per entity across all articles.

Input: each article's keyword candidates (:func:`generator.keywords.candidates`).
Output: per article, a ranked list of canonical entries (display name, score)
and the tags cut from it.

Merging rules, in order:
1. case and plural variants share a key already (see :mod:`generator.keywords`);
2. a one-word name joins the fuller name that ends with it ("Macron" →
   "Emmanuel Macron"): the one in the same article if there is one, else the
   corpus's most used one;
3. "Russian Federation" joins "Russia" when both occur (adjective + state word).
The display name of a merged entity is its fullest form used at least twice,
else its most used form.
"""

import math
from collections import Counter, defaultdict
from typing import TypedDict

from ..analysis.records import Candidate
from ..text.lexicon import is_state_alias

# Defaults of the tag settings (DIGEST_MAX_TAGS, DIGEST_MIN_TAGS, DIGEST_TAG_MIN_RATIO).
MAX_TAGS = 8
MIN_TAGS = 3
# In corpora of 100+ articles, tags past MIN_TAGS must score this share of the
# article's best tag: weak tail tags link unrelated articles (BBC same-topic pair
# share 0.77 with it).
MIN_RATIO = 0.7


class RankedEntry(TypedDict):
    """One canonical entity in one article's ranking (:func:`rank_corpus`)."""

    key: str  # canonical key, shared by every article that names the entity
    name: str  # display name across the corpus: what a tag shows
    phrase: str  # the form this article uses most: what its keyphrases list
    kind: str  # "name", "term" (may be a tag) or "word" (ranked, never a tag)
    score: float  # salience in this article
    count: int  # mentions in this article
    df: int  # articles that name the entity


def _surname_index(docs):
    """One-word name -> Counter of fuller names ending with it, over the corpus."""
    index = defaultdict(Counter)
    for cands in docs.values():
        for c in cands:
            words = c["key"].split()
            if c["kind"] == "name" and len(words) > 1:
                index[words[-1]][c["key"]] += c["count"]
    return index


def _state_alias(words: list[str], singles: set[str]) -> str | None:
    """The one-word name that "adjective + state word" aliases ("russian federation" -> "russia"), if any.

    Looks up the few prefixes :func:`is_state_alias` allows instead of scanning every
    one-word name of the corpus; the shortest (alphabetically first) wins, every build.
    """
    if len(words) != 2:
        return None
    first = words[0]
    prefixes = (first[:n] for n in range(max(4, len(first) - 3), len(first) + 1))
    return next((s for s in prefixes if s in singles and is_state_alias(words, s)), None)


def canonical_keys(docs: dict[object, list[Candidate]]) -> dict[tuple[object, str], str]:
    """Map (doc id, candidate key) -> canonical key, through indexes: linear in the corpus."""
    surnames = _surname_index(docs)
    singles = {c["key"] for cands in docs.values() for c in cands if c["kind"] == "name" and " " not in c["key"]}
    mapping = {}
    for doc_id, cands in docs.items():
        local = {c["key"] for c in cands if c["kind"] == "name"}
        for c in cands:
            key = c["key"]
            words = key.split()
            target = key
            if c["kind"] == "name" and len(words) == 1 and key in surnames:
                mine = [k for k in surnames[key] if k in local]
                if mine:
                    target = max(mine, key=lambda k: (surnames[key][k], len(k), k))
                else:
                    best, count = max(surnames[key].items(), key=lambda kc: (kc[1], kc[0]))
                    if count >= 0.6 * sum(surnames[key].values()):
                        target = best
            elif c["kind"] == "name" and len(words) == 2:
                target = _state_alias(words, singles) or key
            mapping[doc_id, key] = target
    return mapping


def _display_names(docs, mapping):
    forms = defaultdict(Counter)
    for doc_id, cands in docs.items():
        for c in cands:
            for form, n in c["forms"].items():
                forms[mapping[doc_id, c["key"]]][form] += n
    names = {}
    for key, counter in forms.items():
        repeated = [f for f, n in counter.items() if n >= 2]
        pool = repeated or [counter.most_common(1)[0][0]]
        names[key] = max(pool, key=lambda f: (len(f.split()), counter[f], f))
    return names


# Tuned on the 400 KPCrowd documents (python -m generator.eval keywords).
WEIGHTS = {"tf": 2.0, "yake1": 2.0, "yake3": 1.0, "name": 1.2, "multiword": 0.2, "idf_power": 0.5}


def score(cand: Candidate, df: int, n_docs: int, w: dict[str, float] = WEIGHTS) -> float:
    """Salience of one candidate in its article, given its document frequency.

    Repetition and YAKE's single-word rank carry most of it; corpus rarity
    (IDF) separates what this article is about from what every article says.
    Multi-word entries rank lower here because single words are what readers
    and annotators name as keywords; tag cutting looks past them (see cut_tags).
    """
    base = w["tf"] * math.log(cand["count"])
    if cand.get("yake1") is not None:
        base += w["yake1"] / (1.0 + cand["yake1"] / 5.0)
    if cand["yake"] is not None:
        base += w["yake3"] / (1.0 + cand["yake"] / 5.0)
    base = max(base, 0.05)
    if cand["kind"] == "name":
        base *= w["name"]
    if " " in cand["key"]:
        base *= w["multiword"]
    idf = math.log((n_docs + 1) / (df + 0.5)) + 1.0
    return base * idf ** w["idf_power"]


def rank_corpus(docs: dict[object, list[Candidate]], stoplist=()) -> dict[object, list[RankedEntry]]:
    """Rank every article's canonical entries.

    ``docs``: {doc id: candidates}. Returns {doc id: [entry, ...]} best first,
    each entry ``{"key", "name", "phrase", "kind", "score", "count", "df"}``:
    ``name`` is the entity's display name across the corpus (what a tag shows),
    ``phrase`` the form this article uses most ("Obama" where the tag says
    "Barack Obama"), which is what the article's keyphrases list.
    """
    mapping = canonical_keys(docs)
    names = _display_names(docs, mapping)
    df = Counter()
    for doc_id, cands in docs.items():
        df.update({mapping[doc_id, c["key"]] for c in cands})
    stop = {s.lower() for s in stoplist}
    n_docs = len(docs)
    ranked = {}
    for doc_id, cands in docs.items():
        merged = {}
        for c in cands:
            key = mapping[doc_id, c["key"]]
            if key in stop or names[key].lower() in stop:
                continue
            s = score(c, df[key], n_docs)
            entry = merged.get(key)
            if entry is None:
                entry = merged[key] = {"key": key, "name": names[key], "kind": c["kind"], "score": s,
                                       "count": c["count"], "df": df[key], "forms": Counter()}
            else:
                entry["score"] += 0.5 * s
                entry["count"] += c["count"]
            entry["forms"].update(c.get("forms") or {c["form"]: 1})
        for entry in merged.values():
            forms = entry.pop("forms")
            # The article's most used form; on a tie the shorter, as later mentions are.
            entry["phrase"] = max(forms, key=lambda f: (forms[f], -len(f), f))
        ranked[doc_id] = sorted(merged.values(), key=lambda e: (-e["score"], e["key"]))
    return ranked


def is_strong(entry: RankedEntry) -> bool:
    """A tag strong enough to keep even if no other article uses it."""
    return entry["kind"] == "name" and entry["count"] >= 3


def cut_tags(ranked: dict[object, list[RankedEntry]], max_tags: int = MAX_TAGS, min_tags: int = MIN_TAGS,
             max_df_share: float = 0.05, min_df_for_share: int = 100,
             min_ratio: float = MIN_RATIO) -> dict[object, list[str]]:
    """Cut each article's tags from its ranked entries.

    A tag is dropped when one article alone uses it and it is not strong, and,
    in corpora of ``min_df_for_share`` articles or more, when more than
    ``max_df_share`` of all articles use it (too broad to browse), and past
    ``min_tags`` tags scoring under ``min_ratio`` of the article's best are cut
    (both need that many articles to mean anything). ``min_tags``
    is reached by relaxing the singleton rule where needed.
    """
    n_docs = len(ranked)
    broad = max(max_df_share * n_docs, min_df_for_share * max_df_share) if n_docs >= min_df_for_share else math.inf
    tags = {}
    for doc_id, entries in ranked.items():
        usable = sorted((e for e in entries if e["kind"] != "word" and e["df"] <= broad), key=tag_score, reverse=True)
        chosen = [e for e in usable if e["df"] > 1 or is_strong(e)][:max_tags]
        if chosen and min_ratio and n_docs >= min_df_for_share:
            # Weak tail tags link unrelated articles: keep those near the article's best.
            floor = min_ratio * tag_score(chosen[0])
            chosen = chosen[:min_tags] + [e for e in chosen[min_tags:] if tag_score(e) >= floor]
        if len(chosen) < min_tags:
            # Top up with singletons that at least repeat in their article.
            extra = [e for e in usable if e not in chosen and e["count"] >= 2][: min_tags - len(chosen)]
            chosen = sorted(chosen + extra, key=tag_score, reverse=True)
        tags[doc_id] = [e["name"] for e in chosen]
    return tags


def tag_score(entry: RankedEntry) -> float:
    """Order of tags within an article: names first, and what links to other articles."""
    return entry["score"] * (1.5 if entry["kind"] == "name" else 1.0) * (2.0 if entry["df"] > 1 else 1.0)
