"""Pelican glue: editions (a page per day and per ISO week), their newsletter renderings and feed.

A small generator, added through ``get_generators`` when ``DIGEST_EDITIONS`` is on.
The editions are worked out at ``all_generators_finalized`` (after every other
generator has read its content, so ``article.story`` is there when stories exist)
and put in the shared template context, so any theme can use them:

- ``editions``: every edition, newest first (daily ones, then weekly ones of the same dates);
  ``daily_editions`` and ``weekly_editions``; ``latest_edition`` (the newest daily one, else weekly);
- ``editions_undated``: how many undated articles were left out;
- ``EDITIONS_URL`` / ``EDITIONS_SAVE_AS`` (the index) and ``EDITIONS_FEED_ATOM`` / ``EDITIONS_FEED_RSS``.

The generator then writes ``editions/<key>/index.html`` (theme template ``edition``),
the index (``editions``), ``email.html`` and ``email.txt`` next to each edition of the
newsletter kind (daily, or weekly when only weekly editions are made) and the
editions feed, one entry per such edition with its whole digest as content.
A theme without one of these templates gets a warning and that part is skipped.
"""

from __future__ import annotations

import datetime
import itertools
import logging

from jinja2 import TemplateNotFound
from pelican.generators import Generator
from pelican.utils import set_date_tzinfo

from ..corpus import editions as pure
from . import settings as digest_settings
from .writer import LOCAL_URL

logger = logging.getLogger(__name__)

EDITIONS_URL = "editions/"
EDITIONS_SAVE_AS = "editions/index.html"
EDITION_URL = "editions/{key}/"
EDITION_SAVE_AS = "editions/{key}/index.html"
EMAIL_HTML = "editions/{key}/email.html"
EMAIL_TEXT = "editions/{key}/email.txt"
FEED_ATOM = "feeds/editions.atom.xml"
FEED_RSS = "feeds/editions.rss.xml"
STORY, ARTICLE = "story:", "article:"  # item keys: a prefix and the URL

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def kinds(settings: dict) -> tuple[str, ...]:
    """The edition kinds DIGEST_EDITIONS asks for (none when it is False)."""
    mode = digest_settings.get(settings, "DIGEST_EDITIONS")
    return {"daily": (pure.DAY,), "weekly": (pure.WEEK,), "both": (pure.DAY, pure.WEEK)}.get(mode, ())


def newsletter_kind(settings: dict) -> str | None:
    """The kind that gets a newsletter and feed entries: daily, or weekly when there are no daily editions."""
    made = kinds(settings)
    return made[0] if made else None


