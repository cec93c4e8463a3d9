"""End to end: real Pelican builds of the seeds and of a fixture corpus."""

import re
from pathlib import Path

import feedparser
from helpers import NOTE_FILES, ROOT, SEEDS, SITEURL, compose, norm, parse_html
from markupsafe import Markup

from generator.analysis.article import sentences_of
from generator.text.decode import decode
from generator.text.parse import parse
from generator.text.sentences import split_sentences

# --- helpers -------------------------------------------------------------------------------------


def raw_of(path):
    text, _ = decode(Path(path).read_bytes())
    return parse(text, Path(path).name)


def abs_url(site, content):
    return f"{site.siteurl}/{content.url}"


def tag_slug(href, site):
    match = re.fullmatch(re.escape(site.siteurl) + r"/tag/([^/]+)/", href)
    assert match, f"tag link {href} is not {site.siteurl}/tag/<slug>/"
    return match.group(1)


def page_tags(site, content):
    """{slug: name} of the tag links in an article page's tag box."""
    doc = parse_html(site.page_of(content))
    box = doc.find("div", cls="story-tags")
    if box is None:
        return {}
    return {tag_slug(a.attrs["href"], site): a.text() for a in box.find_all("a", cls="tag")}


def seed_articles(site):
    return [site.article_for(seed) for seed in SEEDS]


def feed_of(site, rel):
    assert (site.output / rel).is_file(), f"{rel} was not written"
    feed = feedparser.parse((site.output / rel).read_bytes())
    assert feed.bozo == 0, f"{rel}: {feed.get('bozo_exception')}"
    return feed


def plain_title(content):
    return Markup(content.title).striptags()


def article_links(card):
    """The links to articles in a list's card: its title, or a story card's list of reports."""
    if "story-card" in card.classes:
        return card.find("ul", cls="story-reports").find_all("a")
    return card.find_all("a", rel="bookmark")


def own_summary(site, card, article):
    """An article's own summary as a list shows it: in its card, or (in a story card) on the story's page."""
    if "story-card" not in card.classes:
        return card.find("div", cls="card-summary")
    story = parse_html(site.read(article.story.save_as))
    item = [i for i in story.find_all("article", cls="timeline-item") if i.find("a", href=abs_url(site, article))]
    assert len(item) == 1, f"{article.url} is not on its story's page"
    return item[0].find("div", cls="card-summary")


# --- Seeds: front page, article pages, tags ------------------------------------------------------


def test_build_has_no_errors(seeds_site):
    assert seeds_site.errors() == []
    assert len(seed_articles(seeds_site)) == len(SEEDS)


def test_front_page_lists_both_seeds_with_summaries(seeds_site):
    doc = parse_html(seeds_site.read("index.html"))
    cards = doc.find_all("article", cls="card")
    assert sum(len(article_links(c)) for c in cards) == len(seeds_site.articles)
    for seed in SEEDS:
        article = seeds_site.article_for(seed)
        raw = raw_of(seed)
        card = [c for c in cards if c.find("a", href=abs_url(seeds_site, article))]
        assert len(card) == 1, f"{seed.name} is not on the front page"
        link = [a for a in article_links(card[0]) if a.attrs["href"] == abs_url(seeds_site, article)]
        assert len(link) == 1 and link[0].text() == raw.title
        summary = own_summary(seeds_site, card[0], article)
        assert summary is not None and summary.text(), f"{seed.name}: no summary on the front page"
        indices = compose(summary.text(), sentences_of(raw.paragraphs))
        assert indices, f"{seed.name}: summary is not made of whole sentences: {summary.text()!r}"
        assert indices == sorted(set(indices)), "summary sentences are distinct and in document order"


def test_article_page_has_title_summary_tags_and_full_text(seeds_site):
    for seed in SEEDS:
        article = seeds_site.article_for(seed)
        raw = raw_of(seed)
        doc = parse_html(seeds_site.page_of(article))
        story = doc.find("article", cls="story")
        assert story is not None
        assert story.find("h1").text() == raw.title
        assert doc.find("title").text().startswith(raw.title)

        summary = story.find("aside", cls="summary")
        assert summary is not None
        summary_text = " ".join(p.text() for p in summary.find_all("p"))
        assert summary_text and compose(summary_text, sentences_of(raw.paragraphs))

        tags = page_tags(seeds_site, article)
        assert tags, f"{seed.name}: no tag links"
        assert all(name for name in tags.values())

        body = story.find("div", cls="story-body")
        assert [norm(p.text()) for p in body.find_all("p")] == raw.paragraphs, "full text, paragraph by paragraph"
        for removed in raw.removed:
            assert norm(removed) not in body.text()
        canonical = doc.find("link", rel="canonical")
        assert canonical is not None and canonical.attrs["href"] == abs_url(seeds_site, article)


