"""The plugin's settings: one prefix (``DIGEST_``), one place, a typed option each.

Each option knows its default (taken from the pure module that owns it), what it
allows and how to say so, the way mkdocs' ``config_options`` do. Every ``DIGEST_*``
setting is checked when Pelican starts (:func:`validate`): a wrong value stops the
build with exit status 1 and one message naming the setting, the value and what is
allowed; an unknown ``DIGEST_`` name gets a warning with the closest known name.
The README lists every setting; keep the two in step.
"""

from __future__ import annotations

import datetime
import difflib
import logging
from dataclasses import dataclass
from typing import Any

from ..analysis.article import SUMMARY_SENTENCES, SUMMARY_WORDS
from ..analysis.cache import KEEP_BUILDS
from ..corpus.editions import EDITION_SIZE
from ..corpus.related import RELATED_COUNT
from ..corpus.stories import WINDOW_DAYS
from ..corpus.tags import MAX_TAGS, MIN_RATIO, MIN_TAGS, cut_options
from ..text.parse import FALLBACK_DATE, RAW_EXTENSIONS
from .search_shards import SHARD_PAGES
from .writer import TAG_FEED_MIN

logger = logging.getLogger(__name__)

PREFIX = "DIGEST_"


class SettingsError(SystemExit):
    """A wrong ``DIGEST_*`` value: exits with status 1 and the message alone (no traceback)."""

    def __init__(self, message: str):
        super().__init__(f"Error in settings: {message}")
        self.message = message


@dataclass(frozen=True)
class Option:
    """A setting's default and its check; ``check`` returns what is allowed, or None when ``value`` is fine."""

    default: Any

    def check(self, value: Any) -> str | None:
        raise NotImplementedError


@dataclass(frozen=True)
class Integer(Option):
    minimum: int | None = None
    maximum: int | None = None

    def check(self, value):
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok and (self.minimum is None or value >= self.minimum) and (self.maximum is None or value <= self.maximum):
            return None
        low = "" if self.minimum is None else f" >= {self.minimum}"
        high = "" if self.maximum is None else f" and <= {self.maximum}"
        return f"an integer{low}{high}"


@dataclass(frozen=True)
class Number(Option):
    minimum: float = 0.0
    maximum: float = 1.0

    def check(self, value):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and self.minimum <= value <= self.maximum:
            return None
        return f"a number from {self.minimum} to {self.maximum}"


@dataclass(frozen=True)
class Choice(Option):
    choices: tuple = ()

    def check(self, value):
        # Compare types too: 1 == True, but 1 is not an allowed DIGEST_SEARCH.
        if any(value == c and type(value) is type(c) for c in self.choices):
            return None
        return "one of " + ", ".join(repr(c) for c in self.choices)


@dataclass(frozen=True)
class StringList(Option):
    """A list (or tuple) of non-empty strings; a bare string is refused, not split into letters."""

    def check(self, value):
        if isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value):
            return None
        return 'a list of non-empty strings, e.g. ["seeds"]'


@dataclass(frozen=True)
class IsoDate(Option):
    def check(self, value):
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return 'a date as "YYYY-MM-DD"'
        return None


@dataclass(frozen=True)
class OptionalPath(Option):
    def check(self, value):
        return None if value is None or isinstance(value, str) else 'a folder path, or "" / None for none'


