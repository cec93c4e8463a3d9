"""Word lists the keyword filter needs (pure data, loaded once).

lemminflect and wordfreq are imported on first use: together with their tables
they take about a second to load, and a warm build never asks them (the cached
NLP step stores what the corpus pass would ask: ``person`` and ``subject``).
"""

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def stopwords():
    """YAKE's own English stopword list, so our filter and YAKE agree."""
    text = resources.files("yake.core").joinpath("StopwordsList/stopwords_en.txt")
    return frozenset(w.strip().lower() for w in text.read_text(encoding="utf-8").split() if w.strip())


# Roles that open a name but are not part of it ("President Macron" is Macron, "MEP Robert
# Kilroy-Silk" is Robert Kilroy-Silk): a name is cut after the last of these.
ROLE_TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady baroness president minister
    chancellor secretary senator sen rep representative governor gov mayor general gen col colonel
    captain capt judge justice ambassador director chairman chairwoman chair ceo leader premier
    mep mp msp qc commissioner executive""".split()
)
# Words that qualify a role ("Home Secretary", "Deputy Prime Minister") and are stripped only
# with it: "Home Office" and "Foreign Office" keep theirs. Royal and saintly titles (King,
# Queen, Prince, Pope, St) are part of the name and are in neither list.
TITLE_MODIFIERS = frozenset("foreign home deputy former acting interim first vice prime chief shadow".split())
TITLE_WORDS = ROLE_TITLES | TITLE_MODIFIERS


def is_role(word: str) -> bool:
    """A role word, singular or plural ("MP", "MPs")."""
    low = word.lower()
    return low in ROLE_TITLES or (low.endswith("s") and low[:-1] in ROLE_TITLES)


# Generic news words that never make a tag on their own.
GENERIC = frozenset(
    """said says say told tell people year years time times day days week weeks month months
    today yesterday tomorrow thing things way ways lot lots part number end start news report
    reports statement comments comment question questions issue issues matter matters place
    case cases man men woman women world country countries one two three four five six seven
    eight nine ten first second third last next new old good bad great big small long high low
    percent per cent million billion thousand hundred mr mrs ms also just well including
    according added told asked going got made make makes making set use used put take taken
    think know see come came show shown look want wanted need needs work works group groups
    side point points level levels area areas kind sort lot member members official officials
    spokesman spokeswoman spokesperson source sources
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december ago earlier later recently""".split()
)

# Words that make a phrase a time expression ("weeks ago", "last month").
TIME_WORDS = frozenset(
    """ago earlier later recent recently today yesterday tomorrow tonight week weeks month
    months year years day days hour hours minute minutes morning evening night decade decades
    century monday tuesday wednesday thursday friday saturday sunday""".split()
)

# Name suffixes that make "Russian Federation" an alias of "Russia".
STATE_WORDS = frozenset("federation republic kingdom union states empire emirates".split())


def is_state_alias(name_words: list[str], short: str) -> bool:
    """True for "Russian Federation" against "Russia": adjective + state word."""
    if len(name_words) != 2 or name_words[1] not in STATE_WORDS or len(short) < 4:
        return False
    return name_words[0].startswith(short) and len(name_words[0]) - len(short) <= 3


# A lower-case word at least this frequent in general English (wordfreq's Zipf scale: about
# once per 10,000 words) says too little alone to be a tag: "wrong", "measures", "system".
COMMON_ZIPF = 4.0


@lru_cache(maxsize=1 << 16)
def is_common_word(word: str) -> bool:
    """One of the most common English words (case-folded)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= COMMON_ZIPF


@lru_cache(maxsize=1 << 16)
def word_classes(word: str) -> frozenset[str]:
    """Parts of speech a dictionary gives the word (lemminflect); empty for names ("Tony", "Macron")."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word.lower()))


NAME_JOINERS = frozenset({"of", "the", "and", "&", "de", "du", "van", "von", "der", "al", "bin", "la", "le"})


def looks_like_person(words: list[str]) -> bool:
    """A name shaped like a person's: two or three words (middle initials aside), no joining word
    ("Bank of England"), and a first word no dictionary knows ("Tony", not "New" or "Bank")."""
    core = [w for w in words if len(w.rstrip(".")) > 1]
    if not 2 <= len(core) <= 3 or any(w.lower() in NAME_JOINERS for w in words):
        return False
    return not word_classes(core[0])


def is_subject_noun(word: str) -> bool:
    """A single word that can name a subject: a noun (or a word too new or specialised for the
    dictionary: "broadband"), not an adjective or verb ("unacceptable", "withdrawn"), and not one
    of the commonest words."""
    classes = word_classes(word)
    nounish = not classes or "NOUN" in classes or (classes == {"ADJ"} and not word.lower().endswith(_ADJ_ENDINGS))
    return nounish and not is_common_word(word)


# Endings of words that describe rather than name ("unacceptable", "famous", "aggressive").
_ADJ_ENDINGS = ("able", "ible", "ous", "ful", "less", "ive", "ent", "ant", "ical", "ish")
