"""Pelican glue: a Pagefind full-text index of the built site, for the search page.

Runs at ``finalized``, once every page is written. The index and Pagefind's own
UI files go to ``<output>/pagefind/``, so search works offline and on any host.
A failure is a warning that names the reason; the site itself is already built.
"""

import asyncio
import json
import logging
import os

from . import settings as digest_settings

logger = logging.getLogger(__name__)


async def _index(output_path):
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=os.path.join(output_path, "pagefind"))
    async with PagefindIndex(config=config) as index:
        return await index.add_directory(output_path)


def build_index(output_path):
    """Index ``output_path``; returns the number of pages in the index (the stories)."""
    asyncio.run(_index(output_path))
    return indexed_pages(output_path)


def indexed_pages(output_path):
    """Pages in the Pagefind index under ``output_path``, over all languages."""
    with open(os.path.join(output_path, "pagefind", "pagefind-entry.json"), encoding="utf-8") as f:
        entry = json.load(f)
    return sum(lang["page_count"] for lang in entry["languages"].values())


def on_finalized(pelican):
    if not digest_settings.get(pelican.settings, "DIGEST_SEARCH"):
        return
    try:
        pages = build_index(pelican.output_path)
    except Exception as exc:  # noqa: BLE001 - Pagefind missing or failing must not fail the build
        logger.warning("search: no Pagefind index was built (%s: %s)", type(exc).__name__, exc)
        return
    logger.info("search: Pagefind indexed %d pages", pages)
