"""sumy's TextRank and LexRank over our own sentence split (pure: sentences in, ratings out).

sumy's tokenizers want NLTK's punkt download; ours needs none: sentences come
from :mod:`generator.text.sentences` and words from NLTK's Treebank tokenizer.
"""

import re
from functools import lru_cache

from nltk.tokenize import TreebankWordTokenizer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from ..text.sentences import split_sentences


class WordTokenizer:
    """sumy's word tokenizer without NLTK's punkt download (sentences are ours)."""

    language = "english"
    _word = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")

    def __init__(self):
        self._tok = TreebankWordTokenizer()

    def to_words(self, sentence):
        return [w for w in self._tok.tokenize(sentence) if self._word.match(w)]

    def to_sentences(self, paragraph):
        return split_sentences(paragraph)


@lru_cache(maxsize=1)
def _tokenizer():
    return WordTokenizer()


@lru_cache(maxsize=1)
def _stemmer():
    """English stemming, memoised: news repeats its words, and sumy stems each word of each sentence."""
    return lru_cache(maxsize=1 << 16)(Stemmer("english"))


@lru_cache(maxsize=1)
def _stop_words():
    return get_stop_words("english")  # reads a file: once per process


def document(sentences):
    """A sumy document of one paragraph holding exactly ``sentences``."""
    tokenizer = _tokenizer()
    return ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])


def summarizer(cls):
    """A sumy summarizer with English stemming and stop words."""
    s = cls(_stemmer())
    s.stop_words = _stop_words()
    return s


def textrank_ratings(sentences):
    """sumy's TextRank rating of each sentence, in order."""
    doc = document(sentences)
    ratings = summarizer(TextRankSummarizer).rate_sentences(doc)
    return [float(ratings[s]) for s in doc.sentences]
