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

import numpy as np
from rouge_score import rouge_scorer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from ..nlp import sentences_of
from ..sentences import split_sentences
from ..summarize import FEATURES, sentence_features, summarize
from .corpus import analyse_paths
from .summaries import pairs, textrank

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "summary_weights.py"


def _norm(text):
    return re.sub(r"\W+", "", text.lower())


def examples(articles, references):
    """[(topic, features, labels, sentences, reference text)] for every article with a reference summary."""
    matched = pairs(articles, references)
    out = []
    for (article, ref), (raw, result) in zip(matched, analyse_paths([a for a, _ in matched]), strict=True):
        text = ref.read_bytes().decode("utf-8", errors="replace")
        reference = _norm(text)
        sentences = sentences_of(raw.paragraphs)
        if not sentences:
            continue
        keywords = [c["form"] for c in result["candidates"][:10]]
        x, _ = sentence_features(sentences, raw.title, keywords)
        labels = np.array([bool(_norm(s)) and _norm(s) in reference for s in sentences])
        out.append((article.parent.name, x, labels, sentences, text))
    return out


def _fit(rows):
    x = np.vstack([r[1] for r in rows])
    y = np.concatenate([r[2] for r in rows])
    return LogisticRegression(C=1.0, max_iter=5000).fit(x, y)


def held_out(rows, k=3, max_words=85):
    """Per topic, with a model fitted on the other topics: mean within-article ROC AUC,
    and ROUGE-1/2 F1 of our summaries beside sumy's TextRank on the held-out articles."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    result = {}
    for topic in sorted({r[0] for r in rows}):
        model = _fit([r for r in rows if r[0] != topic])
        weights = dict(zip(FEATURES, model.coef_[0], strict=True))
        test = [r for r in rows if r[0] == topic]
        aucs = [roc_auc_score(y, model.decision_function(x)) for _, x, y, _, _ in test if 0 < y.sum() < len(y)]
        totals = {"ours": [0.0, 0.0], "textrank": [0.0, 0.0]}
        for _, _, _, sentences, text in test:
            reference = "\n".join(split_sentences(text))
            ours = summarize(sentences, k=k, max_words=max_words, weights=weights, intercept=model.intercept_[0])
            picks = {"ours": [sentences[i] for i in ours], "textrank": textrank(sentences, k)}
            for system, chosen in picks.items():
                score = scorer.score(reference, "\n".join(chosen))
                totals[system][0] += score["rouge1"].fmeasure
                totals[system][1] += score["rouge2"].fmeasure
        result[topic] = {"docs": len(test), "auc": round(float(np.mean(aucs)), 4),
                         **{f"{system}_{m}": round(100 * v / len(test), 2)
                            for system, (r1, r2) in totals.items() for m, v in (("rouge1", r1), ("rouge2", r2))}}
    return result


def fit(articles, references):
    rows = examples(articles, references)
    model = _fit(rows)
    weights = {name: round(float(c), 4) for name, c in zip(FEATURES, model.coef_[0], strict=True)}
    return {"docs": len(rows), "intercept": round(float(model.intercept_[0]), 4), "weights": weights,
            "held_out": held_out(rows)}


def write(result, path=WEIGHTS_FILE):
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
