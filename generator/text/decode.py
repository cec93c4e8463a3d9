"""File bytes to clean text (pure): encodings, binary files, characters that must not reach a page or feed.

What real scrapers produce: UTF-8 with or without BOM, UTF-16/32 with BOM,
Windows-1252 or Latin-1, NUL bytes and other control characters, bidi override
characters that reorder what a reader sees, and now and then a binary file saved
as ``.txt``. :func:`read_text` decides, per file, one of three outcomes and says
why: clean text, repaired text (with notes), or not text at all.
"""

import codecs
import re
from dataclasses import dataclass, field

# XML 1.0 forbids C0 controls other than tab, newline and carriage return, and
# U+FFFE/U+FFFF; C1 controls are legal but never meant in news copy. Lone
# surrogates cannot be encoded at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# Explicit bidi embeddings, overrides and isolates: they can make text display in
# an order other than the one it is stored in (a spoofed headline). Ordinary
# right-to-left text needs none of them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
BINARY_SAMPLE = 4096  # bytes looked at to tell text from binary
BINARY_SHARE = 0.05  # more control bytes than this share (NUL included) in the sample: not text


@dataclass
class Decoded:
    """The outcome for one file: ``text`` (None when it is not text), and what was done."""

    text: str | None
    notes: list[str] = field(default_factory=list)  # repairs, one phrase each
    reason: str = ""  # why there is no text (binary, empty)


def _bom_encoding(data: bytes) -> str | None:
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def looks_binary(data: bytes) -> bool:
    """Control bytes (NUL above all) make up more than a small share of the file's start."""
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return (b"\x00" in sample[:1024] and controls / len(sample) > BINARY_SHARE) or controls / len(sample) > 0.3


def clean(text: str) -> tuple[str, list[str]]:
    """Remove control and bidi-override characters; returns the text and notes on what went."""
    notes = []
    text, n = _CONTROL.subn("", text)
    if n:
        notes.append(f"removed {n} control character{'s' if n > 1 else ''}")
    text, n = _BIDI.subn("", text)
    if n:
        notes.append(f"removed {n} bidi override character{'s' if n > 1 else ''}")
    return text, notes


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes: a BOM's encoding, else UTF-8, else Windows-1252.

    Returns ``(text, warning)``; ``warning`` is None for clean UTF-8.
    """
    encoding = _bom_encoding(data)
    if encoding:
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError as err:
            return data.decode(encoding, errors="replace"), f"invalid {encoding} at offset {err.start}; replaced"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        where = err.start
    text = data.decode("cp1252", errors="replace")
    return text, f"not valid UTF-8 (byte 0x{data[where]:02x} at offset {where}); decoded as Windows-1252"


def read_text(data: bytes) -> Decoded:
    """Bytes of one raw article to clean text, or the reason there is none."""
    if not data.strip():
        return Decoded(None, reason="empty file" if not data else "only whitespace")
    if _bom_encoding(data) is None and looks_binary(data):
        return Decoded(None, reason="binary data, not text")
    text, warning = decode(data)
    text, notes = clean(text)
    if warning:
        notes.insert(0, warning)
    if not text.strip():
        return Decoded(None, notes, reason="no text left after removing control characters")
    return Decoded(text, notes)
