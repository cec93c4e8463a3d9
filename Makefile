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
GITHUB_REMOTE ?= origin
GITHUB_PAGES_BRANCH ?= gh-pages
# Raw-article folders to build instead of seeds/, e.g. make html SOURCES=../shared/corpora/bbc
SOURCES ?=
ifneq ($(SOURCES),)
PELICANOPTS += -e 'DIGEST_SOURCES=["$(abspath $(SOURCES))"]'
endif

.PHONY: help setup html serve devserver publish github test lint eval clean

help:
	@echo "make serve      set up, build from seeds/ and serve at http://$(HOST):$(PORT)"
	@echo "make devserver  same, rebuilding when an article, template or setting changes"
	@echo "make html       build into $(OUTPUTDIR)/ (SOURCES=dir to build another corpus)"
	@echo "make publish    build with $(PUBLISHCONF) (SITEURL=https://user.github.io/repo)"
	@echo "make github     publish, then push $(OUTPUTDIR)/ to $(GITHUB_PAGES_BRANCH) with ghp-import"
	@echo "make test       set up and run the test suite (and ruff)"
	@echo "make eval       run the keyword, tag and summary evaluations on ../shared/corpora"
	@echo "make clean      remove $(OUTPUTDIR)/ and cache/"

$(BIN)/pelican: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/pelican

html: setup
	$(PELICAN) -s $(CONFFILE) $(PELICANOPTS)

serve: html
	$(PELICAN) --listen --bind $(HOST) --port $(PORT) -s $(CONFFILE) $(PELICANOPTS)

devserver: setup
	$(PELICAN) --autoreload --listen --bind $(HOST) --port $(PORT) -s $(CONFFILE) $(PELICANOPTS)

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

clean:
	rm -rf $(OUTPUTDIR) cache
