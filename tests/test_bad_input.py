"""The ugliest input a scraper produces, built end to end: each file is built intact and escaped,
or skipped with a warning naming it; nothing vanishes unreported, nothing crashes the build."""

import os
import re
from pathlib import Path

import feedparser
import pytest
from helpers import SITEURL, build_site, parse_html

from generator.site.reader import SLUG_MAX
from generator.site.report import StrictBuildError

BODY = ("The harbour authority said on Monday that repairs to the sea wall would take until the spring. "
        "Fishing boats will use the northern quay in the meantime, the authority added.")
SCRIPT = "<script>alert('x')</script>"


def _write(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def make_bad_corpus(folder: Path) -> dict:
    """Write the bad-input files; returns {file name: expected outcome} ("built" or "skipped")."""
    folder.mkdir(parents=True)
    big_paragraph = " ".join(f"Sentence number {i} of a very long report says little of note." for i in range(40))
    files = {
        "empty.txt": (b"", "skipped"),
        "whitespace.txt": (b"  \n\t\n   \r\n", "skipped"),
        "title-only.txt": ("Storm closes the harbour\n", "built"),
        "binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "skipped"),
        "windows-1252.txt": ("\u201cQuoted\u201d harbour news\n\n" + BODY + " It cost \u20ac5m.\n")
        .encode("cp1252"),
        "latin-1.txt": ("Caf\u00e9 owners protest\n\nThe caf\u00e9 owners said " + BODY + "\n").encode("latin-1"),
        "utf8-bom.txt": b"\xef\xbb\xbf" + ("BOM harbour story\n\n" + BODY + "\n").encode(),
        "utf16-bom.txt": ("UTF-16 harbour story\n\n" + BODY + " Zo\u00eb agreed.\n").encode("utf-16"),
        "crlf.txt": ("CRLF harbour story\r\n\r\n" + BODY + "\r\n\r\nSecond paragraph for the readers.\r\n").encode(),
        "cr.txt": ("Lone CR harbour story\r\r" + BODY + "\r\rAnother paragraph for the readers of it.\r").encode(),
        "controls.txt": ("Control\x07 harbour story\n\n" + BODY.replace("repairs", "re\x00pairs") + "\x1b\n").encode(),
        "big.txt": ("A five megabyte report\n\n" + "\n\n".join([big_paragraph] * 2200) + "\n\nThe very last line.\n"),
        "long-line.txt": ("Harbour report in one line\n\n" + " ".join([BODY] * 120) + "\n"),
        "long-title.txt": ("Title: " + ("Harbour " * 125).strip() + "\n\n" + BODY + "\n"),
        "html.txt": (f"Title: Harbour {SCRIPT} <b>news</b>\nAuthor: Eve <img src=x onerror=alert(1)>\n"
                     f"Source: Bad <i>Source</i>\nURL: javascript:alert(1)\nTags: <script>t</script>, Harbour\n\n"
                     f"{BODY} {SCRIPT} <img src=x onerror=alert(2)>\n"),
        "markdown.txt": ("Markdown harbour story\n\n# Not a heading\n\n**Not bold** and [a link](javascript:alert(3)). "
                         + BODY + "\n"),
        "rtl-bidi.txt": ("\u202eevil.exe harbour story\n\n\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 "
                         + BODY + "\n"),
        "emoji.txt": ("Harbour reopens \U0001f389\n\n" + BODY + " \U0001f6a2\U0001f30a\n"),
        "name with spaces \u00e9\u00e8.txt": ("Spaced file harbour story\n\n" + BODY + "\n"),
        "identical-1.txt": ("Identical harbour story\n\n" + BODY + "\n"),
        "identical-2.txt": ("Identical harbour story\n\n" + BODY + "\n", "skipped"),
        "same-title-1.txt": ("Same title harbour story\n\n" + BODY + "\n"),
        "same-title-2.txt": ("Same title harbour story\n\nA different story entirely: the ferry strike ended on "
                             "Tuesday after talks, the union said.\n"),
        "bad-date.txt": ("Title: Harbour with a bad date\nDate: 2019-13-45\n\n" + BODY + "\n"),
        "unknown-key.txt": ("Title: Harbour with an odd header\nMood: grim\n\n" + BODY + "\n"),
    }
    expected = {}
    for name, spec in files.items():
        data, outcome = spec if isinstance(spec, tuple) else (spec, "built")
        _write(folder, name, data)
        expected[name] = outcome
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")  # unreadable
    expected["dangling.txt"] = "skipped"
    sub = folder / "sub"
    sub.mkdir()
    _write(sub, "nested.txt", "Nested harbour story\n\n" + BODY + " Nested.\n")
    expected["nested.txt"] = "built"
    os.symlink(folder, sub / "loop")  # a symlink loop: sub/loop -> the source folder itself
    return expected


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("bad-input")
    expected = make_bad_corpus(base / "raw")
    site = build_site(base / "out", SITEURL, cache=base / "cache", DIGEST_SOURCES=[str(base / "raw")],
                      DIGEST_SEARCH=False)
    site.expected = expected
    site.raw_dir = base / "raw"
    return site


def _skipped(site):
    found = {}
    for r in site.warnings():
        where, sep, _ = r.getMessage().partition(": skipped:")
        if sep and "/loop/" not in where:  # copies reached through the symlink loop are checked apart
            found[Path(where).name] = r.getMessage()
    return found


def test_every_file_is_built_or_reported_skipped(bad_site):
    built = {Path(a.source_path).name for a in bad_site.articles}
    skipped = _skipped(bad_site)
    for name, outcome in bad_site.expected.items():
        if outcome == "built":
            assert name in built, f"{name} was not built ({skipped.get(name)})"
        else:
            assert name in skipped and name not in built, f"{name} should be skipped with a warning"
    # What the symlink loop reaches again is skipped, named, never built twice.
    looped = [m for m in (r.getMessage() for r in bad_site.warnings())
              if ": skipped:" in m and "/loop/" in m.split(": skipped:")[0]]
    assert looped and all("symlink" in m for m in looped)
    assert len([a for a in bad_site.articles if Path(a.source_path).name == "nested.txt"]) == 1


def test_skip_reasons_are_stated(bad_site):
    skipped = _skipped(bad_site)
    assert "empty" in skipped["empty.txt"]
    assert "whitespace" in skipped["whitespace.txt"]
    assert "binary" in skipped["binary.txt"]
    assert "unreadable" in skipped["dangling.txt"]
    assert "identical-1.txt" in skipped["identical-2.txt"]


def _page(site, name):
    article = next(a for a in site.articles if Path(a.source_path).name == name)
    return article, (site.output / article.save_as).read_text(encoding="utf-8")


def test_text_survives_intact(bad_site):
    _, html = _page(bad_site, "windows-1252.txt")
    assert "\u201cQuoted\u201d" in html and "\u20ac5m" in html
    _, html = _page(bad_site, "latin-1.txt")
    assert "Caf\u00e9 owners" in html
    article, html = _page(bad_site, "utf16-bom.txt")
    assert article.title == "UTF-16 harbour story" and "Zo\u00eb agreed" in html
    article, _ = _page(bad_site, "utf8-bom.txt")
    assert article.title == "BOM harbour story"
    for name in ("crlf.txt", "cr.txt"):
        _, html = _page(bad_site, name)
        assert len(parse_html(html).find("div", cls="story-body").find_all("p")) == 2, name
    _, html = _page(bad_site, "emoji.txt")
    assert "\U0001f389" in html and "\U0001f6a2" in html
    _, html = _page(bad_site, "big.txt")
    assert "The very last line." in html
    _, html = _page(bad_site, "rtl-bidi.txt")
    assert "\u05e9\u05dc\u05d5\u05dd" in html and "\u202e" not in html


def test_control_characters_never_reach_pages_or_feeds(bad_site):
    _, html = _page(bad_site, "controls.txt")
    assert "repairs" in html
    for path in bad_site.files():
        if path.suffix in {".html", ".xml"}:
            text = path.read_text(encoding="utf-8")
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text), path
    for feed in (bad_site.output / "feeds").rglob("*.xml"):
        assert not feedparser.parse(feed.read_bytes()).bozo, feed


