"""Pelican Reader for raw articles (glue: parse + cached NLP -> Pelican metadata)."""

import logging
import os
from html import escape

from pelican.readers import BaseReader
from pelican.utils import slugify

from ..analysis.batch import fill_cache
from ..analysis.cache import ResultCache
from ..analysis.records import Analysis
from ..text.decode import read_text
from ..text.parse import RawArticle, parse
from . import settings as digest_settings
from . import state
from .render import paragraphs_html, summary_html, text_html

logger = logging.getLogger(__name__)

SLUG_MAX = 80  # characters; titles of 1,000 characters exist, file names stop at 255 bytes


def read_raw(path: str) -> tuple[RawArticle | None, list[str], str]:
    """Read and parse one raw file: (RawArticle or None, repair notes, reason it was skipped or "")."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as err:
        return None, [], f"unreadable ({err.strerror or err})"
    decoded = read_text(data)
    if decoded.text is None:
        return None, decoded.notes, decoded.reason
    raw = parse(decoded.text, os.path.basename(path))
    return raw, decoded.notes + raw.warnings, ""


def slug_for(title: str, settings: dict) -> str:
    """Pelican's slug of the title, at most SLUG_MAX characters (a file name has a length limit)."""
    slug = slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "article"
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    return slug


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


def analyse_cached(raw: RawArticle, settings: dict, cache: ResultCache) -> tuple[str, Analysis]:
    """(cache key, NLP result) of one article: a cache hit after the plugin's batch pass. The key
    also names what is built from the result (a story's cached headline and summary)."""
    (key,) = fill_cache([(raw.title, raw.paragraphs)], cache,
                        k=digest_settings.get(settings, "DIGEST_SUMMARY_SENTENCES"),
                        max_words=digest_settings.get(settings, "DIGEST_SUMMARY_WORDS"))
    return key, cache.get(key)


class RawArticleReader(BaseReader):
    """Reads raw news articles; extensions come from DIGEST_EXTENSIONS (registered at readers_init)."""

    enabled = True
    file_extensions = ()

    def read(self, source_path):
        build = state.of(self.settings)
        path = os.path.abspath(source_path)
        # The batch pass read every file once already; read it again only if it did not.
        shown = os.path.relpath(path, self.settings["PATH"])
        if path in build.skip:  # a duplicate, decided by the batch pass: not read again
            build.parsed.pop(path, None)
            build.report.skip(shown, build.skip[path])
            return "", {"status": "skip", "title": os.path.basename(path)}
        raw, notes, reason = build.parsed.pop(path, None) or read_raw(path)
        if raw is None or reason:
            build.report.skip(shown, reason)
            return "", {"status": "skip", "title": os.path.basename(path)}
        for note in notes:
            build.report.repair(shown, note)
        for removed in raw.removed:
            logger.debug("%s: removed %r", source_path, removed[:80])

        key, result = analyse_cached(raw, self.settings, build.cache)
        meta = {
            "title": escape(raw.title),
            "slug": slug_for(raw.title, self.settings),
            "category": self.process_metadata("category", raw.category or category_for(source_path, self.settings)),
            "raw_title_guessed": raw.title_guessed,
        }
        date = None
        if raw.date:
            try:
                date = self.process_metadata("date", raw.date)
            except ValueError:
                build.report.repair(shown, f"unreadable Date {raw.date!r}; the fallback date is used")
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
        meta["story_terms"] = build.vocabulary.bag(result["terms"])
        meta["nlp_key"] = key  # what the story built from it is cached under
        return paragraphs_html(raw.paragraphs), meta
