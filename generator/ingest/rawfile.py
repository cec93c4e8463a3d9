"""The project's raw article format, written: a ``Key: value`` header block, a blank line, paragraphs.

Every header value is cleaned and put on one line, so no text from a feed or page can end the
header early or add a header of its own; output is deterministic (same input, same bytes).
"""

import hashlib
import re
import unicodedata

from .clean import one_line

HEADER_ORDER = ("Title", "Date", "Author", "Source", "URL", "Lang", "Tags")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?$")
SLUG_WORDS = 60


def render(meta, paragraphs):
    """The raw article text: ``meta`` maps header names (``HEADER_ORDER``) to strings (``Tags``: a list)."""
    title = one_line(meta.get("Title", ""))
    if not title:
        raise ValueError("an article needs a title")
    lines = []
    for key in HEADER_ORDER:
        value = meta.get(key)
        if key == "Tags":
            value = ", ".join(t for t in (one_line(v).replace(",", " ") for v in value or ()) if t)
        value = one_line(value or "")
        if key == "Date" and value and not _DATE.match(value):
            value = ""
        if value:
            lines.append(f"{key}: {value}")
    body = [p for p in (one_line(p) for p in paragraphs) if p]
    return "\n".join(lines) + "\n\n" + "".join(p + "\n\n" for p in body).rstrip("\n") + "\n"


def slugify(text, max_len=SLUG_WORDS):
    """ASCII slug of ``text``: accents dropped, lower case, hyphens, cut at a word boundary."""
    text = unicodedata.normalize("NFKD", one_line(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] if "-" in slug[:max_len] else slug[:max_len]
    return slug


def key_hash(key):
    """Eight hex digits of SHA-1 of the article key (its canonical URL or entry id)."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def file_name(key, date, title, host=""):
    """``YYYY-MM-DD-<slug>-<hash>.txt`` (``undated-…`` without a date; the slug is the title's, else the host's)."""
    day = date[:10] if date and _DATE.match(date) else "undated"
    slug = slugify(title) or slugify(host) or "article"
    return f"{day}-{slug}-{key_hash(key)}.txt"
