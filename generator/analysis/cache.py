"""A tiny on-disk cache of per-article NLP results (one JSON file per key)."""

import json
import logging
import os

logger = logging.getLogger(__name__)


class ResultCache:
    """Results keyed by content hash; ``path=None`` keeps them in memory only."""

    def __init__(self, path=None):
        self.path = path
        self.memory = {}

    def _file(self, key):
        return os.path.join(self.path, key[:2], key + ".json")

    def get(self, key):
        if key in self.memory:
            return self.memory[key]
        if not self.path:
            return None
        try:
            with open(self._file(key), encoding="utf-8") as fh:
                value = json.load(fh)
        except (OSError, ValueError):
            return None
        self.memory[key] = value
        return value

    def put(self, key, value):
        self.memory[key] = value
        if not self.path:
            return
        target = self._file(key)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            tmp = target + ".tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except OSError as err:
            logger.warning("NLP cache not written (%s): %s", target, err)
