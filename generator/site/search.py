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
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from pelican.generators import ArticlesGenerator

from . import output, search_shards, state
from . import settings as digest_settings

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
    if item.date is None or item.metadata.get("date_estimated"):
        return None
    return item.date.date()


def collect_pages(generators):
    """Remember the pages this build writes for the index (at all_generators_finalized): the
    articles, and what other generators recorded in ``search_pages`` (the story pages)."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            pages = state.of(generator.settings).search_pages.setdefault(os.path.abspath(generator.output_path), {})
            for article in generator.articles + generator.translations:
                if article.save_as:
                    pages[article.save_as] = page_date(article)


MANIFEST = "shards.json"  # in the bundle: each shard's folder, pages and key; js/search.js reads it
INDEX_FORMAT = "2"  # part of every shard's key: a change to how shards are written rebuilds them all
UI_PROBE = "pagefind-ui.js"  # a bundle without it has no usable UI files to reuse


def _is_index_item(name):
    """A file or folder of a Pagefind bundle that belongs to its index, not to its UI."""
    return name in ("pagefind-entry.json", "index", "fragment", "filter") or name.endswith(".pf_meta")


def _index_key(output_path, pages):
    """A hash of exactly what Pagefind would read: each page's path and bytes, and Pagefind's version."""
    digest = hashlib.sha256(INDEX_FORMAT.encode() + b"\0")
    with contextlib.suppress(Exception):
        digest.update(importlib.metadata.version("pagefind").encode())
    for rel in pages:
        digest.update(rel.encode() + b"\0")
        with open(os.path.join(output_path, rel), "rb") as fh:
            digest.update(hashlib.sha256(fh.read()).digest())
    return digest.hexdigest()


def _previous_shards(previous):
    """Shard name -> (key, folder) of the last build's index; empty when there is none to reuse."""
    if not previous:
        return {}
    bundle = os.path.join(previous, "pagefind")
    try:
        with open(os.path.join(bundle, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
        return {s["name"]: (s["key"], os.path.join(bundle, s["path"])) for s in manifest["shards"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _link_or_copy(src, dst):
    """A hard link where the file system allows (index files are never modified in place), else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


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
                shutil.copytree(src, dst, copy_function=_link_or_copy)
            else:
                _link_or_copy(src, dst)
    except OSError:
        return False
    return True


def _copy_ui(source, bundle):
    """Copy Pagefind's UI and runtime files (everything that is not index) from ``source`` into ``bundle``."""
    for name in sorted(os.listdir(source)):
        src = os.path.join(source, name)
        if not _is_index_item(name) and name not in ("shards", MANIFEST) and os.path.isfile(src):
            shutil.copy2(src, os.path.join(bundle, name))


def _run_pagefind(output_path, pages, out, stage, timeout):
    """Index ``pages`` into the bundle ``out``: Pagefind reads hard links to them in ``stage``."""
    for rel in pages:
        target = os.path.join(stage, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(os.path.join(output_path, rel), target)  # no copy: Pagefind only reads
        except OSError:
            shutil.copyfile(os.path.join(output_path, rel), target)
    os.makedirs(stage, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", stage, "--output-path", out, "--quiet"],
        check=True, timeout=timeout, capture_output=True, text=True,
    )
    from .pagefind_stable import canonicalise

    canonicalise(out)  # same pages, same bytes (Pagefind's own output is not); never raises
    return out


def build_index(output_path, pages, timeout=TIMEOUT, previous=None, shard_pages=search_shards.SHARD_PAGES):
    """Index ``pages`` (relative path under ``output_path`` -> date or None), shard by shard; returns
    the number of pages indexed and the number of shards Pagefind ran for. On failure no
    index is left half-written.

    The first shard is written to ``<output>/pagefind/`` with Pagefind's UI, the others to
    ``pagefind/shards/<name>/``; ``pagefind/shards.json`` lists them for the search page.
    ``previous``: the last build's output folder; a shard whose pages have the same paths
    and bytes as there is copied from it instead of indexed again.
    """
    try:
        return _build_index(output_path, pages, timeout, previous, shard_pages)
    except BaseException:
        shutil.rmtree(os.path.join(output_path, "pagefind"), ignore_errors=True)
        raise


def _build_index(output_path, pages, timeout, previous, shard_pages):
    bundle = os.path.join(output_path, "pagefind")
    shutil.rmtree(bundle, ignore_errors=True)  # never serve a stale index
    shards = search_shards.plan(pages, shard_pages) or {"all": []}
    old = _previous_shards(previous)
    listed, todo = [], []
    for n, (name, rels) in enumerate(shards.items()):
        folder = "" if n == 0 else f"shards/{name}/"
        target = os.path.join(bundle, folder)
        key = _index_key(output_path, rels)
        listed.append({"name": name, "path": folder, "pages": len(rels), "key": key})
        if name in old and old[name][0] == key and _copy_index(old[name][1], target):
            continue
        todo.append((name, rels, target))
    os.makedirs(bundle, exist_ok=True)
    ui = os.path.join(previous, "pagefind") if previous else None
    if not todo and not (ui and os.path.isfile(os.path.join(ui, UI_PROBE))):
        todo.append((listed[0]["name"], shards[listed[0]["name"]], bundle))  # nothing to take the UI from
    with tempfile.TemporaryDirectory(prefix="digest-search-") as work:
        workers = max(1, min(len(todo), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:  # each shard is its own Pagefind process
            outs = list(pool.map(lambda job: _run_pagefind(
                output_path, job[1], os.path.join(work, "out", job[0]), os.path.join(work, "site", job[0]),
                timeout), todo))
        for (_, _, target), out in zip(todo, outs, strict=True):
            if not _copy_index(out, target):
                raise OSError(f"Pagefind wrote no index into {out}")
        _copy_ui(outs[0] if outs else ui, bundle)
    with open(os.path.join(bundle, MANIFEST), "w", encoding="utf-8") as fh:
        json.dump({"shards": listed}, fh, indent=1, sort_keys=True)
        fh.write("\n")
    return indexed_pages(output_path), len(todo)


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


def index(pelican):
    """Build the Pagefind index of this build's story pages (at finalized)."""
    mode = digest_settings.get(pelican.settings, "DIGEST_SEARCH")
    if not mode:
        return
    output_path = os.path.abspath(pelican.output_path)
    try:
        count, ran = build_index(output_path, state.of(pelican.settings).search_pages.get(output_path, {}),
                                 previous=pelican.settings.get(output.FINAL_KEY),
                                 shard_pages=digest_settings.get(pelican.settings, "DIGEST_SEARCH_SHARD_PAGES"))
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        if mode == "required":
            logger.error("search: no Pagefind index was built (%s)", _reason(exc))
            raise
        logger.warning("search: no Pagefind index was built (%s); the search page will say so", _reason(exc))
        return
    logger.info("search: %d pages in the index (%d shards indexed, the rest unchanged)", count, ran)
