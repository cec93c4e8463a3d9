"""Session-scoped site builds shared by the end-to-end tests (each variant is built once)."""

import pytest
from helpers import SITEURL, SUBPATH_SITEURL, build_site, make_fixture_project

# --- Session fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def nlp_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("nlp-cache")


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory, nlp_cache):
    """The seeds built with an absolute SITEURL at a domain root."""
    return build_site(tmp_path_factory.mktemp("seeds") / "out", SITEURL, cache=nlp_cache)


@pytest.fixture(scope="session")
def seeds_site_again(tmp_path_factory):
    """A second, independent build of the same site (own output and own NLP cache)."""
    base = tmp_path_factory.mktemp("seeds-again")
    return build_site(base / "out", SITEURL, cache=base / "cache")


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory, nlp_cache):
    """The seeds built for a GitHub Pages project site (SITEURL with a path)."""
    return build_site(tmp_path_factory.mktemp("subpath") / "out", SUBPATH_SITEURL, cache=nlp_cache)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory, nlp_cache):
    """Seeds plus tricky raw files (via DIGEST_SOURCES) and hand-written Markdown."""
    base = tmp_path_factory.mktemp("fixture-site")
    project, raw = make_fixture_project(base)
    site = build_site(base / "out", SITEURL, path=project, cache=nlp_cache, DIGEST_SOURCES=[str(raw)])
    site.raw_dir, site.project = raw, project
    return site
