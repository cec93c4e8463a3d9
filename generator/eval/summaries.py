"""Summary evaluation: ROUGE against reference extractive summaries, ours beside the baselines.

Every baseline gets our sentence split, so the comparison is about ranking.
"""

from pathlib import Path

from rouge_score import rouge_scorer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from ..analysis.article import summary_text
from ..analysis.summarize import words
from ..analysis.sumy_rank import document, summarizer
from ..text.sentences import split_sentences, starts_dangling
from .corpus import analyse_paths

METRICS = ("rouge1", "rouge2", "rougeLsum")


def _sumy(summarizer_cls, sentences, k):
    chosen = {str(s) for s in summarizer(summarizer_cls)(document(sentences), k)}
    return [s for s in sentences if s in chosen][:k]


def textrank(sentences, k):
    """sumy's TextRank over our sentences."""
    return _sumy(TextRankSummarizer, sentences, k)


def read_reference(path):
    """A reference summary, one sentence a line (its sentences come run together)."""
    return "\n".join(split_sentences(Path(path).read_bytes().decode("utf-8", errors="replace")))


def f_scores(scorer, reference, chosen):
    """{metric: F1} of the chosen sentences against a reference."""
    return {metric: score.fmeasure for metric, score in scorer.score(reference, "\n".join(chosen)).items()}


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
        reference = read_reference(ref_path)
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
            for metric, f in f_scores(scorer, reference, chosen).items():
                totals[system][metric] += f
    n = len(matched)
    result = {"docs": n, "k": k}
    for system in systems:
        result[system] = {m: round(100 * totals[system][m] / n, 2) if n else 0.0 for m in METRICS}
    result["pronoun_start_share"] = round(dangling / n, 4) if n else 0.0
    result["mean_words"] = round(sum(word_counts) / n, 1) if n else 0.0
    return result
