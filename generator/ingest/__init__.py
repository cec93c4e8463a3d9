"""Feeds and web pages in, raw articles out: may import only the standard library, feedparser and trafilatura."""
