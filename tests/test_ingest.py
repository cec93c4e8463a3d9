"""Ingest (``python -m generator.ingest``): feeds and pages in, raw articles out.

Everything is served by a local ``http.server`` on 127.0.0.1 from tests/fixtures/ingest (where
``http://ingest.invalid`` stands for the server's own address); nothing touches the internet.
"""

import hashlib
import importlib
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import ROOT, SITEURL, build_site, make_fixture_project

from generator.ingest import rawfile
from generator.ingest.__main__ import main
from generator.ingest.fetch import Fetcher, FetchError
from generator.ingest.state import STATE_NAME
from generator.ingest.urls import canonical_url

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
PLACEHOLDER = "http://ingest.invalid"
LAST_MODIFIED = "Wed, 06 Mar 2024 10:00:00 GMT"
REPORT_KEYS = {"sources", "entries", "written", "unchanged", "failed", "fallback", "files", "errors"}
TYPES = {
    ".xml": "application/rss+xml", ".json": "application/feed+json", ".opml": "text/x-opml",
    ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8",
}
BRIDGE_PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Tuesday morning after two years of repairs that cost the city "
    "more than forty million euros, officials said at a ceremony attended by several hundred residents.",
    "Engineers replaced all of the bridge's steel cables and strengthened its foundations, which had been damaged "
    "by decades of salt water and heavy lorries crossing to the container port.",
    '"This bridge connects two halves of our city, and today they are joined again," the mayor told the crowd, '
    "before cutting a ribbon with the chief engineer of the project.",
    "Buses will return to the bridge from next Monday, while cyclists will get a separate lane on the northern "
    "side for the first time since the bridge was built in 1962.",
]
# Written here, not as fixture files, so that no editor or git setting can "fix" their bytes.
LATIN1_PAGE = (
    b"<html><head><title>Caf\xe9 owners protest new rules</title></head><body><nav><a href='/'>Home</a></nav>"
    b"<article><h1>Caf\xe9 owners protest new rules</h1>"
    b"<p>Owners of the caf\xe9s around the market square said on Monday that the new licensing rules would force "
    b"several of them to close before the summer season.</p>"
    b"<p>The council said the rules were needed to reduce noise at night and promised to review them after a "
    b"year, but the owners\x92 association said a year was too long to wait.</p>"
    b"</article></body></html>"
)
STORM_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<title>Storm warning\nDate: 1999-01-01</title></head><body>"
    "<article><h1>Storm warning for the coast</h1>"
    "<p>Winds of up to 120 km/h are expected on the coast tonight,\x07 the weather service said on Thursday, "
    "and the cafe\u0301 on the pier will close early.\x0b Ferries to the islands are cancelled until Friday.</p>"
    "<p>Residents were asked to tie down garden furniture and to stay away from the sea walls, where waves of "
    "six metres are forecast at high tide.</p>"
    "</article></body></html>"
).encode("utf-8")


def _parser():
    """The project's raw-article parser, wherever the refactor has put it."""
    for name in ("generator.text.parse", "generator.parse"):
        try:
            return importlib.import_module(name).parse
        except ModuleNotFoundError:
            continue
    raise ImportError("no raw-article parser found")


parse = _parser()


# --- the local server ---------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        app = self.server.app
        path = urlsplit(self.path).path
        with app.lock:
            route = app.routes.get(path)
            failing = bool(route and route["fail"] > 0)
            if failing:
                route["fail"] -= 1
        if route and route["delay"]:
            time.sleep(route["delay"])
        status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        if failing:
            status, body = 503, b"try again"
        elif route:
            body = route["body"]
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {"Content-Type": route["ctype"], "ETag": etag, "Last-Modified": LAST_MODIFIED,
                       **route["headers"]}
            status = route["status"]
            if status == 200 and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
        with app.lock:
            app.log.append((self.path, dict(self.headers), status))
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):
        pass


