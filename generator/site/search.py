"""Pelican glue: a Pagefind full-text index of this build's stories, for the search page.

The story pages this build writes are collected when the generators finish, and
Pagefind's CLI indexes links to exactly those (so pages left in ``output/`` by an
earlier build never show up in search) into ``<output>/pagefind/``, beside
Pagefind's own UI files: search works offline and on any host. The index is split
into shards (``search_shards``) that the search page merges; a rebuild copies every
shard whose pages did not change from the last build and indexes only the others.

A failure (no binary for the platform, a crash, a timeout) is a warning naming the
reason; the site itself is already written. With ``DIGEST_SEARCH = "required"``
(``publishconf.py``) it is an error that fails the build, so a deploy never ships
a search page without an index.
"""

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import weakref
from concurrent.futures import ThreadPoolExecutor

from pelican.generators import ArticlesGenerator

from . import output, search_shards, state
from . import settings as digest_settings
from .pagefind_stable import link_or_copy
from .stories import is_dated

logger = logging.getLogger(__name__)

TIMEOUT = 600  # seconds; Pagefind indexes thousands of pages in a few seconds


def configure(settings):
    """Without search, drop the search page (and so the nav link and header form)."""
    if not digest_settings.get(settings, "DIGEST_SEARCH"):
        templates = settings.get("DIRECT_TEMPLATES", [])
        settings["DIRECT_TEMPLATES"] = [t for t in templates if t != "search"]
        settings["SEARCH_SAVE_AS"] = ""


def page_date(item):
    """The date that places a page in a search shard (see search_shards): None when undated."""
    return item.date.date() if is_dated(item) else None


