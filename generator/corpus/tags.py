"""The corpus pass for tags (pure): one tag per entity across all articles.

Input: each article's keyword candidates (:func:`generator.analysis.keywords.candidates`).
Output: per article, a ranked list of canonical entries (display name, score)
and the tags cut from it. Names are merged into one key per entity by
:mod:`generator.corpus.names`; the display name of an entity is its fullest form
used at least twice, else its most used form.
"""

import math
from collections import Counter
from operator import itemgetter
from typing import NotRequired, TypedDict

from ..analysis.records import Candidate
from ..text.lexicon import is_subject_noun
from .names import canonical_keys

# Defaults of the tag settings (DIGEST_MAX_TAGS, DIGEST_MIN_TAGS, DIGEST_TAG_MIN_RATIO).
MAX_TAGS = 8
MIN_TAGS = 4
# In corpora of 100+ articles, tags past MIN_TAGS must score this share of the
# article's best tag: weak tail tags link unrelated articles (BBC same-topic pair
# share 0.77 with it).
MIN_RATIO = 0.7
# Mentions that make an article about a name that many articles share (a broad name).
BROAD_NAME_MENTIONS = 3
# ...and is among the article's strongest few tags.
BROAD_NAME_RANK = 2


class RankedEntry(TypedDict):
    """One canonical entity in one article's ranking (:func:`rank_corpus`)."""

    key: str  # canonical key, shared by every article that names the entity
    name: str  # display name across the corpus: what a tag shows
    phrase: str  # the form this article uses most: what its keyphrases list
    kind: str  # "name", "term" (may be a tag) or "word" (ranked, never a tag)
    score: float  # salience in this article
    count: int  # mentions in this article
    df: int  # articles that name the entity
    subject: NotRequired[bool]  # a one-word term that can name a subject (from its candidate)


def _canonical_forms(docs, mapping):
    """(each doc's candidates' canonical keys in order, canonical key -> display name): one pass."""
    forms: dict[str, dict[str, int]] = {}  # canonical key -> form -> mentions (plain dicts: fast at 20k articles)
    shared = set()  # keys whose dict in ``forms`` is still a candidate's own (copied before it is added to)
    named = set()
    keys_of = {}
    for doc_id, cands in docs.items():
        keys = keys_of[doc_id] = []
        for c in cands:
            key = c["key"]
            if c["kind"] == "name":
                key = mapping.get((doc_id, key), key)
                named.add(key)
            keys.append(key)
            counter = forms.get(key)
            if counter is None:  # most keys occur once: their candidate's forms are read, not copied
                forms[key] = c["forms"]
                shared.add(key)
                continue
            if key in shared:
                counter = forms[key] = dict(counter)
                shared.discard(key)
            for form, n in c["forms"].items():
                counter[form] = counter.get(form, 0) + n
    names = {}
    for key, counter in forms.items():
        if len(counter) == 1:
            names[key] = next(iter(counter))
            continue
        repeated = [f for f, n in counter.items() if n >= 2]
        pool = repeated or [max(counter, key=counter.__getitem__)]  # the most used; ties: the first seen
        # The fullest form: most words, then for names the longest ("Liberal Democrats" over "Lib
        # Dems"; for terms the most used: "central bank" over "central banks"), then most used.
        length = len if key in named else (lambda _f: 0)
        names[key] = max(pool, key=lambda f: (len(f.split()), length(f), counter[f], f))
    return keys_of, names


# Tuned on the 400 KPCrowd documents (python -m generator.eval keywords).
WEIGHTS = {"tf": 2.0, "yake1": 2.0, "yake3": 1.0, "name": 1.2, "multiword": 0.2, "idf_power": 0.5}


# A candidate's score is salience(cand) * idf_factor(df): repetition and YAKE's single-word
# rank carry most of it; corpus rarity (IDF) separates what this article is about from what
# every article says. Multi-word entries rank lower here because single words are what readers
# and annotators name as keywords; tag cutting looks past them (see cut_tags). The two factors
# are apart because the second takes only a few hundred values in a corpus: computed once each.


