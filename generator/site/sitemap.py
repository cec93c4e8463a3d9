"""Pelican glue: ``sitemap.xml`` and ``robots.txt``, and the site's absolute URL for themes.

Every HTML page the build wrote is listed (the output folder is walked when the
build is done, so pages of any generator count), with absolute URLs from
``SITEURL`` (``http://127.0.0.1:8000`` in a local build) and a ``lastmod`` taken
from the content, never from the clock: a page's article (its ``Modified`` date,
else its date), the newest article it lists, or what its writer says
(``sitemap_lastmod`` in the template context); a page with none of these (About)
gets the newest article date of the site. Left out: the 404 page, Pagefind's
files and what a writer marks ``sitemap_exclude`` (the newsletter renderings).
Past 50,000 pages, ``sitemap.xml`` becomes an index of ``sitemap-N.xml`` files.

``robots.txt`` allows everything and names the sitemap; a ``robots.txt`` the site
already has (a static file) is kept.
"""

from __future__ import annotations

import datetime
import logging
import os
from urllib.parse import quote
from xml.sax.saxutils import escape

from . import state
from .writer import LOCAL_URL

logger = logging.getLogger(__name__)

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
MAX_URLS = 50_000  # per sitemap file (sitemaps.org)
SKIP_FILES = {"404.html"}
SKIP_DIRS = {"pagefind"}
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
EXCLUDED = "excluded"  # recorded for a page written with sitemap_exclude


def absolute_siteurl(settings: dict) -> str:
    """SITEURL, or where ``make serve`` previews the site when SITEURL is empty; no final slash."""
    return (settings.get("SITEURL") or LOCAL_URL).rstrip("/")


def _latest(obj) -> datetime.datetime | None:
    return getattr(obj, "modified", None) or getattr(obj, "date", None)


def content_date(context: dict) -> datetime.datetime | None:
    """When the content of a page written with ``context`` last changed, as far as the content says."""
    if "sitemap_lastmod" in context:
        return context["sitemap_lastmod"]
    for key in ("article", "story", "page"):
        found = _latest(context.get(key))
        if found is not None:
            return found
    listing = context.get("articles_page")
    items = listing.object_list if listing is not None else context.get("articles") or context.get("dates") or []
    return max((d for d in map(_latest, items) if d is not None), default=None)


def on_all_generators_finalized(generators):
    """Give themes ``SITEURL_ABSOLUTE`` and start collecting the pages' dates."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    context["SITEURL_ABSOLUTE"] = absolute_siteurl(settings)
    build = state.of(settings)
    build.lastmod.clear()
    # The writer's contexts are copies of this one: they carry the same dict to on_content_written.
    context["_digest_lastmod"] = build.lastmod


def on_content_written(path, context):
    record = context.get("_digest_lastmod")
    if record is not None:
        record[os.path.abspath(path)] = EXCLUDED if context.get("sitemap_exclude") else content_date(context)


def _w3c(when: datetime.datetime | None) -> str | None:
    if when is None:
        return None
    if when.tzinfo is None:
        return when.date().isoformat()
    return when.isoformat(timespec="seconds")


def page_url(base: str, rel: str) -> str:
    """The public URL of an output file (``x/index.html`` is ``x/``)."""
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return f"{base}/{quote(rel, safe='/-._~')}"


def pages(output_path: str, written: dict, fallback: datetime.datetime | None) -> list[tuple[str, str | None]]:
    """(relative path, lastmod) of every HTML page under ``output_path``, sorted."""
    found = []
    for folder, dirs, files in os.walk(output_path):
        rel_dir = os.path.relpath(folder, output_path)
        if rel_dir == ".":
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        dirs.sort()
        for name in files:
            if not name.endswith(".html"):
                continue
            rel = os.path.normpath(os.path.join(rel_dir, name)).replace(os.sep, "/")
            if rel in SKIP_FILES:
                continue
            when = written.get(os.path.abspath(os.path.join(folder, name)))
            if when == EXCLUDED:
                continue
            found.append((rel, _w3c(when or fallback)))
    return sorted(found)


def _document(root: str, item: str, entries: list[tuple[str, str | None]]) -> str:
    """A sitemap document: ``<root>`` of ``<item><loc>…</loc><lastmod>…</lastmod></item>`` lines."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{_NS}">']
    for loc, lastmod in entries:
        mod = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"  <{item}><loc>{escape(loc)}</loc>{mod}</{item}>")
    lines.append(f"</{root}>")
    return "\n".join(lines) + "\n"


def urlset(urls: list[tuple[str, str | None]]) -> str:
    return _document("urlset", "url", urls)


def sitemap_index(maps: list[tuple[str, str | None]]) -> str:
    return _document("sitemapindex", "sitemap", maps)


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write(pelican) -> list[str]:
    """Write the sitemap and robots.txt of this build (at finalized); returns the files written."""
    settings = pelican.settings
    return write_files(os.path.abspath(pelican.output_path), absolute_siteurl(settings), state.of(settings).lastmod)


def write_files(output_path: str, base: str, written: dict) -> list[str]:
    """Write sitemap.xml (and sitemap-N.xml past MAX_URLS) and robots.txt into ``output_path``
    for a site at ``base``; ``written`` maps output files to their dates. Returns the files written."""
    fallback = max((d for d in written.values() if isinstance(d, datetime.datetime)), default=None)
    urls = [(page_url(base, rel), lastmod) for rel, lastmod in pages(output_path, written, fallback)]
    files = []
    if len(urls) <= MAX_URLS:
        _write(os.path.join(output_path, SITEMAP), urlset(urls))
    else:
        maps = []
        for n, start in enumerate(range(0, len(urls), MAX_URLS), 1):
            chunk = urls[start:start + MAX_URLS]
            name = f"sitemap-{n}.xml"
            _write(os.path.join(output_path, name), urlset(chunk))
            files.append(name)
            maps.append((f"{base}/{name}", max((m for _, m in chunk if m), default=None)))
        _write(os.path.join(output_path, SITEMAP), sitemap_index(maps))
    files.insert(0, SITEMAP)
    robots = os.path.join(output_path, ROBOTS)
    if os.path.exists(robots):
        logger.info("sitemap: the site has its own %s; it is kept (add: Sitemap: %s/%s)", ROBOTS, base, SITEMAP)
    else:
        _write(robots, f"User-agent: *\nDisallow:\n\nSitemap: {base}/{SITEMAP}\n")
        files.append(ROBOTS)
    logger.info("sitemap: %d pages", len(urls))
    return files
