"""Search: the Pagefind index is built with the site, and searching works in a real browser."""

import functools
import http.server
import json
import logging
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from helpers import ROOT, build_site, parse_html

from generator.site.search import indexed_pages

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def story_pages(site):
    return {a.story.save_as for a in site.articles if a.story}


def test_index_holds_every_story_and_nothing_else(seeds_site):
    # The two seed articles, and the story page that groups them.
    assert indexed_pages(seeds_site.output) == len(seeds_site.articles) + len(story_pages(seeds_site)) == 3
    for asset in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        assert (seeds_site.output / "pagefind" / asset).is_file(), asset


def test_search_page_loads_local_assets_only(seeds_site):
    doc = parse_html(seeds_site.read("search/index.html"))
    sources = [el.attrs.get("src") or el.attrs.get("href") for el in doc.iter() if el.tag in ("script", "link")]
    pagefind = [s for s in sources if s and "pagefind" in s]
    assert pagefind and all(s.startswith(f"{seeds_site.siteurl}/pagefind/") for s in pagefind)
    # Every page carries the search form, pointed at the search page.
    form = parse_html(seeds_site.read("index.html")).find("form", cls="site-search")
    assert form is not None and form.attrs["action"] == f"{seeds_site.siteurl}/search/"


def _search_warnings(site):
    return [r.getMessage() for r in site.records if r.levelno >= logging.WARNING and "search" in r.getMessage()]


def test_failed_indexing_is_a_warning_not_a_failed_build(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # a Pagefind that fails
    site = build_site(tmp_path / "out", cache=tmp_path / "cache")
    assert any("no Pagefind index was built" in w and "exited with 1" in w for w in _search_warnings(site))
    assert (tmp_path / "out" / "index.html").is_file() and not (tmp_path / "out" / "pagefind").exists()


def test_required_search_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(subprocess.CalledProcessError):
        build_site(tmp_path / "out", cache=tmp_path / "cache", DIGEST_SEARCH="required")


def test_search_can_be_turned_off(tmp_path):
    site = build_site(tmp_path / "out", cache=tmp_path / "cache", DIGEST_SEARCH=False)
    out = tmp_path / "out"
    assert (out / "index.html").is_file() and not (out / "pagefind").exists() and not (out / "search").exists()
    home = parse_html(site.read("index.html"))
    assert home.find("form", cls="site-search") is None
    assert "Search" not in [a.text() for a in home.find("nav", cls="site-nav").find_all("a")]


def test_pages_left_by_an_earlier_build_are_not_indexed(tmp_path):
    out = tmp_path / "out"
    stale = out / "1999" / "01" / "old-story" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<html><body><article data-pagefind-body><h1>Old</h1><p>Chechnya.</p></article></body></html>")
    site = build_site(out, cache=tmp_path / "cache")
    assert indexed_pages(out) == len(site.articles) + len(story_pages(site)) == 3


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served_subpath_site(tmp_path):
    """The seeds built for a sub-path (/repo) and served over HTTP on localhost, with a search
    shard per page: the search page must merge them to find all three."""
    root = tmp_path / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/repo"
    site = build_site(root / "repo", base, cache=tmp_path / "cache", DIGEST_SEARCH_SHARD_PAGES=1)
    assert len(json.loads((root / "repo" / "pagefind" / "shards.json").read_text())["shards"]) == 3
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, base
    server.shutdown()
    server.server_close()


# CI sets REQUIRE_BROWSER=1, so a missing chromium fails there instead of skipping.
needs_browser = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("REQUIRE_BROWSER"),
                                   reason="Debian's chromium is not installed (.ci/run installs it)")


@needs_browser
def test_search_in_a_real_browser(served_subpath_site):
    from playwright.sync_api import sync_playwright

    site, base = served_subpath_site
    titles = {a.title for a in site.articles}
    remote = []

    def local_only(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:  # the site must work offline: nothing may be fetched from elsewhere
            remote.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM or "chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        try:
            page = browser.new_page()
            page.route("**/*", local_only)
            page.goto(f"{base}/")
            page.fill("#site-search-q", "Chechnya")
            page.press("#site-search-q", "Enter")
            page.wait_for_url(f"{base}/search/?q=Chechnya")
            results = page.locator(".pagefind-ui__result-link")
            results.nth(2).wait_for(timeout=15000)
            # Pages, not their sections (Pagefind adds links to a page's headings under it).
            hrefs = sorted(h for h in (results.nth(i).get_attribute("href") for i in range(results.count()))
                           if "#" not in h)
            # Both articles and the story page that groups them.
            assert len(hrefs) == 3 and sum(h.startswith("/repo/2000/01/") for h in hrefs) == 2, hrefs
            assert hrefs[2].startswith("/repo/stories/"), hrefs
            # Tags are filters, counted over the pages that carry them (not over related links):
            # both articles and the story, whose tags are its articles' tags.
            page.click("summary.pagefind-ui__filter-name:text-is('Tag')")
            assert page.inner_text("label[for='tag-Chechnya']") == "Chechnya (3)"
            assert page.inner_text("label[for='tag-LGBT']") == "LGBT (2)"
            page.check("#tag-LGBT")
            # A function, not a bare expression: Playwright evaluates those with eval, which the CSP refuses.
            page.wait_for_function("() => document.querySelectorAll('li.pagefind-ui__result').length === 2")
            # The page type is a filter too: narrow to the story pages.
            page.click("summary.pagefind-ui__filter-name:text-is('Type')")
            assert page.inner_text("label[for='type-story']") == "story (1)"
            page.check("#type-story")
            page.wait_for_function("() => document.querySelectorAll('li.pagefind-ui__result').length === 1")
            assert results.first.get_attribute("href").startswith("/repo/stories/")
            results.first.click()
            page.wait_for_load_state()
            assert page.locator("h1").first.inner_text() in titles
        finally:
            browser.close()
    assert remote == []


def test_theme_has_no_remote_assets():
    """Nothing in the theme loads from another host: the site works offline."""
    for path in Path(ROOT, "theme").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "//cdn" not in text and "https://unpkg" not in text, path
