"""Per-build state: made when a build starts, dropped when it ends.

Pelican hands its hooks the settings dict (readers, generators) or the Pelican
object (``initialized``, ``finalized``); the settings dict is the one object all of
them share for one build, so the state hangs from it under a private key. Two
builds in one process (the devserver, the tests) each get their own, and nothing
is kept at module or class level.
"""

from __future__ import annotations

import gc
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from ..analysis.cache import ResultCache
from ..corpus.stories import Vocabulary
from ..text.parse import RawArticle
from . import settings as digest_settings
from .report import BuildReport

_KEY = "_digest_build_state"


@dataclass
class BuildState:
    """What one build knows beyond Pelican's own objects."""

    cache: ResultCache
    # Absolute source path -> (RawArticle or None, repair notes, skip reason): every raw
    # file is read once, by the batch NLP pass; the reader takes it from here.
    parsed: dict[str, tuple[RawArticle | None, list[str], str]] = field(default_factory=dict)
    # Absolute source path -> why the batch pass decided to skip it (a duplicate).
    skip: dict[str, str] = field(default_factory=dict)
    report: BuildReport = field(default_factory=BuildReport)
    # Output folder -> pages (relative paths) this build wrote for the search index -> (kind, date or None).
    search_pages: dict[str, dict[str, tuple[str, date | None]]] = field(default_factory=dict)
    # The search index being made while the pages are written (search.Indexer), from all_generators_finalized.
    indexer: object = None
    # Output file (absolute path) -> the date its content last changed (or "excluded"), for the sitemap.
    lastmod: dict[str, object] = field(default_factory=dict)
    # Seconds per step, in order, for the build summary ("NLP", "corpus pass", ...).
    timings: dict[str, float] = field(default_factory=dict)
    articles: int = 0  # raw articles read (for the build summary)
    # Content words -> ids for the articles' term bags (story grouping), filled as the reader goes.
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    # The story grouping running in a forked process since the tag pass (stories.start_grouping), until collected.
    grouping: object = None  # has cancel()
    _clock: dict[str, float] = field(default_factory=dict)

    def start_clock(self, step: str) -> None:
        self._clock[step] = time.perf_counter()

    def stop_clock(self, step: str) -> None:
        """Add the time since :meth:`start_clock` to ``step`` (a step may run in several parts)."""
        began = self._clock.pop(step, None)
        if began is not None:
            self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - began

    @contextmanager
    def corpus_step(self):
        """Time a part of the corpus pass, with Python's cyclic garbage collector paused.

        The pass makes millions of small dicts and lists that live until it ends
        (20,000 articles x ~50 ranked entries); each collection would walk the
        whole heap of the build again (Pelican's articles included) for no garbage,
        about a sixth of the pass. Reference counting still frees everything;
        cycles made here are collected once the collector runs again.
        """
        paused = gc.isenabled()
        gc.disable()
        self.start_clock("corpus pass")
        try:
            yield
        finally:
            self.stop_clock("corpus pass")
            if paused:
                gc.enable()

    def stop_grouping(self) -> None:
        """Stop a story grouping still running in its forked process (a build that ends or starts again)."""
        if self.grouping is not None:
            self.grouping.cancel()
            self.grouping = None

    @classmethod
    def create(cls, settings: dict) -> BuildState:
        path = digest_settings.get(settings, "DIGEST_CACHE_PATH")
        if path:
            path = os.path.join(settings["PATH"], path)
        keep = digest_settings.get(settings, "DIGEST_CACHE_KEEP_BUILDS")
        return cls(cache=ResultCache(path or None, keep_builds=keep))


def start(settings: dict) -> BuildState:
    """A fresh state for a build that starts now (replacing any left by an earlier run)."""
    if _KEY in settings:
        settings[_KEY].stop_grouping()
    state = settings[_KEY] = BuildState.create(settings)
    return state


def of(settings: dict) -> BuildState:
    """The current build's state; one is made when there is none (a second ``run()`` of
    the same Pelican object, as ``pelican --autoreload`` does, or a reader used alone)."""
    state = settings.get(_KEY)
    return state if state is not None else start(settings)


def release(settings: dict) -> None:
    """Drop the build's state (its parsed articles and in-memory cache) when the build ends."""
    state = settings.pop(_KEY, None)
    if state is not None:
        state.stop_grouping()
