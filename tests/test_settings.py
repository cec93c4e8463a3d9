"""Every DIGEST_ setting is checked when Pelican starts: a wrong value stops the build with status 1."""

import logging
import subprocess
import sys

import pelican
import pytest
from helpers import ROOT, build_site
from pelican.settings import read_settings

from generator.site import settings as digest_settings
from generator.site.settings import OPTIONS, SettingsError

BAD = [
    ("DIGEST_SOURCES", "seeds"),  # a string, not a list
    ("DIGEST_SOURCES", ["seeds", ""]),
    ("DIGEST_EXTENSIONS", "txt"),
    ("DIGEST_FALLBACK_DATE", "01/01/2000"),
    ("DIGEST_MAX_TAGS", -1),
    ("DIGEST_MAX_TAGS", "8"),
    ("DIGEST_MIN_TAGS", 2.5),
    ("DIGEST_TAG_MIN_RATIO", 1.5),
    ("DIGEST_TAG_MIN_RATIO", True),
    ("DIGEST_TAG_STOPLIST", "the"),
    ("DIGEST_SUMMARY_SENTENCES", -1),
    ("DIGEST_SUMMARY_WORDS", 0),
    ("DIGEST_RELATED_COUNT", None),
    ("DIGEST_CACHE_PATH", 3),
    ("DIGEST_CACHE_KEEP_BUILDS", -1),
    ("DIGEST_WORKERS", -2),
    ("DIGEST_SEARCH", "requird"),
    ("DIGEST_SEARCH", 1),
    ("DIGEST_STRICT", "yes"),
    ("DIGEST_TAG_FEED_MIN", 0),
    ("DIGEST_SEARCH_SHARD_PAGES", 0),
    ("DIGEST_EDITIONS", "monthly"),
    ("DIGEST_EDITIONS", True),
    ("DIGEST_EDITION_SIZE", 0),
    ("DIGEST_STORIES", "yes"),
    ("DIGEST_STORY_WINDOW_DAYS", -1),
]


def _pelican(tmp_path, **override):
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(ROOT), "OUTPUT_PATH": str(tmp_path / "out"), "DIGEST_CACHE_PATH": "", **override})
    return pelican.Pelican(settings)


def test_every_setting_has_a_bad_value_here():
    assert {name for name, _ in BAD} == set(OPTIONS)


@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v!r}" for n, v in BAD])
def test_a_bad_value_stops_the_build_naming_it(tmp_path, name, value):
    with pytest.raises(SettingsError) as err:
        _pelican(tmp_path, **{name: value})
    assert err.value.code != 0
    message = str(err.value)
    assert name in message and repr(value) in message and "expected" in message


def test_defaults_are_valid():
    digest_settings.validate(dict(digest_settings.DEFAULTS))


def test_min_tags_above_max_tags_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="DIGEST_MIN_TAGS = 5"):
        _pelican(tmp_path, DIGEST_MAX_TAGS=4, DIGEST_MIN_TAGS=5)


def test_unknown_digest_setting_warns_with_the_closest_name(caplog):
    with caplog.at_level(logging.WARNING):
        digest_settings.validate({"DIGEST_MAX_TAG": 4, "PATH": "."})
    assert any("DIGEST_MAX_TAG" in r.getMessage() and "DIGEST_MAX_TAGS" in r.getMessage() for r in caplog.records)


def test_the_cli_exits_1_with_one_message(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", "-q", "-s", "pelicanconf.py", "-o", str(tmp_path / "out"),
         "-e", 'DIGEST_SEARCH="requird"'],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "DIGEST_SEARCH" in lines[0] and "'requird'" in lines[0] and "'required'" in lines[0]
    assert not (tmp_path / "out").exists()


def test_a_good_override_builds(tmp_path):
    site = build_site(tmp_path / "out", DIGEST_MAX_TAGS=2, DIGEST_SEARCH=False)
    assert site.articles and all(len(a.tags) <= 2 for a in site.articles)
