"""Keyword candidates for one article (pure: text in, plain data out).

Two sources, both filtered so that a candidate is something a reader would
follow:

* **names**: runs of capitalised words inside sentences ("Emmanuel Macron",
  "Palace of Versailles"), with title words ("President", "Mr") and possessives
  stripped, so every mention of a person counts towards one key;
* **terms**: YAKE's lower-case keywords and noun phrases, dropped when they
  start or end with a stopword or a verb, are time expressions ("weeks ago"),
  numbers or generic news words ("said", "people").

Mixed phrases that straddle a name and the words around it ("president
invites Macron", "challenges Vladimir") are never candidates.

The result is a list of dicts (JSON-safe, so it can be cached); the corpus pass
(:mod:`generator.tags`) merges them across articles and ranks them.
"""

import re
from collections import Counter

from lemminflect import getAllLemmas, getLemma

from ..text.lexicon import (
    GENERIC,
    ROLE_TITLES,
    TIME_WORDS,
    TITLE_WORDS,
    is_role,
    is_subject_noun,
    looks_like_person,
    stopwords,
)
from ..text.sentences import split_sentences
from . import yake_pass
from .records import Candidate

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’&.-]*[A-Za-z0-9]|[A-Za-z0-9]|[^\sA-Za-z0-9]")
_POSSESSIVE = re.compile(r"['’]s?$")
# Lower-case words allowed inside a name when a capitalised word follows.
NAME_CONNECTORS = frozenset({"of", "the", "de", "du", "van", "von", "der", "al", "bin", "la", "le"})
YAKE_TOP = 40


def _clean_token(token):
    token = _POSSESSIVE.sub("", token)
    if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", token):
        return token.replace(".", "")  # "U.S." and "US" are one name
    head, _, tail = token.partition("-")
    if tail and tail.islower():
        return head  # "Kremlin-backed" names the Kremlin
    return token.rstrip(".")


def _strip_titles(words):
    """Drop everything up to the last role word that still has a name after it (with its modifiers:
    "Deputy Prime Minister John Prescott" is John Prescott); a modifier alone stays ("Home Office")."""
    cut = 0
    for i, word in enumerate(words[:-1]):
        if word.lower() in ROLE_TITLES:
            cut = i + 1
    words = words[cut:]
    # A role after the name goes too: "Labour MPs" is Labour, "Tory MP" is Tory.
    while len(words) > 1 and is_role(words[-1]):
        words = words[:-1]
    return words


def _split_person_of_place(words):
    """ "Conchita Martinez of Spain" is a person and a place; "Bank of England" is one name."""
    lowered = [w.lower() for w in words]
    if "of" in lowered[1:-1]:
        cut = lowered.index("of")
        left, right = words[:cut], words[cut + 1:]
        if looks_like_person(left) and right:
            return [left, right]
    return [words]


_DEMONYM_END = ("an", "en", "ese", "ish", "ch", "ic", "i")


def _is_demonym(word, sentences):
    """"French president", "Russian leader": a capitalised adjective, not a name."""
    if " " in word or not word.lower().endswith(_DEMONYM_END):
        return False
    follows = [m.group(1) for s in sentences for m in re.finditer(r"\b" + re.escape(word) + r"s? ([a-z]+)", s)]
    total = sum(len(re.findall(r"\b" + re.escape(word) + r"s?\b", s)) for s in sentences)
    nounish = [w for w in follows if w not in stopwords() and not _verb_only(w)]
    return total > 0 and len(nounish) / total >= 0.5


def _is_capitalised(token):
    return token[:1].isupper()


def _lemma_noun(word):
    lemmas = getLemma(word, upos="NOUN")
    return lemmas[0] if lemmas else word


def term_key(words: list[str]) -> str:
    """Key of a lower-case phrase: case-folded, last word singular."""
    words = [w.lower() for w in words]
    return " ".join([*words[:-1], _lemma_noun(words[-1])])