def test_byline_and_removed_tail_not_in_body(seeds_site):
    a000 = seeds_site.article_for(SEEDS[0])
    doc = parse_html(seeds_site.page_of(a000))
    assert "Carolyn Briggs" not in doc.find("div", cls="story-body").text()
    assert "Carolyn Briggs" in doc.find("header", cls="story-header").text(), "the byline is shown as author"
    a001 = seeds_site.article_for(SEEDS[1])
    doc = parse_html(seeds_site.page_of(a001))
    assert "More stories" not in doc.find("div", cls="story-body").text()
    # No byline in the file: no author is made up for it.
    assert getattr(a001, "author", None) is None and doc.find("span", cls="byline") is None


def test_tag_pages_exist_and_link_back(seeds_site):
    for article in seed_articles(seeds_site):
        for slug, name in page_tags(seeds_site, article).items():
            rel = f"tag/{slug}/index.html"
            assert (seeds_site.output / rel).is_file(), f"missing {rel}"
            doc = parse_html(seeds_site.read(rel))
            assert doc.find("h1").text() == name
            assert doc.find("a", href=abs_url(seeds_site, article)), f"{rel} does not link {article.url}"


def test_tag_page_lists_exactly_the_articles_with_the_tag(seeds_site):
    articles = seeds_site.articles
    tags = {a.url: set(page_tags(seeds_site, a)) for a in articles}
    for slug in set().union(*tags.values()):
        doc = parse_html(seeds_site.read(f"tag/{slug}/index.html"))
        listed = {a.attrs["href"] for c in doc.find_all("article", cls="card") for a in article_links(c)}
        assert listed == {f"{SITEURL}/{url}" for url, slugs in tags.items() if slug in slugs}


def test_seeds_share_a_tag(seeds_site):
    a, b = (set(page_tags(seeds_site, x)) for x in seed_articles(seeds_site))
    assert a & b, "the two seeds are about the same meeting and share no tag"


def test_tags_index_shows_counts(seeds_site):
    articles = seeds_site.articles
    per_article = [page_tags(seeds_site, a) for a in articles]
    expected = {}
    for tags in per_article:
        for slug in tags:
            expected[slug] = expected.get(slug, 0) + 1
    doc = parse_html(seeds_site.read("tags/index.html"))
    links = doc.find_all("a", cls="tag")
    assert links
    seen = {}
    for link in links:
        slug = tag_slug(link.attrs["href"], seeds_site)
        count = link.find("span", cls="n")
        assert count is not None, f"no count for {slug}"
        number = re.search(r"\d+", count.text())
        assert number, f"no number in {count.text()!r}"
        seen.setdefault(slug, set()).add(int(number.group()))
    assert set(seen) == set(expected), "every tag, and only used tags, in the index"
    for slug, counts in seen.items():
        assert counts == {expected[slug]}, f"{slug}: shown {counts}, used by {expected[slug]}"


def test_archives_about_and_404_exist(seeds_site):
    archives = parse_html(seeds_site.read("archives/index.html"))
    for article in seed_articles(seeds_site):
        assert archives.find("a", href=abs_url(seeds_site, article))
    about = parse_html(seeds_site.read("about/index.html"))
    assert about.find("h1").text() == "About"
    assert about.find("div", cls="story-body").text()
    not_found = parse_html(seeds_site.read("404.html"))
    assert not_found.find("h1").text()
    assert not_found.find("a", href=f"{SITEURL}/"), "the 404 page links home absolutely"


def test_every_page_has_feed_autodiscovery(seeds_site):
    html_files = seeds_site.files(".html")
    assert len(html_files) > 10
    for path in html_files:
        doc = parse_html(path.read_text(encoding="utf-8"))
        atom = [link.attrs.get("href") for link in doc.find_all("link", rel="alternate", type="application/atom+xml")]
        assert f"{SITEURL}/feeds/all.atom.xml" in atom, f"{path.relative_to(seeds_site.output)}: no Atom autodiscovery"
        rss = [link.attrs.get("href") for link in doc.find_all("link", rel="alternate", type="application/rss+xml")]
        assert f"{SITEURL}/feeds/all.rss.xml" in rss, f"{path.relative_to(seeds_site.output)}: no RSS autodiscovery"
    assert (seeds_site.output / "feeds/all.atom.xml").is_file()
    assert (seeds_site.output / "feeds/all.rss.xml").is_file()


