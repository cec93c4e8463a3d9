"""The corpora a benchmark run builds: the articles of a folder, a scaled archive, one changed article.

Everything here is deterministic: the same folder and the same N give the same files.
"""

import datetime
import fnmatch
import os
import shutil
from pathlib import Path

from ..eval.corpus import read_article
from ..text.parse import RawArticle
from ..text.sentences import split_sentences
from . import conf as project

# A copy of an article is dated this many days after the one before it, so the copies of
# one article land in different months (our article URLs are year/month/slug).
COPY_SHIFT_DAYS = 31
HEADER_ORDER = ("title", "date", "author", "source", "url", "lang", "category", "tags", "summary")


def _ignored(name: str, ignores) -> bool:
    return any(fnmatch.fnmatch(name, ig) for ig in ignores)  # Pelican matches base names only


def list_articles(root, conf: dict) -> list[Path]:
    """The raw articles our build reads from ``root``, sorted: files with a DIGEST_EXTENSIONS
    extension, skipping IGNORE_FILES (a corpus's README, LICENSE, SOURCE notes) as Pelican does."""
    root = Path(root).resolve()
    exts = tuple("." + e for e in project.get(conf, "DIGEST_EXTENSIONS"))
    ignores = conf.get("IGNORE_FILES", [])
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = [d for d in dirnames if not _ignored(d, ignores)]
        found.extend(Path(dirpath, f) for f in filenames if f.endswith(exts) and not _ignored(f, ignores))
    return sorted(found, key=str)  # the plugin's corpus pass goes in source-path (string) order


def copy_corpus(root, dest, conf: dict) -> list[Path]:
    """Copy the articles of ``root`` into ``dest`` (same relative paths); returns the copies."""
    root, dest = Path(root).resolve(), Path(dest)
    out = []
    for path in list_articles(root, conf):
        target = dest / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        out.append(target)
    return out


def parse_date(value: str) -> datetime.datetime | None:
    """A header or file-name date as Pelican's reader reads it (dateutil), None when unreadable."""
    if not value:
        return None
    try:
        from dateutil import parser
    except ImportError:  # dateutil comes with Pelican; without it, ISO dates only
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    try:
        return parser.parse(value, default=datetime.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None


def article_date(raw: RawArticle, conf: dict) -> str:
    """The date the plugin gives ``raw``: its header or file-name date when readable, else DIGEST_FALLBACK_DATE."""
    return raw.date if parse_date(raw.date) else project.get(conf, "DIGEST_FALLBACK_DATE")


def _shifted(date: str, days: int) -> str:
    moved = parse_date(date) + datetime.timedelta(days=days)
    if moved.tzinfo is None and moved.time() == datetime.time():
        return moved.date().isoformat()
    return moved.isoformat(sep=" ")


def variation(raw: RawArticle, copy: int) -> str:
    """A paragraph that makes copy ``copy`` (>= 1) a distinct article: some of the article's own
    sentences again, chosen by the digits of ``copy`` in base (number of sentences), so no new
    words or entities enter the corpus and no two copies get the same text."""
    sentences = [s for p in raw.paragraphs for s in split_sentences(p)]
    if not sentences:
        return f"({copy})"
    n = len(sentences)
    if n == 1:
        return " ".join(sentences * copy)
    digits = []
    while copy:
        copy, d = divmod(copy, n)
        digits.append(d)
    return " ".join(sentences[d] for d in reversed(digits))


def _one_line(value) -> str:
    return str(value).replace("\r", " ").replace("\n", " ").strip()


def raw_text(raw: RawArticle, **header) -> str:
    """A raw article file: a full header (``header`` overrides fields) and the paragraphs."""
    values = {key: getattr(raw, key) for key in HEADER_ORDER} | header
    lines = [f"{key.capitalize()}: {_one_line(values[key])}" for key in HEADER_ORDER if values[key]]
    return "\n".join(lines) + "\n\n" + "\n\n".join(raw.paragraphs) + "\n"


def write_scaled(root, dest, n: int, conf: dict) -> list[Path]:
    """An archive of ``n`` articles in ``dest``: the corpus of ``root`` repeated, copy ``c`` of each
    article dated ``c * COPY_SHIFT_DAYS`` days after it (a Date header; undated articles start at
    DIGEST_FALLBACK_DATE) and, from the second copy on, its text varied (:func:`variation`).
    Files keep their topic folder and are named ``<stem>-<copy>.txt``. Returns the files in order."""
    root, dest = Path(root).resolve(), Path(dest)
    base = [(path, read_article(path)) for path in list_articles(root, conf)]
    if not base:
        raise ValueError(f"no articles in {root}")
    out = []
    for i in range(n):
        copy, j = divmod(i, len(base))
        path, raw = base[j]
        rel = path.relative_to(root)
        target = dest / rel.parent / f"{rel.stem}-{copy:04d}{rel.suffix}"
        date = _shifted(article_date(raw, conf), copy * COPY_SHIFT_DAYS)
        paragraphs = raw.paragraphs + ([variation(raw, copy)] if copy else [])
        text = raw_text(RawArticle(**{**raw.__dict__, "paragraphs": paragraphs}), date=date)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        out.append(target)
    return out


def change_one(path: Path, n: int) -> bytes:
    """Change one sentence of the article at ``path`` (its last, differently for each ``n``);
    returns the original bytes so that the caller can put them back."""
    original = path.read_bytes()
    text = original.decode("utf-8", errors="replace").rstrip()
    path.write_text(f"{text[:-1] if text.endswith('.') else text}, as revised ({n}).\n", encoding="utf-8")
    return original
