"""Pelican glue: stories, the same event reported by several outlets, on one page with one summary.

After the tag pass (at ``article_generator_finalized``) every article becomes a
:class:`~generator.corpus.stories.StoryDoc` (its canonical keyword ranking, its date
unless it is undated) and :func:`~generator.corpus.stories.group_stories` groups them.
A group of two or more articles is a :class:`Story`; a single article is not one.
Every article gets ``article.story`` (its Story, or None) and the generator context
gets ``stories`` (newest first) and the stories URLs and feeds.

A story's slug is its earliest article's slug (Pelican's order: by date, an undated
article at ``DIGEST_FALLBACK_DATE``, then by source path), so the story keeps its URL
and its feed entry id when later articles join it.

:class:`StoriesGenerator` (added through ``get_generators``) writes a page per story
(theme template ``story``), the stories index (``stories``) and the stories feeds,
and hands the story pages to the search index.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from pelican.generators import Generator, PelicanTemplateNotFound

from .. import __version__
from ..analysis.terms import term_counts
from ..corpus.stories import StoryDoc, group_stories, headline, story_summary
from ..text.sentences import split_sentences
from . import settings as digest_settings
from . import state
from .forked import Forked, ForkedError
from .render import plain_text

logger = logging.getLogger(__name__)

# Pelican-style URL settings (pelicanconf.py sets them; these are the defaults).
URLS = {
    "STORY_URL": "stories/{slug}/",
    "STORY_SAVE_AS": "stories/{slug}/index.html",
    "STORIES_URL": "stories/",
    "STORIES_SAVE_AS": "stories/index.html",
    "STORIES_FEED_ATOM": "feeds/stories.atom.xml",
    "STORIES_FEED_RSS": "feeds/stories.rss.xml",
}
TEXT_WORDS = 5000  # words of each article's text that choose the headline (as the NLP reads)
# Bump when headline() or story_summary() choose differently: cached choices are then made again.
STORY_VERSION = 1


def _url_setting(settings: dict, name: str) -> str:
    value = settings.get(name, URLS[name])
    return value or ""


def _relpath(article, settings: dict) -> str:
    return os.path.relpath(article.source_path, settings["PATH"]).replace(os.sep, "/")


def story_doc(article, settings: dict, doc_id: str | None = None) -> StoryDoc:
    """An article as the grouping sees it: canonical entries and counts, names, date (None when undated);
    ``doc_id`` is its source path relative to PATH (computed when not given)."""
    ranking = getattr(article, "keyword_ranking", None)
    if ranking is not None:
        entries = {e["key"]: e["count"] for e in ranking}
        names = frozenset(e["key"] for e in ranking if e["kind"] == "name")
    else:  # hand-written tags: each tag once
        entries = {tag.slug: 1 for tag in getattr(article, "tags", None) or []}
        names = frozenset()
    return StoryDoc(id=doc_id or _relpath(article, settings), date=article.date.date() if is_dated(article) else None,
                    entries=entries, names=names, terms=getattr(article, "story_terms", None))


def _words_of(article, title: str, settings: dict) -> dict[str, int]:
    """The article's content words: from the NLP pass (the reader's term bag), else counted from its text."""
    bag = getattr(article, "story_terms", None)
    if bag is not None:
        return state.of(settings).vocabulary.counts(bag)
    return term_counts(title, [" ".join(plain_text(str(article.content or "")).split()[:TEXT_WORDS])])


def is_dated(article) -> bool:
    """Dated by its source (not given DIGEST_FALLBACK_DATE): what stories and search shards go by."""
    return article.date is not None and not article.metadata.get("date_estimated")


def _source_key(article) -> tuple[str, str | None]:
    """(what tells this outlet apart, its label or None when the article names no one)."""
    source = str(getattr(article, "source", "") or "").strip()
    if source:
        return "source:" + source.casefold(), source
    authors = [str(a) for a in getattr(article, "authors", None) or []]
    if authors:
        label = ", ".join(authors)
        return "author:" + label.casefold(), label
    url = getattr(article, "source_url", "") or ""
    host = urlsplit(url).hostname if isinstance(url, str) and url.startswith(("http://", "https://")) else None
    if host:
        host = host.removeprefix("www.")
        return "host:" + host, host
    return "article:" + str(article.source_path), None


def _story_key(articles, max_words: int) -> str:
    """Cache key of a story's headline and summary: what they are chosen from, member by member
    (title, summary and the NLP key that stands for its words; its text when it has none)."""
    members = [[str(a.title), str(a.summary or ""),
                getattr(a, "nlp_key", None) or hashlib.sha256(str(a.content or "").encode()).hexdigest()]
               for a in articles]
    blob = json.dumps(["story", STORY_VERSION, __version__, max_words, members], ensure_ascii=False)
    return "story-" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _headline_and_summary(articles, settings: dict) -> tuple[int, list[str]]:
    """(index of the headline's article, summary sentences): from the NLP cache when this build or
    an earlier one chose them for the same members, else chosen now and cached (a few ms a story)."""
    max_words = digest_settings.get(settings, "DIGEST_SUMMARY_WORDS")
    cache = state.of(settings).cache
    key = _story_key(articles, max_words)
    held = cache.get(key)
    if (isinstance(held, dict) and isinstance(held.get("headline"), int) and 0 <= held["headline"] < len(articles)
            and isinstance(held.get("summary"), list) and all(isinstance(s, str) for s in held["summary"])):
        return held["headline"], held["summary"]
    titles = [plain_text(a.title) for a in articles]
    words = [_words_of(a, t, settings) for a, t in zip(articles, titles, strict=True)]
    best = headline(titles, words)
    chosen = story_summary([split_sentences(plain_text(str(a.summary or ""))) for a in articles], max_words)
    cache.put(key, {"headline": best, "summary": chosen})
    return best, chosen


class Story:
    """Articles about one event, as the templates and the feeds see them.

    ``title`` is one member's title (HTML, like every Pelican title), ``summary`` is
    HTML, ``articles`` are the members earliest first, ``tags`` the union of their
    tags (most shared first), ``date``/``updated`` the earliest and latest member
    dates, ``sources`` the outlets named (source, else byline, else the link's
    host) and ``source_count`` how many outlets reported it (an article that names
    none counts as one of its own).
    """

    def __init__(self, articles: list, settings: dict):
        self.articles = articles
        self.slug = articles[0].slug
        self.url = _url_setting(settings, "STORY_URL").format(slug=self.slug)
        self.save_as = _url_setting(settings, "STORY_SAVE_AS").format(slug=self.slug)
        best, chosen = _headline_and_summary(articles, settings)
        self.title = articles[best].title
        self.summary = f"<p>{escape(' '.join(chosen))}</p>" if chosen else ""
        first_seen, counts = {}, Counter()
        for article in articles:
            for tag in getattr(article, "tags", None) or []:
                first_seen.setdefault(tag, len(first_seen))
                counts[tag] += 1
        self.tags = sorted(first_seen, key=lambda t: (-counts[t], first_seen[t]))
        self.date = articles[0].date
        self.updated = max(a.date for a in articles)
        dated = [a for a in articles if is_dated(a)]
        self.first_dated = min(dated, key=lambda a: a.date) if dated else None
        self.last_dated = max(dated, key=lambda a: a.date) if dated else None
        keys, self.sources = set(), []
        for article in articles:
            key, label = _source_key(article)
            if key not in keys:
                keys.add(key)
                if label:
                    self.sources.append(label)
        self.source_count = len(keys)

    def __repr__(self):
        return f"<Story {self.slug} ({len(self.articles)} articles)>"


# From this many articles the grouping starts in a forked process at the tag pass (forked.Forked): at
# 20,000 articles it is about 10 s, which then runs on the second core beside tag cutting, related
# articles and Pelican's own tag and archive lists. Smaller archives group in process, at make_stories.
FORK_MIN_ARTICLES = 2000
_UNSEEN = object()


def _group(articles: list, settings: dict):
    """(each article's id, the groups): the pure part of :func:`make_stories`."""
    ids = [_relpath(a, settings) for a in articles]
    groups = group_stories([story_doc(a, settings, i) for a, i in zip(articles, ids, strict=True)],
                           window_days=digest_settings.get(settings, "DIGEST_STORY_WINDOW_DAYS"),
                           vocabulary=state.of(settings).vocabulary)
    return ids, groups


@dataclass
class _Pending:
    """A grouping running in a forked process, and the articles and dates it was started on."""

    running: Forked
    articles: list
    dates: dict[int, object]  # id(article) -> its date at the fork

    def cancel(self) -> None:
        self.running.cancel()


def start_grouping(articles: list, settings: dict) -> None:
    """At the tag pass, once every article's ranking is set: start grouping ``articles`` in a
    forked process when the archive is large enough to gain from it (:func:`make_stories` collects it)."""
    build = state.of(settings)
    build.stop_grouping()
    if not enabled(settings) or len(articles) < FORK_MIN_ARTICLES:
        return
    articles = list(articles)
    running = Forked.start(_group, articles, settings)
    if running is not None:
        build.grouping = _Pending(running, articles, {id(a): a.date for a in articles})


def _collect(articles: list, settings: dict):
    """The forked grouping's (articles, their ids, groups) when it grouped these articles with these
    dates, else None (another plugin changed them after the tag pass: they are grouped again here)."""
    build = state.of(settings)
    pending, build.grouping = build.grouping, None
    if pending is None:
        return None
    dates = pending.dates
    if len(dates) != len(articles) or any(dates.get(id(a), _UNSEEN) != a.date for a in articles):
        pending.cancel()
        return None
    try:
        ids, groups = pending.running.result()
    except ForkedError as exc:
        logger.warning("stories: the forked grouping failed (%s); grouping in process", exc)
        return None
    return pending.articles, ids, groups


def make_stories(articles: list, settings: dict) -> list[Story]:
    """Group ``articles`` (each gets ``.story``) and return the stories, newest first."""
    for article in articles:
        article.story = None
    if not articles:
        return []
    collected = _collect(articles, settings)
    if collected is None:
        collected = (articles, *_group(articles, settings))
    grouped, ids, groups = collected
    by_id = dict(zip(ids, grouped, strict=True))
    for article in articles:  # nothing reads the ranking after the grouping: free it
        article.keyword_ranking = None
    stories = []
    for group in groups:
        if len(group.members) < 2:
            continue
        members = [by_id[m] for m in sorted(group.members, key=lambda m: (by_id[m].date, m))]
        story = Story(members, settings)
        for article in members:
            article.story = story
        stories.append(story)
    for article in articles:  # nor the words once the headlines are chosen
        article.story_terms = None
        article.metadata.pop("story_terms", None)
    stories.sort(key=lambda s: s.slug)
    stories.sort(key=lambda s: (s.updated, s.date), reverse=True)
    return stories


def enabled(settings: dict) -> bool:
    return bool(digest_settings.get(settings, "DIGEST_STORIES"))


def on_article_generator_finalized(generator):
    """Group the articles into stories once their tags are final (timed as part of the corpus pass)."""
    settings, context = generator.settings, generator.context
    if not enabled(settings):
        for article in generator.articles + generator.translations:
            article.story = None
        context.update(stories=[], STORIES_SAVE_AS="", STORIES_FEED_ATOM=None, STORIES_FEED_RSS=None)
        return
    with state.of(settings).corpus_step():
        for article in generator.translations:
            article.story = None
        stories = context["stories"] = make_stories(generator.articles, settings)
        context.update({name: _url_setting(settings, name) for name in URLS})
        if not stories:  # no feed without entries (its <updated> would be the build time)
            context.update(STORIES_FEED_ATOM=None, STORIES_FEED_RSS=None)


class FeedEntry:
    """What Pelican's feed writer needs of one story: its id is the story URL and earliest date."""

    def __init__(self, story: Story):
        self.story = story
        self.title = story.title
        self.url = story.url
        self.date = story.date  # with the URL, the entry id: tag:<host>,<YYYY-MM-DD>:/stories/<slug>/
        self.modified = story.updated  # <updated>: moves when a later article joins
        self.summary = story.summary
        self.tags = story.tags
        self.source = ", ".join(story.sources)  # the entry's author (the writer falls back to SITENAME)

    def get_content(self, siteurl):
        items = []
        for article in self.story.articles:
            _, label = _source_key(article)
            who = f" ({escape(label)})" if label else ""
            link = escape(f"{siteurl}/{article.url}")
            items.append(f'<li><a href="{link}">{escape(plain_text(article.title))}</a>{who}</li>')
        return f"{self.summary}\n<ul>{''.join(items)}</ul>"


class StoriesGenerator(Generator):
    """Writes a page per story, the stories index and the stories feeds."""

    def generate_context(self):
        """The stories are made at article_generator_finalized; their pages go into the search index."""
        pages = state.of(self.settings).search_pages.setdefault(os.path.abspath(self.output_path), {})
        for story in self.context.get("stories", []):
            if story.save_as:  # a story's search shard follows its first article's
                pages[story.save_as] = ("story", story.first_dated.date.date() if story.first_dated else None)

    def _template(self, name):
        try:
            return self.get_template(name)
        except PelicanTemplateNotFound:
            logger.warning("stories: the theme has no %s template; those pages are not written", name)
            return None

    def generate_output(self, writer):
        context, settings = self.context, self.settings
        stories = context.get("stories", [])
        relative = settings.get("RELATIVE_URLS", False)
        page = self._template("story")
        if page is not None:
            for story in stories:
                if story.save_as:
                    writer.write_file(story.save_as, page, context, relative, story=story, page_name="story",
                                      sitemap_lastmod=story.updated)
        index_as = _url_setting(settings, "STORIES_SAVE_AS")
        index = self._template("stories") if index_as else None
        if index is not None:
            newest = max((s.updated for s in stories), default=None)
            writer.write_file(index_as, index, context, relative, page_name="stories/index", sitemap_lastmod=newest)
        entries = [FeedEntry(s) for s in stories]  # newest first
        for name, kind in (("STORIES_FEED_ATOM", "atom"), ("STORIES_FEED_RSS", "rss")):
            path = context.get(name)
            if path and entries:
                writer.write_feed(entries, context, path, feed_type=kind, feed_title="Stories")


def get_generators(pelican):
    """The stories generator, when DIGEST_STORIES is on."""
    return StoriesGenerator if enabled(pelican.settings) else None
