"""The records per-article NLP hands on: plain JSON-able dicts with named, documented fields.

They are TypedDicts rather than dataclasses because they are stored as JSON in
the NLP cache and shipped between processes as they are.
"""

from typing import NotRequired, TypedDict


class Candidate(TypedDict):
    """A keyword candidate of one article (:func:`generator.analysis.keywords.candidates`)."""

    key: str  # merge key: case-folded, plural folded for terms ("interest rate")
    form: str  # the first surface form seen ("Interest rates", "Emmanuel Macron")
    kind: str  # "name" (capitalised run), "term" (lower-case phrase) or "word" (ranked, never a tag)
    count: int  # mentions in the article
    yake: int | None  # rank among YAKE's phrases (n=3), None when YAKE did not list it
    yake1: int | None  # best YAKE single-word rank of its words, None when none was listed
    forms: dict[str, int]  # surface form -> mentions
    person: NotRequired[bool]  # a multi-word name shaped like a person's (text.lexicon.looks_like_person)
    subject: NotRequired[bool]  # a one-word term that can name a subject (text.lexicon.is_subject_noun)


class Analysis(TypedDict):
    """Everything the site needs from one article's NLP (:func:`generator.analysis.article.analyse`)."""

    sentences: list[str]  # the body split into sentences
    summary: list[int]  # indices into ``sentences``, in document order
    candidates: list[Candidate]  # best YAKE rank first
    terms: dict[str, int]  # content words -> count (analysis.terms), for story grouping
