"""An on-disk cache of per-article NLP results: one JSON file per content hash.

* **Safe under concurrent builds**: each entry is written to its own temporary file
  and renamed into place (atomic on POSIX and Windows), so a reader sees a whole
  entry or none, and two builds writing the same key both leave a valid one.
* **Corrupt entries are recomputed**: an entry that is not valid JSON of the
  expected shape is reported (one warning naming the file) and treated as a miss.
* **Pruned**: :meth:`ResultCache.finish` marks what this build used (file times) and
  removes entries that no build has used during the last ``keep_builds`` builds.
"""

import contextlib
import json
import logging
import os
import tempfile
import time

logger = logging.getLogger(__name__)

KEEP_BUILDS = 5  # default of DIGEST_CACHE_KEEP_BUILDS
_BUILDS_FILE = "builds.json"  # start times of the recent builds that used this cache


class ResultCache:
    """Results keyed by content hash; ``path=None`` keeps them in memory only."""

    def __init__(self, path: str | None = None, keep_builds: int = KEEP_BUILDS):
        self.path = path
        self.keep_builds = keep_builds
        # Entries as JSON text: a parsed result is several times larger in memory than its
        # text, and a 20,000-article build holds them all (each get() parses a fresh copy).
        self.memory: dict[str, str] = {}
        self.used: set[str] = set()  # keys read or written by this build
        self.hits = 0
        self.misses = 0
        self.started = time.time()

    def _file(self, key: str) -> str:
        return os.path.join(self.path, key[:2], key + ".json")

    def get(self, key: str):
        if key in self.memory:
            return json.loads(self.memory[key])
        if not self.path:
            return None
        target = self._file(key)
        try:
            with open(target, encoding="utf-8") as fh:
                text = fh.read()
            value = json.loads(text)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:
            logger.warning("NLP cache entry %s is unreadable (%s); recomputing it", target, err)
            return None
        if not isinstance(value, dict):
            logger.warning("NLP cache entry %s is not an NLP result; recomputing it", target)
            return None
        self.memory[key] = text
        self.used.add(key)
        return value

    def lookup(self, key: str) -> bool:
        """Whether the cache holds ``key`` (read and checked from disk if need be), counting the hit
        or miss for the build summary; an entry already in memory is not parsed again."""
        found = key in self.memory or self.get(key) is not None
        if found:
            self.hits += 1
        else:
            self.misses += 1
        return found

    def put(self, key: str, value) -> None:
        text = json.dumps(value, ensure_ascii=False)  # the C encoder, unlike json.dump()
        self.memory[key] = text
        if not self.path:
            return
        self.used.add(key)
        target = self._file(key)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}-", suffix=".tmp", dir=os.path.dirname(target))
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, target)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as err:
            logger.warning("NLP cache not written (%s): %s", target, err)

    def finish(self) -> int:
        """Mark the entries this build used, prune stale ones; returns how many were removed."""
        if not self.path or not os.path.isdir(self.path):
            return 0
        now = time.time()
        for key in sorted(self.used):
            # An entry gone (pruned by a concurrent build) is written again by the next build.
            with contextlib.suppress(OSError):
                os.utime(self._file(key), (now, now))
        builds = self._record_build()
        if not self.keep_builds or len(builds) < self.keep_builds:
            return 0
        # Older than the start of the keep_builds-th most recent build: unused since.
        cutoff = builds[-self.keep_builds] - 1.0
        return self._prune(cutoff)

    def _record_build(self) -> list[float]:
        record = os.path.join(self.path, _BUILDS_FILE)
        try:
            with open(record, encoding="utf-8") as fh:
                builds = [float(t) for t in json.load(fh)]
        except (OSError, ValueError, TypeError):
            builds = []
        builds = sorted([*builds, self.started])[-max(self.keep_builds, 1):]
        try:
            fd, tmp = tempfile.mkstemp(prefix=".builds-", suffix=".tmp", dir=self.path)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(builds, fh)
            os.replace(tmp, record)
        except OSError as err:
            logger.warning("NLP cache: build record not written (%s)", err)
        return builds

    def _prune(self, cutoff: float) -> int:
        removed = 0
        for sub in sorted(os.scandir(self.path), key=lambda e: e.name):
            if not sub.is_dir():
                continue
            for entry in sorted(os.scandir(sub.path), key=lambda e: e.name):
                try:
                    if entry.name.endswith((".json", ".tmp")) and entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    continue
        if removed:
            logger.info("NLP cache: removed %d entries no build used in the last %d builds", removed, self.keep_builds)
        return removed
