"""Sentence splitting for news text (pure: text in, sentences out).

segtok does the boundary detection (abbreviations such as "Mr.", "U.S.",
decimals such as "£1.13bn", quotes that close a sentence); this module adds the
two repairs news copy needs: sentences glued without a space ("left.The") and a
leading dateline ("JUNEAU, Alaska, April 1 (UPI) -").
"""

import re

from segtok.segmenter import split_single

# "said.The" -> "said. The": a lower-case letter, digit or closing bracket/quote,
# a full stop, then a capitalised word. Upper-case before the stop is left alone
# so that "U.S.A" and initials survive.
_GLUED = re.compile(r"(?<=[a-z0-9%)\]][.!?])([\"'”’]?)(?=[A-Z][a-z])")
_GLUED_QUOTE = re.compile(r"(?<=[.!?][\"”’])(?=[A-Z][a-z])")

# A dateline opens the first paragraph: a place in capitals, optional region and
# date, an optional agency in brackets, then a dash.
DATELINE = re.compile(
    r"""^\s*
    [A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+)*      # WASHINGTON, NEW YORK, ST. LOUIS
    (?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)*)?  # , Alaska
    (?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?   # , April 1
    \s*(?:\([A-Za-z.\s]+\))?                      # (UPI)
    \s*[-—–]+\s+""",
    re.VERBOSE,
)


def strip_dateline(text):
    """Return ``text`` without a leading news dateline."""
    match = DATELINE.match(text)
    if match and len(match.group(0)) < 80:
        return text[match.end():]
    return text


def unglue(text):
    """Insert the missing space in sentences glued at a full stop."""
    text = _GLUED_QUOTE.sub(" ", text)
    return _GLUED.sub(r"\1 ", text)


def split_sentences(text):
    """Split a paragraph (or several, separated by newlines) into sentences."""
    sentences = []
    for line in re.split(r"\n\s*\n|\n", text):
        block = unglue(" ".join(line.split()))
        if block:
            sentences.extend(s.strip() for s in split_single(block) if s.strip())
    return sentences


# A sentence that opens with a pronoun or connective leans on the one before it.
_DANGLING = re.compile(
    r"^[\"'“‘]?(?:he|she|it|they|them|his|her|its|their|this|that|these|those|there|"
    r"but|and|or|so|yet|also|however|meanwhile|still|instead|then|thus|hence|moreover|"
    r"furthermore|nevertheless|nonetheless|although|though|because|while|which|such|"
    r"i|we|you|me|us|our|my)\b",
    re.IGNORECASE,
)


def starts_dangling(sentence: str) -> bool:
    """True when a sentence opens with a pronoun or connective it cannot resolve alone."""
    return bool(_DANGLING.match(sentence.strip()))
