"""Sentence splitter and summariser units, and the seeds' summaries end to end."""

import pytest
from helpers import SEEDS, compose
from test_site import raw_of

from generator.nlp import sentences_of
from generator.sentences import split_sentences, strip_dateline
from generator.summarize import starts_dangling, summarize, words


@pytest.mark.parametrize("text,expected", [
    ("Mr. Putin arrived. He spoke.", ["Mr. Putin arrived.", "He spoke."]),
    ("The U.S. envoy left. Talks ended.", ["The U.S. envoy left.", "Talks ended."]),
    ("Profits hit £1.13bn in 2004. Shares rose.", ["Profits hit £1.13bn in 2004.", "Shares rose."]),
    ('"We disagree," Macron said. "It is over." Then he left.',
     ['"We disagree," Macron said.', '"It is over."', "Then he left."]),
    ("Sales fell sharply.The firm blamed the weather.", ["Sales fell sharply.", "The firm blamed the weather."]),
])
def test_splitter_cases(text, expected):
    assert split_sentences(text) == expected


def test_dateline_is_stripped():
    assert strip_dateline("JUNEAU, Alaska, April 1 (UPI) - Whales were seen.") == "Whales were seen."
    assert strip_dateline("WASHINGTON — President Trump spoke.") == "President Trump spoke."
    assert strip_dateline("Shares fell - a lot.") == "Shares fell - a lot."


SENTENCES = [
    "The city council approved a new budget for the harbour on Monday.",
    "It was the third vote this year.",
    "The harbour budget includes money for dredging and new cranes for the port.",
    "But critics said the harbour plan ignored the fishing fleet.",
    "Council members said the port would reopen to large ships in spring.",
    "The weather was mild.",
    "Fishing crews will meet the council about the harbour budget next week.",
]


def test_summary_is_in_document_order_and_respects_k():
    chosen = summarize(SENTENCES, title="Council approves harbour budget", k=3)
    assert chosen == sorted(chosen)
    assert len(chosen) == 3


def test_summary_respects_word_budget():
    chosen = summarize(SENTENCES, title="Council approves harbour budget", k=5, max_words=30)
    assert sum(len(words(SENTENCES[i])) for i in chosen) <= 30 or len(chosen) == 1


def test_summary_avoids_dangling_openers():
    chosen = summarize(SENTENCES, title="Council approves harbour budget", k=3)
    assert not any(starts_dangling(SENTENCES[i]) for i in chosen)


def test_summary_skips_near_duplicates():
    sentences = [SENTENCES[0], SENTENCES[0].replace("Monday", "Tuesday"), *SENTENCES[2:]]
    chosen = summarize(sentences, title="Council approves harbour budget", k=3)
    assert not {0, 1} <= set(chosen)


def test_one_sentence_and_empty_articles():
    assert summarize(["Only one sentence here about the harbour."], k=3) == [0]
    assert summarize([], k=3) == []


def test_seed_summaries_are_two_or_three_whole_sentences_in_order(seeds_site):
    from markupsafe import Markup

    for seed in SEEDS:
        article = seeds_site.article_for(seed)
        raw = raw_of(seed)
        sentences = sentences_of(raw.paragraphs)
        summary = Markup(article.summary).striptags()
        indices = compose(summary, sentences)
        assert indices is not None, summary
        assert 2 <= len(indices) <= 3
        assert indices == sorted(indices)
