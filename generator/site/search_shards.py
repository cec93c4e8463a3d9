"""Which search-index shard each page goes into, so a rebuild re-indexes only what changed.

Pagefind cannot update an index in place: any changed page means indexing every
page again (about 9 s for the 2,225 BBC articles). So the pages are split into
shards, each its own Pagefind index, and the search page merges them in the
browser (Pagefind's documented ``mergeIndex``, made for searching several sites
at once). A rebuild re-indexes only the shards whose pages changed.

Shards follow how a digest grows: new articles arrive with recent dates.

* Dated pages within the ``RECENT_MONTHS`` calendar months up to the newest page
  get a shard per month (``2026-11``): a daily rebuild touches the newest month.
* Older dated pages get a shard per year (``2024``): they change rarely (a month
  moves into its year's shard once, when it stops being recent).
* Undated pages (no date line; the build gave them a fallback date) share ``undated``.

A period with more than ``SHARD_PAGES`` pages is split by a hash of each page's
path into a power-of-two number of equal buckets (``undated-3``), so one changed
article re-indexes a bucket, not the period; a power of two keeps the bucket
count unchanged while the period grows, until it doubles.

Articles and story pages never share a shard (``article-2026-11``, ``story-undated``):
article pages are written first, so their shards are indexed while the rest of the
site is still being rendered.

Everything here is pure and deterministic: the same pages give the same shards.
"""

import hashlib
from datetime import date

RECENT_MONTHS = 3  # months up to the newest page's that get a shard each
SHARD_PAGES = 500  # default of DIGEST_SEARCH_SHARD_PAGES: a period above this is split into buckets


def _period(day: date | None, newest: date | None) -> str:
    if day is None or newest is None:
        return "undated"
    months_back = (newest.year - day.year) * 12 + newest.month - day.month
    return f"{day:%Y-%m}" if months_back < RECENT_MONTHS else f"{day:%Y}"


def _buckets(count: int, limit: int) -> int:
    buckets = 1
    while count > buckets * limit:
        buckets *= 2
    return buckets


def _bucket(rel: str, buckets: int) -> int:
    return int.from_bytes(hashlib.sha1(rel.encode()).digest()[:4], "big") % buckets


def plan(pages: dict[str, tuple[str, date | None]], limit: int = SHARD_PAGES) -> dict[str, list[str]]:
    """Shard name -> its pages (sorted), shards by name, from ``pages``: relative path -> (kind of
    page, such as "article" or "story"; its date or None)."""
    dated = [d for _, d in pages.values() if d is not None]
    newest = max(dated) if dated else None
    periods: dict[str, list[str]] = {}
    for rel in sorted(pages):
        kind, day = pages[rel]
        periods.setdefault(f"{kind}-{_period(day, newest)}", []).append(rel)
    shards: dict[str, list[str]] = {}
    for period in sorted(periods):
        rels = periods[period]
        buckets = _buckets(len(rels), limit)
        if buckets == 1:
            shards[period] = rels
            continue
        width = len(str(buckets - 1))
        split: dict[int, list[str]] = {}
        for rel in rels:
            split.setdefault(_bucket(rel, buckets), []).append(rel)
        for k in sorted(split):
            shards[f"{period}-{k:0{width}d}"] = split[k]
    return shards
