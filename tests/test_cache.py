"""The per-article NLP cache: hits, misses on any change, corrupt entries, pruning, pool = serial."""

import json
import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor

from helpers import SEEDS

from generator.analysis import batch
from generator.analysis.article import cache_key
from generator.analysis.batch import analyse_all
from generator.analysis.cache import ResultCache
from generator.text.decode import decode
from generator.text.parse import parse


def _seed_articles():
    raws = [parse(decode(p.read_bytes())[0], p.name) for p in SEEDS]
    return [(r.title, r.paragraphs) for r in raws]


def _count_jobs(monkeypatch):
    calls = []
    real = batch._job

    def counting(args):
        calls.append(args[0])
        return real(args)

    monkeypatch.setattr(batch, "_job", counting)
    return calls


def test_second_run_is_all_hits(tmp_path, monkeypatch):
    articles = _seed_articles()
    first = analyse_all(articles, ResultCache(str(tmp_path)), workers=1)
    calls = _count_jobs(monkeypatch)
    cache = ResultCache(str(tmp_path))
    again = analyse_all(articles, cache, workers=1)
    assert calls == [] and again == first
    assert cache.hits == len(articles) and cache.misses == 0


def test_text_or_setting_change_misses(tmp_path, monkeypatch):
    (title, paras), *_ = _seed_articles()
    analyse_all([(title, paras)], ResultCache(str(tmp_path)), workers=1)
    calls = _count_jobs(monkeypatch)
    analyse_all([(title, [*paras[:-1], paras[-1] + " One more sentence."])], ResultCache(str(tmp_path)), workers=1)
    analyse_all([(title, paras)], ResultCache(str(tmp_path)), k=2, workers=1)
    analyse_all([(title, paras)], ResultCache(str(tmp_path)), max_words=40, workers=1)
    assert len(calls) == 3
    assert len({cache_key(title, paras, 3, 85), cache_key(title, paras, 2, 85), cache_key(title, paras, 3, 40)}) == 3


def test_corrupt_entry_is_recomputed_with_a_warning(tmp_path, caplog):
    (title, paras), *_ = _seed_articles()
    good = analyse_all([(title, paras)], ResultCache(str(tmp_path)), workers=1)[0]
    entry = tmp_path / (key := cache_key(title, paras, 3, 85))[:2] / f"{key}.json"
    entry.write_text('{"sentences": [', encoding="utf-8")  # a build killed mid-write (by hand)
    with caplog.at_level(logging.WARNING):
        again = analyse_all([(title, paras)], ResultCache(str(tmp_path)), workers=1)[0]
    assert again == good
    assert any(str(entry) in r.getMessage() and "recomputing" in r.getMessage() for r in caplog.records)
    assert json.loads(entry.read_text(encoding="utf-8")) == good  # rewritten whole


def test_pool_and_serial_results_are_equal(tmp_path):
    base = _seed_articles()
    # 16+ distinct articles so that the pool is used.
    articles = [(f"{t} ({i})", [*p, f"Update number {i} was added to the story later."]) for i in range(9)
                for t, p in base]
    assert len(articles) >= batch.POOL_THRESHOLD
    serial = analyse_all(articles, ResultCache(None), workers=1)
    pooled = analyse_all(articles, ResultCache(None), workers=2)
    assert pooled == serial


def test_entries_unused_for_keep_builds_are_pruned(tmp_path):
    articles = _seed_articles()
    old, new = articles
    cache = ResultCache(str(tmp_path), keep_builds=2)
    analyse_all([old, new], cache, workers=1)
    assert cache.finish() == 0
    past = time.time() - 3600
    stale = tmp_path / (k := cache_key(*old, 3, 85))[:2] / f"{k}.json"
    os.utime(stale, (past, past))  # last used an hour ago
    (tmp_path / "builds.json").write_text(json.dumps([past - 10, past]))
    later = ResultCache(str(tmp_path), keep_builds=2)
    later.started = time.time() - 1
    analyse_all([new], later, workers=1)  # this build uses only the second article
    assert later.finish() == 0  # the old entry was used by one of the last two builds
    again = ResultCache(str(tmp_path), keep_builds=2)
    analyse_all([new], again, workers=1)
    assert again.finish() == 1
    assert not stale.exists()
    assert (tmp_path / (k2 := cache_key(*new, 3, 85))[:2] / f"{k2}.json").exists()


def _write_same_key(args):
    path, value = args
    cache = ResultCache(path)
    for _ in range(50):
        cache.put("ab" + "0" * 62, value)
    return True


def test_concurrent_writers_leave_a_whole_entry(tmp_path):
    values = [{"sentences": ["x" * 5000], "summary": [0], "candidates": [], "writer": i} for i in range(4)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert all(pool.map(_write_same_key, [(str(tmp_path), v) for v in values]))
    entry = tmp_path / "ab" / ("ab" + "0" * 62 + ".json")
    assert json.loads(entry.read_text(encoding="utf-8")) in values
    assert not [p for p in (tmp_path / "ab").iterdir() if p.suffix == ".tmp"]


def test_articles_can_stream_in_while_the_pool_works(tmp_path):
    base = _seed_articles()
    articles = [(f"{t} ({i})", [*p, f"Update number {i} was added to the story later."]) for i in range(9)
                for t, p in base]
    articles.append(articles[0])  # a repeat is analysed once
    cache = ResultCache(None)
    seen = []
    keys = batch.fill_cache((a for a in articles), cache, workers=2, progress=lambda done, total: seen.append(done))
    assert len(keys) == len(articles) and keys[-1] == keys[0] and len(set(keys)) == len(articles) - 1
    assert seen == list(range(1, len(articles)))  # every result once, counted in order
    assert [cache.get(key) for key in keys] == analyse_all(articles, ResultCache(None), workers=1)
