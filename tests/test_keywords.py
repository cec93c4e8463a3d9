"""YAKE's phrase and single-word rankings come from one pass, equal to two extractor runs."""

import pytest
import yake
from helpers import FIXTURES, SEEDS

from generator.analysis import yake_pass
from generator.text.decode import decode
from generator.text.parse import parse

TEXTS = [*SEEDS, *sorted((FIXTURES / "raw").glob("*.txt"))]


def _text(path):
    raw = parse(decode(path.read_bytes())[0], path.name)
    return "\n".join([raw.title, *raw.paragraphs])


@pytest.mark.parametrize("path", TEXTS, ids=[p.name for p in TEXTS])
def test_one_pass_equals_two_yake_runs(path):
    text = _text(path)
    phrases, words = yake_pass.rank(text, 40)
    assert phrases == yake.KeywordExtractor(lan="en", n=3, top=40, dedup_lim=0.9).extract_keywords(text)
    assert words == yake.KeywordExtractor(lan="en", n=1, top=40, dedup_lim=0.9).extract_keywords(text)
    assert words and all(" " not in w for w, _ in words)


def test_empty_text_has_no_keywords():
    assert yake_pass.rank("", 10) == ([], [])
    assert yake_pass.rank("   \n ", 10) == ([], [])