def collect_pages(generators):
    """Remember the pages this build writes for the index (at all_generators_finalized): the
    articles, and what other generators recorded in ``search_pages`` (the story pages)."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            pages = state.of(generator.settings).search_pages.setdefault(os.path.abspath(generator.output_path), {})
            for article in generator.articles + generator.translations:
                if article.save_as:
                    pages[article.save_as] = ("article", page_date(article))


MANIFEST = "shards.json"  # in the bundle: each shard's folder, pages and key; js/search.js reads it
INDEX_FORMAT = "3"  # part of every shard's key: a change to how shards are written rebuilds them all
UI_PROBE = "pagefind-ui.js"  # a bundle without it has no usable UI files to reuse


def _is_index_item(name):
    """A file or folder of a Pagefind bundle that belongs to its index, not to its UI."""
    return name in ("pagefind-entry.json", "index", "fragment", "filter") or name.endswith(".pf_meta")


_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_ARTICLE_TAG = re.compile(rb"<(/?)article\b[^>]*>", re.IGNORECASE)
_BODY_ATTR = b"data-pagefind-body"
_ANY_ATTR = b"data-pagefind-"


def indexed_part(page: bytes) -> bytes:
    """What of a page Pagefind reads: its ``<html>`` tag (the language) and its one
    ``data-pagefind-body`` article element. Links around that element (related articles,
    newer and older) change as the archive grows; leaving them out of a shard's key keeps
    such a change from re-indexing the shard. Any other shape of page counts whole."""
    start = page.find(_BODY_ATTR)
    if start < 0 or page.find(_BODY_ATTR, start + 1) >= 0:
        return page
    open_at = page.rfind(b"<", 0, start)
    depth, end = 0, -1
    for match in _ARTICLE_TAG.finditer(page, open_at):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            end = match.end()
            break
    if end < 0 or not page.startswith(b"<article", open_at) or _ANY_ATTR in page[:open_at] or _ANY_ATTR in page[end:]:
        return page
    html = _HTML_TAG.search(page)
    return (html.group(0) if html else b"") + b"\0" + page[open_at:end]


def _index_key(output_path, pages):
    """A hash of what Pagefind would read: each page's path and indexed part, and Pagefind's version."""
    digest = hashlib.sha256(INDEX_FORMAT.encode() + b"\0")
    with contextlib.suppress(Exception):
        digest.update(importlib.metadata.version("pagefind").encode())
    for rel in pages:
        digest.update(rel.encode() + b"\0")
        with open(os.path.join(output_path, rel), "rb") as fh:
            digest.update(hashlib.sha256(indexed_part(fh.read())).digest())
    return digest.hexdigest()


def _previous_shards(previous):
    """Shard name -> (key, folder) of the last build's index; empty when there is none to reuse."""
    if not previous:
        return {}
    bundle = os.path.join(previous, "pagefind")
    try:
        with open(os.path.join(bundle, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
        return {s["name"]: (s["key"], os.path.join(bundle, s["path"])) for s in manifest["shards"]
                if s["path"] in ("", f"shards/{s['name']}/") and "/" not in s["name"] and ".." not in s["name"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _copy_index(source, target):
    """Copy a bundle's index files (not its UI) from ``source`` into ``target``; False on any failure."""
    try:
        os.makedirs(target, exist_ok=True)
        names = [n for n in sorted(os.listdir(source)) if _is_index_item(n)]
        if "pagefind-entry.json" not in names:
            return False
        for name in names:
            src, dst = os.path.join(source, name), os.path.join(target, name)
            if os.path.isdir(src):
                shutil.copytree(src, dst, copy_function=link_or_copy)
            else:
                link_or_copy(src, dst)
    except OSError:
        return False
    return True


def _clear_index(folder):
    """Remove a bundle's index files (not its UI, nor the other shards below it)."""
    with contextlib.suppress(FileNotFoundError):
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            if _is_index_item(name) and os.path.isdir(path):
                shutil.rmtree(path)
            elif _is_index_item(name):
                os.remove(path)


def _copy_ui(source, bundle):
    """Copy Pagefind's UI and runtime files (everything that is not index) from ``source`` into ``bundle``."""
    for name in sorted(os.listdir(source)):
        src = os.path.join(source, name)
        if not _is_index_item(name) and name not in ("shards", MANIFEST) and os.path.isfile(src):
            shutil.copy2(src, os.path.join(bundle, name))


def _run_pagefind(output_path, pages, out, stage, timeout):
    """Index ``pages`` into the bundle ``out``, then make it canonical, both in child processes (so
    they run beside the rest of the build): Pagefind reads hard links to the pages in ``stage``."""
    for rel in pages:
        link_or_copy(os.path.join(output_path, rel), os.path.join(stage, rel))  # Pagefind only reads
    os.makedirs(stage, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", stage, "--output-path", out, "--quiet"],
        check=True, timeout=timeout, capture_output=True, text=True,
    )
    # Same pages, same bytes (Pagefind's own output is not); it never fails, and says why it left
    # a bundle as Pagefind wrote it on stderr, which is passed on as a warning.
    done = subprocess.run([sys.executable, "-m", "generator.site.pagefind_stable", out],
                          timeout=timeout, capture_output=True, text=True, check=False)
    for line in (done.stderr or "").splitlines():
        if line.strip():
            logger.warning("%s", line.strip())
    return out


class Indexer:
    """The search index of one build, made shard by shard while the build goes on.

    Made when the pages to index are known (all_generators_finalized); ``written`` is
    told of every file the build writes, and a shard is indexed (in the background,
    one Pagefind process at a time beside the rendering) or matched to the previous
    build's as soon as its last page is written; ``finish`` (at finalized) waits for
    the rest and assembles ``<output>/pagefind/``: the first shard there with Pagefind's
    UI, the others in ``pagefind/shards/<name>/``, all listed in ``pagefind/shards.json``.
    """

    def __init__(self, output_path, pages, previous=None, shard_pages=search_shards.SHARD_PAGES,
                 timeout=TIMEOUT, workers=1):
        self.output_path, self.previous, self.timeout = output_path, previous, timeout
        self.shards = search_shards.plan(pages, shard_pages) or {"all": []}
        self.old = _previous_shards(previous)
        self.pending = {name: set(rels) for name, rels in self.shards.items()}
        self.shard_of = {rel: name for name, rels in self.shards.items() for rel in rels}
        self.keys, self.jobs = {}, {}  # name -> key; name -> Future of a Pagefind run, or None: reuse
        self.work = tempfile.mkdtemp(prefix="digest-search-")
        weakref.finalize(self, shutil.rmtree, self.work, True)  # also when a failed build never finishes
        self.pool = ThreadPoolExecutor(max_workers=workers)

    def written(self, rel):
        name = self.shard_of.get(rel)
        if name is not None:
            self.pending[name].discard(rel)
            if not self.pending[name]:
                self._start(name)

    def _start(self, name, force=False):
        if name in self.jobs and not force:
            return
        rels = self.shards[name]
        self.keys[name] = key = _index_key(self.output_path, rels)
        if not force and name in self.old and self.old[name][0] == key:
            self.jobs[name] = None
            return
        self.jobs[name] = self.pool.submit(_run_pagefind, self.output_path, rels, os.path.join(self.work, "out", name),
                                           os.path.join(self.work, "site", name), self.timeout)

    def finish(self):
        """Wait for every shard and write the bundle; returns (pages indexed, shards Pagefind ran for)."""
        bundle = os.path.join(self.output_path, "pagefind")
        try:
            shutil.rmtree(bundle, ignore_errors=True)  # never serve a stale index
            for name in self.shards:
                self._start(name)
            ui = os.path.join(self.previous, "pagefind") if self.previous else None
            listed = []
            for n, name in enumerate(self.shards):
                folder = "" if n == 0 else f"shards/{name}/"
                target = os.path.join(bundle, folder)
                listed.append({"name": name, "path": folder, "pages": len(self.shards[name]), "key": self.keys[name]})
                if self.jobs[name] is None and not _copy_index(self.old[name][1], target):
                    self._start(name, force=True)  # the previous copy is unreadable: index it again
            ran = [name for name in self.shards if self.jobs[name] is not None]
            if not ran and not (ui and os.path.isfile(os.path.join(ui, UI_PROBE))):
                ran = [listed[0]["name"]]  # nothing to take the UI from: index the first shard again
                self._start(ran[0], force=True)
            for entry in listed:
                future = self.jobs[entry["name"]]
                target = os.path.join(bundle, entry["path"])
                if future is not None:
                    _clear_index(target)  # what a failed or replaced copy may have left
                    if not _copy_index(future.result(), target):
                        raise OSError(f"Pagefind wrote no index for the search shard {entry['name']}")
            _copy_ui(self.jobs[ran[0]].result() if ran else ui, bundle)
            with open(os.path.join(bundle, MANIFEST), "w", encoding="utf-8") as fh:
                json.dump({"shards": listed}, fh, indent=1, sort_keys=True)
                fh.write("\n")
            return indexed_pages(self.output_path), len(ran)
        except BaseException:
            shutil.rmtree(bundle, ignore_errors=True)  # no index half-written
            raise
        finally:
            self.close()

    def close(self):
        """Stop (after the running shard) and drop the work folder; for a build that failed, too."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.work, ignore_errors=True)


def build_index(output_path, pages, timeout=TIMEOUT, previous=None, shard_pages=search_shards.SHARD_PAGES):
    """Index ``pages`` (relative path under ``output_path`` -> (kind, date or None)) at once, every page
    being written already: see :class:`Indexer`. Returns (pages indexed, shards Pagefind ran for).

    ``previous``: the last build's output folder; a shard whose pages have the same paths
    and bytes as there is copied from it instead of indexed again.
    """
    indexer = Indexer(output_path, pages, previous, shard_pages, timeout, workers=os.cpu_count() or 1)
    return indexer.finish()


def indexed_pages(output_path):
    """Pages in the Pagefind index under ``output_path``, over all shards and languages."""
    bundle = os.path.join(output_path, "pagefind")
    with open(os.path.join(bundle, MANIFEST), encoding="utf-8") as fh:
        folders = [s["path"] for s in json.load(fh)["shards"]]
    total = 0
    for folder in folders:
        with open(os.path.join(bundle, folder, "pagefind-entry.json"), encoding="utf-8") as fh:
            entry = json.load(fh)
        total += sum(lang["page_count"] for lang in entry["languages"].values())
    return total


def _reason(exc):
    if isinstance(exc, subprocess.CalledProcessError):
        return f"pagefind exited with {exc.returncode}: {(exc.stderr or exc.stdout or '').strip()[-300:]}"
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"pagefind took longer than {exc.timeout} s"
    return f"{type(exc).__name__}: {exc}"


def start(generators):
    """Plan the shards of this build's index (at all_generators_finalized, after collect_pages)."""
    if not generators:
        return
    settings = generators[0].settings
    if not digest_settings.get(settings, "DIGEST_SEARCH"):
        return
    build = state.of(settings)
    output_path = os.path.abspath(generators[0].output_path)
    build.indexer = Indexer(output_path, build.search_pages.get(output_path, {}),
                            previous=settings.get(output.FINAL_KEY),
                            shard_pages=digest_settings.get(settings, "DIGEST_SEARCH_SHARD_PAGES"),
                            workers=max(1, (os.cpu_count() or 1) - 1))  # rendering has the other core
    generators[0].context["_digest_indexer"] = build.indexer


def on_content_written(path, context=None):
    """A page was written: a shard whose pages are all written can be indexed now. (The writer's
    contexts are copies of the generators' one, so they carry the build's indexer.)"""
    indexer = (context or {}).get("_digest_indexer")
    if indexer is not None:
        indexer.written(os.path.relpath(os.path.abspath(path), indexer.output_path))


def index(pelican):
    """Finish the Pagefind index of this build's article and story pages (at finalized)."""
    mode = digest_settings.get(pelican.settings, "DIGEST_SEARCH")
    build = state.of(pelican.settings)
    indexer, build.indexer = build.indexer, None
    if not mode or indexer is None:
        return
    try:
        count, ran = indexer.finish()
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        if mode == "required":
            logger.error("search: no Pagefind index was built (%s)", _reason(exc))
            raise
        logger.warning("search: no Pagefind index was built (%s); the search page will say so", _reason(exc))
        return
    logger.info("search: %d pages in the index (%d shards indexed, the rest unchanged)", count, ran)