def test_tag_pages_carry_their_feed_links(seeds_site):
    """Tags of 2+ articles have feeds, linked from their page; a tag of one article has neither."""
    tag_pages = sorted((seeds_site.output / "tag").glob("*/index.html"))
    assert tag_pages
    sizes = {t.slug: len(arts) for t, arts in seeds_site.tags.items()}
    assert {n >= 2 for n in sizes.values()} == {True, False}, "the seeds have shared and single tags"
    for page in tag_pages:
        slug = page.parent.name
        doc = parse_html(page.read_text(encoding="utf-8"))
        for kind, ext in (("application/atom+xml", "atom"), ("application/rss+xml", "rss")):
            href = f"{SITEURL}/feeds/tag/{slug}.{ext}.xml"
            if sizes[slug] >= 2:
                assert doc.find("link", rel="alternate", type=kind, href=href), f"tag {slug}: no {ext} autodiscovery"
                assert doc.find("a", href=href), f"tag {slug}: no visible {ext} subscribe link"
                assert (seeds_site.output / f"feeds/tag/{slug}.{ext}.xml").is_file()
            else:
                assert not doc.find("a", href=href) and not doc.find("link", href=href), f"tag {slug}: dead link"
                assert not (seeds_site.output / f"feeds/tag/{slug}.{ext}.xml").exists()


# --- Feeds ---------------------------------------------------------------------------------------


def _check_entries(site, feed, articles, tag_name=None):
    assert sorted(e.title for e in feed.entries) == sorted(plain_title(a) for a in articles)
    by_link = {abs_url(site, a): a for a in articles}
    for entry in feed.entries:
        assert entry.link.startswith(site.siteurl + "/")
        assert entry.link in by_link, f"{entry.link} is not an article URL"
        assert entry.get("summary"), f"{entry.title}: no summary"
        assert entry.get("id")
        terms = {t.term for t in entry.get("tags", [])}
        expected = set(page_tags(site, by_link[entry.link]).values())
        assert expected <= terms, f"{entry.title}: categories {terms} lack tags {expected - terms}"
        if tag_name:
            assert tag_name in terms


def test_sitewide_feeds(seeds_site):
    articles = seeds_site.articles
    for rel in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        feed = feed_of(seeds_site, rel)
        _check_entries(seeds_site, feed, articles)
        assert feed.feed.link.startswith(SITEURL)


def test_tag_feeds(seeds_site):
    articles = seeds_site.articles
    tags = {a.url: page_tags(seeds_site, a) for a in articles}
    names = {slug: name for t in tags.values() for slug, name in t.items()}
    assert names
    for slug, name in names.items():
        carrying = [a for a in articles if slug in tags[a.url]]
        if len(carrying) < 2:
            continue  # a tag of one article has no feed (checked with the tag pages)
        for ext in ("atom", "rss"):
            feed = feed_of(seeds_site, f"feeds/tag/{slug}.{ext}.xml")
            _check_entries(seeds_site, feed, carrying, tag_name=name)


def _ids(site):
    ids = {}
    for path in site.files(".xml"):
        feed = feedparser.parse(path.read_bytes())
        ids[str(path.relative_to(site.output))] = sorted((e.link, e.id) for e in feed.entries)
    return ids


def test_feed_ids_identical_across_builds(seeds_site, seeds_site_again):
    first, second = _ids(seeds_site), _ids(seeds_site_again)
    assert first and set(first) == set(second)
    assert first == second
    for entries in first.values():
        ids = [i for _, i in entries]
        assert len(ids) == len(set(ids)), "ids are unique within a feed"
        assert all(not i.startswith("/") and ":" in i for i in ids), "ids are absolute"


