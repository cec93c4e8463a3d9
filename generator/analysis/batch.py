"""Run per-article NLP over many articles: cached, and in a process pool when it pays."""

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor

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


def fill_cache(articles: Iterable[tuple[str, list[str]]], cache: ResultCache, k: int = nlp.SUMMARY_SENTENCES,
               max_words: int = nlp.SUMMARY_WORDS, workers: int = 0,
               progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Make sure ``cache`` holds the NLP result of every article; returns their cache keys, in order.

    ``articles`` may be a generator (the plugin parses files as it goes): each missing
    result is handed to a process pool as soon as there are enough of them to pay for
    one, so the workers analyse while the rest is still being read. ``progress(done,
    total)`` is called as computed results arrive (total: the uncached articles so far).
    """
    workers = workers or os.cpu_count() or 1
    keys: list[str] = []
    waiting: list[tuple[str, tuple]] = []  # misses not handed out yet
    running: dict[str, Future] = {}
    finished: deque[str] = deque()  # keys whose result is ready (appended by the pool's thread)
    seen: set[str] = set()
    pool = None
    done = 0

    def store(key: str, result) -> None:
        nonlocal done
        cache.put(key, result)
        done += 1
        if progress:
            progress(done, len(seen))

    def collect(block: bool) -> None:
        while running and (block or finished):
            key = finished.popleft() if finished else next(iter(running))
            future = running.pop(key, None)
            if future is not None:  # None: collected already, by a blocking wait
                store(key, future.result())

    try:
        for title, paras in articles:
            key = nlp.cache_key(title, paras, k, max_words)
            keys.append(key)
            if key in seen or cache.lookup(key):
                continue
            seen.add(key)
            if workers <= 1:
                store(key, _job((title, paras, k, max_words)))
                continue
            waiting.append((key, (title, paras, k, max_words)))
            if pool is None and len(waiting) >= POOL_THRESHOLD:
                logger.info("Analysing with %d workers", workers)
                pool = ProcessPoolExecutor(max_workers=workers, initializer=_one_thread)
            if pool is not None:
                for key_, job in waiting:
                    running[key_] = pool.submit(_job, job)
                    running[key_].add_done_callback(lambda _, key_=key_: finished.append(key_))
                waiting.clear()
                collect(block=False)
        for key, job in waiting:  # too few for a pool
            store(key, _job(job))
        collect(block=True)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return keys


def analyse_all(articles: list[tuple[str, list[str]]], cache: ResultCache, k: int = nlp.SUMMARY_SENTENCES,
                max_words: int = nlp.SUMMARY_WORDS, workers: int = 0,
                progress: Callable[[int, int], None] | None = None) -> list[Analysis]:
    """NLP results for ``articles`` (a list of (title, paragraphs)), in order (:func:`fill_cache`, then read)."""
    keys = fill_cache(articles, cache, k=k, max_words=max_words, workers=workers, progress=progress)
    return [cache.get(key) for key in keys]
