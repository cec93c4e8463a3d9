"""Related articles and neighbours (pure: tag sets in, rankings out)."""

from collections import defaultdict

# Default of DIGEST_RELATED_COUNT: articles listed under "More on these tags".
RELATED_COUNT = 5


# A tag held by more items than this is scanned only over the WINDOW items nearest
# in order (for news: nearest in time), so the pass stays linear as tags grow broad.
WINDOW = 200


def related(tag_sets: dict, count: int = RELATED_COUNT) -> dict:
    """For each item, the items sharing the most tags, best first.

    ``tag_sets``: {item: iterable of tags}, items ordered (ties keep that order).
    Tags shared by fewer items count more (a rare shared tag says more). Candidates
    come from a tag -> holders index; a broad tag contributes only its holders
    within ``WINDOW`` positions of the item.
    """
    by_tag = defaultdict(list)
    order = {item: i for i, item in enumerate(tag_sets)}
    for item, tags in tag_sets.items():
        for tag in sorted(set(tags)):
            by_tag[tag].append(item)
    position = {(tag, item): i for tag, holders in by_tag.items() for i, item in enumerate(holders)}
    half = WINDOW // 2
    result = {}
    for item, tags in tag_sets.items():
        scores = defaultdict(float)
        for tag in sorted(set(tags)):
            holders = by_tag[tag]
            weight = 1.0 + 1.0 / len(holders)
            if len(holders) > WINDOW:
                at = position[tag, item]
                holders = holders[max(0, at - half): at + half + 1]
            for other in holders:
                if other != item:
                    scores[other] += weight
        if len(scores) > count > 0:  # only the items that can be among the best are sorted by key
            floor = sorted(scores.values(), reverse=True)[count - 1]
            scores = {o: s for o, s in scores.items() if s >= floor}
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
