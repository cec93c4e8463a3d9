"""Pelican Reader for raw articles (glue: parse + cached NLP -> Pelican metadata)."""

import logging
import os
from html import escape

from pelican.readers import BaseReader
from pelican.utils import slugify

from ..analysis.batch import analyse_all
from ..analysis.cache import ResultCache
from ..analysis.records import Analysis
from ..text.parse import RawArticle, decode, parse
from . import settings as digest_settings
from . import state
from .render import paragraphs_html, summary_html, text_html

logger = logging.getLogger(__name__)


def read_raw(path: str) -> tuple[RawArticle, list[str]]:
    """Read and parse one raw file; returns (RawArticle, warnings)."""
    with open(path, "rb") as fh:
        text, warning = decode(fh.read())
    raw = parse(text, os.path.basename(path))
    return raw, ([warning] if warning else []) + raw.warnings


def source_roots(settings: dict) -> list[str]:
    """Absolute paths of the raw source folders."""
    base = settings["PATH"]
    return [os.path.normpath(os.path.join(base, p)) for p in digest_settings.get(settings, "DIGEST_SOURCES")]


def category_for(path: str, settings: dict) -> str:
    """The sub-folder of a source folder (``bbc/sport/1.txt`` -> Sport), else DEFAULT_CATEGORY."""
    path = os.path.abspath(path)
    for root in source_roots(settings):
        rel = os.path.relpath(path, root)
        if not rel.startswith(".."):
            parts = rel.split(os.sep)
            if len(parts) > 1:
                return parts[0].replace("-", " ").replace("_", " ").capitalize()
    return settings.get("DEFAULT_CATEGORY", "News")


def analyse_cached(raw: RawArticle, settings: dict, cache: ResultCache) -> Analysis:
    """NLP result of one article: a cache hit after the plugin's batch pass."""
    return analyse_all(
        [(raw.title, raw.paragraphs)],
        cache,
        k=digest_settings.get(settings, "DIGEST_SUMMARY_SENTENCES"),
        max_words=digest_settings.get(settings, "DIGEST_SUMMARY_WORDS"),
    )[0]


class RawArticleReader(BaseReader):
    """Reads raw news articles; extensions come from DIGEST_EXTENSIONS (registered at readers_init)."""

    enabled = True
    file_extensions = ()

    def read(self, source_path):
        build = state.of(self.settings)
        # The batch pass parsed every file once already; read it again only if it did not.
        raw, warnings = build.parsed.pop(os.path.abspath(source_path), None) or read_raw(source_path)
        for warning in warnings:
            logger.warning("%s: %s", source_path, warning)
        for removed in raw.removed:
            logger.debug("%s: removed %r", source_path, removed[:80])

        result = analyse_cached(raw, self.settings, build.cache)
        meta = {
            "title": escape(raw.title),
            "slug": slugify(raw.title, regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "article",
            "category": self.process_metadata("category", raw.category or category_for(source_path, self.settings)),
            "raw_title_guessed": raw.title_guessed,
        }
        date = None
        if raw.date:
            try:
                date = self.process_metadata("date", raw.date)
            except ValueError:
                logger.warning("%s: unreadable Date %r; using the fallback date", source_path, raw.date)
        if date is None:
            fallback = digest_settings.get(self.settings, "DIGEST_FALLBACK_DATE")
            # Common in real corpora: one warning per build sums these up (plugin.warn_undated).
            logger.info("%s: no date; using DIGEST_FALLBACK_DATE %s", source_path, fallback)
            date = self.process_metadata("date", fallback)
            meta["date_estimated"] = True
        meta["date"] = date
        # Titles are HTML in Pelican (feeds strip and unescape them); author, source,
        # URL and tags stay plain text, escaped once by the theme and the feed writer.
        if raw.author:
            meta["author"] = self.process_metadata("author", raw.author)
        if raw.source:
            meta["source"] = raw.source
        if raw.url:
            meta["source_url"] = raw.url
        if raw.lang:
            meta["lang"] = raw.lang
        if raw.tags:
            meta["tags"] = [self.process_metadata("tags", t.strip())[0] for t in raw.tags.split(",") if t.strip()]
        meta["summary"] = text_html(raw.summary) if raw.summary else summary_html(result)
        meta["keyword_candidates"] = result["candidates"]
        return paragraphs_html(raw.paragraphs), meta
