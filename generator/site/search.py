"""Pelican glue: a Pagefind full-text index of this build's stories, for the search page.

The story pages this build writes are collected when the generators finish, and
Pagefind's CLI indexes copies of exactly those (so pages left in ``output/`` by an
earlier build never show up in search) into ``<output>/pagefind/``, beside
Pagefind's own UI files: search works offline and on any host.

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

from pelican.generators import ArticlesGenerator

from . import output, state
from . import settings as digest_settings

logger = logging.getLogger(__name__)

TIMEOUT = 600  # seconds; Pagefind indexes thousands of pages in a few seconds


def configure(settings):
    """Without search, drop the search page (and so the nav link and header form)."""
    if not digest_settings.get(settings, "DIGEST_SEARCH"):
        templates = settings.get("DIRECT_TEMPLATES", [])
        settings["DIRECT_TEMPLATES"] = [t for t in templates if t != "search"]
        settings["SEARCH_SAVE_AS"] = ""


def collect_pages(generators):
    """Remember the pages this build writes for the index (at all_generators_finalized): the
    articles, and what other generators recorded in ``search_pages`` (the story pages)."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            articles = generator.articles + generator.translations
            pages = state.of(generator.settings).search_pages
            path = os.path.abspath(generator.output_path)
            pages[path] = sorted({a.save_as for a in articles if a.save_as} | set(pages.get(path, [])))


KEY_FILE = ".digest-index"  # in the bundle: what it indexed, so an unchanged site reuses it


def _index_key(output_path, pages):
    """A hash of exactly what Pagefind would read: each page's path and bytes, and Pagefind's version."""
    digest = hashlib.sha256()
    with contextlib.suppress(Exception):
        digest.update(importlib.metadata.version("pagefind").encode())
    for rel in pages:
        digest.update(rel.encode() + b"\0")
        with open(os.path.join(output_path, rel), "rb") as fh:
            digest.update(hashlib.sha256(fh.read()).digest())
    return digest.hexdigest()


def _reuse(previous, bundle, key):
    """Copy the previous build's index when it indexed exactly these pages; True when it did."""
    if not previous:
        return False
    old = os.path.join(previous, "pagefind")
    try:
        with open(os.path.join(old, KEY_FILE), encoding="utf-8") as fh:
            if fh.read().strip() != key:
                return False
        shutil.copytree(old, bundle)
    except OSError:
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def build_index(output_path, pages, timeout=TIMEOUT, previous=None):
    """Index ``pages`` (paths relative to ``output_path``); returns the number of pages in the index.

    ``previous``: the last build's output folder; its index is reused when it covered
    the same pages with the same bytes (a rebuild with nothing changed).
    """
    bundle = os.path.join(output_path, "pagefind")
    shutil.rmtree(bundle, ignore_errors=True)  # never serve a stale index
    key = _index_key(output_path, pages)
    if _reuse(previous, bundle, key):
        return indexed_pages(output_path)
    with tempfile.TemporaryDirectory(prefix="digest-search-") as stage:
        for rel in pages:
            target = os.path.join(stage, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                os.link(os.path.join(output_path, rel), target)  # no copy: Pagefind only reads
            except OSError:
                shutil.copyfile(os.path.join(output_path, rel), target)
        subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", stage, "--output-path", bundle, "--quiet"],
            check=True, timeout=timeout, capture_output=True, text=True,
        )
    from .pagefind_stable import canonicalise

    canonicalise(bundle)  # same pages, same bytes (Pagefind's own output is not); never raises
    with open(os.path.join(bundle, KEY_FILE), "w", encoding="utf-8") as fh:
        fh.write(key + "\n")
    return indexed_pages(output_path)


def indexed_pages(output_path):
    """Pages in the Pagefind index under ``output_path``, over all languages."""
    with open(os.path.join(output_path, "pagefind", "pagefind-entry.json"), encoding="utf-8") as f:
        entry = json.load(f)
    return sum(lang["page_count"] for lang in entry["languages"].values())


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
        count = build_index(output_path, state.of(pelican.settings).search_pages.get(output_path, []),
                            previous=pelican.settings.get(output.FINAL_KEY))
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        if mode == "required":
            logger.error("search: no Pagefind index was built (%s)", _reason(exc))
            raise
        logger.warning("search: no Pagefind index was built (%s); the search page will say so", _reason(exc))
        return
    logger.info("search: Pagefind indexed %d stories", count)
