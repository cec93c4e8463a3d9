"""What a reader sees in the tags (pure): filler words, redundant tags, titles, and whether the
corpus's most widespread names are tags at all.

The widespread names are found here independently of the tagger: runs of two or
more capitalised words in the raw text, honorifics stripped, counted by document
frequency. Common English words are those with a wordfreq Zipf frequency of 4.0
or more (about once per 10,000 words of general English): ``text.lexicon.is_common_word``.
"""

import re
from collections import Counter

from ..corpus.names import is_short_form
from ..text.lexicon import is_common_word
from ..text.sentences import split_sentences

TOP_NAMES = 30
# Titles and roles that open a name ("Prime Minister Tony Blair"); a tag must not keep them.
TITLES = ("prime minister", "chief executive", "mr", "mrs", "ms", "dr", "mep", "mp", "msp", "president",
          "chancellor", "minister", "secretary", "senator", "governor", "mayor", "chairman", "sir", "lord",
          "lady", "dame", "judge", "general", "captain", "coach", "manager", "leader", "deputy", "shadow", "former",
          "vice", "home secretary", "foreign secretary", "foreign minister", "home office minister")
TAG_TITLES = ("prime minister", "chief executive", "mr", "mrs", "ms", "dr", "mep", "mp", "msp", "president",
              "chancellor", "minister", "secretary", "senator", "governor", "mayor", "chairman")
_RUN = re.compile(r"\b[A-Z][\w'’&.-]*(?:\s+(?:of|the|de|van|von|der|&)?\s*[A-Z][\w'’&.-]*)+")
_OPENERS = {"the", "a", "an", "but", "and", "in", "on", "at", "for", "as", "if", "when", "while", "after", "before",
            "this", "that", "it", "he", "she", "they", "we", "i", "his", "her", "their", "its", "our", "by", "from",
            "with", "to", "so", "or", "of", "there", "what", "why", "how", "mr", "mrs"}


def is_generic_tag(tag: str) -> bool:
    """One lower-case word among the most common English words."""
    return " " not in tag and tag == tag.lower() and is_common_word(tag)


def _words(tag):
    return [w.lower().strip(".") for w in re.findall(r"[\w'’&.-]+", tag)]


def is_titled(tag: str) -> bool:
    low = " ".join(_words(tag))
    return any(low == t or low.startswith(t + " ") for t in TAG_TITLES)


def redundant(tags: list[str]) -> list[str]:
    """Tags whose words all appear in another tag of the same article ("Arsene" beside "Arsene Wenger")."""
    sets = [set(_words(t)) for t in tags]
    return [t for i, t in enumerate(tags) if any(j != i and sets[i] <= sets[j] and sets[i] != sets[j]
                                                 for j in range(len(tags)))]


def _strip_name(words):
    words = list(words)
    changed = True
    while changed and words:
        changed = False
        low = " ".join(w.lower() for w in words)
        for title in sorted(TITLES, key=len, reverse=True):
            n = len(title.split())
            if low == title or low.startswith(title + " "):
                words = words[n:]
                changed = True
                break
        if words and words[0].lower() in _OPENERS:
            words = words[1:]
            changed = True
    while words and words[-1].lower() in {"of", "the", "and", "&", "de", "van", "von", "der"}:
        words.pop()
    return [re.sub(r"['’]s$", "", w).rstrip(".") for w in words]


def widespread_names(texts: list[str], top: int = TOP_NAMES) -> list[tuple[str, int]]:
    """The ``top`` multi-word capitalised names by document frequency (ties by name)."""
    df = Counter()
    for text in texts:
        found = set()
        for line in (s for para in text.splitlines() for s in split_sentences(para)):
            for match in _RUN.finditer(line):
                words = _strip_name(match.group(0).split())
                if len(words) >= 2 and not all(w.isupper() for w in words):
                    found.add(" ".join(words))
        df.update(found)
    return sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def _initials(words):
    return "".join(w[0] for w in words if w.lower() not in {"of", "the", "and", "&", "de"}).upper()


def has_tag(name: str, vocabulary: set[str]) -> bool:
    """The name, a longer form of it, its initials or its head ("Labour" for "Labour Party") is a tag."""
    words = name.split()
    low = [w.lower() for w in words]
    lowered = {t.lower() for t in vocabulary}
    if name.lower() in lowered or _initials(words) in vocabulary:
        return True
    for tag in lowered:
        tw = tag.split()
        it = iter(tw)
        if len(tw) > len(low) and all(w in it for w in low):
            return True  # the words in order, with a middle name or initial between
        if is_short_form(low, tw):
            return True  # the long form of an abbreviation: "Liberal Democrats" for "Lib Dems"
    head = " ".join(low[:-1])
    return is_common_word(low[-1]) and head in lowered


def quality_figures(texts: list[str], tags: list[list[str]]) -> dict:
    """The reader-facing figures of an article→tags assignment; ``texts`` and ``tags`` are parallel."""
    uses = [t for article in tags for t in article]
    vocabulary = set(uses)
    names = widespread_names(texts)
    covered = [n for n, _ in names if has_tag(n, vocabulary)]
    return {
        "generic_tag_share": round(sum(map(is_generic_tag, uses)) / len(uses), 4) if uses else 0.0,
        "redundant_tag_share": round(sum(len(redundant(a)) for a in tags) / len(uses), 4) if uses else 0.0,
        "top_name_coverage": round(len(covered) / len(names), 4) if names else 0.0,
        "titled_tags": sum(1 for t in vocabulary if is_titled(t)),
        "top_names_missing": [n for n, _ in names if n not in covered],
    }
