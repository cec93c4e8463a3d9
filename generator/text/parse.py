"""Raw article text to a :class:`RawArticle` (pure: no Pelican imports).

A raw article is a title line, then blank-line separated paragraphs. Real
corpora differ, so each step is forgiving and records what it did:

* an optional header block of ``Key: value`` lines wins over heuristics;
* without a header Title, the first line is the title when it looks like one,
  else the title is taken from the first sentence (and a warning says so);
* a byline paragraph (``• Carolyn Briggs``, ``By Jane Doe``) becomes the author;
* trailing boilerplate (``More stories: …``, ``Read more``, share prompts) is cut
  and listed in ``removed``;
* one very long line is regrouped into paragraphs of a few sentences.
"""

import os
import re
from dataclasses import dataclass, field

from .sentences import split_sentences, strip_dateline

HEADER_KEYS = ("title", "date", "author", "source", "url", "lang", "category", "tags", "summary")
_HEADER = re.compile(r"^([A-Za-z]+):[ \t]*(.*)$")
_BYLINE = re.compile(r"^\s*(?:[•·▪*]\s*|[Bb]y\s+)([A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|der|and|&))*)\s*$")
# Boilerplate opens a paragraph, or follows a sentence end with a colon
# ("… our values." More stories: …); ordinary words mid-sentence are left alone.
_BOILERPLATE_WORDS = (
    r"(?:More stories|Related stories|Related articles|Read more|Read next|Share this(?: article| story)?"
    r"|Follow us on|Sign up for|Click here to|Advertisement)\b"
)
_BOILERPLATE = re.compile(
    rf"^{_BOILERPLATE_WORDS}|(?<=[.!?\"”’])\s+{_BOILERPLATE_WORDS}\s*:", re.IGNORECASE
)
_FILENAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Defaults of DIGEST_EXTENSIONS and DIGEST_FALLBACK_DATE: raw articles are .txt files, and one with
# no Date header and no date in its file name gets this fixed date (never a file time).
RAW_EXTENSIONS = ("txt",)
FALLBACK_DATE = "2000-01-01"
# Paragraphs longer than this (in words) are regrouped by sentences.
LONG_PARAGRAPH_WORDS = 180
SENTENCES_PER_PARAGRAPH = 3
# Words regrouped per article at most: splitting sentences costs time, and a multi-megabyte
# file of long paragraphs is read as it is rather than making the build wait.
REGROUP_WORDS = 20000


@dataclass
class RawArticle:
    """A parsed raw article; plain text throughout (escaping is the renderer's job)."""

    title: str
    paragraphs: list
    author: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    lang: str = ""
    category: str = ""
    tags: str = ""
    summary: str = ""
    title_guessed: bool = False
    removed: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def text(self):
        """The body as plain text, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


def date_from_filename(name):
    """Return ``YYYY-MM-DD`` found in a file name, or an empty string."""
    match = _FILENAME_DATE.search(name)
    return "-".join(match.groups()) if match else ""


def _split_header(lines):
    """Split a leading ``Key: value`` block off; return (header dict, remaining lines, unknown keys).

    The block is the run of ``Key: value`` lines at the top; it is a header when it
    names at least one known key (unknown keys in it are reported and ignored). A
    lone "Word: text" line with an unknown key is a title like "Update: …".
    """
    run = []
    for line in lines:
        match = _HEADER.match(line) if line.strip() else None
        if not match:
            break
        run.append((match.group(1), match.group(2).strip()))
    if not any(key.lower() in HEADER_KEYS for key, _ in run):
        return {}, lines, []
    header, unknown = {}, []
    for key, value in run:
        if key.lower() in HEADER_KEYS:
            header[key.lower()] = value
        else:
            unknown.append(key)
    rest = lines[len(run):]
    if rest and not rest[0].strip():
        rest = rest[1:]
    return header, rest, unknown


def _looks_like_title(line, next_line):
    words = line.split()
    if not words or len(words) > 25:
        return False
    if next_line.strip():
        # A title is followed by a blank line or is short and unpunctuated.
        return len(words) <= 15 and not line.rstrip().endswith((".", ",", ";", ":"))
    return True


def _guess_title(paragraphs, filename):
    if not paragraphs:
        stem = os.path.splitext(os.path.basename(filename))[0]
        return re.sub(r"[_-]+", " ", stem).strip() or "Untitled"
    words = strip_dateline(split_sentences(paragraphs[0])[0]).split()
    return " ".join(words[:14]) + ("…" if len(words) > 14 else "")


def _paragraphs(lines):
    paras, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


def _regroup(paragraph):
    sentences = split_sentences(paragraph)
    return [
        " ".join(sentences[i:i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]


def _cut_boilerplate(paragraphs, removed):
    """Drop trailing boilerplate paragraphs and a boilerplate tail of the last one."""
    while paragraphs:
        last = paragraphs[-1]
        match = _BOILERPLATE.search(last)
        if not match:
            break
        head = last[: match.start()].strip()
        removed.append(last[match.start():].strip())
        if head:
            paragraphs[-1] = head
            break
        paragraphs.pop()
    return paragraphs


def parse(text, filename=""):
    """Parse raw article ``text``; ``filename`` is used for the date fallback and messages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = text.split("\n")
    header, lines, unknown = _split_header(lines)
    while lines and not lines[0].strip():
        lines.pop(0)

    warnings = []
    if unknown:
        warnings.append(f"unknown header key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} ignored")
    title = header.get("title", "")
    guessed = False
    if not title and lines:
        nxt = lines[1] if len(lines) > 1 else ""
        if _looks_like_title(lines[0], nxt):
            title, lines = lines[0].strip(), lines[1:]
    paragraphs = _paragraphs(lines)

    author = header.get("author", "")
    removed = []
    kept = []
    for para in paragraphs:
        match = _BYLINE.match(para)
        if match and len(para.split()) <= 7:
            author = author or match.group(1)
            removed.append(para)
        else:
            kept.append(para)
    paragraphs = _cut_boilerplate(kept, removed)

    regrouped, budget = [], REGROUP_WORDS
    for para in paragraphs:
        size = len(para.split())
        if LONG_PARAGRAPH_WORDS < size <= budget:
            regrouped.extend(_regroup(para))
            budget -= size
        else:
            regrouped.append(para)
    paragraphs = regrouped

    if not title:
        title = _guess_title(paragraphs, filename)
        guessed = True
        warnings.append("no title line; title taken from the first sentence")
    if not paragraphs:
        warnings.append("no body text")

    return RawArticle(
        title=title,
        paragraphs=paragraphs,
        author=author,
        date=header.get("date", "") or date_from_filename(filename),
        source=header.get("source", ""),
        url=header.get("url", ""),
        lang=header.get("lang", ""),
        category=header.get("category", ""),
        tags=header.get("tags", ""),
        summary=header.get("summary", ""),
        title_guessed=guessed,
        removed=removed,
        warnings=warnings,
    )
