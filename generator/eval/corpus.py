"""Loading evaluation corpora and running our NLP over them (cached, parallel)."""

import os
from pathlib import Path

from ..analysis.article import SUMMARY_SENTENCES, SUMMARY_WORDS
from ..analysis.batch import analyse_all
from ..analysis.cache import ResultCache
from ..text.decode import decode
from ..text.parse import parse

CACHE_DIR = os.environ.get("DIGEST_EVAL_CACHE", "cache/eval")


def read_article(path):
    """Parse one corpus file the way the site's reader does."""
    text, _ = decode(Path(path).read_bytes())
    return parse(text, os.path.basename(path))


def analyse_paths(paths, k=None, max_words=None):
    """[(RawArticle, NLP result)] for ``paths``, using the on-disk eval cache."""
    k = SUMMARY_SENTENCES if k is None else k
    max_words = SUMMARY_WORDS if max_words is None else max_words
    raws = [read_article(p) for p in paths]
    results = analyse_all([(r.title, r.paragraphs) for r in raws], ResultCache(CACHE_DIR), k=k, max_words=max_words)
    return list(zip(raws, results, strict=True))


def topic_files(root):
    """Sorted (topic, path) pairs of a folder of topic sub-folders of .txt files."""
    root = Path(root)
    return [(p.parent.name, p) for p in sorted(root.glob("*/*.txt"))]
