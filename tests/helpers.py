"""Test helpers: build real Pelican sites into temporary folders, parse their HTML.

Sites are built with ``pelican.Pelican(settings).run()`` from the project's own
``pelicanconf.py``; only paths, SITEURL/FEED_DOMAIN and DIGEST_* settings are
overridden. Builds are session-scoped so the whole suite builds each variant once.
"""

import logging
import shutil
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pelican  # noqa: E402
from pelican import signals  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

SITEURL = "http://example.org"
SUBPATH_SITEURL = "http://example.org/repo"


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@dataclass
class Site:
    """A built site: its output folder, the Pelican content objects and the log."""

    output: Path
    siteurl: str
    articles: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    hidden_pages: list = field(default_factory=list)
    records: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)  # Tag -> articles, as Pelican grouped them
    raw_dir: Path | None = None
    project: Path | None = None

    def read(self, rel):
        return (self.output / rel).read_text(encoding="utf-8")

    def files(self, suffix=""):
        return sorted(p for p in self.output.rglob("*") if p.is_file() and p.name.endswith(suffix))

    def article_for(self, source):
        """The Pelican article built from the file ``source`` (a path or a file name)."""
        name = Path(source).name
        found = [a for a in self.articles if Path(a.source_path).name == name]
        assert len(found) == 1, f"expected one article from {name}, got {[a.source_path for a in found]}"
        return found[0]

    def page_of(self, content):
        """The output HTML of an article or page."""
        return self.read(content.save_as)

    def warnings(self):
        return [r for r in self.records if r.levelno >= logging.WARNING]

    def errors(self):
        return [r for r in self.records if r.levelno >= logging.ERROR]


def build_site(out_dir, siteurl=SITEURL, path=ROOT, cache=None, **extra):
    """Build a site with the project's pelicanconf.py into ``out_dir`` and return a :class:`Site`.

    ``path`` is Pelican's PATH (the repo root or a temporary copy); ``extra`` are
    further setting overrides such as ``DIGEST_SOURCES``.
    """
    out_dir = Path(out_dir)
    override = {
        "PATH": str(path),
        "OUTPUT_PATH": str(out_dir),
        "DIGEST_CACHE_PATH": str(cache or (out_dir.parent / (out_dir.name + "-cache"))),
        "SITEURL": siteurl,
        "FEED_DOMAIN": siteurl,
        **extra,
    }
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=override)
    captured = {}

    def on_articles(generator):
        captured["articles"] = generator

    def on_pages(generator):
        captured["pages"] = generator

    handler = _Collect()
    root_logger = logging.getLogger()
    root_logger.addHandler(handler)
    signals.article_generator_finalized.connect(on_articles)
    signals.page_generator_finalized.connect(on_pages)
    try:
        pelican.Pelican(settings).run()
    finally:
        signals.article_generator_finalized.disconnect(on_articles)
        signals.page_generator_finalized.disconnect(on_pages)
        root_logger.removeHandler(handler)
    return Site(
        output=out_dir,
        siteurl=siteurl,
        articles=list(captured["articles"].articles),
        tags=dict(captured["articles"].tags),
        pages=list(captured["pages"].pages),
        hidden_pages=list(captured["pages"].hidden_pages),
        records=handler.records,
    )


# --- HTML helpers ---------------------------------------------------------------------------------


class Element:
    def __init__(self, tag, attrs):
        self.tag = tag
        self.attrs = dict(attrs)
        self.children = []
        self.text_parts = []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        parts = list(self.text_parts)
        return " ".join(" ".join(parts).split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [
            e for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TreeBuilder(HTMLParser):
    """A forgiving DOM-ish tree: every element collects the text of all its descendants."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, attrs)
        self.stack[-1].children.append(el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        for el in self.stack:
            el.text_parts.append(data)


def parse_html(text):
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


# --- Fixture corpus ------------------------------------------------------------------------------

ESCAPE_FILE = "escape-test.txt"
LATIN1_FILE = "latin1-test.txt"
EMPTY_FILE = "empty-test.txt"
DUP_FILES = ("duplicate-a.txt", "duplicate-b.txt")
TAGGED_MD = "tagged.md"
UNTAGGED_MD = "untagged.md"
NOTE_FILES = ("SOURCE.txt", "README.txt")  # a corpus's own notes, not articles


def make_fixture_project(base):
    """A project folder: a copy of content/ with two Markdown articles, and raw/ with the
    seeds plus the tricky raw files from tests/fixtures/raw."""
    project = Path(base) / "project"
    shutil.copytree(ROOT / "content", project / "content")
    (project / "content" / "articles").mkdir(parents=True, exist_ok=True)
    for md in (FIXTURES / "markdown").glob("*.md"):
        shutil.copy(md, project / "content" / "articles" / md.name)
    raw = Path(base) / "raw"
    raw.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, raw / seed.name)
    for f in (FIXTURES / "raw").iterdir():
        shutil.copy(f, raw / f.name)
    # Binary oddities are written here so that no editor or git setting can "fix" them.
    (raw / LATIN1_FILE).write_bytes(
        b"Caf\xe9 owners in the old town protest new rules\n\n"
        b"Owners of the caf\xe9s around the market square said on Monday that the new licensing "
        b"rules would force several of them to close before the summer season.\n\n"
        b"The council said the rules were needed to reduce noise at night and promised to "
        b"review them after a year.\n"
    )
    (raw / EMPTY_FILE).write_bytes(b"")
    for note in NOTE_FILES:
        (raw / note).write_text("Articles from the example corpus.\n\nLicence: for research use only.\n")
    return project, raw




# --- Text helpers --------------------------------------------------------------------------------


def norm(text):
    """Collapse whitespace."""
    return " ".join(text.split())


def compose(text, sentences):
    """Indices of ``sentences`` that, joined by single spaces, give ``text`` exactly; None if none do.

    A sentence may also appear without its leading news dateline (the summary drops it).
    """
    from generator.text.sentences import strip_dateline

    text = norm(text)
    candidates = []
    for i, s in enumerate(sentences):
        for form in {norm(s), norm(strip_dateline(s))}:
            if form:
                candidates.append((i, form))

    def walk(pos, acc):
        if pos >= len(text):
            return acc
        for i, form in candidates:
            end = pos + len(form)
            if text.startswith(form, pos) and (end == len(text) or text[end] == " "):
                found = walk(end + 1, [*acc, i])
                if found is not None:
                    return found
        return None

    return walk(0, []) if text else None
