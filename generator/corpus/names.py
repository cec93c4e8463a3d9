"""One entity, one key, across the corpus (pure): the name merges behind canonical tags.

Each rule looks its candidates up in an index built once per corpus pass (by
plain form, first letters, initials, surname, first name), so the pass stays
linear in the archive. In order:

1. **Variants of one multi-word name** share a key: with or without middle
   initials ("George W Bush", "George Bush") and short forms whose every word
   abbreviates the long form's ("Lib Dems", "Liberal Democrats"). The most used
   form is the key.
2. **Initials** ("EU", "US") join the multi-word name they abbreviate: the one in
   the same article, else the corpus's dominant one.
3. **A one-word name** joins the fuller name it belongs to: as a surname
   ("Macron" -> "Emmanuel Macron") or, within one article only, as a first name
   ("Arsene" -> "Arsene Wenger"); the same article's name wins, else the corpus's
   dominant one (two people who share a surname stay apart).
4. **State aliases**: "Russian Federation" joins "Russia" when both occur.
"""

from collections import Counter, defaultdict

from ..analysis.records import Candidate
from ..text.lexicon import is_state_alias, looks_like_person

DOMINANT = 0.6  # share of a short name's corpus uses a fuller name needs to take them all
# Share of the articles naming a one-word name that also give a fuller name ending in it,
# for the word to be read as that surname across the corpus.
SURNAME_COOCCURRENCE = 0.25
SURNAME_EVIDENCE = 5  # articles naming the word alone before that share is asked for
_SKIP_IN_INITIALS = frozenset({"of", "the", "and", "&", "for", "de", "du", "la", "le"})


