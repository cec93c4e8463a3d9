"""Plain text to the HTML that Pelican's metadata and content expect, escaped exactly once, and back."""

import re
from html import escape

from markupsafe import Markup

from ..analysis.article import summary_text
from ..analysis.records import Analysis


def text_html(text: str) -> str:
    """One escaped paragraph."""
    return f"<p>{escape(text)}</p>"


def paragraphs_html(paragraphs: list[str]) -> str:
    """An article body: one escaped ``<p>`` per paragraph."""
    return "\n".join(text_html(p) for p in paragraphs)


def summary_html(result: Analysis) -> str:
    """An analysis' summary as escaped HTML, or "" when it has none."""
    if not result["summary"]:
        return ""
    return text_html(summary_text(result["sentences"], result["summary"]))


def plain_paragraphs(html: str) -> list[str]:
    """A rendered body (hand-written Markdown) back to plain-text paragraphs."""
    parts = re.split(r"</p>|<br\s*/?>|\n\s*\n", html)
    return [Markup(p).striptags() for p in parts if Markup(p).striptags().strip()]


def plain_text(html: str) -> str:
    """A title or other HTML metadata as plain text."""
    return Markup(html).striptags()


def is_web_url(value) -> bool:
    """Jinja test ``is web_url``: an http(s) link the theme may point to (never ``javascript:`` and friends)."""
    return isinstance(value, str) and value.startswith(("https://", "http://"))


JINJA_TESTS = {"web_url": is_web_url}
