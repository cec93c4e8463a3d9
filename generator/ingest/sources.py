"""What a SOURCE is: a feed, an article page, an OPML subscription list or a list of URLs (by content)."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .feeds import is_json_feed

FEED, PAGE, OPML, LIST = "feed", "page", "opml", "list"
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?(?:rss|feed|rdf)[\s>/]", re.IGNORECASE)
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


def sniff(data, content_type=""):
    """The kind of ``data`` (FEED, PAGE, OPML or LIST), or None when it is none of them."""
    head = _COMMENT.sub(b"", data[:8192]).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return FEED if is_json_feed(data) else None
    if re.search(rb"<opml[\s>]", head[:2048], re.IGNORECASE):
        return OPML
    if _FEED_ROOT.search(head[:2048]) and not re.match(rb"(?:<\?xml[^>]*>\s*)?<!doctype\s+html", head, re.I):
        return FEED
    if content_type in _FEED_TYPES:
        return FEED
    if _HTML.search(head) or content_type in ("text/html", "application/xhtml+xml"):
        return PAGE
    if head.startswith(b"<"):
        return FEED  # some other XML: feedparser says whether it is a feed
    return LIST if url_lines(data) else None


def url_lines(data):
    """``(line number, text)`` of a URL list's entries (blank lines and ``#`` comments skipped).

    Returns [] when the text does not look like a list (a line with spaces, or no lines at all).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return []
    items = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(line.split()) != 1:
            return []
        items.append((number, line))
    return items if any("://" in line for _, line in items) else []


def opml_urls(data):
    """Feed URLs (``xmlUrl``) of an OPML file, in document order. Raises ValueError if it is not XML."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise ValueError(f"malformed OPML ({err})") from None
    urls = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url") or "").strip()
        if url and url not in urls:
            urls.append(url)
    return urls


def folder_files(folder):
    """The files of a folder, recursively, sorted; hidden files (the ingest state among them) are skipped."""
    folder = Path(folder)
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
