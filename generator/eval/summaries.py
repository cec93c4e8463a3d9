"""Summary evaluation: ROUGE against reference extractive summaries, ours beside the baselines.

Every baseline gets our sentence split, so the comparison is about ranking.
"""

import re
from pathlib import Path

from nltk.tokenize import TreebankWordTokenizer
from rouge_score import rouge_scorer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from ..sentences import split_sentences
from ..summarize import starts_dangling, summary_text, words
from .corpus import analyse_paths

METRICS = ("rouge1", "rouge2", "rougeLsum")


class _WordTokenizer:
    """sumy's word tokenizer without NLTK's punkt download (sentences are ours)."""

    language = "english"
    _word = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")

    def __init__(self):
        self._tok = TreebankWordTokenizer()

    def to_words(self, sentence):
        return [w for w in self._tok.tokenize(sentence) if self._word.match(w)]

    def to_sentences(self, paragraph):
        return split_sentences(paragraph)


def _sumy(summarizer_cls, sentences, k):
    tokenizer = _WordTokenizer()
    doc = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
    summarizer = summarizer_cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    chosen = {str(s) for s in summarizer(doc, k)}
    return [s for s in sentences if s in chosen][:k]


def textrank(sentences, k):
    """sumy's TextRank over our sentences."""
    return _sumy(TextRankSummarizer, sentences, k)


def pairs(articles, references):
    """(article path, reference path) for every reference file TOPIC/NAME.txt."""
    articles, references = Path(articles), Path(references)
    return [(articles / ref.relative_to(references), ref)
            for ref in sorted(references.glob("*/*.txt")) if (articles / ref.relative_to(references)).exists()]


def evaluate(articles, references, k=3, max_words=None):
    matched = pairs(articles, references)
    analysed = analyse_paths([a for a, _ in matched], k=k, max_words=max_words)
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    systems = ("ours", "lead3", "textrank", "lexrank")
    totals = {s: dict.fromkeys(METRICS, 0.0) for s in systems}
    dangling = 0
    word_counts = []
    for (_, ref_path), (_, result) in zip(matched, analysed, strict=True):
        reference = "\n".join(split_sentences(ref_path.read_bytes().decode("utf-8", errors="replace")))
        sentences = result["sentences"]
        ours_text = summary_text(sentences, result["summary"])
        ours = split_sentences(ours_text)
        dangling += bool(ours) and starts_dangling(ours[0])
        word_counts.append(len(words(ours_text)))
        outputs = {
            "ours": ours,
            "lead3": sentences[:k],
            "textrank": textrank(sentences, k),
            "lexrank": _sumy(LexRankSummarizer, sentences, k),
        }
        for system, chosen in outputs.items():
            score = scorer.score(reference, "\n".join(chosen))
            for metric in METRICS:
                totals[system][metric] += score[metric].fmeasure
    n = len(matched)
    result = {"docs": n, "k": k}
    for system in systems:
        result[system] = {m: round(100 * totals[system][m] / n, 2) if n else 0.0 for m in METRICS}
    result["pronoun_start_share"] = round(dangling / n, 4) if n else 0.0
    result["mean_words"] = round(sum(word_counts) / n, 1) if n else 0.0
    return result