OPTIONS: dict[str, Option] = {
    # Folders of raw articles, relative to PATH or absolute.
    "DIGEST_SOURCES": StringList(["seeds"]),
    # File extensions the raw reader claims (no dot).
    "DIGEST_EXTENSIONS": StringList(list(RAW_EXTENSIONS)),
    # Date of articles with no Date header and no date in the file name: fixed,
    # so that builds never depend on file times.
    "DIGEST_FALLBACK_DATE": IsoDate(FALLBACK_DATE),
    # Most tags per article, and the fewest kept when the article has that many candidates.
    "DIGEST_MAX_TAGS": Integer(MAX_TAGS, minimum=1, maximum=50),
    "DIGEST_MIN_TAGS": Integer(MIN_TAGS, minimum=0, maximum=50),
    # In corpora of 100+ articles, tags past the minimum must score this share of the article's best.
    "DIGEST_TAG_MIN_RATIO": Number(MIN_RATIO, 0.0, 1.0),
    # Tags never to use (case-insensitive display names or keys).
    "DIGEST_TAG_STOPLIST": StringList([]),
    # Summary: sentences and word budget.
    "DIGEST_SUMMARY_SENTENCES": Integer(SUMMARY_SENTENCES, minimum=0, maximum=10),
    "DIGEST_SUMMARY_WORDS": Integer(SUMMARY_WORDS, minimum=1),
    # Articles under "More on these tags".
    "DIGEST_RELATED_COUNT": Integer(RELATED_COUNT, minimum=0, maximum=100),
    # Per-article NLP cache (relative to PATH, or absolute); "" or None turns it off.
    "DIGEST_CACHE_PATH": OptionalPath("cache"),
    # Cache entries that no build used in this many builds are removed; 0 keeps all.
    "DIGEST_CACHE_KEEP_BUILDS": Integer(KEEP_BUILDS, minimum=0),
    # Processes for the NLP pass; 0 means one per CPU.
    "DIGEST_WORKERS": Integer(0, minimum=0),
    # Pagefind search: True builds the index (a failure is a warning), False drops
    # the search page, "required" fails the build without an index (publishconf.py).
    "DIGEST_SEARCH": Choice(True, choices=(True, False, "required")),
    # Pages per search-index shard before a period's shard is split (a rebuild re-indexes changed shards only).
    "DIGEST_SEARCH_SHARD_PAGES": Integer(SHARD_PAGES, minimum=1),
    # Per-tag feeds are written for tags of at least this many articles (their pages link them).
    "DIGEST_TAG_FEED_MIN": Integer(TAG_FEED_MIN, minimum=1),
    # Fail the build (exit status 1, previous site kept) when any source file was skipped or repaired.
    "DIGEST_STRICT": Choice(False, choices=(False, True)),
    # Editions: a page per day and per ISO week ("both"), one kind only, or False for none.
    "DIGEST_EDITIONS": Choice("both", choices=("both", "daily", "weekly", False)),
    # Most stories (or articles) per edition.
    "DIGEST_EDITION_SIZE": Integer(EDITION_SIZE, minimum=1),
    # Stories: articles about one event from several sources, grouped on one page with one summary.
    "DIGEST_STORIES": Choice(True, choices=(True, False)),
    # Dated articles further apart than this many days are never one story.
    "DIGEST_STORY_WINDOW_DAYS": Integer(WINDOW_DAYS, minimum=0),
}

DEFAULTS: dict[str, Any] = {name: option.default for name, option in OPTIONS.items()}


def get(settings: dict, name: str) -> Any:
    """The setting ``name`` from a Pelican settings dict, or its default."""
    return settings.get(name, OPTIONS[name].default)


def validate(settings: dict) -> None:
    """Check every ``DIGEST_*`` setting; raise :class:`SettingsError` on the first wrong one."""
    for name in sorted(settings):
        if name.startswith(PREFIX) and name not in OPTIONS:
            close = difflib.get_close_matches(name, OPTIONS, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            logger.warning("Unknown setting %s (ignored)%s", name, hint)
    for name, option in OPTIONS.items():
        if name not in settings:
            continue
        allowed = option.check(settings[name])
        if allowed:
            raise SettingsError(f"{name} = {settings[name]!r} is not allowed; expected {allowed}")
    # Only when both are set: lowering DIGEST_MAX_TAGS alone lowers the minimum with it.
    both = "DIGEST_MIN_TAGS" in settings and "DIGEST_MAX_TAGS" in settings
    if both and settings["DIGEST_MIN_TAGS"] > settings["DIGEST_MAX_TAGS"]:
        raise SettingsError(
            f"DIGEST_MIN_TAGS = {get(settings, 'DIGEST_MIN_TAGS')!r} is not allowed; "
            f"expected at most DIGEST_MAX_TAGS ({get(settings, 'DIGEST_MAX_TAGS')!r})"
        )


def tag_options(settings: dict) -> dict:
    """Keyword arguments of :func:`generator.corpus.tags.cut_tags` from the settings."""
    return cut_options(get(settings, "DIGEST_MAX_TAGS"), get(settings, "DIGEST_MIN_TAGS"),
                       get(settings, "DIGEST_TAG_MIN_RATIO"))
