"""An article's content words and their counts (pure): what story grouping compares
beside the canonical entries of the tag pass.

The entries say who and what the article is about in a few dozen keys; two reports
of one event in different words may share few of them. Their plain vocabulary
(place names in lower case, "quake", "aftershock", "evacuated") is what
TF-IDF event clustering has always compared, so the grouping gets it too. Counted
here, in the cached per-article step, so a warm build does not tokenise again.
"""

import re

from ..text.lexicon import stopwords

_WORDS = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def term_counts(title: str, paragraphs: list[str]) -> dict[str, int]:
    """Lower-cased words of the title and text, stop words left out, with their counts (first seen first)."""
    stops = stopwords()
    counts: dict[str, int] = {}
    for text in (title, *paragraphs):
        for word in _WORDS.findall(text.lower()):
            if word not in stops:
                counts[word] = counts.get(word, 0) + 1
    return counts
