"""One entity, one tag: the name merges of the corpus pass, and the tag cut's reader-facing rules."""

from generator.analysis.keywords import candidates
from generator.corpus.names import canonical_keys, is_short_form, plain_form
from generator.corpus.tags import cut_tags, rank_corpus


def canon(mapping, doc, key):
    """The canonical key of ``key`` in ``doc`` (the map holds only the keys that change)."""
    return mapping.get((doc, key), key)


def name(key, count=1, form=None):
    form = form or key.title()
    return {"key": key, "form": form, "kind": "name", "count": count, "yake": None, "yake1": None,
            "forms": {form: count}}


def term(key, count=2):
    return {"key": key, "form": key, "kind": "term", "count": count, "yake": 1, "yake1": 1, "forms": {key: count}}


def test_first_name_joins_the_full_name_in_the_same_article_only():
    docs = {"a": [name("arsene wenger", 3), name("arsene", 2)], "b": [name("arsene", 1), name("paris", 1)]}
    mapping = canonical_keys(docs)
    assert canon(mapping, "a", "arsene") == "arsene wenger"
    assert canon(mapping, "b", "arsene") == "arsene"  # no full name in b: a first name alone says nothing more


def test_surname_joins_the_local_or_dominant_full_name():
    docs = {"a": [name("gordon brown", 2), name("brown", 3)], "b": [name("dan brown", 2), name("brown", 1)],
            "c": [name("brown", 2)]}
    mapping = canonical_keys(docs)
    assert canon(mapping, "a", "brown") == "gordon brown" and canon(mapping, "b", "brown") == "dan brown"
    assert canon(mapping, "c", "brown") == "brown", "two people share the surname: neither dominates"


def test_middle_initials_and_titles_make_one_person():
    docs = {"a": [name("george w bush", 3)], "b": [name("george bush", 2)], "c": [name("bush", 2)]}
    mapping = canonical_keys(docs)
    assert canon(mapping, "a", "george w bush") == canon(mapping, "b", "george bush") == canon(mapping, "c", "bush")
    assert plain_form("george w bush") == "george bush" and plain_form("george bush") == "george bush"
    raw_title = "President Bush meets Prime Minister Tony Blair"
    keys = {c["key"] for c in candidates(raw_title, ["President Bush met Prime Minister Tony Blair and "
                                                     "MEP Robert Kilroy-Silk at the Home Office on Monday."])
            if c["kind"] == "name"}
    assert {"bush", "tony blair", "robert kilroy-silk", "home office"} <= keys
    assert not {"mep robert kilroy-silk", "office", "mep", "president bush"} & keys


def test_initials_join_the_name_they_abbreviate():
    docs = {"a": [name("european union", 2), name("eu", 3, form="EU")], "b": [name("eu", 2, form="EU")],
            "c": [name("european union", 1)]}
    mapping = canonical_keys(docs)
    assert canon(mapping, "a", "eu") == canon(mapping, "b", "eu") == "european union"


def test_short_and_long_forms_join():
    assert is_short_form(["lib", "dems"], ["liberal", "democrats"])
    assert not is_short_form(["jon", "smith"], ["jonathan", "smith"]), "a shared word: another name"
    docs = {"a": [name("liberal democrats", 3)], "b": [name("lib dems", 2)]}
    mapping = canonical_keys(docs)
    assert canon(mapping, "b", "lib dems") == "liberal democrats"
    ranked = rank_corpus(docs)
    assert ranked["b"][0]["name"] == "Liberal Democrats"


def test_common_words_are_never_tags_alone_but_subject_phrases_are():
    docs = {i: [name("tony blair", 3), term("wrong", 4), term("interest rate", 3), term("broadband", 3)]
            for i in range(3)}
    tags = cut_tags(rank_corpus(docs))
    for article in tags.values():
        assert "wrong" not in article
        assert {"Tony Blair", "interest rate", "broadband"} <= set(article)


def test_a_name_in_most_articles_still_gets_its_tag():
    docs = {i: [name("tony blair", 3), name(f"town{i}", 3), term(f"topic{i} plan", 2)] for i in range(300)}
    tags = cut_tags(rank_corpus(docs))
    assert all("Tony Blair" in t for t in tags.values())


def test_no_tag_repeats_another():
    docs = {i: [name("arsene wenger", 3), name("wenger cup", 2), term("arsene", 3)] for i in range(3)}
    for article in cut_tags(rank_corpus(docs)).values():
        words = [set(t.lower().split()) for t in article]
        assert not any(a < b for a in words for b in words), article


def test_the_corpus_pass_takes_the_shape_answers_the_nlp_step_cached():
    """``person`` on a name candidate decides whether its last word may stand for it; without
    the field (hand-made candidates) the dictionary is asked."""
    def docs(person):
        full = {"key": "tony blair", "kind": "name", "count": 2, "form": "Tony Blair", "forms": {"Tony Blair": 2}}
        if person is not None:
            full["person"] = person
        alone = {"key": "blair", "kind": "name", "count": 1, "form": "Blair", "forms": {"Blair": 1}}
        return {"a": [full, alone]}

    assert canon(canonical_keys(docs(None)), "a", "blair") == "tony blair"
    assert canon(canonical_keys(docs(True)), "a", "blair") == "tony blair"
    assert canon(canonical_keys(docs(False)), "a", "blair") == "blair"


def test_candidates_answer_the_corpus_pass_questions():
    cands = {c["key"]: c for c in candidates("Tony Blair meets the Bank of England", [
        "Tony Blair met the Bank of England governor about broadband. Blair said the broadband plan was wrong."])}
    assert cands["tony blair"]["person"] is True and cands["bank of england"]["person"] is False
    assert cands["broadband"]["subject"] is True and cands["wrong"]["subject"] is False