def test_category_and_tag_feeds_live_in_separate_folders(seeds_site):
    out = seeds_site.output
    tag_feeds = {p.relative_to(out).as_posix() for p in (out / "feeds" / "tag").glob("*.xml")}
    category_feeds = {p.relative_to(out).as_posix() for p in (out / "feeds" / "category").glob("*.xml")}
    assert tag_feeds and category_feeds
    assert not tag_feeds & category_feeds
    for article in seed_articles(seeds_site):
        slug = article.category.slug
        feed = feed_of(seeds_site, f"feeds/category/{slug}.atom.xml")
        assert plain_title(article) in {e.title for e in feed.entries}
        doc = parse_html(seeds_site.read(f"category/{slug}/index.html"))
        hrefs = {link.attrs["href"] for link in doc.find_all("link", rel="alternate")}
        assert f"{SITEURL}/feeds/category/{slug}.atom.xml" in hrefs
        assert not any(h.startswith(f"{SITEURL}/feeds/tag/") for h in hrefs)


# --- Fixture corpus: escaping, bad input, Markdown ----------------------------------------------


def test_fixture_build_has_no_errors(fixture_site):
    assert fixture_site.errors() == []


def test_article_text_is_escaped(fixture_site):
    article = fixture_site.article_for("escape-test.txt")
    html = fixture_site.page_of(article)
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold" not in html
    assert "&amp;lt;" not in html, "escaped once, not twice"
    doc = parse_html(html)
    assert "<script>alert(1)</script>" in doc.find("div", cls="story-body").text(), "shown as text"
    assert "<b>bold</b>" in doc.find("h1").text()
    for path in fixture_site.files():
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            rel = path.relative_to(fixture_site.output).as_posix()
            # Only the search page runs a script, and only ours (Pagefind's UI).
            if rel == "search/index.html":
                assert "alert(1)" not in text and text.lower().count("<script") == 2
            else:
                assert "<script" not in text.lower(), f"{rel} has a script tag"
            assert "<b>bold" not in text, f"{path.relative_to(fixture_site.output)} has raw markup from an article"


def test_bad_input_does_not_crash_or_vanish(fixture_site):
    raw_files = sorted(p for p in fixture_site.raw_dir.glob("*.txt") if p.name not in NOTE_FILES)
    assert len(raw_files) >= 7
    urls = set()
    messages = [r.getMessage() for r in fixture_site.warnings()]
    skipped = {Path(m.split(":")[0]).name for m in messages if ": skipped:" in m}
    assert skipped == {"empty-test.txt"}, "an empty file is skipped, with a warning naming it"
    for path in raw_files:
        if path.name in skipped:
            continue
        article = fixture_site.article_for(path.name)
        assert (fixture_site.output / article.save_as).is_file(), f"{path.name}: no article page"
        urls.add(article.url)
    assert len(urls) == len(raw_files) - len(skipped), "every other file has its own URL"


def test_corpus_notes_are_not_articles(fixture_site):
    sources = {Path(a.source_path).name for a in fixture_site.articles}
    assert not sources & set(NOTE_FILES)
    assert not any("research use" in p.read_text() for p in fixture_site.output.rglob("*.html"))


def test_duplicate_titles_get_distinct_urls(fixture_site):
    a, b = (fixture_site.article_for(name) for name in ("duplicate-a.txt", "duplicate-b.txt"))
    assert plain_title(a) == plain_title(b)
    assert a.url != b.url and a.save_as != b.save_as
    for article in (a, b):
        body = parse_html(fixture_site.page_of(article)).find("div", cls="story-body").text()
        expected = raw_of(fixture_site.raw_dir / Path(article.source_path).name).paragraphs[0]
        assert expected in body, "each URL shows its own story"


def _warnings_naming(site, name):
    return [r.getMessage() for r in site.warnings() if name in r.getMessage()]


def test_bad_files_are_reported(fixture_site):
    latin1 = _warnings_naming(fixture_site, "latin1-test.txt")
    assert any("UTF-8" in m for m in latin1), latin1
    assert _warnings_naming(fixture_site, "empty-test.txt")


def test_latin1_file_is_decoded(fixture_site):
    article = fixture_site.article_for("latin1-test.txt")
    doc = parse_html(fixture_site.page_of(article))
    assert doc.find("h1").text().startswith("Café ")
    assert "cafés" in doc.find("div", cls="story-body").text()
    assert "\ufffd" not in fixture_site.page_of(article)


def test_every_article_has_a_visible_title(fixture_site):
    doc = parse_html(fixture_site.read("index.html"))
    links = [a for card in doc.find_all("article", cls="card") for a in article_links(card)]
    assert len(links) == len(fixture_site.articles)
    empty = [a.attrs["href"] for a in links if not a.text()]
    assert not empty, f"articles listed with an empty link text: {empty}"
    for article in fixture_site.articles:
        h1 = parse_html(fixture_site.page_of(article)).find("h1")
        assert h1 is not None and h1.text(), f"{Path(article.source_path).name}: article page has an empty <h1>"


