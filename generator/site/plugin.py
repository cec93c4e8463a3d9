"""Pelican glue: wires settings, per-build state, the raw reader, the NLP prefill and the corpus pass to signals."""

import hashlib
import logging
import os

from pelican import signals
from pelican.urlwrappers import Tag
from pelican.utils import order_content

from ..analysis.batch import fill_cache
from ..corpus.related import related, unique_slugs
from ..corpus.tags import cut_tags, rank_corpus
from ..text.parse import RawArticle
from . import editions, output, precompute, search, sitemap, state, stories
from . import settings as digest_settings
from .progress import NlpProgress, print_summary
from .reader import RawArticleReader, analyse_cached, read_raw
from .render import JINJA_TESTS, plain_paragraphs, plain_text, summary_html
from .report import StrictBuildError
from .writer import get_writer

logger = logging.getLogger(__name__)


def on_initialized(pelican):
    """Check the settings and adjust Pelican's (raw folders, Jinja tests, search page) once per Pelican."""
    settings = pelican.settings
    digest_settings.validate(settings)
    for source in digest_settings.get(settings, "DIGEST_SOURCES"):
        if source not in settings["ARTICLE_PATHS"]:
            settings["ARTICLE_PATHS"].append(source)
        if not os.path.isdir(os.path.join(settings["PATH"], source)):
            logger.warning("DIGEST_SOURCES: folder %s does not exist", source)
    settings["JINJA_TESTS"] = {**settings.get("JINJA_TESTS", {}), **JINJA_TESTS}
    search.configure(settings)


def on_get_generators(pelican):
    """A build starts (each run() of Pelican): fresh per-build state, output written aside."""
    state.start(pelican.settings)
    output.stage(pelican)


def on_readers_init(readers):
    for ext in digest_settings.get(readers.settings, "DIGEST_EXTENSIONS"):
        readers.reader_classes[ext] = RawArticleReader


def on_generator_init(generator):
    """Parse every raw article once and fill the NLP cache in parallel, before the reader runs."""
    settings = generator.settings
    build = state.of(settings)
    exts = digest_settings.get(settings, "DIGEST_EXTENSIONS")
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"], extensions=exts)
    build.start_clock("NLP")
    build.parsed, build.skip = {}, {}
    first_of = {}

    def parsed():  # read lazily: the NLP pool starts on the first articles while the rest are read
        for rel in sorted(files, key=lambda f: (f.count(os.sep), f)):  # a file's shortest path comes first
            path = os.path.abspath(os.path.join(generator.path, rel))
            real = os.path.realpath(path)
            if real in first_of:  # a symlink loop or a second link to one file
                build.skip[path] = f"the same file as {first_of[real]} (reached again through a symlink)"
                continue
            first_of[real] = rel
            raw, _notes, _reason = build.parsed[path] = read_raw(path)
            if raw is None:
                continue  # the reader reports it
            digest = hashlib.sha256(raw.title.encode() + b"\0" + raw.text.encode()).hexdigest()
            if digest in first_of:
                build.skip[path] = f"the same article as {first_of[digest]}"
                continue
            first_of[digest] = rel
            build.articles += 1
            yield raw.title, raw.paragraphs

    build.articles = 0
    with NlpProgress() as progress:
        fill_cache(  # the reader takes each result from the cache: nothing to hand back here
            parsed(),
            build.cache,
            k=digest_settings.get(settings, "DIGEST_SUMMARY_SENTENCES"),
            max_words=digest_settings.get(settings, "DIGEST_SUMMARY_WORDS"),
            workers=digest_settings.get(settings, "DIGEST_WORKERS"),
            progress=progress,
        )
    build.stop_clock("NLP")


def _fill_markdown(article, settings):
    """Give a hand-written article our candidates and summary where it lacks them."""
    raw = RawArticle(title=plain_text(article.title), paragraphs=plain_paragraphs(article.content))
    article.nlp_key, result = analyse_cached(raw, settings, state.of(settings).cache)
    if "summary" not in article.metadata and result["summary"]:
        article.metadata["summary"] = summary_html(result)
    article.story_terms = state.of(settings).vocabulary.bag(result["terms"])
    return result["candidates"]


def warn_undated(articles, settings):
    """One warning for all articles without a date, naming a few, instead of one per file."""
    undated = [os.path.basename(a.source_path) for a in articles if a.metadata.get("date_estimated")]
    if undated:
        shown = ", ".join(undated[:5]) + (f" and {len(undated) - 5} more" if len(undated) > 5 else "")
        logger.warning("%d of %d articles have no date (%s); they use DIGEST_FALLBACK_DATE %s and show as Undated",
                       len(undated), len(articles), shown, digest_settings.get(settings, "DIGEST_FALLBACK_DATE"))


def on_pretaxonomy(generator):
    """The corpus pass: unique slugs, canonical tags, before Pelican builds tag pages."""
    settings = generator.settings
    precompute.index_period_archives(generator)  # Pelican builds them after this signal
    with state.of(settings).corpus_step():
        _corpus_pass(generator, settings)


