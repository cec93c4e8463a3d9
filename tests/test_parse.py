"""Units for generator/parse.py on tricky raw inputs."""

from pathlib import Path

import pytest

from generator.text.decode import decode
from generator.text.parse import LONG_PARAGRAPH_WORDS, SENTENCES_PER_PARAGRAPH, RawArticle, parse
from generator.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "seeds" / "000_beaab0d25521f24a.txt"
SEED_001 = ROOT / "seeds" / "001_1793eeedfb83f9b6.txt"


def _squash(text):
    """Text without any whitespace (regrouping and unglueing may only move spaces)."""
    return "".join(text.split())


def _read(path):
    text, warning = decode(path.read_bytes())
    assert warning is None, f"{path.name} is clean UTF-8"
    return text


# --- Seeds ---------------------------------------------------------------------------------------


def test_seed_000_title_and_bullet_byline():
    text = _read(SEED_000)
    raw = parse(text, SEED_000.name)
    first_line = text.split("\n", 1)[0].strip()
    assert raw.title == first_line
    assert not raw.title_guessed
    assert raw.author == "Carolyn Briggs"
    assert raw.paragraphs, "the body is kept"
    assert all("Carolyn Briggs" not in p for p in raw.paragraphs)
    assert all("•" not in p for p in raw.paragraphs)
    assert raw.title not in raw.paragraphs
    # Every other paragraph of the file survives in order.
    body = [" ".join(b.split()) for b in text.split("\n\n")[1:] if b.strip() and "Carolyn Briggs" not in b]
    assert raw.paragraphs == body


def test_seed_001_one_huge_line_is_regrouped_and_tail_removed():
    text = _read(SEED_001)
    lines = [line for line in text.split("\n") if line.strip()]
    assert len(lines) == 2, "the seed is a title line and one long line"
    title, body = lines
    raw = parse(text, SEED_001.name)
    assert raw.title == title.strip()
    assert len(raw.paragraphs) >= 3, "one huge line becomes several paragraphs"
    for para in raw.paragraphs:
        assert len(split_sentences(para)) <= SENTENCES_PER_PARAGRAPH
    # "More stories: …" is cut off and listed as removed; no paragraph keeps any of it.
    tail_at = body.index("More stories:")
    tail = body[tail_at:]
    assert any(r.startswith("More stories:") for r in raw.removed)
    assert all("More stories" not in p for p in raw.paragraphs)
    assert all("Armie Hammer" not in p for p in raw.paragraphs)
    # Nothing else is lost or reordered: only whitespace may differ.
    assert _squash(" ".join(raw.paragraphs)) == _squash(body[:tail_at])
    assert _squash(tail) == _squash(" ".join(r for r in raw.removed if r.startswith("More stories")))


def test_long_paragraph_threshold():
    short = " ".join(["Word"] * 20 + ["ends."]) + " " + " ".join(["Another"] * 20 + ["ends."])
    raw = parse(f"A title\n\n{short}\n")
    assert raw.paragraphs == [short], "short paragraphs are left alone"

    sentence = "The minister said the plan would cost more than expected this year."
    n = LONG_PARAGRAPH_WORDS // len(sentence.split()) + 5
    long_para = " ".join(f"{sentence[:-1]} number {i}." for i in range(n))
    raw = parse(f"A title\n\n{long_para}\n")
    assert len(raw.paragraphs) > 1
    assert _squash(" ".join(raw.paragraphs)) == _squash(long_para)


# --- Header block --------------------------------------------------------------------------------

HEADER_TEXT = (
    "Title: Harbour reopens after storm\n"
    "Date: 2019-04-02\n"
    "Author: Ann Other\n"
    "Source: The Coastal Times\n"
    "URL: https://example.com/harbour\n"
    "Lang: fr\n"
    "\n"
    "The harbour reopened on Tuesday after a week of repairs.\n"
    "\n"
    "Fishing boats returned to the quay by the evening.\n"
)


def test_header_block_sets_fields():
    raw = parse(HEADER_TEXT, "2001-01-01-ignored.txt")
    assert raw.title == "Harbour reopens after storm"
    assert not raw.title_guessed
    assert raw.date == "2019-04-02", "a Date header wins over the file name"
    assert raw.author == "Ann Other"
    assert raw.source == "The Coastal Times"
    assert raw.url == "https://example.com/harbour"
    assert raw.lang == "fr"
    assert raw.paragraphs == [
        "The harbour reopened on Tuesday after a week of repairs.",
        "Fishing boats returned to the quay by the evening.",
    ]
    assert raw.warnings == []


def test_header_lines_not_in_body():
    raw = parse(HEADER_TEXT)
    for key in ("Title:", "Date:", "Author:", "Source:", "URL:", "Lang:"):
        assert all(key not in p for p in raw.paragraphs)
    assert "2019-04-02" not in raw.text


def test_single_colon_title_is_not_a_header():
    raw = parse("Update: talks resume in Geneva\n\nDiplomats met again on Monday.\n")
    assert raw.title == "Update: talks resume in Geneva"
    assert raw.paragraphs == ["Diplomats met again on Monday."]


# --- No title line -------------------------------------------------------------------------------

DATELINE_TEXT = (
    "WASHINGTON — President Trump spoke to reporters at the White House on Tuesday about the budget, "
    "saying that Congress must act quickly to avoid a shutdown of the federal government before the "
    "holiday. He said the talks with Democratic leaders were going well. Democrats disagreed.\n"
    "\n"
    "The second paragraph has more detail about the budget talks and the negotiators.\n"
)