def test_markdown_hand_written_tags_are_kept(fixture_site):
    article = fixture_site.article_for("tagged.md")
    tags = page_tags(fixture_site, article)
    assert sorted(tags.values()) == ["Alpha", "Beta"]
    for slug in tags:
        doc = parse_html(fixture_site.read(f"tag/{slug}/index.html"))
        assert doc.find("a", href=abs_url(fixture_site, article))


def test_markdown_without_tags_or_summary_gets_them(fixture_site):
    article = fixture_site.article_for("untagged.md")
    source = (fixture_site.project / "content" / "articles" / "untagged.md").read_text(encoding="utf-8")
    body = source.split("\n\n", 1)[1]
    assert "Tags:" not in source and "Summary:" not in source
    assert page_tags(fixture_site, article), "the plugin tags hand-written articles"
    doc = parse_html(fixture_site.page_of(article))
    summary = doc.find("aside", cls="summary")
    assert summary is not None
    text = " ".join(p.text() for p in summary.find_all("p"))
    sentences = [s for para in body.split("\n\n") for s in split_sentences(para)]
    assert text and compose(text, sentences), f"summary is not whole sentences of the article: {text!r}"
    assert norm(text) != norm(body), "a summary, not the whole text"


def test_fixture_build_keeps_site_pages(fixture_site):
    assert (fixture_site.output / "about/index.html").is_file()
    assert (fixture_site.output / "404.html").is_file()
    # The content copy came from the repo, not from somewhere else.
    copied = fixture_site.project / "content/pages/about.md"
    assert copied.read_bytes() == (ROOT / "content/pages/about.md").read_bytes()


# --- Header metadata with characters HTML cares about ---------------------------------------------

HEADER_FILE = "header-test.txt"


def test_header_metadata_shown_escaped_exactly_once(fixture_site):
    raw = raw_of(fixture_site.raw_dir / HEADER_FILE)
    article = fixture_site.article_for(HEADER_FILE)
    html = fixture_site.page_of(article)
    assert "&amp;amp;" not in html and "&amp;#" not in html and "&amp;lt;" not in html, "escaped twice"
    doc = parse_html(html)
    header = doc.find("header", cls="story-header")
    assert header.find("h1").text() == raw.title
    assert raw.author in header.text()
    assert raw.source in header.text()
    assert doc.find("a", href=raw.url), "the source link points at the original URL"
    assert doc.find("time").attrs["datetime"].startswith(raw.date), "the Date header is the article date"


def test_header_tags_kept_exactly(fixture_site):
    raw = raw_of(fixture_site.raw_dir / HEADER_FILE)
    expected = sorted(t.strip() for t in raw.tags.split(","))
    article = fixture_site.article_for(HEADER_FILE)
    assert sorted(page_tags(fixture_site, article).values()) == expected


def test_feed_metadata_not_escaped_twice(fixture_site):
    raw = raw_of(fixture_site.raw_dir / HEADER_FILE)
    article = fixture_site.article_for(HEADER_FILE)
    expected_tags = {t.strip() for t in raw.tags.split(",")}
    for rel in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        feed = feed_of(fixture_site, rel)
        entry = next(e for e in feed.entries if e.link == abs_url(fixture_site, article))
        assert entry.title == raw.title
        assert entry.get("author") == raw.author, f"{rel}: author {entry.get('author')!r}"
        terms = {t.term for t in entry.tags}
        assert expected_tags <= terms, f"{rel}: categories {terms}"


def test_undated_articles_are_one_warning_not_one_each(seeds_site):
    undated = [r.getMessage() for r in seeds_site.warnings() if "no date" in r.getMessage()]
    assert len(undated) == 1, undated
    assert "2 of 2 articles" in undated[0] and all(s.name in undated[0] for s in SEEDS)


def test_nav_marks_the_current_section(seeds_site):
    for path, label in (("index.html", "Home"), ("tags/index.html", "Tags"), ("archives/index.html", "Archives"),
                        ("search/index.html", "Search")):
        nav = parse_html(seeds_site.read(path)).find("nav", cls="site-nav")
        current = [a.text() for a in nav.find_all("a") if a.attrs.get("aria-current") == "page"]
        assert current == [label], (path, current)
