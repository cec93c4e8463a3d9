"""The build benchmark (generator.bench): its JSON contract, the Markdown twin and the scaled corpus.

No timing is asserted: the figures only have to be there and positive.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SEEDS
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from generator.bench import conf as bench_conf
from generator.bench.corpus import change_one, list_articles, write_scaled
from generator.bench.measure import nlp_sample
from generator.bench.runner import Run
from generator.bench.twin import plain_settings
from generator.bench.twin import slugify as bench_slugify
from generator.eval.corpus import read_article
from generator.site import settings as site_settings

CONTRACT = ("articles", "plain_pelican_s", "cold_s", "warm_s", "one_change_s", "serial_nlp_s",
            "nlp_ms_per_article", "corpus_pass_s", "peak_mib")


@pytest.fixture
def tiny(tmp_path):
    """The seeds and the raw fixtures in one topic folder."""
    topic = tmp_path / "corpus" / "news"
    topic.mkdir(parents=True)
    for path in [*SEEDS, *sorted((FIXTURES / "raw").glob("*.txt"))]:
        shutil.copy(path, topic / path.name)
    return tmp_path / "corpus"


def _header(path):
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) if ": " in line else (line.rstrip(":"), "") for line in head.splitlines())


def test_one_run_prints_the_contract_and_a_twin(tiny, tmp_path):
    work = tmp_path / "tmp"
    work.mkdir()
    env = os.environ | {"TMPDIR": str(work)}
    proc = subprocess.run([sys.executable, "-m", "generator.bench", str(tiny), "--rounds", "1", "--json", "--keep"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = json.loads(proc.stdout)  # exactly one object
    assert set(CONTRACT) <= set(res)
    n = len(SEEDS) + len(list((FIXTURES / "raw").glob("*.txt")))
    assert res["articles"] == n
    for key in CONTRACT:
        assert isinstance(res[key], int | float) and not isinstance(res[key], bool), key
        if key != "corpus_pass_s":  # printed to 0.1 s by the plugin: 0.0 on six articles
            assert res[key] > 0, key
    assert res["corpus_pass_s"] >= 0
    assert res["serial_nlp_sampled"] is False
    assert res["plain_articles"] == n
    for name in ("cold", "warm", "one_change"):
        assert res["digest"][name]["articles"] == n
    assert res["digest"]["cold"]["analysed"] == n
    assert res["digest"]["warm"]["analysed"] == 0
    assert res["digest"]["one_change"]["analysed"] == 1
    assert set(res["targets"]) == {"warm", "one_change", "cold"}
    assert res["warnings"] == []

    # The Markdown twin: the same articles, each with our tags and summary.
    workdir = Path(res["workdir"])
    assert workdir.is_relative_to(work)
    twins = sorted(workdir.glob("twin/content/articles/**/*.md"))
    assert len(twins) == n
    headers = {p.stem: _header(p) for p in twins}
    for name, head in headers.items():
        assert {"Title", "Date", "Category", "Tags", "Summary", "Slug"} <= set(head), name
        assert head["Summary"], name
        assert head["Category"] == "News"
    assert headers["header-test"]["Tags"] == "R&D, Mill <town>"  # the header's own tags win
    assert headers["header-test"]["Date"] == "2019-04-02"
    assert headers["duplicate-a"]["Date"] == "2000-01-01"  # DIGEST_FALLBACK_DATE
    assert len({h["Slug"] for h in headers.values()}) == n  # unique, as the plugin makes them
    assert sum(1 for h in headers.values() if h["Tags"]) >= n - 1
    conf = (workdir / "twin" / "plainconf.py").read_text(encoding="utf-8")
    assert "PLUGINS = []" in conf and "THEME" not in conf
    assert not list(workdir.glob("nlp-cache-*/*/*.tmp"))
    shutil.rmtree(workdir)


def test_scale_writes_n_distinct_dated_articles_deterministically(tiny, tmp_path):
    conf = bench_conf.load()
    base = list_articles(tiny, conf)
    n = 3 * len(base) + 2
    files = write_scaled(tiny, tmp_path / "a", n, conf)
    assert len(files) == len(set(files)) == n
    assert sorted(files, key=str) == sorted((tmp_path / "a").rglob("*.txt"), key=str)
    texts = [f.read_bytes() for f in files]
    assert len(set(texts)) == n
    raws = [read_article(f) for f in files]
    assert len({(r.title, tuple(r.paragraphs)) for r in raws}) == n  # distinct articles: no NLP cache hit across copies
    # every file is dated; the copies of one article never share a date (nor a month: URLs are year/month/slug)
    assert all(r.date for r in raws)
    for i in range(len(base)):
        months = [raws[j].date[:7] for j in range(i, n, len(base))]
        assert len(set(months)) == len(months)
    # the first copy is the article itself
    for path, raw in zip(base, raws, strict=False):
        original = read_article(path)
        assert (raw.title, raw.paragraphs, raw.author) == (original.title, original.paragraphs, original.author)
    assert raws[base.index(tiny / "news" / "header-test.txt")].date == "2019-04-02"
    # the same N writes the same files
    again = write_scaled(tiny, tmp_path / "b", n, conf)
    assert [f.relative_to(tmp_path / "b") for f in again] == [f.relative_to(tmp_path / "a") for f in files]
    assert [f.read_bytes() for f in again] == texts
    assert len(write_scaled(tiny, tmp_path / "c", 2, conf)) == 2


def test_change_one_changes_a_sentence_and_returns_the_original(tiny):
    path = list_articles(tiny, bench_conf.load())[0]
    before = path.read_bytes()
    assert change_one(path, 1) == before
    changed = path.read_text(encoding="utf-8")
    assert changed != before.decode() and change_one(path, 2) == changed.encode()
    assert path.read_text(encoding="utf-8") != changed


def test_the_settings_mirror_the_plugins():
    """generator.bench may not import generator.site: its copy of the defaults must agree."""
    for name, value in bench_conf.DEFAULTS.items():
        assert site_settings.DEFAULTS[name] == value, name
    assert bench_conf.tag_options({}) == site_settings.tag_options({})
    assert bench_conf.tag_options({"DIGEST_MAX_TAGS": 2}) == site_settings.tag_options({"DIGEST_MAX_TAGS": 2})
    for title in ("Council rejects <b>bold</b> parking plan", "Smith & Sons reopen O'Brien's mill",
                  "Macron: “Europe” — naïve?", "  Spaces  and-dashes -- here "):
        assert bench_slugify(title) == slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]), title


def test_plain_settings_take_pelicanconf_urls_and_feeds(tmp_path):
    conf = bench_conf.load()
    values = {}
    exec(plain_settings(conf, tmp_path), values)
    for name in ("ARTICLE_URL", "ARTICLE_SAVE_AS", "TAG_URL", "TAG_SAVE_AS", "CATEGORY_URL", "FEED_ALL_ATOM",
                 "TAG_FEED_ATOM", "CATEGORY_FEED_RSS", "PAGINATION_PATTERNS", "DEFAULT_PAGINATION"):
        assert values[name] == conf[name], name
    assert values["PLUGINS"] == [] and "THEME" not in values
    assert "search" not in values["DIRECT_TEMPLATES"] and "index" in values["DIRECT_TEMPLATES"]
    assert values["ARTICLE_TRANSLATION_ID"] is None
    assert values["DEFAULT_DATE"] == (2000, 1, 1)
    assert values["PATH"] == str(tmp_path)


def test_the_digest_line_is_read():
    out = ("Digest: 2225 articles (2225 from the NLP cache, 0 analysed); NLP 1.2 s · corpus pass 0.8 s"
           " · render 14.1 s · search 1.1 s\nDone: Processed 2225 articles, 0 drafts")
    run = Run(1.0, 10.0, out)
    assert run.digest() == {"articles": 2225, "from_cache": 2225, "analysed": 0,
                            "steps": {"NLP": 1.2, "corpus pass": 0.8, "render": 14.1, "search": 1.1}}
    assert run.processed() == 2225
    assert Run(1.0, None, "nothing").digest() is None


def test_nlp_sample_is_every_kth_and_large_enough():
    paths = list(range(20000))
    sample = nlp_sample(paths, None)
    assert len(sample) >= 300
    assert sample == paths[:: sample[1] - sample[0]]
    assert nlp_sample(paths, 0) == paths
    assert nlp_sample(paths[:2225], None) == paths[:2225]
