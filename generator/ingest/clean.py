"""Text hygiene shared by the extractors and the writer: NFC, no control characters, one-line values."""

import re
import unicodedata

# Control characters that act as spaces or line breaks become a space; the others go.
_SPACE_LIKE = re.compile(r"[\t\x0b\x0c\x1c-\x1f\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_JUNK = re.compile(
    r"(?:read more|read the full (?:story|article)|continue reading|advertisement|sponsored(?: content)?"
    r"|share(?: this)?(?: (?:article|story|page|post))?(?: on \w+)?|tweet|email|print|follow us(?: on \w+)?"
    r"|sign up for (?:our|the) newsletter|subscribe(?: now| to our newsletter)?|click here\b.*"
    r"|\d* ?comments?(?: \(\d+\))?|leave a (?:comment|reply)|related (?:stories|articles|posts)"
    r"|more stories\b.*|skip to (?:main )?content|back to top)\W*",
    re.IGNORECASE,
)


def clean_text(text):
    """NFC, ``\\n`` line ends, space-like controls as spaces, other control characters removed."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _CONTROL.sub("", _SPACE_LIKE.sub(" ", text))


def one_line(text):
    """A cleaned value on one line: every run of whitespace (newlines included) is one space."""
    return " ".join(clean_text(text).split())


def is_junk(line):
    """A short line that is page furniture ("Read more", "Share on Facebook", "12 comments")."""
    return bool(_JUNK.fullmatch(line.strip()))


def paragraphs(lines):
    """Clean one-line paragraphs from ``lines``: whitespace collapsed, empty and junk lines dropped."""
    out = []
    for line in lines:
        para = one_line(line)
        if para and not is_junk(para):
            out.append(para)
    return out