def plain_form(key: str) -> str:
    """A multi-word name without single-letter middle initials: "george w bush" -> "george bush"."""
    words = key.split()
    if len(words) < 3:
        return key
    return " ".join([words[0], *(w for w in words[1:-1] if len(w.rstrip(".")) > 1), words[-1]])


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def is_short_form(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` abbreviates (is a shorter prefix of) the same word of ``long``:
    "lib dems" / "liberal democrats". A name that shares any whole word ("jon smith" / "jonathan
    smith") is a different name, not a short form."""
    if len(short) != len(long) or len(short) < 2:
        return False
    for abbreviation, word in zip(short, long, strict=True):
        a, w = _stem(abbreviation), _stem(word)
        if len(a) < 3 or len(a) >= len(w) or not w.startswith(a):
            return False
    return True


def initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _SKIP_IN_INITIALS).upper()


def _dominant(counter: Counter) -> str | None:
    """The entry with at least DOMINANT of the counts (ties: alphabetical), or None."""
    if not counter:
        return None
    best, count = max(counter.items(), key=lambda kc: (kc[1], kc[0]))
    return best if count >= DOMINANT * sum(counter.values()) else None


def _variants(counts: Counter) -> dict[str, str]:
    """Multi-word name -> the key of its variant group (rule 1)."""
    by_plain = defaultdict(list)
    for key in sorted(counts):
        by_plain[plain_form(key)].append(key)
    rep = {}
    for keys in by_plain.values():
        best = max(keys, key=lambda k: (counts[k], len(k), k))
        for key in keys:
            rep[key] = best
    # Short forms: looked up by first letters, only for names with an abbreviation-length word.
    groups = sorted(set(rep.values()))
    by_letters = defaultdict(list)
    for key in groups:
        by_letters[tuple(w[0] for w in key.split())].append(key)
    merged = {}
    for key in groups:
        words = key.split()
        if len(words) < 2 or not any(len(_stem(w)) <= 4 for w in words):
            continue
        longer = [o for o in by_letters[tuple(w[0] for w in words)] if o != key and is_short_form(words, o.split())]
        if longer:
            merged[key] = max(longer, key=lambda o: (counts[o], o))
    return {key: merged.get(r, r) for key, r in rep.items()}


def canonical_keys(docs: dict[object, list[Candidate]]) -> dict[tuple[object, str], str]:
    """Map (doc id, candidate key) -> canonical key for every name of the corpus whose key changes.

    Only names merge: every other candidate, and a name already canonical, keeps its
    own key (``mapping.get((doc_id, key), key)``). Leaving those out keeps the map to
    a fraction of the corpus's candidates (a million of them at 20,000 articles).
    """
    counts = Counter()
    singles = set()
    named = {}  # doc id -> its name candidates
    person = {}  # multi-word name -> person-shaped, as the NLP step found (a function of the key)
    for doc_id, cands in docs.items():
        names = [c for c in cands if c["kind"] == "name"]
        if names:
            named[doc_id] = names
        for c in names:
            if " " in c["key"]:
                counts[c["key"]] += c["count"]
                if "person" in c:
                    person[c["key"]] = c["person"]
            else:
                singles.add(c["key"])
    variant = _variants(counts)
    full = Counter()  # canonical multi-word name -> corpus uses
    for key, n in counts.items():
        full[variant[key]] += n
    by_initials, by_surname, by_first = defaultdict(Counter), defaultdict(Counter), defaultdict(Counter)
    for key, n in full.items():
        words = key.split()
        shaped = person.get(key)
        if shaped is None:  # candidates made by hand or by an older NLP step
            shaped = looks_like_person(words)
        if shaped:  # "Labour" is not a surname of "New Labour", nor "England" of a bank
            by_surname[words[-1]][key] += n
            by_first[words[0]][key] += n
        if len(initials(key)) >= 2:
            by_initials[initials(key)][key] += n

    # How often a one-word name comes with a fuller name ending in it: "Blair" mostly beside
    # "Tony Blair" is his surname; "Britain" beside "Tate Britain" in 3 of 300 articles is Britain.
    seen_alone, seen_with = Counter(), Counter()
    local_of = {}  # doc id -> its multi-word names' canonical keys and mentions
    for doc_id, names in named.items():
        local = local_of[doc_id] = Counter()
        for c in names:
            if " " in c["key"]:
                local[variant[c["key"]]] += c["count"]
        last_words = {k.split()[-1] for k in local}
        for c in names:
            if " " not in c["key"]:
                seen_alone[c["key"]] += 1
                seen_with[c["key"]] += c["key"] in last_words
    # Evidence counts only once the word is common: a name seen in a handful of articles joins as before.
    surnames = {k for k in seen_alone
                if seen_alone[k] < SURNAME_EVIDENCE or seen_with[k] >= SURNAME_COOCCURRENCE * seen_alone[k]}

    mapping = {}
    aliases = {}  # canonical multi-word name -> its state alias or itself (one lookup per name, not per use)
    for doc_id, names in named.items():
        local = local_of[doc_id]
        for c in names:
            key = c["key"]
            if " " in key:
                target = variant[key]
                alias = aliases.get(target)
                if alias is None:
                    alias = aliases[target] = _state_alias(target.split(), singles) or target
                target = alias
            else:
                target = _one_word(key, c, local, by_initials, by_surname if key in surnames else {}, by_first) or key
            if target != key:
                mapping[doc_id, key] = target
    return mapping


def _pick(index: Counter, local: Counter) -> str | None:
    """The same article's name if it has one (its most used), else the corpus's dominant one."""
    mine = [k for k in local if k in index]  # an article names a few; an index may hold hundreds
    if mine:
        return max(mine, key=lambda k: (local[k], index[k], k))
    return _dominant(index)


def _one_word(key, cand, local, by_initials, by_surname, by_first) -> str | None:
    form = cand["form"]
    if form.isupper() and 2 <= len(key) <= 5 and key.upper() in by_initials:
        found = _pick(by_initials[key.upper()], local)
        if found:
            return found
    if key in by_surname:
        found = _pick(by_surname[key], local)
        if found:
            return found
    # A first name alone names the person only within the article that gives the full name.
    firsts = by_first.get(key)
    mine = [k for k in local if k in firsts] if firsts else []
    if mine:
        return max(mine, key=lambda k: (local[k], k))
    return None


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