class FixtureServer:
    """tests/fixtures/ingest over HTTP, with ETags (304 on If-None-Match), a request log and fault injection."""

    def __init__(self):
        self.routes, self.log, self.lock = {}, [], threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.app = self
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        for f in sorted(FIX.rglob("*")):
            if f.is_file() and f.name != "README.md":
                self.put("/" + f.relative_to(FIX).as_posix(), f.read_bytes(), TYPES.get(f.suffix, "text/plain"))
        self.put("/feeds/atom.xml", (FIX / "feeds" / "atom.xml").read_bytes(), "application/atom+xml")
        self.put("/articles/cafe.html", LATIN1_PAGE, "text/html; charset=iso-8859-1")
        self.put("/articles/storm.html", STORM_PAGE, "text/html; charset=utf-8")
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def put(self, path, body, ctype="text/html; charset=utf-8", *, status=200, fail=0, delay=0.0, headers=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = {
            "body": body.replace(PLACEHOLDER.encode(), self.base.encode()), "ctype": ctype, "status": status,
            "fail": fail, "delay": delay, "headers": headers or {},
        }

    def url(self, path):
        return self.base + path

    def hits(self, path):
        """``(request headers, status)`` of every request for ``path`` (query ignored)."""
        with self.lock:
            return [(h, s) for p, h, s in self.log if urlsplit(p).path == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    # A proxy from the environment must never see these requests.
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    srv = FixtureServer()
    yield srv
    srv.close()


FAST = ["--delay", "0", "--retries", "1", "--backoff", "0", "--timeout", "5"]


def ingest(capsys, out, *sources, extra=()):
    """Run the CLI in-process with --json; returns (exit status, report, stderr)."""
    capsys.readouterr()
    status = main([*map(str, sources), "--out", str(out), "--json", *FAST, *extra])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def articles(out):
    """{file name: parsed article} of every raw article in ``out``."""
    return {p.name: parse(p.read_text(encoding="utf-8"), p.name) for p in sorted(Path(out).glob("*.txt"))}


def by_title(out, title):
    found = [(name, a) for name, a in articles(out).items() if a.title == title]
    assert len(found) == 1, f"expected one article titled {title!r}, got {sorted(articles(out))}"
    return found[0]


def snapshot(out):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(Path(out).iterdir())}


def small_feed(server, path, items):
    """Serve a one-off RSS feed at ``path`` with ``items`` of (title, link, description)."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid isPermaLink='false'>{t}</guid>"
        f"<pubDate>Wed, 06 Mar 2024 10:00:00 +0000</pubDate><description>{d}</description></item>"
        for t, link, d in items
    )
    server.put(path, f"<?xml version='1.0'?><rss version='2.0'><channel><title>Small</title>{body}</channel></rss>",
               "application/rss+xml")
    return server.url(path)


# --- feeds, pages and the raw format ------------------------------------------------------------------------


def test_rss_entries_take_their_text_and_metadata_from_the_page(server, tmp_path, capsys):
    out = tmp_path / "out"
    status, report, _ = ingest(capsys, out, server.url("/feeds/rss.xml"))
    assert status == 0
    assert report["sources"] == 1 and report["entries"] == 5 and report["written"] == 5
    assert report["failed"] == 0 and report["errors"] == []
    url = server.url("/articles/bridge.html")  # the page's canonical link, tracking parameters stripped
    name, art = by_title(out, "Harbour bridge reopens after two years of repairs")
    assert (art.date, art.author, art.source, art.url, art.lang) == (
        "2024-03-05 09:30", "Jane Doe", "Example News", url, "en-GB")
    assert art.tags == "Transport, City Council"
    assert art.paragraphs == BRIDGE_PARAGRAPHS  # the page's body, paragraph by paragraph
    text = (out / name).read_text(encoding="utf-8")
    for junk in ("TEASER ONLY", "NAVLINK", "NAVSCRIPT", "ADVERT", "COMMENTTEXT", "RELATEDLINK", "FOOTERTEXT",
                 "Share this", "Read more", "Facebook", "By Jane Doe, 5 March"):
        assert junk not in text
    assert name == f"2024-03-05-harbour-bridge-reopens-after-two-years-of-repairs-{rawfile.key_hash(url)}.txt"
    assert str(out / name) in report["files"]
    assert art.warnings == [] and art.removed == []


def test_page_that_cannot_be_fetched_falls_back_to_the_feed_text_and_says_so(server, tmp_path, capsys):
    out = tmp_path / "out"
    _, report, err = ingest(capsys, out, server.url("/feeds/rss.xml"))
    _, art = by_title(out, "Library extends its opening hours")
    assert art.paragraphs == [
        "The central library will stay open until nine in the evening from April, the city said on Monday.",
        "Staff unions welcomed the change but asked for two more posts to cover the late shifts.",
    ]
    assert (art.date, art.author, art.tags) == ("2024-03-04 17:00", "Omar Haddad", "Culture")
    assert art.url == server.url("/articles/missing.html") and art.source == "Example News - City"
    assert report["fallback"] == 4  # the 404, the robots-disallowed page and the two non-http links
    assert "/articles/missing.html" in err and "HTTP 404" in err and "feed's own text" in err


def test_robots_disallowed_page_is_never_fetched(server, tmp_path, capsys):
    out = tmp_path / "out"
    _, _, err = ingest(capsys, out, server.url("/feeds/rss.xml"))
    assert server.hits("/private/budget.html") == []
    assert len(server.hits("/robots.txt")) == 1  # once per run and site
    _, art = by_title(out, "Council approves next year's budget")
    assert art.paragraphs == ["The city council approved a budget of 1.2 billion euros for next year after a "
                              "six-hour debate."]
    assert "robots.txt" in err
    assert not any("PRIVATEPAGE" in p.read_text(encoding="utf-8") for p in out.glob("*.txt"))


def test_non_http_links_are_refused_and_never_linked(server, tmp_path, capsys):
    out = tmp_path / "out"
    _, _, err = ingest(capsys, out, server.url("/feeds/rss.xml"))
    _, local = by_title(out, "A link that is not on the web")
    _, script = by_title(out, "A script link")
    assert local.url == "" and script.url == ""
    assert local.paragraphs == ["This entry links to a local file, which must never be read."]
    assert "refused a file: link" in err and "refused a javascript: link" in err
    assert not any("root:" in p.read_text(encoding="utf-8") for p in out.glob("*.txt"))
    # As sources, such URLs are refused too, and a run of nothing but failures exits 1.
    status, report, err = ingest(capsys, tmp_path / "out2", "file:///etc/passwd", "javascript:alert(1)")
    assert status == 1 and report["failed"] == 2 and report["written"] == 0
    assert {e["source"] for e in report["errors"]} == {"file:///etc/passwd", "javascript:alert(1)"}


def test_atom_feed_html_title_and_relative_link(server, tmp_path, capsys):
    out = tmp_path / "out"
    status, report, _ = ingest(capsys, out, server.url("/feeds/atom.xml"))
    assert status == 0 and report["written"] == 2 and report["fallback"] == 0
    _, art = by_title(out, "Market square & its cafés")
    assert (art.date, art.author, art.source, art.lang) == ("2024-03-06 07:15", "Lena Novak", "Example Weekly", "en")
    assert art.url == server.url("/articles/market.html") and art.tags == "Markets, Old Town"
    assert art.paragraphs[0].startswith("Traders on the market square said on Wednesday")
    assert len(art.paragraphs) == 3 and "Teaser" not in art.text and "newsletter" not in art.text


def test_json_feed_and_header_injection(server, tmp_path, capsys):
    out = tmp_path / "out"
    status, report, _ = ingest(capsys, out, server.url("/feeds/feed.json"))
    assert status == 0 and report["written"] == 2 and report["fallback"] == 0
    title = "Storm warning for the coast Date: 1999-01-01 Author: Mallory"
    name, art = by_title(out, title)
    lines = (out / name).read_text(encoding="utf-8").split("\n")
    header = lines[: lines.index("")]
    assert header == [f"Title: {title}", "Date: 2024-03-07 04:00", "Author: Sam Lee", "Source: Example Alerts",
                      f"URL: {server.url('/articles/storm.html')}", "Lang: en", "Tags: Weather, Coast"]
    assert (art.date, art.author) == ("2024-03-07 04:00", "Sam Lee")
    # Control characters removed, text NFC (the page spells "café" with a combining accent).
    text = (out / name).read_text(encoding="utf-8")
    assert "\x07" not in text and "\x0b" not in text and "e\u0301" not in text
    assert "the café on the pier will close early. Ferries" in art.paragraphs[0]
    _, floods = by_title(out, "Floods close the river path")
    assert floods.url == server.url("/articles/floods.html") and floods.date == "2024-03-08"
    assert floods.source == "Example Alerts"  # no og:site_name on the page: the feed's title, not the host


def test_latin1_page_given_directly(server, tmp_path, capsys):
    out = tmp_path / "out"
    status, report, _ = ingest(capsys, out, server.url("/articles/cafe.html"))
    assert status == 0 and report == {**report, "sources": 1, "entries": 1, "written": 1, "fallback": 0}
    _, art = by_title(out, "Café owners protest new rules")
    assert art.url == server.url("/articles/cafe.html")
    assert "Owners of the cafés around the market square" in art.paragraphs[0]
    assert "the owners’ association" in art.paragraphs[1]  # Latin-1 label, Windows-1252 bytes (as browsers do)
    assert "Home" not in art.text and art.date == ""
    assert next(out.glob("*.txt")).name.startswith("undated-cafe-owners-protest-new-rules-")
    # Again: a conditional GET answered 304, nothing written.
    before = snapshot(out)
    status, report, _ = ingest(capsys, out, server.url("/articles/cafe.html"))
    assert (status, report["written"], report["unchanged"]) == (0, 0, 1)
    assert server.hits("/articles/cafe.html")[-1][1] == 304
    assert snapshot(out) == before


def test_local_page_file_uses_its_canonical_url(tmp_path, capsys):
    out = tmp_path / "out"
    status, report, _ = ingest(capsys, out, FIX / "articles" / "bridge.html")
    assert status == 0 and report["written"] == 1
    _, art = by_title(out, "Harbour bridge reopens after two years of repairs")
    assert art.url == "http://ingest.invalid/articles/bridge.html"
    assert (art.date, art.author, art.source) == ("2024-03-05", "Jane Doe", "Example News")
    assert art.paragraphs == BRIDGE_PARAGRAPHS


# --- idempotency, conditional GET, changes ------------------------------------------------------------------


def test_second_run_writes_nothing_and_sends_conditional_get(server, tmp_path, capsys):
    out = tmp_path / "out"
    first = ingest(capsys, out, server.url("/feeds/rss.xml"))[1]
    assert first["written"] == 5 and (out / STATE_NAME).is_file()
    before = snapshot(out)
    page_hits = len(server.hits("/articles/bridge.html"))
    status, report, _ = ingest(capsys, out, server.url("/feeds/rss.xml"))
    assert status == 0
    assert (report["written"], report["unchanged"], report["entries"], report["files"]) == (0, 5, 5, [])
    assert snapshot(out) == before  # same bytes, same mtimes, state file included
    headers, code = server.hits("/feeds/rss.xml")[-1]
    assert headers.get("If-None-Match", "").startswith('"') and code == 304
    assert headers.get("If-Modified-Since") == LAST_MODIFIED
    assert len(server.hits("/articles/bridge.html")) == page_hits  # no page fetched again


def test_local_feed_second_run_changes_nothing(server, tmp_path, capsys):
    feed = tmp_path / "feed.xml"
    feed.write_bytes((FIX / "feeds" / "atom.xml").read_bytes().replace(PLACEHOLDER.encode(), server.base.encode()))
    out = tmp_path / "out"
    first = ingest(capsys, out, feed)[1]
    assert (first["written"], first["fallback"]) == (2, 0)  # the relative link resolves against rel=self
    assert by_title(out, "Market square & its cafés")[1].url == server.url("/articles/market.html")
    before = snapshot(out)
    status, report, _ = ingest(capsys, out, feed)
    assert (status, report["written"], report["unchanged"]) == (0, 0, 2)
    assert snapshot(out) == before


def test_changed_entry_is_rewritten_in_place(server, tmp_path, capsys):
    out = tmp_path / "out"
    ingest(capsys, out, server.url("/feeds/atom.xml"))
    market_name, _ = by_title(out, "Market square & its cafés")
    bridge = next(n for n, a in articles(out).items() if a.url == server.url("/articles/bridge.html"))
    before = snapshot(out)
    atom = (FIX / "feeds" / "atom.xml").read_text(encoding="utf-8")
    server.put("/feeds/atom.xml", atom.replace("<updated>2024-03-06T08:15:00+01:00</updated>",
                                               "<updated>2024-03-06T18:00:00+01:00</updated>"),
               "application/atom+xml")
    page = (FIX / "articles" / "market.html").read_text(encoding="utf-8")
    server.put("/articles/market.html", page.replace("flower and cheese stalls doing best.",
                                                     "flower and cheese stalls doing best, a CORRECTION said."))
    time.sleep(0.01)
    status, report, _ = ingest(capsys, out, server.url("/feeds/atom.xml"))
    assert status == 0 and report["written"] == 1 and report["unchanged"] == 1
    assert report["files"] == [str(out / market_name)]
    assert sorted(p.name for p in out.glob("*.txt")) == sorted(n for n in before if n.endswith(".txt"))
    assert "a CORRECTION said." in articles(out)[market_name].text
    after = snapshot(out)
    assert after[bridge] == before[bridge]


def test_tracking_parameters_and_canonical_links_dedupe_across_feeds(server, tmp_path, capsys):
    out = tmp_path / "out"
    status, report, _ = ingest(capsys, out, server.url("/feeds/rss.xml"), server.url("/feeds/atom.xml"))
    assert status == 0 and report["entries"] == 6 and report["written"] == 6
    bridge = [a for a in articles(out).values() if a.url == server.url("/articles/bridge.html")]
    assert len(bridge) == 1 and bridge[0].author == "Jane Doe"  # the first feed's entry
    assert len(server.hits("/articles/bridge.html")) == 1
    # Another URL for a page whose <link rel=canonical> names one already ingested: still one file.
    server.put("/amp/floods.html", (FIX / "articles" / "floods.html").read_bytes())
    feed = small_feed(server, "/feeds/amp.xml", [
        ("Floods (AMP)", server.url("/amp/floods.html?utm_source=amp"), "amp"),
        ("Floods", server.url("/articles/floods.html"), "plain"),
    ])
    status, report, _ = ingest(capsys, tmp_path / "out2", feed)
    assert report["written"] == 1 and report["entries"] == 1
    assert [a.url for a in articles(tmp_path / "out2").values()] == [server.url("/articles/floods.html")]
    # The next run finds that file through the alias, whichever URL comes first.
    assert ingest(capsys, tmp_path / "out2", feed)[1]["written"] == 0


# --- sources: lists, OPML, folders, failures ----------------------------------------------------------------


def test_opml_url_list_and_folder_sources(server, tmp_path, capsys):
    status, report, _ = ingest(capsys, tmp_path / "a", server.url("/subscriptions.opml"))
    assert status == 0 and (report["sources"], report["entries"], report["written"]) == (2, 6, 6)
    status, report, _ = ingest(capsys, tmp_path / "b", server.url("/feeds.txt"))
    assert status == 0 and (report["sources"], report["written"]) == (2, 7)
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# mine\n{server.url('/feeds/atom.xml')}\n\n{server.url('/nowhere.xml')}\n")
    status, report, _ = ingest(capsys, tmp_path / "c", listing)
    assert status == 0 and report["written"] == 2 and report["failed"] == 1
    assert report["errors"] == [{"source": server.url("/nowhere.xml"), "reason": "HTTP 404 Not Found"}]
    folder = tmp_path / "folder"
    folder.mkdir()
    for f in (FIX / "feeds").iterdir():
        (folder / f.name).write_bytes(f.read_bytes().replace(PLACEHOLDER.encode(), server.base.encode()))
    status, report, err = ingest(capsys, tmp_path / "d", folder)
    assert status == 0 and report["sources"] == 4 and report["failed"] == 1
    assert report["errors"][0]["source"] == str(folder / "malformed.xml") and "malformed feed" in err


def test_json_report_keys_are_exact(server, tmp_path, capsys):
    _, report, _ = ingest(capsys, tmp_path / "out", server.url("/feeds/rss.xml"), tmp_path / "missing.xml")
    assert set(report) == REPORT_KEYS
    assert all(type(report[k]) is int for k in REPORT_KEYS - {"files", "errors"})
    assert all(Path(f).is_file() for f in report["files"]) and len(report["files"]) == report["written"]
    assert report["failed"] == len(report["errors"]) == 1
    assert set(report["errors"][0]) == {"source", "reason"}


def test_exit_status_1_only_when_every_source_failed(server, tmp_path, capsys):
    bad = [FIX / "feeds" / "malformed.xml", server.url("/nope.xml"), tmp_path / "missing.xml", "ftp://x.invalid/f"]
    status, report, err = ingest(capsys, tmp_path / "out", *bad)
    assert status == 1 and report["failed"] == 4 and report["written"] == 0
    assert [e["source"] for e in report["errors"]] == [str(s) for s in bad]
    assert all(str(s) in err for s in bad)
    status, report, _ = ingest(capsys, tmp_path / "out", bad[0], server.url("/feeds/feed.json"))
    assert status == 0 and report["failed"] == 1 and report["written"] == 2
    # Nothing new and nothing failed is a success too.
    status, report, _ = ingest(capsys, tmp_path / "out", server.url("/feeds/feed.json"))
    assert status == 0 and report["written"] == 0 and report["failed"] == 0


def test_non_feed_urls_and_non_html_pages(server, tmp_path, capsys):
    server.put("/files/report.pdf", b"%PDF-1.4 not html", "application/pdf")
    feed = small_feed(server, "/feeds/pdf.xml", [("Annual report", server.url("/files/report.pdf"), "The report.")])
    status, report, err = ingest(capsys, tmp_path / "out", feed, server.url("/files/report.pdf"))
    assert status == 0 and report["fallback"] == 1 and report["failed"] == 1
    assert "not an HTML page (application/pdf)" in err
    assert report["errors"] == [{"source": server.url("/files/report.pdf"),
                                 "reason": "not a feed, an HTML page or a list of URLs (application/pdf)"}]


# --- the polite fetcher -------------------------------------------------------------------------------------


def test_user_agent_retries_timeouts_and_size_limit(server, tmp_path, capsys):
    server.put("/articles/flaky.html", (FIX / "articles" / "market.html").read_bytes(), fail=1)
    server.put("/articles/slow.html", (FIX / "articles" / "floods.html").read_bytes(), delay=1.0)
    feed = small_feed(server, "/feeds/faults.xml", [
        ("Flaky", server.url("/articles/flaky.html"), "flaky teaser"),
        ("Slow", server.url("/articles/slow.html"), "slow teaser"),
        ("Big", server.url("/articles/bridge.html"), "big teaser"),
    ])
    status, report, err = ingest(capsys, tmp_path / "out", feed,
                                 extra=["--timeout", "0.3", "--max-bytes", "2000", "--retries", "1"])
    assert status == 0 and report["written"] == 3 and report["fallback"] == 2
    assert [s for _, s in server.hits("/articles/flaky.html")] == [503, 200]  # retried after the 503
    assert by_title(tmp_path / "out", "Flaky")[1].paragraphs[0].startswith("Traders on the market square")
    assert "timed out" in err and "tried 2 times" in err
    assert "larger than the 2000 byte limit" in err
    assert by_title(tmp_path / "out", "Big")[1].paragraphs == ["big teaser"]
    agents = {h.get("User-Agent", "") for h, _ in server.hits("/feeds/faults.xml")}
    assert agents and all(a.startswith("news-digest-ingest/") for a in agents)


def test_per_host_delay_crawl_delay_and_backoff(server):
    clock, sleeps = [100.0], []

    def sleep(seconds):
        sleeps.append(round(seconds, 3))
        clock[0] += seconds

    fetcher = Fetcher(delay=2.0, retries=0, sleep=sleep, clock=lambda: clock[0])
    fetcher.get(server.url("/feeds/rss.xml"))
    fetcher.get(server.url("/articles/bridge.html"))
    assert sleeps == [2.0, 2.0]  # robots.txt, then the feed, then the page: one delay between each
    server.put("/robots.txt", "User-agent: *\nCrawl-delay: 5\nDisallow: /private/\n", "text/plain")
    sleeps.clear()
    fetcher = Fetcher(delay=2.0, retries=0, sleep=sleep, clock=lambda: clock[0])
    fetcher.get(server.url("/feeds/rss.xml"))
    assert sleeps == [5.0]
    with pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher.get(server.url("/private/budget.html"))
    server.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    server.put("/articles/flaky.html", b"<p>ok</p>", fail=2)
    sleeps.clear()
    fetcher = Fetcher(delay=0, retries=2, backoff=0.5, sleep=sleep, clock=lambda: clock[0])
    assert fetcher.get(server.url("/articles/flaky.html")).body == b"<p>ok</p>"
    assert sleeps == [0.5, 1.0]


def test_redirects_only_to_http(server):
    server.put("/go", b"", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="not allowed"):  # urllib's own check
        Fetcher(delay=0).get(server.url("/go"))
    server.put("/go", b"", status=302, headers={"Location": "ftp://x.invalid/feed.xml"})  # urllib would follow
    with pytest.raises(FetchError, match="refused a redirect to a non-http"):
        Fetcher(delay=0).get(server.url("/go"))
    server.put("/moved", b"", status=301, headers={"Location": "/articles/floods.html"})
    resp = Fetcher(delay=0).get(server.url("/moved"))
    assert resp.status == 200 and resp.url == server.url("/articles/floods.html")


# --- units --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://Example.ORG:80/a?utm_source=x&id=3&fbclid=y#frag", "http://example.org/a?id=3"),
    ("https://example.org?utm_medium=feed", "https://example.org/"),
    ("https://user:pw@example.org:8443/p?a=1&gclid=2&b", "https://example.org:8443/p?a=1&b"),
    ("/rel/x?mc_cid=1", "https://example.org/rel/x"),
    ("file:///etc/passwd", None),
    ("javascript:alert(1)", None),
    ("mailto:a@example.org", None),
])
def test_canonical_url(url, expected):
    assert canonical_url(url, base="https://example.org/feed") == expected


def test_rawfile_keeps_every_value_on_its_header_line():
    text = rawfile.render({
        "Title": "Big news\nDate: 1999-01-01\r\nAuthor: Mallory\u2028Tags: evil\x85Source: x",
        "Date": "2024-03-05\nSummary: injected",
        "Author": "Jane\x00 Doe\n",
        "Tags": ["a\nb", "c, d"],
    }, ["First\nparagraph\x07.", "", "Second:\n\nstill second."])
    header, body = text.split("\n\n", 1)
    assert header.split("\n") == [
        "Title: Big news Date: 1999-01-01 Author: Mallory Tags: evil Source: x",
        "Author: Jane Doe",  # an unreadable Date is dropped rather than written
        "Tags: a b, c d",
    ]
    assert body == "First paragraph.\n\nSecond: still second.\n"
    art = parse(text, "x.txt")
    assert (art.title, art.date, art.author, art.summary) == (
        "Big news Date: 1999-01-01 Author: Mallory Tags: evil Source: x", "", "Jane Doe", "")
    assert rawfile.file_name("https://e.org/a", "2024-03-05 10:00", "Ça va? Très bien!") == \
        f"2024-03-05-ca-va-tres-bien-{hashlib.sha1(b'https://e.org/a').hexdigest()[:8]}.txt"
    assert rawfile.file_name("k", "", "", "news.example.org").startswith("undated-news-example-org-")


# --- the command line and the site --------------------------------------------------------------------------


def test_module_entry_point(server, tmp_path):
    feed = tmp_path / "rss.xml"
    feed.write_bytes((FIX / "feeds" / "rss.xml").read_bytes().replace(PLACEHOLDER.encode(), server.base.encode()))
    env = {**os.environ, "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
    cmd = [sys.executable, "-m", "generator.ingest", str(feed), "--out", str(tmp_path / "out"), "--delay", "0",
           "--json"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["written"] == 5
    bad = subprocess.run([*cmd[:3], str(FIX / "feeds" / "malformed.xml"), *cmd[4:]], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 1 and "malformed.xml: malformed feed" in bad.stderr
    probe = ("import sys, generator.ingest.run, generator.ingest.__main__; "
             "print([m for m in sys.modules if m.split('.')[0] in ('pelican', 'markupsafe')])")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"  # the ingester needs neither Pelican nor markupsafe


def test_ingested_articles_build_with_their_dates_and_authors(server, tmp_path, capsys):
    ingested = tmp_path / "ingested"
    status, report, _ = ingest(capsys, ingested, server.url("/feeds/rss.xml"), server.url("/feeds/atom.xml"),
                               server.url("/feeds/feed.json"))
    assert status == 0 and report["written"] == 8
    project, _ = make_fixture_project(tmp_path)
    site = build_site(tmp_path / "site", SITEURL, path=project, cache=tmp_path / "cache",
                      DIGEST_SOURCES=[str(ingested)], DIGEST_SEARCH=False)
    assert not site.errors()
    bridge_file = next(n for n, a in articles(ingested).items() if a.url == server.url("/articles/bridge.html"))
    bridge = site.article_for(bridge_file)
    assert str(bridge.author) == "Jane Doe" and not getattr(bridge, "date_estimated", False)
    assert (bridge.date.year, bridge.date.month, bridge.date.day, bridge.date.hour) == (2024, 3, 5, 9)
    html = site.page_of(bridge)
    assert "Jane Doe" in html and 'datetime="2024-03-05T09:30:00' in html
    assert f'href="{server.url("/articles/bridge.html")}"' in html
    assert "Undated" not in html
    library = site.article_for(by_title(ingested, "Library extends its opening hours")[0])
    assert str(library.author) == "Omar Haddad" and "Omar Haddad" in site.page_of(library)
