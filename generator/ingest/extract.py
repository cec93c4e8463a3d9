"""Article pages and feed text to plain paragraphs.

Pages go through trafilatura (main text only: no navigation, ads, comments or share prompts;
title, date, author and site name from the page's metadata); a feed's own HTML or text, the
fallback, goes through a small block-aware HTML-to-text here. Everything leaves NFC-normalised
with control characters removed (:mod:`.clean`).
"""

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import trafilatura

from .clean import clean_text, one_line, paragraphs
from .urls import canonical_url, host_of

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# Page dates only from the page's metadata and markup, never guessed from "© 2023" or today's date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass
class Page:
    """What an article page yields; ``paragraphs`` is empty when no article text was found."""

    title: str = ""
    date: str = ""
    author: str = ""
    sitename: str = ""
    lang: str = ""
    canonical: str = ""  # from <link rel="canonical">, already in canonical form; '' if none
    paragraphs: list = field(default_factory=list)


def _codec(name):
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def decode_html(body, charset=None):
    """Decode page bytes: the HTTP charset, a BOM, a ``<meta charset>``, then UTF-8, then Windows-1252."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    match = _META_CHARSET.search(body[:4096])
    declared = [_codec(charset), _codec(match.group(1).decode("ascii", "ignore") if match else None)]
    # Pages labelled Latin-1 are Windows-1252 in practice (the WHATWG encoding standard).
    names = ["cp1252" if n in ("latin-1", "iso8859-1", "ascii") else n for n in [*declared, "utf-8"] if n]
    for name in names:
        if name:
            try:
                return body.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
    return body.decode("cp1252", errors="replace")


class _HeadScan(HTMLParser):
    """Collects ``<html lang>``, ``<link rel=canonical>``, ``og:site_name`` and ``<title>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = self.canonical = self.sitename = self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and not self.lang:
            self.lang = attrs.get("lang", "") or attrs.get("xml:lang", "")
        elif tag == "link" and "canonical" in attrs.get("rel", "").lower().split() and not self.canonical:
            self.canonical = attrs.get("href", "")
        elif tag == "meta" and attrs.get("property", "").lower() == "og:site_name" and not self.sitename:
            self.sitename = attrs.get("content", "")
        elif tag == "title" and not self.title:
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _lang(value):
    value = one_line(value).replace("_", "-")
    return value if _LANG.match(value) else ""


def _canonical_link(href, page_url):
    """The page's canonical URL, ignoring one that points a deep page at a site's home page."""
    url = canonical_url(href, base=page_url)
    if not url:
        return ""
    page = canonical_url(page_url) if page_url else None
    if page and url.split("/", 3)[3:] in ([], [""]) and page.split("/", 3)[3:] not in ([], [""]):
        return ""
    return url


def _same(a, b):
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def extract_page(html, url=None):
    """Main text and metadata of an article page (``html`` is text; ``url`` resolves relative links)."""
    html = clean_text(html)
    scan = _HeadScan()
    try:
        scan.feed(html)
        scan.close()
    except Exception:  # html.parser is forgiving; a broken head only loses metadata
        pass
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # a page trafilatura cannot read yields no text, like an empty one
        doc = None
    get = (lambda name: getattr(doc, name, None) or "") if doc is not None else (lambda name: "")
    title = one_line(get("title")) or one_line(scan.title)
    # trafilatura falls back to the host name for the site name; the caller has better fallbacks.
    sitename = one_line(scan.sitename) or one_line(get("sitename"))
    hosts = {host_of(url or ""), urlsplit(url or "").netloc.lower()}
    if sitename.casefold().removeprefix("www.") in {h.removeprefix("www.") for h in hosts if h}:
        sitename = ""
    lines = clean_text(get("text")).split("\n")
    while lines and (not lines[0].strip() or (title and _same(lines[0], title))):
        lines.pop(0)
    return Page(
        title=title,
        date=one_line(get("date"))[:10],
        author=one_line(get("author")),
        sitename=sitename,
        lang=_lang(scan.lang),
        canonical=_canonical_link(scan.canonical, url) if scan.canonical else "",
        paragraphs=paragraphs(lines),
    )


# --- feed content -------------------------------------------------------------------------------------------

_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "section", "article", "header", "footer", "aside", "figure", "figcaption", "table", "tr", "hr",
})
_SKIP = frozenset({"script", "style", "noscript", "iframe", "svg", "template", "head", "nav", "form", "button"})


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self._current, self._skip = [], [], 0

    def _break(self):
        if self._current:
            self.blocks.append("".join(self._current))
            self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data):
        if not self._skip:
            self._current.append(data)


def html_paragraphs(fragment):
    """Paragraphs of a feed's HTML ``content``/``summary`` (block elements and ``<br>`` break them)."""
    parser = _Text()
    parser.feed(clean_text(fragment))
    parser.close()
    parser._break()
    return paragraphs(parser.blocks)


def text_paragraphs(text):
    """Paragraphs of plain text: blank lines separate them, single line breaks are spaces."""
    return paragraphs(re.split(r"\n\s*\n", clean_text(text)))