def salience(cand: Candidate, w: dict[str, float] = WEIGHTS) -> float:
    """What a candidate's own article says of it: repetition, YAKE ranks, kind and length."""
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
    return base


def idf_factor(df: int, n_docs: int, w: dict[str, float] = WEIGHTS) -> float:
    """How much corpus rarity lifts a candidate named by ``df`` of ``n_docs`` articles."""
    idf = math.log((n_docs + 1) / (df + 0.5)) + 1.0
    return idf ** w["idf_power"]


def rank_corpus(docs: dict[object, list[Candidate]], stoplist=()) -> dict[object, list[RankedEntry]]:
    """Rank every article's canonical entries.

    ``docs``: {doc id: candidates}. Returns {doc id: [entry, ...]} best first,
    each entry ``{"key", "name", "phrase", "kind", "score", "count", "df"}``:
    ``name`` is the entity's display name across the corpus (what a tag shows),
    ``phrase`` the form this article uses most ("Obama" where the tag says
    "Barack Obama"), which is what the article's keyphrases list.
    """
    mapping = canonical_keys(docs)
    keys_of, names = _canonical_forms(docs, mapping)
    df = Counter()
    for keys in keys_of.values():
        df.update(set(keys))
    stop = {s.lower() for s in stoplist}
    n_docs = len(docs)
    idf = {}  # df -> idf_factor(df): a few hundred distinct values
    ranked = {}
    for doc_id, cands in docs.items():
        merged = {}
        several = {}  # key -> {form: mentions}, only for the few keys that several candidates of the article share
        for c, key in zip(cands, keys_of.pop(doc_id), strict=True):
            if stop and (key in stop or names[key].lower() in stop):
                continue
            d = df[key]
            factor = idf.get(d)
            if factor is None:
                factor = idf[d] = idf_factor(d, n_docs)
            s = salience(c) * factor
            entry = merged.get(key)
            if entry is None:
                # "phrase" holds the first candidate until the article's forms are all counted (below).
                entry = merged[key] = {"key": key, "name": names[key], "kind": c["kind"], "score": s,
                                       "count": c["count"], "df": d}
                if "subject" in c:
                    entry["subject"] = c["subject"]
                entry["phrase"] = c
                continue
            entry["score"] += 0.5 * s
            entry["count"] += c["count"]
            forms = several.get(key)
            if forms is None:
                forms = several[key] = dict(_forms(entry["phrase"]))
            for form, n in _forms(c).items():
                forms[form] = forms.get(form, 0) + n
        for key, entry in merged.items():
            forms = several[key] if several and key in several else _forms(entry["phrase"])
            # The article's most used form; on a tie the shorter, as later mentions are.
            entry["phrase"] = next(iter(forms)) if len(forms) == 1 else \
                max(forms, key=lambda f: (forms[f], -len(f), f))
        # Best score first, ties by key: two C-level sorts (the second is stable, also reversed).
        ranked[doc_id] = sorted(sorted(merged.values(), key=_BY_KEY), key=_BY_SCORE, reverse=True)
    return ranked


_BY_KEY, _BY_SCORE = itemgetter("key"), itemgetter("score")


def _forms(cand: Candidate) -> dict[str, int]:
    return cand.get("forms") or {cand["form"]: 1}


def cut_options(max_tags: int = MAX_TAGS, min_tags: int = MIN_TAGS, min_ratio: float = MIN_RATIO) -> dict:
    """Keyword arguments of :func:`cut_tags` from the tag settings; a lower maximum lowers the minimum too."""
    return {"max_tags": max_tags, "min_tags": min(min_tags, max_tags), "min_ratio": min_ratio}


def is_strong(entry: RankedEntry) -> bool:
    """A tag strong enough to keep even if no other article uses it."""
    return entry["kind"] == "name" and entry["count"] >= 3


