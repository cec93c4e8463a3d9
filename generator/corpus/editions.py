"""Editions: a corpus's dated items grouped by day and by ISO week, each period's items ranked.

Pure: plain values in (keys, dates, source counts, tag keys), editions out; no Pelican.
An *item* is what an edition lists: a story (several reports of one event) or a
single article. An item belongs to every period in which one of its articles is
dated, once. Within a period items are ranked by how many sources report them,
then by the strength of their tags (a tag held by many articles of the corpus is
a running subject), then newest first.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

# Default of DIGEST_EDITION_SIZE: most items per edition.
EDITION_SIZE = 20

DAY, WEEK = "day", "week"


@dataclass(frozen=True)
class Item:
    """One thing an edition can list.

    ``key`` identifies it (a URL, say) and breaks the last ties; ``dates`` are the
    dates of its dated articles; ``sources`` is how many outlets reported it.
    """

    key: str
    title: str
    dates: tuple[datetime.datetime, ...]
    sources: int = 1
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """An item as listed in one edition: only its articles dated in that period."""

    item: Item
    dates: tuple[datetime.datetime, ...]
    strength: float

    @property
    def latest(self) -> datetime.datetime:
        return max(self.dates)


@dataclass
class Edition:
    """A day's or an ISO week's ranked entries (at most ``size``), oldest edition first in a list."""

    kind: str  # DAY or WEEK
    key: str  # "2024-03-05" or "2024-W10"
    start: datetime.date
    end: datetime.date  # inclusive
    entries: list[Entry]  # ranked, cut to the edition size
    total: int  # entries in the period before the cut
    articles: int  # dated articles in the period (all entries, shown or not)
    previous: str | None = None
    next: str | None = None
    days: list[str] = field(default_factory=list)  # day keys with articles (a week's days)

    @property
    def updated(self) -> datetime.datetime:
        """The latest article date among the shown entries: changes only when they change."""
        return max(e.latest for e in self.entries)


def day_key(day: datetime.date) -> str:
    return day.isoformat()


def week_key(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_of(kind: str, day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """(key, first day, last day) of the ``kind`` period holding ``day``."""
    if kind == DAY:
        return day_key(day), day, day
    if kind == WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return week_key(day), start, start + datetime.timedelta(days=6)
    raise ValueError(f"unknown edition kind {kind!r}")


def tag_weights(tag_lists: Iterable[Iterable[str]]) -> dict[str, float]:
    """Weight of each tag: log of how many articles hold it (a tag of one article weighs 0)."""
    counts = Counter(tag for tags in tag_lists for tag in set(tags))
    return {tag: math.log(n) for tag, n in counts.items()}


def strength(tags: Iterable[str], weights: dict[str, float]) -> float:
    return sum(weights.get(tag, 0.0) for tag in set(tags))


def rank(entries: Iterable[Entry]) -> list[Entry]:
    """More sources first, then stronger tags, then newest, then title and key (a total order)."""
    return sorted(entries, key=lambda e: (-e.item.sources, -round(e.strength, 9), -e.latest.timestamp(),
                                          e.item.title.casefold(), e.item.key))


def editions(items: Iterable[Item], kind: str, size: int = EDITION_SIZE,
             weights: dict[str, float] | None = None) -> list[Edition]:
    """The ``kind`` editions of ``items``, oldest first, linked to their neighbours.

    ``weights`` are the tag weights (:func:`tag_weights` over the whole corpus); without
    them every tag weighs the same.
    """
    periods: dict[str, dict[str, list[datetime.datetime]]] = defaultdict(lambda: defaultdict(list))
    bounds: dict[str, tuple[datetime.date, datetime.date]] = {}
    days: dict[str, set[str]] = defaultdict(set)
    by_key: dict[str, Item] = {}
    for item in items:
        if item.key in by_key:
            raise ValueError(f"two items with the key {item.key!r}")
        by_key[item.key] = item
        for when in item.dates:
            key, start, end = period_of(kind, when.date())
            periods[key][item.key].append(when)
            bounds[key] = (start, end)
            days[key].add(day_key(when.date()))
    result = []
    for key in sorted(periods):
        members = periods[key]
        entries = rank(
            Entry(by_key[k], tuple(sorted(dates)),
                  strength(by_key[k].tags, weights) if weights is not None else float(len(set(by_key[k].tags))))
            for k, dates in members.items()
        )
        start, end = bounds[key]
        result.append(Edition(kind=kind, key=key, start=start, end=end, entries=entries[:size], total=len(entries),
                              articles=sum(len(d) for d in members.values()), days=sorted(days[key])))
    for older, newer in itertools.pairwise(result):
        older.next, newer.previous = newer.key, older.key
    return result
