"""Related articles and neighbours (pure: tag sets in, rankings out)."""

from collections import defaultdict

# Default of DIGEST_RELATED_COUNT: articles listed under "More on these tags".
RELATED_COUNT = 5


def related(tag_sets: dict, count: int = RELATED_COUNT) -> dict:
    """For each item, the items sharing the most tags, best first.

    ``tag_sets``: {item: iterable of tags}, items ordered (ties keep that order).
    Tags shared by fewer items count more (a rare shared tag says more).
    """
    by_tag = defaultdict(list)
    order = {item: i for i, item in enumerate(tag_sets)}
    for item, tags in tag_sets.items():
        for tag in set(tags):
            by_tag[tag].append(item)
    result = {}
    for item, tags in tag_sets.items():
        scores = defaultdict(float)
        for tag in set(tags):
            holders = by_tag[tag]
            for other in holders:
                if other != item:
                    scores[other] += 1.0 + 1.0 / len(holders)
        best = sorted(scores, key=lambda o: (-scores[o], order[o]))
        result[item] = best[:count]
    return result


def unique_slugs(slugs: list[str]) -> list[str]:
    """Make slugs unique in order: the second "x" becomes "x-2", and so on."""
    seen, out = set(), []
    for slug in slugs:
        candidate, n = slug, 1
        while candidate in seen:
            n += 1
            candidate = f"{slug}-{n}"
        seen.add(candidate)
        out.append(candidate)
    return out
