"""RSS, Atom (through feedparser) and JSON Feed (read here) to one plain :class:`Entry` shape."""

import calendar
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

import feedparser

from .clean import one_line
from .extract import html_paragraphs, text_paragraphs

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE
)


class FeedError(Exception):
    """Not a readable feed; ``str(err)`` says why."""


@dataclass
class Entry:
    """One feed item, plain strings throughout (``html`` is the feed's own content, for the fallback)."""

    id: str = ""
    link: str = ""
    title: str = ""
    author: str = ""
    date: str = ""  # "YYYY-MM-DD" or "YYYY-MM-DD HH:MM", UTC
    updated: str = ""
    tags: list = field(default_factory=list)
    html: str = ""
    text: str = ""
    lang: str = ""

    def fingerprint(self):
        """A hash of everything the feed says about the entry: it changes when the entry changes."""
        data = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(data.encode("utf-8")).hexdigest()

    def paragraphs(self):
        """The feed's own text for the entry (content, else summary), as paragraphs."""
        return html_paragraphs(self.html) if self.html else text_paragraphs(self.text)


@dataclass
class Feed:
    title: str = ""
    lang: str = ""
    base: str = ""  # the feed's own address (rel=self) or site link, for relative links in a local file
    entries: list = field(default_factory=list)
    warning: str = ""  # a recoverable problem (feedparser read a feed that is not well-formed)


def _format(dt):
    """UTC, naive, minutes; a midnight with no time given is just the date."""
    if dt is None:
        return ""
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%d") if (dt.hour, dt.minute) == (0, 0) else dt.strftime("%Y-%m-%d %H:%M")


def _from_struct(st):
    if not st:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(st), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _from_iso(value):
    match = _ISO.match((value or "").strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        dt = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if zone and zone.upper() != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        dt -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return dt


def _plain(detail, value):
    """A title as plain text (an Atom ``type="html"`` title loses its tags and entities)."""
    if "html" in ((detail or {}).get("type") or ""):
        return " ".join(html_paragraphs(value))
    return one_line(value)


def _tags(terms):
    out, seen = [], set()
    for term in terms:
        for part in str(term or "").split(","):
            tag = one_line(part)
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                out.append(tag)
    return out


def is_json_feed(data):
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(doc, dict) and (
        str(doc.get("version", "")).startswith("https://jsonfeed.org/version/") or isinstance(doc.get("items"), list)
    )


def parse_feed(data, url=None, content_type=""):
    """Parse feed bytes; relative links resolve against ``url``, the HTTP ``content_type`` may name the charset.

    Raises :class:`FeedError`.
    """
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return _parse_json_feed(data)
    headers = {k: v for k, v in (("content-location", url), ("content-type", content_type)) if v}
    parsed = feedparser.parse(data, response_headers=headers or None)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception") or "no RSS, Atom or RDF feed found"
        raise FeedError(f"malformed feed ({reason})")
    feed = Feed(title=one_line(parsed.feed.get("title", "")), lang=one_line(parsed.feed.get("language", "")))
    links = parsed.feed.get("links") or []
    feed.base = next((ln.get("href", "") for ln in links if ln.get("rel") == "self"), "") or parsed.feed.get("link", "")
    for item in parsed.entries:
        author = (item.get("author_detail") or {}).get("name") or item.get("author", "")
        content = item.get("content") or []
        main = max(content, key=lambda c: len(c.get("value", "")), default=None)
        summary = item.get("summary_detail") or {}
        best = main if main and len(main.get("value", "")) >= len(summary.get("value", "")) else summary
        is_html = "html" in (best.get("type") or "text/html")
        feed.entries.append(Entry(
            id=one_line(item.get("id", "")),
            link=(item.get("link") or "").strip(),
            title=_plain(item.get("title_detail"), item.get("title", "")),
            author=one_line(author),
            # dict.get: FeedParserDict would map a missing "updated" to "published", with a warning.
            date=_format(_from_struct(dict.get(item, "published_parsed") or dict.get(item, "updated_parsed"))),
            updated=one_line(dict.get(item, "updated") or ""),
            tags=_tags(t.get("label") or t.get("term") for t in item.get("tags", [])),
            html=best.get("value", "") if is_html else "",
            text="" if is_html else best.get("value", ""),
            lang=one_line(best.get("language") or ""),
        ))
    # Keep entries that say something (a lenient parse of a broken file leaves empty husks).
    feed.entries = [e for e in feed.entries if e.link or e.id or e.title or e.html or e.text]
    if parsed.bozo:
        if not feed.entries:
            raise FeedError(f"malformed feed ({parsed.get('bozo_exception')})")
        feed.warning = f"feed is not well-formed, read leniently ({parsed.get('bozo_exception')})"
    return feed


def _parse_json_feed(data):
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise FeedError(f"malformed JSON Feed ({err})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedError("malformed JSON Feed (no items list)")
    feed = Feed(title=one_line(str(doc.get("title") or "")), lang=one_line(str(doc.get("language") or "")),
                base=str(doc.get("feed_url") or doc.get("home_page_url") or ""))
    feed_authors = doc.get("authors") or ([doc["author"]] if isinstance(doc.get("author"), dict) else [])
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        names = [one_line(str(a.get("name") or "")) for a in (authors or feed_authors) if isinstance(a, dict)]
        html = item.get("content_html") or ""
        text = item.get("content_text") or item.get("summary") or ""
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        feed.entries.append(Entry(
            id=one_line(str(item.get("id") or "")),
            link=str(item.get("url") or item.get("external_url") or "").strip(),
            title=one_line(str(item.get("title") or "")),
            author=", ".join(n for n in names if n),
            date=_format(_from_iso(str(item.get("date_published") or item.get("date_modified") or ""))),
            updated=one_line(str(item.get("date_modified") or "")),
            tags=_tags(tags),
            html=html if isinstance(html, str) else "",
            text="" if html else (text if isinstance(text, str) else ""),
            lang=one_line(str(item.get("language") or "")),
        ))
    return feed
