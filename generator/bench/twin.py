"""The Markdown twin: the same articles, with the tags and summaries our build chose, for plain Pelican.

Tags and summaries come from our pure layers exactly as the plugin computes them: each
file parsed, ``analyse_all`` through a cache, ``rank_corpus`` over the candidates of all
articles keyed by source path (in path order), ``cut_tags`` with the settings' options.
"""

import html
import re
import unicodedata
from pathlib import Path

from ..analysis.article import summary_text
from ..analysis.batch import analyse_all
from ..analysis.cache import ResultCache
from ..corpus.related import unique_slugs
from ..corpus.tags import cut_tags, rank_corpus
from ..eval.corpus import read_article
from . import conf as project
from .corpus import article_date

# Pelican's default SLUG_REGEX_SUBSTITUTIONS (pelicanconf.py keeps them).
SLUG_SUBS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
# Settings of pelicanconf.py the twin does not take: paths, theme, plugins, our own.
NOT_COPIED = {"PATH", "OUTPUT_PATH", "ARTICLE_PATHS", "PAGE_PATHS", "STATIC_PATHS", "THEME", "PLUGINS",
              "PLUGIN_PATHS", "DIRECT_TEMPLATES", "SEARCH_URL", "SEARCH_SAVE_AS", "JINJA_TESTS", "JINJA_FILTERS"}
# A paragraph opening like a list, heading, quote or code would not stay a paragraph.
_LIST_NUMBER = re.compile(r"^(\d+)([.)]\s)")
_BLOCK_START = re.compile(r"^([-*+#>`])")


def slugify(title: str, subs=SLUG_SUBS) -> str:
    """Pelican's slugify (tags stripped, NFKC, ASCII, substitutions, lower case), without importing Pelican."""
    value = html.unescape(re.sub(r"<!--.*?-->|<[^>]*>", "", title, flags=re.S))
    value = unicodedata.normalize("NFKC", " ".join(value.split()))
    try:
        from unidecode import unidecode
    except ImportError:
        unidecode = None
    value = unidecode(value) if unidecode else value.encode("ascii", "ignore").decode()
    for src, dst in subs:
        value = re.sub(src, dst, value, flags=re.IGNORECASE)
    return value.lower().strip()


def category_of(path: Path, source: Path, raw, conf: dict) -> str:
    """The plugin's category: the header's, else the sub-folder of the source folder, else DEFAULT_CATEGORY."""
    if raw.category:
        return raw.category
    parts = path.relative_to(source).parts
    if len(parts) > 1:
        return parts[0].replace("-", " ").replace("_", " ").capitalize()
    return conf.get("DEFAULT_CATEGORY", "News")


def choose(paths: list[Path], source: Path, conf: dict, cache_dir=None) -> list[dict]:
    """What our build publishes for each article of ``paths`` (sorted, under ``source``): title, date,
    category, tags, summary, author, slug and paragraphs. ``cache_dir``: an NLP cache to read
    (a cold build's makes this quick) and fill."""
    raws = [read_article(p) for p in paths]
    results = analyse_all([(r.title, r.paragraphs) for r in raws], ResultCache(str(cache_dir) if cache_dir else None),
                          k=project.get(conf, "DIGEST_SUMMARY_SENTENCES"),
                          max_words=project.get(conf, "DIGEST_SUMMARY_WORDS"))
    own_tags = [[t.strip() for t in r.tags.split(",") if t.strip()] for r in raws]
    docs = {str(p): res["candidates"] for p, res, own in zip(paths, results, own_tags, strict=True) if not own}
    ranked = rank_corpus(docs, project.get(conf, "DIGEST_TAG_STOPLIST")) if docs else {}
    tags = cut_tags(ranked, **project.tag_options(conf)) if ranked else {}
    slugs = unique_slugs([slugify(r.title, conf.get("SLUG_REGEX_SUBSTITUTIONS", SLUG_SUBS)) or "article"
                          for r in raws])
    return [{
        "path": p,
        "title": raw.title,
        "date": article_date(raw, conf),
        "category": category_of(p, source, raw, conf),
        "tags": own or tags[str(p)],
        "summary": raw.summary or summary_text(res["sentences"], res["summary"]),
        "author": raw.author,
        "slug": slug,
        "paragraphs": raw.paragraphs,
    } for p, raw, res, own, slug in zip(paths, raws, results, own_tags, slugs, strict=True)]


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def _paragraph(text: str) -> str:
    text = html.escape(text, quote=False)
    return _BLOCK_START.sub(r"\\\1", _LIST_NUMBER.sub(r"\1\\\2", text))


def markdown(entry: dict) -> str:
    """One article as Pelican Markdown: metadata, then the paragraphs (HTML-escaped, as ours are)."""
    meta = {
        "Title": html.escape(entry["title"]),
        "Date": entry["date"],
        "Category": entry["category"],
        "Tags": ", ".join(t.replace(",", " ") for t in entry["tags"]),
        "Summary": html.escape(entry["summary"]),
        "Author": entry["author"],
        "Slug": entry["slug"],
    }
    head = "\n".join(f"{k}: {_one_line(v)}" for k, v in meta.items() if v or k in ("Tags", "Summary"))
    body = "\n\n".join(_paragraph(p) for p in entry["paragraphs"])
    return f"{head}\n\n{body}\n"


def write_twin(entries: list[dict], source: Path, content: Path, pages: Path | None = None) -> list[Path]:
    """Write the Markdown twin into ``content/articles`` (same relative paths, ``.md``) and the site's
    pages into ``content/pages`` (without ``Template:``, which the default theme lacks)."""
    out = []
    for entry in entries:
        target = (content / "articles" / entry["path"].relative_to(source)).with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown(entry), encoding="utf-8")
        out.append(target)
    (content / "pages").mkdir(parents=True, exist_ok=True)
    for page in sorted(pages.glob("*.md")) if pages and pages.is_dir() else []:
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        (content / "pages" / page.name).write_text(
            "".join(line for line in lines if not line.lower().startswith("template:")), encoding="utf-8")
    return out


def plain_settings(conf: dict, content: Path) -> str:
    """A settings file for plain Pelican: pelicanconf.py's URLs, feeds and pagination, Pelican's default
    theme, no plugin, no search page, a fixed DEFAULT_DATE."""
    values = {k: v for k, v in conf.items()
              if k not in NOT_COPIED and not k.startswith("DIGEST_") and project.literal(v)}
    fallback = project.get(conf, "DIGEST_FALLBACK_DATE")
    values |= {
        "PATH": str(content),
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": ["pages"],
        "STATIC_PATHS": [],
        "PLUGINS": [],
        "DIRECT_TEMPLATES": [t for t in conf.get("DIRECT_TEMPLATES", ["index", "tags", "categories", "authors",
                                                                       "archives"]) if t != "search"],
        "ARTICLE_TRANSLATION_ID": None,
        "DEFAULT_DATE": tuple(int(x) for x in fallback.split("-")),
    }
    lines = ['"""Plain Pelican settings by generator.bench: pelicanconf.py\'s values, no theme or plugin."""', ""]
    lines += [f"{k} = {v!r}" for k, v in sorted(values.items())]
    return "\n".join(lines) + "\n"