def day_label(day: datetime.date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def span_label(start: datetime.date, end: datetime.date) -> str:
    """``4–10 March 2024``, ``26 February – 3 March 2024``, ``30 December 2024 – 5 January 2025``."""
    if start.year != end.year:
        return f"{start.day} {_MONTHS[start.month - 1]} {start.year} – {end.day} {_MONTHS[end.month - 1]} {end.year}"
    if start.month != end.month:
        return f"{start.day} {_MONTHS[start.month - 1]} – {end.day} {_MONTHS[end.month - 1]} {end.year}"
    return f"{start.day}–{end.day} {_MONTHS[end.month - 1]} {end.year}"


def _tag_key(tag) -> str:
    return getattr(tag, "slug", None) or str(tag)


def is_dated(article) -> bool:
    return getattr(article, "date", None) is not None and not getattr(article, "date_estimated", False)


class EditionItem:
    """One story or article as an edition lists it (what the templates see)."""

    def __init__(self, entry: pure.Entry, obj, articles: list, rank: int):
        is_story = entry.item.key.startswith(STORY)
        self.story = obj if is_story else None  # the story, or None for a single article
        self.article = None if is_story else obj  # the article, or None for a story
        self.rank = rank
        self.title = obj.title
        self.url = obj.url
        self.summary = getattr(obj, "summary", "") or ""
        self.tags = list(getattr(obj, "tags", None) or [])
        self.sources = entry.item.sources
        self.source = getattr(obj, "source", "") if self.story is None else ""
        self.articles = articles  # its articles dated in the edition's period, newest first
        self.date = entry.latest


class Edition:
    """One edition as the templates and the feed see it."""

    def __init__(self, edition: pure.Edition, items: list[EditionItem], settings: dict, newsletter: bool):
        self.kind = edition.kind
        self.key = edition.key
        self.start, self.end = edition.start, edition.end
        self.daily = edition.kind == pure.DAY
        self.heading = "Daily edition" if self.daily else "Weekly edition"
        if self.daily:
            self.title = day_label(edition.start)
            self.dates_label = self.title
        else:
            year, week = edition.key.split("-W")
            self.title = f"Week {int(week)}, {year}"
            self.dates_label = span_label(edition.start, edition.end)
        self.url = EDITION_URL.format(key=self.key)
        self.save_as = EDITION_SAVE_AS.format(key=self.key)
        self.email_url = EMAIL_HTML.format(key=self.key) if newsletter else None
        self.text_url = EMAIL_TEXT.format(key=self.key) if newsletter else None
        self.items = items
        self.total = edition.total
        self.more = edition.total - len(items)
        self.articles = edition.articles
        tz = settings.get("TIMEZONE")
        self.date = set_date_tzinfo(datetime.datetime.combine(edition.start, datetime.time()), tz)
        self.updated = edition.updated
        self.day_keys = edition.days
        self.previous = self.next = None  # Edition objects, set once all are made
        self.days: list[Edition] = []  # a week's daily editions (when daily editions are made)
        self.week: Edition | None = None  # a day's weekly edition (when weekly editions are made)
        self.content = ""  # the whole digest as email-safe HTML (the feed entry), filled when written

    def __repr__(self):
        return f"<Edition {self.key}>"


class FeedEntry:
    """What Pelican's feed writer needs of one edition."""

    def __init__(self, edition: Edition):
        self.title = f"{edition.heading}: {edition.title}"
        self.url = edition.url
        self.date = edition.date  # the entry's id: tag:<host>,<date>:<path>/editions/<key>/
        self.modified = edition.updated  # <updated>: the newest article shown, never the build time
        self.summary = edition.content  # RSS has only a description: the whole digest there too

    def get_content(self, siteurl):
        return self.summary


def _items(articles: list) -> tuple[list[pure.Item], dict]:
    """Pure items for the dated articles (a story once), and key -> (story or article, its dated articles)."""
    members: dict[str, tuple[object, list]] = {}
    for article in articles:
        if not is_dated(article):
            continue
        story = getattr(article, "story", None)
        obj = story if story is not None else article
        key = (STORY if story is not None else ARTICLE) + str(obj.url)
        members.setdefault(key, (obj, []))[1].append(article)
    items = []
    for key, (obj, dated) in members.items():
        sources = 1
        if key.startswith(STORY):  # outlets that reported it (an article without a Source counts as one)
            reports = getattr(obj, "articles", None) or dated
            sources = getattr(obj, "source_count", None) or len({getattr(a, "source", "") or str(a.url)
                                                                 for a in reports})
        tags = tuple(_tag_key(t) for t in (getattr(obj, "tags", None) or []))
        title = str(obj.title)
        items.append(pure.Item(key=key, title=title, dates=tuple(a.date for a in dated), sources=sources, tags=tags))
    return items, members


def build(articles: list, settings: dict) -> dict:
    """The editions of ``articles`` and the context entries that describe them."""
    made = kinds(settings)
    size = digest_settings.get(settings, "DIGEST_EDITION_SIZE")
    items, members = _items(articles)
    weights = pure.tag_weights([_tag_key(t) for t in (getattr(a, "tags", None) or [])] for a in articles)
    letter = newsletter_kind(settings)
    by_kind: dict[str, list[Edition]] = {}
    for kind in made:
        views = []
        for edition in pure.editions(items, kind, size=size, weights=weights):
            shown = []
            for rank, entry in enumerate(edition.entries, 1):
                obj, dated = members[entry.item.key]
                inside = sorted((a for a in dated if edition.start <= a.date.date() <= edition.end),
                                key=lambda a: (a.date, str(a.url)), reverse=True)
                shown.append(EditionItem(entry, obj, inside, rank))
            views.append(Edition(edition, shown, settings, newsletter=kind == letter))
        for older, newer in itertools.pairwise(views):
            older.next, newer.previous = newer, older
        by_kind[kind] = views
    daily = {e.key: e for e in by_kind.get(pure.DAY, [])}
    for week in by_kind.get(pure.WEEK, []):
        week.days = [daily[k] for k in week.day_keys if k in daily]
        for day in week.days:
            day.week = week
    newest = {kind: list(reversed(views)) for kind, views in by_kind.items()}
    every = sorted((e for views in by_kind.values() for e in views),
                   key=lambda e: (e.start, e.kind == pure.DAY), reverse=True)
    latest = (newest.get(pure.DAY) or newest.get(pure.WEEK) or [None])[0]
    return {
        "editions": every,
        "daily_editions": newest.get(pure.DAY, []),
        "weekly_editions": newest.get(pure.WEEK, []),
        "latest_edition": latest,
        "editions_undated": sum(1 for a in articles if not is_dated(a)),
        "EDITIONS_URL": EDITIONS_URL,
        "EDITIONS_SAVE_AS": EDITIONS_SAVE_AS,
        # The feed is written (and advertised) only when it has entries.
        "EDITIONS_FEED_ATOM": FEED_ATOM if by_kind.get(letter) else None,
        "EDITIONS_FEED_RSS": FEED_RSS if by_kind.get(letter) else None,
    }


class EditionsGenerator(Generator):
    """Writes the edition pages, the index, the newsletters and the editions feed."""

    def generate_context(self):
        """Nothing yet: the editions are made at all_generators_finalized (see :func:`on_all_generators_finalized`)."""

    def prepare(self):
        self.context.update(build(self.context.get("articles", []), self.settings))
        if not self._has("partials/email.html"):  # no digest to put in the feed: no feed to advertise
            self.context["EDITIONS_FEED_ATOM"] = self.context["EDITIONS_FEED_RSS"] = None

    def _has(self, name):
        try:
            self.env.get_template(name)
        except TemplateNotFound:
            return False
        return True

    def _template(self, name):
        if self._has(name):
            return self.env.get_template(name)
        logger.warning("editions: the theme has no %s template; that part of the editions is not written", name)
        return None

    def generate_output(self, writer):
        every = self.context.get("editions", [])
        relative = self.settings.get("RELATIVE_URLS", False)
        page = self._template("edition.html")
        for edition in every if page is not None else ():
            writer.write_file(edition.save_as, page, self.context, relative, edition=edition,
                              page_name="edition", sitemap_lastmod=edition.updated)
        index = self._template("editions.html")
        if index is not None:
            writer.write_file(EDITIONS_SAVE_AS, index, self.context, relative, page_name="editions/index",
                              sitemap_lastmod=max((e.updated for e in every), default=None))
        letters = [e for e in every if e.email_url]  # newest first
        if letters:
            self._write_newsletters(writer, letters)

    def _write_newsletters(self, writer, letters):
        """email.html and email.txt beside each edition, and the feed with the same digest as content."""
        context = self.context
        base = (self.settings.get("SITEURL") or LOCAL_URL).rstrip("/")  # emails need absolute links
        digest = self._template("partials/email.html")
        for name, pattern in (("email.html", EMAIL_HTML), ("email.txt", EMAIL_TEXT)):
            template = self._template(name)
            for edition in letters if template is not None else ():
                writer.write_file(pattern.format(key=edition.key), template, context, False,
                                  edition=edition, BASE_URL=base, sitemap_exclude=True)
        if digest is None or not context.get("EDITIONS_FEED_ATOM"):
            return
        macros = digest.make_module({**context, "BASE_URL": base})
        for edition in letters:
            edition.content = str(macros.digest(edition))
        entries = [FeedEntry(e) for e in letters]
        for path, kind in ((FEED_ATOM, "atom"), (FEED_RSS, "rss")):
            writer.write_feed(entries, context, path, feed_type=kind, feed_title="Editions")


def get_generators(pelican):
    """The editions generator, when DIGEST_EDITIONS is on."""
    return EditionsGenerator if kinds(pelican.settings) else None


def on_all_generators_finalized(generators):
    for generator in generators:
        if isinstance(generator, EditionsGenerator):
            generator.prepare()