def is_taggable(entry: RankedEntry, broad: float) -> bool:
    """Names always may be tags, however many articles share them; a term only as a subject
    phrase ("interest rates") or an uncommon word ("broadband"), never a common word alone."""
    if entry["kind"] == "name":
        # A name that many articles share is a tag where the article is about it, not where it is mentioned.
        return entry["df"] <= broad or entry["count"] >= BROAD_NAME_MENTIONS
    if entry["kind"] != "term" or entry["df"] > broad:
        return False
    if " " in entry["key"]:
        return True
    subject = entry.get("subject")  # answered by the NLP step; else asked here
    return is_subject_noun(entry["key"]) if subject is None else subject


class _Words(dict):
    """Display name -> its set of words, each made once per corpus pass (names repeat across articles)."""

    def __missing__(self, name: str) -> frozenset[str]:
        words = self[name] = frozenset(name.lower().split())
        return words


def _add_unless_redundant(chosen: list[RankedEntry], entry: RankedEntry, words_of: _Words) -> None:
    """Add ``entry`` unless a chosen tag already says it ("Arsene" beside "Arsene Wenger");
    a chosen tag that ``entry`` says more fully makes way for it."""
    words = words_of[entry["name"]]
    if any(words <= words_of[c["name"]] for c in chosen):
        return
    chosen[:] = [c for c in chosen if not words_of[c["name"]] < words]
    chosen.append(entry)


def cut_tags(ranked: dict[object, list[RankedEntry]], max_tags: int = MAX_TAGS, min_tags: int = MIN_TAGS,
             max_df_share: float = 0.05, min_df_for_share: int = 100,
             min_ratio: float = MIN_RATIO) -> dict[object, list[str]]:
    """Cut each article's tags from its ranked entries.

    Only taggable entries (:func:`is_taggable`) count; in corpora of
    ``min_df_for_share`` articles or more a term used by more than ``max_df_share``
    of all articles is too broad to browse (names are never dropped for breadth).
    A tag is dropped when one article alone uses it and it is not strong; past
    ``min_tags`` tags, those scoring under ``min_ratio`` of the article's best are
    cut (both need that many articles to mean anything). ``min_tags`` is reached by
    relaxing the singleton rule where needed. No tag repeats another's words.
    """
    n_docs = len(ranked)
    broad = max(max_df_share * n_docs, min_df_for_share * max_df_share) if n_docs >= min_df_for_share else math.inf
    tags = {}
    words_of = _Words()
    for doc_id, entries in ranked.items():
        # (-tag score, key) tuples sort in C; keys are unique in an article, so entries are never compared.
        usable = [e for _, _, e in sorted((-tag_score(e), e["key"], e) for e in entries
                                          if is_taggable(e, broad))]
        chosen = []
        for rank, entry in enumerate(usable):
            if len(chosen) >= max_tags:
                break
            if entry["df"] > broad and rank >= BROAD_NAME_RANK:
                continue  # a name many articles share is a tag only where it is what the article is about
            if entry["df"] > 1 or is_strong(entry):
                _add_unless_redundant(chosen, entry, words_of)
        if chosen and min_ratio and n_docs >= min_df_for_share:
            # Weak tail tags link unrelated articles: keep those near the article's best.
            floor = min_ratio * tag_score(chosen[0])
            chosen = chosen[:min_tags] + [e for e in chosen[min_tags:] if tag_score(e) >= floor]
        if len(chosen) < min_tags:
            # Top up with singletons that at least repeat in their article.
            for entry in usable:
                if len(chosen) >= min_tags:
                    break
                if entry not in chosen and entry["count"] >= 2:
                    _add_unless_redundant(chosen, entry, words_of)
            chosen.sort(key=lambda e: (-tag_score(e), e["key"]))
        tags[doc_id] = [e["name"] for e in chosen]
    return tags


def tag_score(entry: RankedEntry) -> float:
    """Order of tags within an article: names first, and what links to other articles."""
    return entry["score"] * (1.5 if entry["kind"] == "name" else 1.0) * (2.0 if entry["df"] > 1 else 1.0)
