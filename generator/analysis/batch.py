"""Run per-article NLP over many articles: cached, and in a process pool when it pays."""

import logging
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from . import article as nlp
from .cache import ResultCache
from .records import Analysis

logger = logging.getLogger(__name__)
# Below this many uncached articles a process pool costs more than it saves.
POOL_THRESHOLD = 16


def _one_thread():
    """Pool workers are the parallelism: BLAS and OpenMP threads inside each would fight over the cores."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _job(args):
    title, paragraphs, k, words = args
    return nlp.analyse(title, paragraphs, k=k, max_words=words)


def fill_cache(articles: list[tuple[str, list[str]]], cache: ResultCache, k: int = nlp.SUMMARY_SENTENCES,
               max_words: int = nlp.SUMMARY_WORDS, workers: int = 0,
               progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Make sure ``cache`` holds the NLP result of every article; returns their cache keys, in order.

    Missing results are computed, in a process pool when there are many, and stored.
    ``progress(done, total)`` is called as computed results arrive (total: the articles
    that were not in the cache).
    """
    keys = [nlp.cache_key(title, paras, k, max_words) for title, paras in articles]
    todo = {}
    for key, (title, paras) in zip(keys, articles, strict=True):
        if key not in todo and not cache.lookup(key):
            todo[key] = (title, paras, k, max_words)
    if todo:
        workers = workers or os.cpu_count() or 1
        if len(todo) >= POOL_THRESHOLD and workers > 1:
            logger.info("Analysing %d articles with %d workers", len(todo), workers)
            with ProcessPoolExecutor(max_workers=workers, initializer=_one_thread) as pool:
                results = pool.map(_job, todo.values(), chunksize=4)
                for done, (key, result) in enumerate(zip(todo, results, strict=True), 1):
                    cache.put(key, result)
                    if progress:
                        progress(done, len(todo))
        else:
            for done, (key, job) in enumerate(todo.items(), 1):
                cache.put(key, _job(job))
                if progress:
                    progress(done, len(todo))
    return keys


def analyse_all(articles: list[tuple[str, list[str]]], cache: ResultCache, k: int = nlp.SUMMARY_SENTENCES,
                max_words: int = nlp.SUMMARY_WORDS, workers: int = 0,
                progress: Callable[[int, int], None] | None = None) -> list[Analysis]:
    """NLP results for ``articles`` (a list of (title, paragraphs)), in order (:func:`fill_cache`, then read)."""
    keys = fill_cache(articles, cache, k=k, max_words=max_words, workers=workers, progress=progress)
    return [cache.get(key) for key in keys]
