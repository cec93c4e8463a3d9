"""Word lists the keyword filter needs (pure data, loaded once)."""

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def stopwords():
    """YAKE's own English stopword list, so our filter and YAKE agree."""
    text = resources.files("yake.core").joinpath("StopwordsList/stopwords_en.txt")
    return frozenset(w.strip().lower() for w in text.read_text(encoding="utf-8").split() if w.strip())


# Words that open a name but are not part of it ("President Macron" is Macron).
TITLE_WORDS = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister
    chancellor secretary senator sen rep representative governor gov mayor king queen prince
    princess pope rev reverend general gen col colonel captain capt chief judge justice
    ambassador director chairman chairwoman chair ceo leader premier saint st
    foreign home deputy former acting interim first""".split()
)

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