def stable_order(generator, settings):
    """Pelican's article order with ties (same date) broken by source path, not by the order
    its file walk returned them in (a set: it changes with PYTHONHASHSEED and the checkout's path)."""
    root = settings["PATH"]
    for items in (generator.articles, generator.translations):
        items.sort(key=lambda a: os.path.relpath(a.source_path, root))
        order_content(items, settings["ARTICLE_ORDER_BY"])  # a stable sort: path order stays within ties


def _corpus_pass(generator, settings):
    stable_order(generator, settings)
    articles = sorted(generator.articles, key=lambda a: a.source_path)
    warn_undated(articles, settings)
    for article, slug in zip(articles, unique_slugs([a.slug for a in articles]), strict=True):
        if slug != article.slug:
            logger.info("%s: slug %s is taken; using %s", article.source_path, article.slug, slug)
            article.slug = slug

    docs = {}
    for article in articles:
        if article.metadata.get("tags"):
            continue  # hand-written tags always win
        cands = article.metadata.get("keyword_candidates")
        if cands is None:
            cands = _fill_markdown(article, settings)
        docs[article.source_path] = cands
    if not docs:
        return
    ranked = rank_corpus(docs, digest_settings.get(settings, "DIGEST_TAG_STOPLIST"))
    for article in articles:
        if article.source_path in docs:
            # Ranked now: the raw candidates (tens of KB of objects per article) are not read again.
            article.metadata.pop("keyword_candidates", None)
            article.keyword_ranking = ranked[article.source_path]
            article.keyphrases = [e["phrase"] for e in article.keyword_ranking[:10]]
    # Stories need the rankings, not the tags: a large archive is grouped on the other core from here on.
    stories.start_grouping(generator.articles, settings)
    tags = cut_tags(ranked, **digest_settings.tag_options(settings))
    for article in articles:
        if article.source_path in docs:
            article.tags = [Tag(name, settings) for name in tags[article.source_path]]
            article.metadata["tags"] = article.tags


def on_generator_finalized(generator):
    """Related articles, newer/older neighbours and the tags index order."""
    with state.of(generator.settings).corpus_step():
        articles = generator.articles  # newest first
        count = digest_settings.get(generator.settings, "DIGEST_RELATED_COUNT")
        links = related({a: [t.slug for t in getattr(a, "tags", [])] for a in articles}, count)
        for i, article in enumerate(articles):
            article.related = links[article]
            article.newer_article = articles[i - 1] if i > 0 else None
            article.older_article = articles[i + 1] if i + 1 < len(articles) else None
        by_count = sorted(generator.tags.items(), key=lambda ta: (-len(ta[1]), ta[0].name.lower()))
        generator.context["tags_by_count"] = by_count
    precompute.index_taxonomy_pages(generator)


def on_all_generators_finalized(generators):
    precompute.freeze_urls(generators)  # every URL is final now
    search.collect_pages(generators)
    search.start(generators)
    if generators:
        state.of(generators[0].settings).start_clock("render")


def on_finalized(pelican):
    """The search index over this build's pages, the cache's upkeep, the report and summary,
    then the finished site is swapped in (unless DIGEST_STRICT fails the build) and the state released."""
    settings = pelican.settings
    build = state.of(settings)
    build.stop_clock("render")
    published = False
    try:
        sitemap.write(pelican)  # before Pagefind's files arrive; every page is written by now
        build.start_clock("search")
        search.index(pelican)
        build.stop_clock("search")
        build.cache.finish()
        build.report.print()
        if build.report and digest_settings.get(settings, "DIGEST_STRICT"):
            raise StrictBuildError(f"DIGEST_STRICT: {len(build.report.skipped)} skipped and "
                                   f"{len(build.report.repaired)} repaired source files (see the build report); "
                                   "the previous site is left as it was")
        analysed = build.cache.misses
        print_summary(build.articles, build.articles - analysed, analysed, build.timings)
        output.publish(pelican)
        published = True
    finally:
        if not published:
            output.discard(pelican)
        state.release(settings)


def register():
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.article_generator_init.connect(on_generator_init)
    signals.article_generator_pretaxonomy.connect(on_pretaxonomy)
    signals.article_generator_finalized.connect(on_generator_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.finalized.connect(on_finalized)
    signals.get_generators.connect(on_get_generators)
    signals.get_writer.connect(get_writer)
    signals.article_generator_finalized.connect(stories.on_article_generator_finalized)
    signals.get_generators.connect(stories.get_generators)
    signals.get_generators.connect(editions.get_generators)
    signals.all_generators_finalized.connect(editions.on_all_generators_finalized)
    signals.all_generators_finalized.connect(sitemap.on_all_generators_finalized)
    signals.content_written.connect(sitemap.on_content_written)
    signals.content_written.connect(search.on_content_written)
