"""Every link in the built HTML resolves, at a domain root and under a sub-path (GitHub Pages)."""

from urllib.parse import urlsplit

import feedparser
import pytest
from helpers import SUBPATH_SITEURL, parse_html

URL_ATTRS = ("href", "src")


def links_of(site):
    """(page, url) for every href/src in every HTML file of the output."""
    found = []
    for path in site.files(".html"):
        doc = parse_html(path.read_text(encoding="utf-8"))
        for el in doc.iter():
            for attr in URL_ATTRS:
                value = el.attrs.get(attr)
                if value is not None:
                    found.append((path.relative_to(site.output).as_posix(), value))
    return found


def target_file(site, url):
    """The output file an internal absolute URL points to."""
    rel = urlsplit(url[len(site.siteurl):]).path
    assert rel.startswith("/"), f"{url} is not under {site.siteurl}/"
    rel = rel.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return site.output / rel


def _check_links(site):
    host = urlsplit(site.siteurl).netloc
    links = links_of(site)
    assert len(links) > 50
    internal = 0
    for page, url in links:
        where = f"{page}: {url!r}"
        assert url, f"{page}: empty link"
        if url.startswith("#") or url.startswith("mailto:"):
            continue
        assert not url.startswith("/"), f"{where} is root-relative (breaks under a sub-path)"
        scheme = urlsplit(url).scheme
        assert scheme in ("http", "https"), f"{where} is relative, without the SITEURL prefix"
        if url == site.siteurl or url.startswith(site.siteurl + "/"):
            internal += 1
            assert target_file(site, url).is_file(), f"{where} points to a missing file"
        else:
            assert urlsplit(url).netloc != host, f"{where} is on the site's host but outside {site.siteurl}"
    assert internal > 0


@pytest.mark.parametrize("site_fixture", ["seeds_site", "subpath_site"])
def test_every_internal_link_resolves(request, site_fixture):
    _check_links(request.getfixturevalue(site_fixture))


def test_subpath_site_uses_the_prefix(subpath_site):
    assert subpath_site.siteurl == SUBPATH_SITEURL
    hrefs = [url for _, url in links_of(subpath_site)]
    assert f"{SUBPATH_SITEURL}/feeds/all.atom.xml" in hrefs
    assert f"{SUBPATH_SITEURL}/" in hrefs
    assert any(u.startswith(f"{SUBPATH_SITEURL}/tag/") for u in hrefs)


def test_subpath_feeds_link_under_the_prefix(subpath_site):
    for rel in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        feed = feedparser.parse((subpath_site.output / rel).read_bytes())
        assert feed.bozo == 0
        assert feed.entries
        for entry in feed.entries:
            assert entry.link.startswith(SUBPATH_SITEURL + "/")
            assert target_file(subpath_site, entry.link).is_file()
