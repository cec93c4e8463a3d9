"""The ingest state, ``DIR/.ingest-state.json``: what earlier runs fetched and wrote.

* ``sources``: per feed or page URL, the ETag / Last-Modified to send next time (conditional GET)
  and the articles it gave;
* ``articles``: per article key (canonical URL, else ``id:`` + entry id), its file name, the
  fingerprint of the feed entry it came from, whether it fell back to the feed's text, and the
  other URLs it was seen under (``aliases``), so a later run finds the same file.

Written atomically with sorted keys, and only when it changed.
"""

import contextlib
import json
import os
import tempfile
from pathlib import Path

STATE_NAME = ".ingest-state.json"
VERSION = 1


class State:
    def __init__(self, path, data=None, warning=""):
        self.path = Path(path)
        data = data or {}
        self.sources = dict(data.get("sources") or {})
        self.articles = dict(data.get("articles") or {})
        self.warning = warning
        self._alias = {}
        for key, rec in self.articles.items():
            for alias in rec.get("aliases", []):
                self._alias.setdefault(alias, key)
            self._alias[key] = key

    @classmethod
    def load(cls, out_dir):
        path = Path(out_dir) / STATE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as err:
            return cls(path, warning=f"{path}: unreadable state ({err}); starting afresh")
        return cls(path, data)

    # --- articles ---------------------------------------------------------------------------------------------

    def find(self, *keys):
        """``(key, record)`` of the first of ``keys`` (or aliases) seen before, else ``(None, None)``."""
        for key in keys:
            if key and key in self._alias:
                found = self._alias[key]
                return found, self.articles[found]
        return None, None

    def put(self, key, *, file, fingerprint, fallback, aliases=(), old_key=None):
        """Record an article under ``key``, taking over ``old_key``'s record if it was known as that."""
        old = self.articles.pop(old_key, None) if old_key and old_key != key else None
        rec = self.articles.get(key) or {}
        names = set(rec.get("aliases", [])) | set((old or {}).get("aliases", [])) | {a for a in aliases if a}
        if old_key and old_key != key:
            names.add(old_key)
        names.discard(key)
        self.articles[key] = {"file": file, "fingerprint": fingerprint, "fallback": bool(fallback),
                              "aliases": sorted(names)}
        for name in (key, *names):
            self._alias[name] = key

    def file_for(self, key):
        rec = self.articles.get(key)
        return rec["file"] if rec else None

    # --- sources ----------------------------------------------------------------------------------------------

    def validators(self, url, out_dir):
        """ETag and Last-Modified of ``url``, but only while every article it gave still has its file."""
        rec = self.sources.get(url) or {}
        for key in rec.get("articles", []):
            name = self.file_for(key)
            if not name or not (Path(out_dir) / name).is_file():
                return "", ""
        return rec.get("etag", ""), rec.get("last_modified", "")

    def source_articles(self, url):
        return list((self.sources.get(url) or {}).get("articles", []))

    def put_source(self, url, *, etag="", last_modified="", articles=()):
        if not (etag or last_modified):
            self.sources.pop(url, None)
            return
        self.sources[url] = {"etag": etag, "last_modified": last_modified, "articles": sorted(set(articles))}

    # --- file -------------------------------------------------------------------------------------------------

    def dumps(self):
        data = {"version": VERSION, "sources": self.sources, "articles": self.articles}
        return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"

    def save(self):
        write_if_changed(self.path, self.dumps().encode("utf-8"))


def write_if_changed(path, data):
    """Write ``data`` to ``path`` atomically unless the file already holds exactly it; True if written."""
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ingest-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True
