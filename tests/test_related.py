"""Units for generator/related.py."""

import pytest

from generator.corpus.related import related, unique_slugs

# --- related() -----------------------------------------------------------------------------------


def test_related_by_shared_tags_best_first():
    tag_sets = {
        "a": ["x", "y", "z"],
        "b": ["x", "y"],
        "c": ["x"],
        "d": ["q"],
    }
    result = related(tag_sets)
    assert set(result) == set(tag_sets)
    assert result["a"] == ["b", "c"], "two shared tags rank above one"
    assert result["d"] == [], "no shared tag, no related item"
    for item, others in result.items():
        assert item not in others, "never related to itself"
        assert all(set(tag_sets[item]) & set(tag_sets[o]) for o in others), "only items sharing a tag"


def test_rare_shared_tag_counts_more():
    tag_sets = {
        "me": ["common", "rare"],
        "p": ["common"],
        "q": ["common"],
        "r": ["common"],
        "s": ["rare"],
    }
    assert related(tag_sets)["me"][0] == "s"


def test_ties_keep_input_order():
    tag_sets = {"first": ["t"], "second": ["t"], "third": ["t"], "me": ["t"]}
    assert related(tag_sets)["me"] == ["first", "second", "third"]
    reordered = {"third": ["t"], "me": ["t"], "first": ["t"], "second": ["t"]}
    assert related(reordered)["me"] == ["third", "first", "second"]


@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_count_limits_results(count):
    tag_sets = {f"i{n}": ["t"] for n in range(6)}
    result = related(tag_sets, count)
    assert all(len(v) == min(count, 5) for v in result.values())


def test_duplicate_tags_count_once():
    once = related({"a": ["x"], "b": ["x"], "c": ["x", "y"], "d": ["y"]})
    twice = related({"a": ["x", "x", "x"], "b": ["x"], "c": ["x", "y"], "d": ["y"]})
    assert once == twice


def test_related_is_symmetric_in_membership():
    tag_sets = {"a": ["x", "y"], "b": ["y"], "c": ["z"], "d": ["x", "z"]}
    result = related(tag_sets, count=10)
    for item, others in result.items():
        for other in others:
            assert item in result[other]


def test_related_accepts_any_hashable_items_and_empty_input():
    class Item:
        pass

    a, b = Item(), Item()
    assert related({a: ("t",), b: ("t",)}) == {a: [b], b: [a]}
    assert related({}) == {}
    assert related({"lonely": []}) == {"lonely": []}


# --- unique_slugs() ------------------------------------------------------------------------------


def test_unique_slugs_numbers_repeats_in_order():
    assert unique_slugs(["x", "y", "x", "x"]) == ["x", "y", "x-2", "x-3"]


def test_unique_slugs_leaves_unique_input_alone():
    slugs = ["a", "b", "c-2", "c"]
    assert unique_slugs(slugs) == slugs


@pytest.mark.parametrize(
    "slugs",
    [
        ["x", "x-2", "x"],
        ["x", "x", "x-2"],
        ["a"] * 12,
        ["a-2", "a", "a", "a-3", "a"],
        [],
    ],
)
def test_unique_slugs_properties(slugs):
    out = unique_slugs(slugs)
    assert len(out) == len(slugs)
    assert len(set(out)) == len(out), "all distinct"
    seen = set()
    for original, new in zip(slugs, out, strict=True):
        if original not in seen:
            # The first occurrence of a slug keeps it unless an earlier output took it.
            assert new == original or original in out[: out.index(new)]
        assert new == original or new.startswith(original + "-")
        seen.add(original)


def test_unique_slugs_does_not_mutate_input():
    slugs = ["x", "x"]
    unique_slugs(slugs)
    assert slugs == ["x", "x"]


def test_broad_tags_are_scanned_near_the_item(monkeypatch):
    """A tag held by more than WINDOW items links each item to its neighbours in order, not all."""
    from generator.corpus import related as related_mod

    monkeypatch.setattr(related_mod, "WINDOW", 10)
    tag_sets = {f"a{i:03d}": ["broad"] for i in range(100)}
    links = related_mod.related(tag_sets, count=100)
    assert links["a050"] and set(links["a050"]) <= {f"a{i:03d}" for i in range(45, 56)}
    assert "a049" in links["a050"] and "a099" not in links["a050"]
    small = {f"b{i}": ["narrow"] for i in range(5)}
    assert related_mod.related(small, count=10)["b0"] == ["b1", "b2", "b3", "b4"]
