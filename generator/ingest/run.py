"""One ingest run: sources in, raw ``.txt`` files out, a :class:`Report` of what happened.

For every feed entry the article page is fetched and its main text extracted; when the page
cannot be fetched, is refused (robots.txt, a non-http link) or yields no text, the feed's own
content or summary is used instead and a warning says so. Articles are keyed by canonical URL
(else the entry id), so one article seen in two feeds or on two runs is one file; a bad source is
a warning and an entry in ``errors``, never the end of the run.
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from . import rawfile, sources
from .extract import Page, decode_html, extract_page
from .feeds import FeedError, parse_feed
from .fetch import Fetcher, FetchError
from .state import State, write_if_changed
from .urls import canonical_url, host_of, is_web_url, looks_like_url, scheme_of

MAX_DEPTH = 3  # a list of lists of feeds is fine; deeper nesting is a mistake or a loop
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Report:
    sources: int = 0
    entries: int = 0
    written: int = 0
    unchanged: int = 0
    fallback: int = 0
    files: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    ok_sources: int = 0

    @property
    def failed(self):
        return len(self.errors)

    def as_dict(self):
        return {
            "sources": self.sources, "entries": self.entries, "written": self.written,
            "unchanged": self.unchanged, "failed": self.failed, "fallback": self.fallback,
            "files": list(self.files), "errors": list(self.errors),
        }

    @property
    def exit_status(self):
        """0 when something was ingested or nothing failed; 1 when every source failed."""
        if self.written or self.unchanged or not self.errors or self.ok_sources:
            return 0
        return 1


def label_of_feed(feed):
    return feed.title or "feed"


class _Entries:
    """Counts one source's articles, so a feed whose every entry failed counts as a failed source."""

    def __init__(self):
        self.ok = 0
        self.failed = 0
        self.keys = []


