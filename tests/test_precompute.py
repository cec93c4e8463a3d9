"""Units for generator/site/precompute.py: the same pages and URLs as Pelican's own code, computed once."""

import datetime

from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

from generator.site import precompute


def _settings():
    return {**DEFAULT_CONFIG, "ARTICLE_URL": "{date:%Y}/{date:%m}/{slug}/",
            "ARTICLE_SAVE_AS": "{date:%Y}/{date:%m}/{slug}/index.html"}


def _article(slug, day, tags, settings, category="News", author="Ann"):
    metadata = {"title": slug, "slug": slug, "date": datetime.datetime(2024, 3, day),
                "tags": [Tag(t, settings) for t in tags], "category": Category(category, settings),
                "author": Author(author, settings)}
    return Article("<p>x</p>", metadata=metadata, settings=settings, source_path=f"/c/{slug}.txt")


class _Generator:
    """What Pelican's taxonomy page writers read of an ArticlesGenerator."""

    def __init__(self, articles, settings):
        self.settings, self.context = settings, {}
        self.articles = articles
        self.dates = sorted(articles, key=lambda a: a.date, reverse=True)
        self.tags, cats, auths = {}, {}, {}
        for article in articles:  # a tag's list in the articles' order, as Pelican builds it
            for tag in article.tags:
                self.tags.setdefault(tag, []).append(article)
            cats.setdefault(article.category, []).append(article)
            auths.setdefault(article.author, []).append(article)
        self.categories, self.authors = list(cats.items()), list(auths.items())

    def get_template(self, name):
        return f"template:{name}"


def _calls(method, generator):
    calls = []
    method(generator, lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


def test_taxonomy_pages_written_with_the_same_arguments_as_pelicans():
    settings = _settings()
    articles = [_article(f"a{i}", 1 + (i * 7) % 28, [f"t{i % 3}", f"t{i % 5}", "all"], settings,
                         category=f"c{i % 2}", author=f"w{i % 4}") for i in range(30)]
    generator = _Generator(articles, settings)
    for ours, pelicans in ((precompute._generate_tags, ArticlesGenerator.generate_tags),
                           (precompute._generate_categories, ArticlesGenerator.generate_categories),
                           (precompute._generate_authors, ArticlesGenerator.generate_authors)):
        expected = _calls(pelicans, generator)
        assert len(expected) > 1
        assert _calls(ours, generator) == expected
    dates = {args[0]: kwargs["dates"] for args, kwargs in _calls(precompute._generate_tags, generator)}
    assert [a.slug for a in dates["tag/all.html"]] == [a.slug for a in generator.dates], "newest first, all of them"


def test_in_date_order_keeps_each_item_once_and_skips_unknown_ones():
    a, b, c, stranger = object(), object(), object(), object()
    position = {id(a): 0, id(b): 1, id(c): 2}
    assert precompute.in_date_order([c, a, stranger, c, b], position) == [a, b, c]


def test_index_taxonomy_pages_replaces_the_generators_writers_only():
    generator = _Generator([], _settings())
    precompute.index_taxonomy_pages(generator)
    assert generator.generate_tags.__func__ is precompute._generate_tags
    assert generator.generate_authors.__func__ is precompute._generate_authors
    assert not hasattr(ArticlesGenerator.generate_tags, "__func__"), "the class is left as Pelican made it"


def test_freeze_urls_keeps_the_computed_url_and_an_explicit_override():
    settings = _settings()
    plain = _article("plain", 3, [], settings)
    fixed = _article("fixed", 4, [], settings)
    fixed.override_url = "elsewhere/"

    class Gen:
        articles, translations, pages = [plain], [fixed], []

    precompute.freeze_urls([Gen()])
    assert plain.url == plain.override_url == "2024/03/plain/"
    assert fixed.url == "elsewhere/"
    plain.metadata["slug"] = plain.slug = "renamed"  # nothing renames after this point; if it did, the URL stays
    assert plain.url == "2024/03/plain/"
    assert not hasattr(plain, "override_save_as"), "save_as stays computed: Pelican reads it as 'may overwrite'"


def test_period_archives_as_pelicans():
    settings = {**_settings(), "MONTH_ARCHIVE_SAVE_AS": "archives/{date:%Y}/{date:%m}/index.html",
                "YEAR_ARCHIVE_SAVE_AS": "archives/{date:%Y}/index.html"}
    articles = [_article(f"a{i}", 1 + i % 28, [], settings) for i in range(40)]
    for i, article in enumerate(articles):  # three months, out of order
        article.date = article.date.replace(month=1 + (i * 5) % 3)
    generator = _Generator(articles, settings)
    ours = precompute._build_period_archives(generator, generator.dates, articles, settings)
    pelicans = ArticlesGenerator._build_period_archives(generator, generator.dates, articles, settings)
    assert ours == pelicans
    assert sorted(len(a["articles"]) for a in ours["month"]) == [13, 13, 14]


def test_feed_entries_are_the_same_when_made_once_per_article(tmp_path):
    from feedgenerator import Atom1Feed, Rss201rev2Feed

    from generator.site.writer import DigestWriter

    settings = {**_settings(), "SITEURL": "https://news.example", "FEED_DOMAIN": "https://news.example"}
    articles = [_article(f"a{i}", 1 + i, ["x"], settings) for i in range(3)]

    def entries(writer, feed_class):
        writer.site_url = "https://news.example"
        feed = feed_class(title="t", link="https://news.example/", description="")
        for article in articles:
            writer._add_item_to_the_feed(feed, article)
        return feed.items

    shared = DigestWriter(str(tmp_path), settings)
    for feed_class in (Atom1Feed, Rss201rev2Feed):
        first, again = entries(shared, feed_class), entries(shared, feed_class)
        fresh = entries(DigestWriter(str(tmp_path), settings), feed_class)
        assert first == again == fresh
        assert again[0] is not first[0], "each feed gets its own entry dicts"
    assert entries(shared, Atom1Feed)[0]["content"] != entries(shared, Rss201rev2Feed)[0]["content"]


def test_an_unhashable_feed_item_is_written_all_the_same(tmp_path):
    from dataclasses import dataclass

    from feedgenerator import Atom1Feed

    from generator.site.writer import DigestWriter

    @dataclass
    class Item:  # eq=True without frozen: unhashable
        title: str
        url: str
        date: datetime.datetime
        summary: str

        def get_content(self, siteurl):
            return "<p>body</p>"

    writer = DigestWriter(str(tmp_path), _settings())
    writer.site_url = "https://news.example"
    feed = Atom1Feed(title="t", link="https://news.example/", description="")
    item = Item("Hello", "x/", datetime.datetime(2024, 3, 1), "<p>s</p>")
    writer._add_item_to_the_feed(feed, item)
    writer._add_item_to_the_feed(feed, item)
    assert [e["title"] for e in feed.items] == ["Hello", "Hello"]
    assert feed.items[0]["author_name"] == _settings()["SITENAME"]