def name_key(words: list[str]) -> str:
    """Key of a name: case-folded words."""
    return " ".join(w.lower() for w in words)


def _verb_only(word):
    pos = getAllLemmas(word.lower())
    return bool(pos) and set(pos) <= {"VERB", "AUX"}


def _lower_forms(sentences):
    """Every word that appears in lower case somewhere: such a word is not a name."""
    forms = set()
    for sent in sentences:
        forms.update(t for t in _TOKEN.findall(sent) if t[:1].islower())
    return forms


def _common_word(token, lower_forms, stops, mid_caps):
    """A capitalised sentence opener that is an ordinary word ("But", "Addressing")."""
    low = token.lower()
    if low in stops or token in lower_forms or low in lower_forms:
        return True
    return token not in mid_caps and bool(getAllLemmas(low))


def _mid_sentence_caps(sentences):
    caps = set()
    for sent in sentences:
        tokens = _TOKEN.findall(sent)
        caps.update(t for t in tokens[1:] if t[:1].isupper())
    return caps


def _names_in(sentence, lower_forms, stops, mid_caps):
    """Yield (words, surface) for each name run in ``sentence``."""
    tokens = _TOKEN.findall(sentence)
    run = []

    def flush():
        while run and (run[-1].lower() in NAME_CONNECTORS):
            run.pop()
        cleaned = _strip_titles([w for w in (_clean_token(t) for t in run) if w])
        for words in _split_person_of_place(cleaned) if cleaned else []:
            single = len(words) == 1 and words[0].lower()
            is_title = single and (single in TITLE_WORDS or is_role(single))  # "MP", "MPs"
            if words and not (single and (single in stops or single in GENERIC or is_title)):
                yield words
        run.clear()

    for i, tok in enumerate(tokens):
        sentence_start = i == 0 or tokens[i - 1] in {"\"", "“", "‘", "'", "(", ":"}
        if _is_capitalised(tok) and tok[0].isalpha():
            if sentence_start and not run and _common_word(tok, lower_forms, stops, mid_caps):
                yield from flush()
                continue
            run.append(tok)
            if re.search(r"['’]s?$", tok):  # a possessive ends the name
                yield from flush()
        elif run and tok.lower() in NAME_CONNECTORS and i + 1 < len(tokens) and _is_capitalised(tokens[i + 1]):
            run.append(tok)
        else:
            yield from flush()
    yield from flush()


def _split_joined_names(found):
    """"Putin France" (from "President Putin France's") is two names seen apart elsewhere."""
    for key, cand in list(found.items()):
        words = key.split()
        if len(words) < 2 or cand["count"] > 1:
            continue
        for cut in range(1, len(words)):
            left, right = " ".join(words[:cut]), " ".join(words[cut:])
            if left in found and right in found and key not in (left, right):
                found[left]["count"] += 1
                found[right]["count"] += 1
                del found[key]
                break


