"""Fit the summary model's weights on reference extractive summaries.

A sentence is a positive example when it appears in its article's reference
summary. The model is a logistic regression over ``summarize.FEATURES``; its
weights go into ``generator/summary_weights.py``. Held-out quality is reported
per topic (fit on the other topics, rank the held-out topic's sentences), so
the figures say how the weights carry to articles they were not fitted on.
"""

import pprint
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
from rouge_score import rouge_scorer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from ..analysis.article import SUMMARY_SENTENCES, SUMMARY_WORDS, summary_keywords
from ..analysis.summarize import FEATURES, sentence_features, summarize, words
from .corpus import analyse_paths
from .summaries import f_scores, pairs, read_reference, textrank

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "analysis" / "summary_weights.py"


class Example(NamedTuple):
    """One article: its sentences' features and labels, and what summarising it again needs."""

    topic: str
    features: np.ndarray
    labels: np.ndarray
    sentences: list
    reference: str
    title: str
    keywords: list


def _norm(text):
    return re.sub(r"\W+", "", text.lower())


def _in_reference(sentence, reference):
    """The sentence is in the reference (a few words at least, so "He said." matches nothing)."""
    norm = _norm(sentence)
    return len(words(sentence)) >= 4 and norm in reference


def examples(articles, references):
    """[Example] for every article with a reference summary."""
    matched = pairs(articles, references)
    out = []
    for (article, ref), (raw, result) in zip(matched, analyse_paths([a for a, _ in matched]), strict=True):
        sentences = result["sentences"]
        if not sentences:
            continue
        reference = read_reference(ref)
        keywords = summary_keywords(result["candidates"])
        x, _ = sentence_features(sentences, raw.title, keywords)
        normalised = _norm(reference)
        labels = np.array([_in_reference(s, normalised) for s in sentences])
        out.append(Example(article.parent.name, x, labels, sentences, reference, raw.title, keywords))
    return out


def _fit(rows):
    x = np.vstack([r.features for r in rows])
    y = np.concatenate([r.labels for r in rows])
    return LogisticRegression(C=1.0, max_iter=5000).fit(x, y)


def held_out(rows, k=None, max_words=None):
    """Per topic, with a model fitted on the other topics: mean within-article ROC AUC,
    and ROUGE-1/2 F1 of our summaries beside sumy's TextRank on the held-out articles.
    Empty when there are fewer than two topics."""
    k = SUMMARY_SENTENCES if k is None else k
    max_words = SUMMARY_WORDS if max_words is None else max_words
    topics = sorted({r.topic for r in rows})
    if len(topics) < 2:
        return {}
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    result = {}
    for topic in topics:
        model = _fit([r for r in rows if r.topic != topic])
        weights = dict(zip(FEATURES, model.coef_[0], strict=True))
        test = [r for r in rows if r.topic == topic]
        aucs = [roc_auc_score(r.labels, model.decision_function(r.features))
                for r in test if 0 < r.labels.sum() < len(r.labels)]
        totals = {"ours": [0.0, 0.0], "textrank": [0.0, 0.0]}
        for r in test:
            ours = summarize(r.sentences, r.title, r.keywords, k=k, max_words=max_words,
                             weights=weights, intercept=model.intercept_[0])
            picks = {"ours": [r.sentences[i] for i in ours], "textrank": textrank(r.sentences, k)}
            for system, chosen in picks.items():
                scores = f_scores(scorer, r.reference, chosen)
                totals[system][0] += scores["rouge1"]
                totals[system][1] += scores["rouge2"]
        result[topic] = {"docs": len(test), "auc": round(float(np.mean(aucs)), 4) if aucs else None,
                         **{f"{system}_{m}": round(100 * v / len(test), 2)
                            for system, (r1, r2) in totals.items() for m, v in (("rouge1", r1), ("rouge2", r2))}}
    return result


def fit(articles, references):
    """Fit on every article with a reference; the weights, intercept and held-out figures as plain data."""
    rows = examples(articles, references)
    model = _fit(rows)
    weights = {name: round(float(c), 4) for name, c in zip(FEATURES, model.coef_[0], strict=True)}
    return {"docs": len(rows), "intercept": round(float(model.intercept_[0]), 4), "weights": weights,
            "held_out": held_out(rows)}


def write(result, path=WEIGHTS_FILE):
    """Write ``summary_weights.py`` from a :func:`fit` result."""
    body = pprint.pformat(result["weights"], sort_dicts=False, width=110, compact=True)
    path.write_text(
        '"""Summary model weights, written by ``python -m generator.eval fit-summary --write``; '
        'do not edit by hand."""\n\n'
        f"# Fitted on {result['docs']} articles. Held out by topic (fitted on the others):\n"
        + "".join(f"#   {topic} ({f['docs']} docs): AUC {f['auc']}, ROUGE-1/2 ours {f['ours_rouge1']}/"
                  f"{f['ours_rouge2']}, TextRank {f['textrank_rouge1']}/{f['textrank_rouge2']}\n"
                  for topic, f in result["held_out"].items())
        + f"INTERCEPT = {result['intercept']}\nWEIGHTS = {body}\n",
        encoding="utf-8",
    )