def test_no_title_line_guesses_title_with_warning():
    raw = parse(DATELINE_TEXT, "dateline.txt")
    assert raw.title_guessed
    assert raw.title
    assert raw.warnings and any("title" in w.lower() for w in raw.warnings)
    # The first paragraph is body text, not swallowed as a title.
    assert raw.paragraphs[0].startswith("WASHINGTON")
    assert len(raw.paragraphs) == 2
    # The title comes from the first sentence (possibly shortened with an ellipsis).
    first_sentence = split_sentences(raw.paragraphs[0])[0]
    words = raw.title.rstrip("…").split()
    assert words and all(w in first_sentence.split() for w in words)
    assert len(raw.title.split()) <= 15


def test_guessed_title_drops_dateline():
    raw = parse(DATELINE_TEXT, "dateline.txt")
    assert raw.title_guessed
    assert not raw.title.startswith("WASHINGTON"), f"a dateline is not a headline: {raw.title!r}"
    assert "President Trump" in raw.title


# --- Line ends, bylines, boilerplate -------------------------------------------------------------


@pytest.mark.parametrize("text", [DATELINE_TEXT, HEADER_TEXT, "Short title\n\nOne.\n\n  • Jo Bloggs\n"])
def test_crlf_and_cr_line_ends_parse_like_lf(text):
    lf = parse(text, "a.txt")
    assert parse(text.replace("\n", "\r\n"), "a.txt") == lf
    assert parse(text.replace("\n", "\r"), "a.txt") == lf


def test_crlf_seed_parses_like_lf():
    text = _read(SEED_000)
    assert parse(text.replace("\n", "\r\n"), SEED_000.name) == parse(text, SEED_000.name)


def test_by_byline_becomes_author():
    text = (
        "Bridge to close for repairs\n\nBy Jane Doe\n\n"
        "The old bridge will close for a month.\n\nTraffic will be diverted.\n"
    )
    raw = parse(text)
    assert raw.author == "Jane Doe"
    assert raw.paragraphs == ["The old bridge will close for a month.", "Traffic will be diverted."]
    assert "By Jane Doe" in raw.removed


def test_sentence_starting_with_by_is_not_a_byline():
    text = "Vote count\n\nBy the end of the day, officials had counted most of the ballots in the city.\n"
    raw = parse(text)
    assert raw.author == ""
    assert raw.paragraphs == ["By the end of the day, officials had counted most of the ballots in the city."]


def test_boilerplate_tail_paragraphs_removed():
    text = (
        "Museum opens new wing\n\n"
        "The museum opened its new wing on Sunday.\n\n"
        "Visitors queued for hours to see the collection.\n\n"
        "Share this article\n\n"
        "Read more\n"
    )
    raw = parse(text)
    assert raw.paragraphs == [
        "The museum opened its new wing on Sunday.",
        "Visitors queued for hours to see the collection.",
    ]
    assert "Share this article" in raw.removed
    assert "Read more" in raw.removed


def test_boilerplate_tail_of_last_paragraph_removed():
    raw = parse("Title here\n\nThe council met on Monday. Read more: https://example.com/x\n")
    assert raw.paragraphs == ["The council met on Monday."]
    assert any(r.startswith("Read more") for r in raw.removed)


def test_last_paragraph_using_boilerplate_words_in_a_sentence_is_kept():
    last = "Residents can sign up for the new recycling scheme at the town hall from next week."
    raw = parse(f"Recycling scheme launched\n\nThe council launched a recycling scheme on Monday.\n\n{last}\n")
    assert raw.paragraphs[-1] == last, f"a sentence of the story was cut: {raw.removed!r}"


def test_boilerplate_in_middle_is_kept():
    middle = "Read more about the plan in the council's report, the mayor told residents."
    raw = parse(f"Plan published\n\nThe mayor published the plan.\n\n{middle}\n\nA vote is due in May.\n")
    assert middle in raw.paragraphs


# --- Decoding ------------------------------------------------------------------------------------


def test_decode_stray_latin1_byte():
    text, warning = decode(b"caf\xe9 au lait")
    assert text == "café au lait"
    assert warning and "UTF-8" in warning


def test_decode_clean_utf8_and_bom():
    assert decode("café".encode()) == ("café", None)
    text, warning = decode(b"\xef\xbb\xbf" + b"Title\n\nBody.")
    assert warning is None
    assert not text.startswith("\ufeff")
    assert parse(text).title == "Title"


# --- Dates and HTML ------------------------------------------------------------------------------


def test_date_from_file_name():
    raw = parse("Some title\n\nSome body text here.\n", "2017-05-29-x.txt")
    assert raw.date == "2017-05-29"


def test_no_date_anywhere():
    assert parse("Some title\n\nSome body text here.\n", "article.txt").date == ""


def test_html_stays_plain_text():
    text = "A <i>title</i> with markup\n\n<script>alert(1)</script> and <b>bold</b> text.\n"
    raw = parse(text)
    assert raw.title == "A <i>title</i> with markup"
    assert raw.paragraphs == ["<script>alert(1)</script> and <b>bold</b> text."]
    assert "&lt;" not in raw.text, "parse does not escape; the renderer does"


def test_empty_input():
    raw = parse("", "empty.txt")
    assert isinstance(raw, RawArticle)
    assert raw.paragraphs == []
    assert any("no body" in w for w in raw.warnings)