class Ingest:
    def __init__(self, out_dir, fetcher=None, warn=None):
        self.out = Path(out_dir)
        self.fetcher = fetcher or Fetcher()
        self._warn = warn or (lambda msg: print(f"ingest: {msg}", file=sys.stderr))
        self.report = Report()
        self.state = State.load(self.out)
        if self.state.warning:
            self._warn(self.state.warning)
        self._done = set()  # article keys and aliases handled in this run
        self._visited = set()  # sources handled in this run

    # --- reporting --------------------------------------------------------------------------------------------

    def _fail(self, source, reason):
        self.report.errors.append({"source": str(source), "reason": str(reason)})
        self._warn(f"{source}: {reason}")

    # --- sources ----------------------------------------------------------------------------------------------

    def run(self, args):
        self.out.mkdir(parents=True, exist_ok=True)
        try:
            for arg in args:
                try:
                    self.source(str(arg))
                except Exception as err:  # one bad source (or a bug it triggers) never ends the run
                    self._fail(arg, f"unexpected error ({type(err).__name__}: {err})")
        finally:
            self.state.save()
        return self.report

    def source(self, arg, depth=0):
        if arg in self._visited:
            return
        self._visited.add(arg)
        if depth > MAX_DEPTH:
            self.report.sources += 1
            self._fail(arg, f"lists nested more than {MAX_DEPTH} deep")
            return
        if looks_like_url(arg):
            if is_web_url(arg):
                self._url_source(arg, depth)
            else:
                self.report.sources += 1
                self._fail(arg, f"refused a {scheme_of(arg)}: URL (only http and https are fetched)")
            return
        path = Path(arg)
        if path.is_dir():
            for child in sources.folder_files(path):
                if self.out.resolve() not in child.resolve().parents:
                    self.source(str(child), depth + 1)
            return
        try:
            data = path.read_bytes()
        except OSError as err:
            self.report.sources += 1
            self._fail(arg, f"cannot read ({err.strerror or err})")
            return
        self._dispatch(arg, data, sources.sniff(data), depth, url=None)

    def _url_source(self, url, depth):
        etag, modified = self.state.validators(url, self.out)
        try:
            resp = self.fetcher.get(url, etag=etag, last_modified=modified)
        except FetchError as err:
            self.report.sources += 1
            self._fail(url, err)
            return
        if resp.not_modified:
            self.report.sources += 1
            self.report.ok_sources += 1
            for key in self.state.source_articles(url):
                if key not in self._done:
                    self._done.add(key)
                    self.report.entries += 1
                    self.report.unchanged += 1
            return
        kind = sources.sniff(resp.body, resp.content_type)
        self._dispatch(url, resp.body, kind, depth, url=resp.url, resp=resp)

    def _dispatch(self, label, data, kind, depth, url=None, resp=None):
        if kind in (sources.LIST, sources.OPML):
            try:
                items = sources.opml_urls(data) if kind == sources.OPML else [u for _, u in sources.url_lines(data)]
            except ValueError as err:
                self.report.sources += 1
                self._fail(label, err)
                return
            for item in items:
                self.source(urljoin(url, item) if url else item, depth + 1)
            return
        self.report.sources += 1
        if kind == sources.FEED:
            self._feed(label, data, url, resp)
        elif kind == sources.PAGE:
            self._page(label, data, url, resp)
        else:
            ctype = f" ({resp.content_type})" if resp is not None and resp.content_type else ""
            self._fail(label, f"not a feed, an HTML page or a list of URLs{ctype}")

    # --- feeds ------------------------------------------------------------------------------------------------

    def _feed(self, label, data, url, resp):
        try:
            feed = parse_feed(data, url, resp.headers.get("content-type", "") if resp is not None else "")
        except FeedError as err:
            self._fail(label, err)
            return
        if feed.warning:
            self._warn(f"{label}: {feed.warning}")
        counts = _Entries()
        for entry in feed.entries:
            try:
                self._entry(entry, feed, url, counts, label)
            except Exception as err:  # one bad entry (or a bug it triggers) never ends the run
                counts.failed += 1
                self._fail(entry.link or f"{label} (entry {entry.id or entry.title or '?'})",
                           f"unexpected error ({type(err).__name__}: {err})")
        if counts.failed and not counts.ok:
            self._warn(f"{label}: no entry of this feed could be ingested")
        else:
            self.report.ok_sources += 1
        if resp is not None and url:
            # Validators only when nothing failed: a failed entry is tried again next run.
            self.state.put_source(label, etag=resp.etag if not counts.failed else "",
                                  last_modified=resp.last_modified if not counts.failed else "",
                                  articles=counts.keys)

    def _entry(self, entry, feed, feed_url, counts, feed_label):
        raw_link = entry.link
        base = feed_url or (feed.base if is_web_url(feed.base) else None)
        link = canonical_url(raw_link, base=base) if raw_link else None
        # Ids that are URLs, URNs or tag: URIs are global; bare ones ("1", "2") only mean something in their feed.
        id_key = None
        if entry.id:
            id_key = f"id:{entry.id}" if ":" in entry.id else f"id:{feed_url or label_of_feed(feed)}#{entry.id}"
        if not (link or id_key):
            basis = f"{feed_url or feed.title}|{entry.title}|{entry.date}"
            id_key = f"entry:{rawfile.key_hash(basis)}"
        label = link or raw_link or f"{feed_label} (entry {entry.id or entry.title or '?'})"
        if (link and link in self._done) or (not link and id_key in self._done):
            return  # the same article from another feed (or twice in this one)
        self._done.update(k for k in (link, id_key) if k)
        fingerprint = entry.fingerprint()
        known, rec = self.state.find(link, id_key)
        if rec and rec["fingerprint"] == fingerprint and not rec.get("fallback") \
                and (self.out / rec["file"]).is_file():
            self._done.add(known)
            counts.ok += 1
            counts.keys.append(known)
            self.report.entries += 1
            self.report.unchanged += 1
            return

        page, reason = None, ""
        if link:
            page, reason = self._fetch_page(link)
        elif raw_link:
            scheme = scheme_of(raw_link)
            reason = f"refused a {scheme}: link (only http and https are fetched)" if scheme \
                else "the link is not an absolute http(s) URL"
        else:
            reason = "the entry has no link"

        key = (page.canonical if page and page.canonical else None) or link or id_key
        if key not in (link, id_key) and key in self._done:
            counts.ok += 1
            counts.keys.append(key)
            return  # reached through another URL: the same article as one already handled
        self._done.add(key)
        self.report.entries += 1

        body = page.paragraphs if page else []
        fallback = not body
        if fallback:
            body = entry.paragraphs()
            if not body:
                counts.failed += 1
                self._fail(label, f"{reason}; and the feed has no text for it")
                return
            self.report.fallback += 1
            self._warn(f"{label}: {reason}; used the feed's own text instead")
        page = page or Page()
        meta = {
            "Title": entry.title or page.title or host_of(key) or "Untitled",
            "Date": entry.date or page.date,
            "Author": entry.author or page.author,
            "Source": page.sitename or feed.title or host_of(link or ""),
            "URL": key if is_web_url(key) else "",
            "Lang": page.lang or entry.lang or feed.lang,
            "Tags": entry.tags,
        }
        aliases = [a for a in (link, id_key) if a and a != key]
        self._emit(key, known, meta, body, fingerprint=fingerprint, fallback=fallback, aliases=aliases)
        counts.ok += 1
        counts.keys.append(key)

    def _fetch_page(self, url):
        """``(Page, '')`` for an article page with text, else ``(None or Page, reason)``."""
        try:
            resp = self.fetcher.get(url, accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.1")
        except FetchError as err:
            return None, f"page not fetched: {err}"
        kind = resp.content_type
        if kind and kind not in HTML_TYPES:
            return None, f"not an HTML page ({kind})"
        page = extract_page(decode_html(resp.body, resp.charset), resp.url)
        if not page.paragraphs:
            return page, "no article text found on the page"
        return page, ""

    # --- pages ------------------------------------------------------------------------------------------------

    def _page(self, label, data, url, resp):
        if resp is not None and resp.content_type and resp.content_type not in HTML_TYPES:
            self._fail(label, f"not an HTML page ({resp.content_type})")
            return
        page = extract_page(decode_html(data, resp.charset if resp is not None else None), url)
        if not page.paragraphs:
            self._fail(label, "no article text found on the page")
            return
        link = canonical_url(url) if url else None
        key = page.canonical or link or f"file:{Path(label).resolve()}"
        if key in self._done or (link and link in self._done):
            self.report.ok_sources += 1
            return
        self._done.update(k for k in (key, link) if k)
        known, _ = self.state.find(key, link)
        self.report.entries += 1
        self.report.ok_sources += 1
        meta = {
            "Title": page.title or host_of(key) or Path(label).stem,
            "Date": page.date,
            "Author": page.author,
            "Source": page.sitename or host_of(key),
            "URL": key if is_web_url(key) else "",
            "Lang": page.lang,
        }
        aliases = [link] if link and link != key else []
        self._emit(key, known, meta, page.paragraphs, fingerprint="", fallback=False, aliases=aliases)
        if resp is not None:
            self.state.put_source(label, etag=resp.etag, last_modified=resp.last_modified, articles=[key])

    # --- output -----------------------------------------------------------------------------------------------

    def _emit(self, key, known, meta, paragraphs, *, fingerprint, fallback, aliases):
        name = self.state.file_for(known) if known else None
        if not name:
            existing = sorted(self.out.glob(f"*-{rawfile.key_hash(key)}.txt"))
            name = existing[0].name if existing else rawfile.file_name(key, meta["Date"], meta["Title"], host_of(key))
        path = self.out / name
        if write_if_changed(path, rawfile.render(meta, paragraphs).encode("utf-8")):
            self.report.written += 1
            self.report.files.append(str(path))
        else:
            self.report.unchanged += 1
        self.state.put(key, file=name, fingerprint=fingerprint, fallback=fallback, aliases=aliases, old_key=known)
