"""The raw reader alone, with a settings dict and a fixture file (as Pelican's tests/test_readers.py does)."""

import datetime
from pathlib import Path

import pytest
from helpers import FIXTURES
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG

from generator.site import state
from generator.site.reader import RawArticleReader, category_for

RAW = FIXTURES / "raw"


@pytest.fixture
def settings(tmp_path):
    settings = dict(DEFAULT_CONFIG)
    settings.update(PATH=str(tmp_path), DIGEST_SOURCES=[str(tmp_path / "src")], DIGEST_CACHE_PATH="",
                    DEFAULT_DATE=None, TIMEZONE="UTC")
    yield settings
    state.release(settings)


def read(settings, path):
    return RawArticleReader(settings).read(str(path))


def test_header_fields_become_metadata(settings):
    content, meta = read(settings, RAW / "header-test.txt")
    assert meta["title"] == "Smith &amp; Sons reopen O&#x27;Brien&#x27;s mill"  # HTML, escaped once
    assert str(meta["author"]) == "Seán O'Brien"  # plain text: the theme escapes it
    assert meta["date"].date() == datetime.date(2019, 4, 2)
    assert meta["source"] == "The Valley Gazette & Post"
    assert meta["source_url"] == "https://example.com/story?id=7&ref=home"
    assert [str(t) for t in meta["tags"]] == ["R&D", "Mill <town>"]
    assert "date_estimated" not in meta
    assert content.startswith("<p>The family firm Smith &amp; Sons")


def test_markup_in_text_is_escaped(settings):
    content, meta = read(settings, RAW / "escape-test.txt")
    assert "<script>" not in content and "&lt;script&gt;" in content
    assert "<b>" not in meta["title"] and "<script>" not in meta["summary"]
    assert meta["keyword_candidates"], "the NLP result comes with the metadata"


def test_undated_article_gets_the_fallback_date(settings, tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("A plain story\n\nThe first sentence of a plain story is here for the reader.\n", encoding="utf-8")
    settings["DIGEST_FALLBACK_DATE"] = "2001-02-03"
    _, meta = read(settings, path)
    assert meta["date_estimated"] is True
    assert meta["date"].date() == datetime.date(2001, 2, 3)


def test_a_date_in_the_file_name_is_used(settings, tmp_path):
    path = tmp_path / "2020-05-06-story.txt"
    path.write_text("A dated story\n\nThe body of the dated story says what happened.\n", encoding="utf-8")
    _, meta = read(settings, path)
    assert meta["date"].date() == datetime.date(2020, 5, 6) and "date_estimated" not in meta


def test_sub_folders_of_a_source_are_categories(settings, tmp_path):
    assert category_for(str(tmp_path / "src" / "world-news" / "a.txt"), settings) == "World news"
    assert category_for(str(tmp_path / "elsewhere.txt"), settings) == settings["DEFAULT_CATEGORY"]


def test_readers_claim_the_configured_extensions(settings):
    from pelican import signals

    from generator.site.plugin import on_readers_init

    settings["DIGEST_EXTENSIONS"] = ["txt", "news"]
    signals.readers_init.connect(on_readers_init)
    try:
        readers = Readers(settings)
    finally:
        signals.readers_init.disconnect(on_readers_init)
    assert readers.reader_classes["news"] is RawArticleReader
    assert readers.reader_classes["txt"] is RawArticleReader


def test_the_reader_takes_the_batch_parse(settings, tmp_path):
    """The plugin's batch pass parses each file once; the reader uses that parse, not the file again."""
    from generator.site.reader import read_raw

    path = tmp_path / "once.txt"
    path.write_text("Parsed once\n\nThe story body that the batch pass already parsed is here.\n", encoding="utf-8")
    parsed = read_raw(str(path))
    state.of(settings).parsed[str(Path(path).resolve())] = parsed
    path.write_text("Changed since\n\nA different body that nobody should read now.\n", encoding="utf-8")
    _, meta = read(settings, path)
    assert meta["title"] == "Parsed once"
    assert not state.of(settings).parsed