def test_markup_in_any_field_is_escaped(bad_site):
    _, html = _page(bad_site, "html.txt")
    for path in bad_site.files(".html") + bad_site.files(".xml"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<script>t</script>" not in text, path
        assert "<img src=x onerror" not in text, path
    assert "&lt;script&gt;alert" in html
    assert 'href="javascript:' not in html
    _, html = _page(bad_site, "markdown.txt")
    assert "**Not bold**" in html and "<strong>" not in html and 'href="javascript:' not in html


def test_long_title_gets_a_short_slug(bad_site):
    article, _ = _page(bad_site, "long-title.txt")
    assert len(article.slug) <= SLUG_MAX
    assert len(article.title) > 900


def test_repairs_are_reported(bad_site):
    messages = [r.getMessage() for r in bad_site.warnings()]

    def said(name, words):
        return any(m.startswith(str(Path("raw") / name)) or name in m.split(":")[0] for m in messages
                   if words in m)

    assert said("windows-1252.txt", "Windows-1252")
    assert said("controls.txt", "control character")
    assert said("rtl-bidi.txt", "bidi")
    assert said("bad-date.txt", "unreadable Date")
    assert said("unknown-key.txt", "unknown header key Mood")
    assert said("title-only.txt", "no body text")


def test_strict_build_fails_and_keeps_the_previous_site(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    _write(raw, "good.txt", "Harbour reopens\n\n" + BODY + "\n")
    out = tmp_path / "out"
    first = build_site(out, SITEURL, cache=tmp_path / "cache", DIGEST_SOURCES=[str(raw)], DIGEST_SEARCH=False)
    before = {p.relative_to(out): p.read_bytes() for p in first.files()}
    _write(raw, "empty.txt", b"")
    _write(raw, "new.txt", "Ferry strike ends\n\nThe ferry strike ended on Tuesday, the union said.\n")
    with pytest.raises(StrictBuildError) as err:
        build_site(out, SITEURL, cache=tmp_path / "cache", DIGEST_SOURCES=[str(raw)], DIGEST_SEARCH=False,
                   DIGEST_STRICT=True)
    assert err.value.code and "DIGEST_STRICT" in str(err.value)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before, "a failed build leaves the previous site as it was"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".digest-build-")]
