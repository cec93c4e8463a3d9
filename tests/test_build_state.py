"""Per-build state: two builds in one process never see each other's articles."""

from pathlib import Path

import feedparser
from helpers import SITEURL, build_site

from generator.site import state

ALPHA = """Alpha Harbour reopens after the storm

The harbour at Alphaville reopened on Monday after a week of repairs to the sea wall, the port authority said.

Fishing boats returned to Alphaville harbour within hours, and the ferry to the islands will resume on Friday.
"""
BETA = """Beta Valley vineyards count the cost of frost

Growers in Beta Valley said a late frost had destroyed half of this year's grapes in the valley.

The Beta Valley growers' association asked the regional government for emergency help.
"""


def _corpus(base: Path, name: str, text: str) -> Path:
    folder = base / name
    folder.mkdir()
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_two_builds_in_one_process_share_nothing(tmp_path):
    first = build_site(tmp_path / "one", SITEURL, DIGEST_SOURCES=[str(_corpus(tmp_path, "alpha", ALPHA))],
                       DIGEST_SEARCH=False)
    second = build_site(tmp_path / "two", SITEURL, DIGEST_SOURCES=[str(_corpus(tmp_path, "beta", BETA))],
                        DIGEST_SEARCH=False)
    assert any("Alpha" in a.title for a in first.articles)
    titles = [a.title for a in second.articles]
    assert any("Beta" in t for t in titles)
    assert not any("Alpha" in t for t in titles), titles
    html = "".join(p.read_text(encoding="utf-8") for p in second.files(".html"))
    assert "Alphaville" not in html and "Beta Valley" in html
    feed = feedparser.parse((second.output / "feeds" / "all.atom.xml").read_bytes())
    assert not any("Alpha" in e.title for e in feed.entries)


def test_state_is_made_on_demand_and_released():
    settings = {"PATH": ".", "DIGEST_CACHE_PATH": ""}
    made = state.of(settings)
    assert state.of(settings) is made  # one build, one state
    made.parsed["x"] = (None, [], "empty file")
    state.release(settings)
    assert state.of(settings).parsed == {}  # the next build starts clean
