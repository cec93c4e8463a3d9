"""The evaluation commands on tiny fixture corpora: their --json keys are contracts other tools read."""

import json
import runpy
import shutil

import pytest

from generator.analysis.summarize import FEATURES
from generator.eval import corpus
from generator.eval.__main__ import main
from generator.eval.fit_summary import write

ARTICLES = {
    "business": [
        ("Harbour firm profits jump",
         ["Harbour Holdings said profits rose 20% to £40m in the year to March, helped by record cargo volumes.",
          "The weather in the port was mild for most of the year.",
          "Harbour Holdings chief executive Ann Lee said cargo volumes would keep rising as new cranes arrive."]),
        ("Port cranes order boosts steelmaker",
         ["Steelmaker Forge Works won a £12m order for new cranes at the Harbour Holdings port.",
          "Forge Works shares rose 5% after the crane order was announced on Monday.",
          "It was a quiet day elsewhere."]),
    ],
    "sport": [
        ("Harbour United win cup final",
         ["Harbour United beat City Rovers 2-1 in the cup final at Wembley on Saturday.",
          "Fans queued for hours.",
          "Harbour United striker Tom Hale scored both goals in the cup final as City Rovers faded."]),
        ("Rovers sack manager after final",
         ["City Rovers sacked manager Joe Park two days after losing the cup final to Harbour United.",
          "City Rovers said a new manager would be named before the season starts.",
          "Nobody else commented."]),
    ],
}


@pytest.fixture
def eval_corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "CACHE_DIR", str(tmp_path / "cache"))
    articles, references = tmp_path / "bbc", tmp_path / "refs"
    for topic, items in ARTICLES.items():
        for n, (title, sentences) in enumerate(items, 1):
            for root in (articles, references):
                (root / topic).mkdir(parents=True, exist_ok=True)
            (articles / topic / f"{n:03}.txt").write_text(f"{title}\n\n" + "\n\n".join(sentences) + "\n")
            # References run their sentences together without a space, like bbc-summaries.
            (references / topic / f"{n:03}.txt").write_text("".join([sentences[0], sentences[2]]))
    return articles, references


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_summaries_json_contract(eval_corpus, capsys):
    articles, references = eval_corpus
    result = _json(capsys, ["summaries", "--articles", str(articles), "--references", str(references), "--json"])
    assert set(result) == {"docs", "k", "ours", "lead3", "textrank", "lexrank", "pronoun_start_share", "mean_words"}
    assert result["docs"] == 4 and result["k"] == 3
    for system in ("ours", "lead3", "textrank", "lexrank"):
        assert set(result[system]) == {"rouge1", "rouge2", "rougeLsum"}
        assert all(0 <= v <= 100 for v in result[system].values())
    assert result["ours"]["rouge1"] > 0 and result["mean_words"] > 0
    tight = _json(capsys, ["summaries", "--articles", str(articles), "--references", str(references),
                           "--words", "20", "--json"])
    assert tight["mean_words"] < result["mean_words"] and tight["textrank"] == result["textrank"]


def test_fit_summary_learns_from_references(eval_corpus, capsys, tmp_path):
    articles, references = eval_corpus
    result = _json(capsys, ["fit-summary", "--articles", str(articles), "--references", str(references)])
    assert result["docs"] == 4
    assert set(result["held_out"]) == {"business", "sport"}
    assert set(result["weights"]) == set(FEATURES)
    # Learned from the other topic, the model ranks the reference sentences first.
    assert all(figures["auc"] > 0.5 for figures in result["held_out"].values())
    # The weights file it writes is importable and holds what was fitted.
    target = tmp_path / "weights.py"
    write(result, path=target)
    namespace = runpy.run_path(str(target))
    assert namespace["WEIGHTS"] == result["weights"] and namespace["INTERCEPT"] == result["intercept"]
    # One topic only: no held-out figures, and no crash.
    single = tmp_path / "single"
    shutil.copytree(articles / "business", single / "bbc" / "business")
    shutil.copytree(references / "business", single / "refs" / "business")
    alone = _json(capsys, ["fit-summary", "--articles", str(single / "bbc"), "--references", str(single / "refs")])
    assert alone["docs"] == 2 and alone["held_out"] == {}


def test_keywords_json_contract(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(corpus, "CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "keys").mkdir()
    for n, (title, sentences) in enumerate(ARTICLES["business"] + ARTICLES["sport"]):
        (tmp_path / "docs" / f"{n}.txt").write_bytes(("\r\n".join([title, *sentences]) + "\r\n").encode())
        (tmp_path / "keys" / f"{n}.key").write_text("harbour holdings\ncup final\ncranes\n")
    result = _json(capsys, ["keywords", str(tmp_path), "--json"])
    assert set(result) == {"docs", "ours", "yake_default", "yake_n1"}
    assert result["docs"] == 4 and all(0 <= result[k] <= 1 for k in ("ours", "yake_default", "yake_n1"))
    assert result["ours"] > 0


def test_tags_json_contract(eval_corpus, capsys):
    articles, _ = eval_corpus
    result = _json(capsys, ["tags", str(articles), "--json"])
    assert set(result) == {"articles", "shared_tag_coverage", "same_topic_pair_share", "tags_per_article_mean",
                           "tags_per_article_max", "singleton_tag_share", "generic_tag_share", "redundant_tag_share",
                           "top_name_coverage", "titled_tags", "top_names_missing"}
    assert 0 <= result["generic_tag_share"] <= 1 and result["titled_tags"] >= 0
    assert result["articles"] == 4 and 0 <= result["shared_tag_coverage"] <= 1
