# Pelican-quickstart style Makefile; every target sets up .venv first if needed.
PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PELICAN = $(BIN)/pelican
PELICANOPTS ?=
CONFFILE = pelicanconf.py
PUBLISHCONF = publishconf.py
OUTPUTDIR = output
HOST ?= 127.0.0.1
PORT ?= 8000
# Preview under the sub-path of a GitHub project site, e.g. make serve BASEPATH=/news-digest
BASEPATH ?=
GITHUB_REMOTE ?= origin
GITHUB_PAGES_BRANCH ?= gh-pages
# Raw-article folders to build instead of seeds/, e.g. make html SOURCES=../shared/corpora/bbc
SOURCES ?=
# make ingest: feeds, pages, URL lists or OPML (files or URLs) to raw articles in INGEST_OUT,
# e.g. make ingest FEEDS=feeds.txt, then make html SOURCES=ingested
FEEDS ?=
INGEST_OUT ?= ingested
INGESTOPTS ?=
# Hash-checked pins of every runtime, eval and test dependency (make lock refreshes it).
LOCK = requirements.lock
# make lock UPGRADE=1 moves every pin to the newest allowed release; without it,
# existing pins are kept and only new or changed requirements are resolved.
UPGRADE ?=
UV_SPEC = uv>=0.6,<1
# make bench: the corpus to time and options, e.g. BENCHOPTS="--scale 20000 --rounds 1"
BENCH ?= ../shared/corpora/bbc
BENCHOPTS ?=
ifneq ($(SOURCES),)
PELICANOPTS += -e 'DIGEST_SOURCES=["$(abspath $(SOURCES))"]'
endif
# make html STRICT=1: any skipped or repaired source file fails the build (exit 1)
ifneq ($(STRICT),)
PELICANOPTS += -e 'DIGEST_STRICT=true'
endif
# With BASEPATH, links, feeds and search point under it, as on https://user.github.io/news-digest/
PREVIEWURL = http://$(HOST):$(PORT)/$(patsubst /%,%,$(patsubst %/,%,$(strip $(BASEPATH))))
ifneq ($(strip $(BASEPATH)),)
PELICANOPTS += -e 'SITEURL="$(PREVIEWURL)"' 'FEED_DOMAIN="$(PREVIEWURL)"'
endif
SERVEOPTS = $(OUTPUTDIR) --bind $(HOST) --port $(PORT) $(if $(strip $(BASEPATH)),--base-path $(BASEPATH))

.PHONY: help setup lock html serve devserver publish github test lint eval bench clean clean-cache ingest

help:
	@echo "make serve      set up, build from seeds/ and serve at http://$(HOST):$(PORT) like GitHub Pages (BASEPATH=/sub)"
	@echo "make devserver  same, rebuilding when an article, template, setting or SOURCES folder changes"
	@echo "make html       build into $(OUTPUTDIR)/ (SOURCES=dir to build another corpus)"
	@echo "make ingest     feeds and pages to raw articles in $(INGEST_OUT)/ (FEEDS=feeds.txt; then SOURCES=$(INGEST_OUT))"
	@echo "make publish    build with $(PUBLISHCONF) (SITEURL=https://user.github.io/repo)"
	@echo "make github     publish, then push $(OUTPUTDIR)/ to $(GITHUB_PAGES_BRANCH) with ghp-import"
	@echo "make test       set up and run the test suite (and ruff)"
	@echo "make lock       re-resolve $(LOCK) after a change to pyproject.toml (UPGRADE=1: newest pins)"
	@echo "make eval       run the keyword, tag and summary evaluations on ../shared/corpora"
	@echo "make bench      time plain Pelican against our cold, warm and one-change builds (BENCH=dir)"
	@echo "make clean      remove $(OUTPUTDIR)/ and cache/"

$(BIN)/pelican: pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# uv resolves in seconds and hashes every wheel and sdist of each pin (all platforms,
# so pagefind-bin's per-platform wheels are all there); the project itself is left out.
lock:
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet '$(UV_SPEC)'
	$(BIN)/uv pip compile --quiet pyproject.toml --extra eval --extra test \
		--universal --python-version 3.11 --fork-strategy fewest \
		--generate-hashes --no-emit-package news-digest \
		--custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade) \
		--output-file $(LOCK)

setup: $(BIN)/pelican

html: setup
	$(PELICAN) -s $(CONFFILE) $(PELICANOPTS)

ingest: setup
	@test -n "$(strip $(FEEDS))" || { echo "usage: make ingest FEEDS=feeds.txt [INGEST_OUT=$(INGEST_OUT)]"; exit 2; }
	$(BIN)/python -m generator.ingest $(FEEDS) --out $(INGEST_OUT) $(INGESTOPTS)

serve: html
	$(BIN)/python -m generator.serve $(SERVEOPTS)

# Builds once, then serves and rebuilds (python -m pelican, same options) on every change.
devserver: html
	$(BIN)/python -m generator.serve $(SERVEOPTS) --reload $(foreach s,$(SOURCES),--watch $(abspath $(s))) \
		-- -s $(CONFFILE) $(PELICANOPTS)

publish: setup
	$(PELICAN) -s $(PUBLISHCONF) $(PELICANOPTS)

github: publish
	$(BIN)/ghp-import --no-jekyll --push --force --remote $(GITHUB_REMOTE) --branch $(GITHUB_PAGES_BRANCH) \
		-m "Generate Pelican site" $(OUTPUTDIR)

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/python -m generator.eval keywords ../shared/corpora/kpcrowd
	$(BIN)/python -m generator.eval tags ../shared/corpora/bbc
	$(BIN)/python -m generator.eval summaries --articles ../shared/corpora/bbc --references ../shared/corpora/bbc-summaries

bench: setup
	$(BIN)/python -m generator.bench $(BENCH) $(BENCHOPTS)

clean:
	rm -rf $(OUTPUTDIR) cache

# The NLP cache alone (entries unused for DIGEST_CACHE_KEEP_BUILDS builds go by themselves).
clean-cache:
	rm -rf cache