def _is_headline_case(title):
    words = [w for w in title.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _good_term(words, stops):
    lowered = [w.lower() for w in words]
    if any(not re.search(r"[a-z]", w) for w in lowered):
        return False  # numbers, symbols
    if lowered[0] in stops or lowered[-1] in stops:
        return False
    if lowered[0] in TITLE_WORDS or lowered[-1] in TITLE_WORDS:
        return False
    if any(w in TIME_WORDS for w in lowered):
        return False
    if len(words) == 1 and (lowered[0] in GENERIC or len(lowered[0]) < 3):
        return False
    if all(w in GENERIC or w in stops for w in lowered) or (len(words) > 1 and lowered[0] in GENERIC):
        return False  # "good balance", "last month"
    if _verb_only(lowered[0]) or _verb_only(lowered[-1]):
        return False
    return not any(re.search(r"\d", w) for w in lowered)


def candidates(title: str, paragraphs: list[str], top: int = YAKE_TOP,
               sentences: list[str] | None = None) -> list[Candidate]:
    """Keyword candidates of one article (:class:`~generator.analysis.records.Candidate`), best YAKE rank first.

    ``sentences``: the body already split (:func:`generator.analysis.article.sentences_of`), to split it once.
    """
    stops = stopwords()
    body_sentences = sentences if sentences is not None else [s for p in paragraphs for s in split_sentences(p)]
    sentences = ([title] if title and not _is_headline_case(title) else []) + body_sentences
    lower_forms = _lower_forms(body_sentences)
    mid_caps = _mid_sentence_caps(body_sentences)

    found = {}

    def add(key, form, kind):
        cand = found.get(key)
        if cand is None:
            cand = found[key] = {"key": key, "form": form, "kind": kind, "count": 0, "yake": None, "forms": Counter()}
        cand["count"] += 1
        cand["forms"][form] += 1

    for sentence in sentences:
        for words in _names_in(sentence, lower_forms, stops, mid_caps):
            add(name_key(words), " ".join(words), "name")
    _split_joined_names(found)
    for key in [k for k, c in found.items() if _is_demonym(c["form"], [title, *body_sentences])]:
        del found[key]

    text = "\n".join([title, *paragraphs]) if title else "\n".join(paragraphs)
    phrases, single_words = yake_pass.rank(text, top)
    for rank, (phrase, _score) in enumerate(phrases):
        words = phrase.split()
        if any(_is_capitalised(w) for w in words):
            continue  # names come from the name runs; mixed phrases are fragments
        if not _good_term(words, stops):
            continue
        key = term_key(words)
        cand = found.get(key)
        if cand is None:
            pattern = re.compile(r"\b" + re.escape(phrase) + r"\w{0,2}\b", re.IGNORECASE)
            cand = found[key] = {
                "key": key, "form": phrase.lower(), "kind": "term",
                "count": sum(len(pattern.findall(s)) for s in sentences) or 1, "yake": rank,
                "forms": Counter({phrase.lower(): 1}),
            }
        elif cand["yake"] is None:
            cand["yake"] = rank

    # YAKE with single words (its best setting on news) ranks every candidate:
    # a name or phrase takes the best rank of its words, and any other salient
    # word that is not part of a name joins the ranking on its own.
    word_rank = {}
    name_words = {w for c in found.values() if c["kind"] == "name" for w in c["key"].split()}
    for rank, (word, _score) in enumerate(single_words):
        word_rank.setdefault(word.lower(), rank)
        low = word.lower()
        if low in found or low in name_words or not re.fullmatch(r"[a-z][a-z'-]+", low):
            continue
        if low in stops or len(low) < 3:
            continue
        key = term_key([low])
        if key in found:
            continue
        # A lower-case word that passes the phrase filter is a term (a possible
        # tag); anything else YAKE finds salient (a sentence-initial common word,
        # a demonym, a weekday, a generic news word) is ranked as a word, never a tag.
        tag_worthy = word[:1].islower() and low not in GENERIC and _good_term([low], stops)
        found[key] = {
            "key": key, "form": low, "kind": "term" if tag_worthy else "word",
            "count": len(re.findall(r"\b" + re.escape(low) + r"\b", text, re.IGNORECASE)) or 1,
            "yake": None, "forms": Counter({low: 1}),
        }
    for cand in found.values():
        ranks = [word_rank[w] for w in cand["key"].split() + cand["form"].lower().split() if w in word_rank]
        cand["yake1"] = min(ranks) if ranks else None
        cand["forms"] = dict(cand["forms"])
        # What the corpus pass asks of a key, answered here: it is cached, and the dictionaries
        # behind the answers take a second to load in a build that has nothing else to analyse.
        if " " in cand["key"]:
            if cand["kind"] == "name":
                cand["person"] = looks_like_person(cand["key"].split())
        elif cand["kind"] == "term":
            cand["subject"] = is_subject_noun(cand["key"])

    return sorted(found.values(), key=lambda c: (c["yake"] is None, c["yake"] or 0, -c["count"]))

