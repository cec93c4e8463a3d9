"""sumy's TextRank and LexRank over our own sentence split (pure: sentences in, ratings out).

sumy's tokenizers want NLTK's punkt download; ours needs none: sentences come
from :mod:`generator.text.sentences` and words from NLTK's Treebank tokenizer.
"""

import re

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


def document(sentences):
    """A sumy document of one paragraph holding exactly ``sentences``."""
    tokenizer = WordTokenizer()
    return ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])


def summarizer(cls):
    """A sumy summarizer with English stemming and stop words."""
    s = cls(Stemmer("english"))
    s.stop_words = get_stop_words("english")
    return s


def textrank_ratings(sentences):
    """sumy's TextRank rating of each sentence, in order."""
    doc = document(sentences)
    ratings = summarizer(TextRankSummarizer).rate_sentences(doc)
    return [float(ratings[s]) for s in doc.sentences]
