"""Editions (a page per day and per ISO week, their feed and newsletter) and publishing hygiene
(sitemap.xml, robots.txt, social cards), on real builds of a small dated corpus.

The corpus spans three days in two ISO weeks (2024-W10: Tuesday 5 and Thursday 7 March;
2024-W11: Tuesday 12 March) plus two undated articles. Every article has a ``Tags`` header,
so the ranking (more sources, then stronger tags: a tag held by more articles weighs more,
then newest) is known in advance.
"""

import datetime
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import feedparser
import pytest
from helpers import ROOT, SUBPATH_SITEURL, build_site, parse_html
from markupsafe import Markup
from pelican import signals

from generator.corpus import editions as pure
from generator.site import editions as glue
from generator.site import sitemap
from generator.site.settings import OPTIONS

SCRIPT_TITLE = "<script>alert(1)</script> Mayor's \"big\" plan & more"

# name -> (title, Date header or None, source, tags)
ARTICLES = {
    "a1": ("Harbour ferry terminal approved", "2024-03-05", "Valley Gazette", "Port Elliot, Ferries"),
    "a2": ("Library opens a new wing", "2024-03-05", "Evening Post", "Library"),
    "a3": ("Council votes on the harbour budget", "2024-03-05", "Valley Gazette", "Port Elliot, Council"),
    "b1": ("Ferry timetable published", "2024-03-07", "Evening Post", "Ferries, Port Elliot"),
    "b2": ("Bakery wins a national award", "2024-03-07", "Valley Gazette", "Bakery"),
    "c1": ("Storm closes the harbour", "2024-03-12 08:00", "Evening Post", "Port Elliot, Weather"),
    "c2": ("School concert raises funds", "2024-03-12", "Valley Gazette", "School"),
    "x1": (SCRIPT_TITLE, "2024-03-12 07:00", "Valley Gazette", "Town Hall"),
    "u1": ("Garden club meets again", None, "Evening Post", "Gardens"),
    "u2": ("Choir looks for new voices", None, "Evening Post", "Choir"),
}
DAYS = {
    "2024-03-05": ["a1", "a3", "a2"],  # Port Elliot + Ferries, Port Elliot + Council, Library
    "2024-03-07": ["b1", "b2"],
    "2024-03-12": ["c1", "x1", "c2"],  # x1 and c2 weigh nothing: the newer (07:00) first
}
WEEKS = {
    "2024-W10": ["b1", "a1", "a3", "b2", "a2"],  # b1 and a1 weigh the same: the newer first
    "2024-W11": ["c1", "x1", "c2"],
}
ADDED = ("d1", ("Ferries to run every hour", "2024-03-07 18:00", "Harbour Radio", "Ferries"))

BODY = (
    "{title} was the main news in the town on the day, and people talked about it in the shops.\n\n"
    "Officials said more details would follow later in the week, after a meeting with residents.\n\n"
    "Residents who spoke to reporters said they were glad of the news but wanted to know the cost.\n"
)


def write_article(folder, name, spec):
    title, date, source, tags = spec
    header = [f"Title: {title}"] + ([f"Date: {date}"] if date else []) + [f"Source: {source}", f"Tags: {tags}"]
    text = "\n".join(header) + "\n\n" + BODY.format(title=title.replace("<", "").replace(">", ""))
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def make_corpus(folder, extra=()):
    folder.mkdir(parents=True)
    for name, spec in [*ARTICLES.items(), *extra]:
        write_article(folder, name, spec)
    return folder


# The fixture's articles share one body, so stories (when the plugin has them) would group them:
# these builds list single articles; the story path is checked on the glue below.
NO_STORIES = {"DIGEST_STORIES": False} if "DIGEST_STORIES" in OPTIONS else {}


def build(base, raw, siteurl=SUBPATH_SITEURL, cache=None, **extra):
    site = build_site(base / "out", siteurl, path=ROOT, cache=cache or base / "cache",
                      DIGEST_SOURCES=[str(raw)], DIGEST_SEARCH=False, **{**NO_STORIES, **extra})
    site.raw_dir = raw
    return site


@pytest.fixture(scope="module")
def ed_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("editions-cache")


@pytest.fixture(scope="module")
def ed_site(tmp_path_factory, ed_cache):
    base = tmp_path_factory.mktemp("editions")
    return build(base, make_corpus(base / "raw"), cache=ed_cache)


@pytest.fixture(scope="module")
def ed_site_again(tmp_path_factory, ed_cache):
    """The same corpus built again into a fresh folder (another day, another machine)."""
    base = tmp_path_factory.mktemp("editions-again")
    return build(base, make_corpus(base / "raw"), cache=ed_cache)


@pytest.fixture(scope="module")
def ed_site_changed(tmp_path_factory, ed_cache):
    """The same corpus with one more article on 2024-03-07, in the evening."""
    base = tmp_path_factory.mktemp("editions-changed")
    return build(base, make_corpus(base / "raw", extra=[ADDED]), cache=ed_cache)


# --- helpers -------------------------------------------------------------------------------------


def title_of(name):
    return ARTICLES[name][0]


def article_url(site, name):
    return f"{site.siteurl}/{site.article_for(name + '.txt').url}"


def edition_doc(site, key):
    return parse_html(site.read(f"editions/{key}/index.html"))


def item_titles(doc):
    items = doc.find("ol", cls="edition-items")
    return [li.find("h2").text() for li in items.find_all("li") if li.find("h2") is not None]


def item_links(doc):
    return [li.find("h2").find("a").attrs["href"] for li in doc.find("ol", cls="edition-items").find_all("li")
            if li.find("h2") is not None]


def feed(site, name="editions.atom.xml"):
    parsed = feedparser.parse(site.read(f"feeds/{name}").encode())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def entries_by_link(parsed):
    return {e.link: e for e in parsed.entries}


# --- Editions pages --------------------------------------------------------------------------------


def test_build_has_no_errors(ed_site):
    assert not ed_site.errors(), [r.getMessage() for r in ed_site.errors()]


@pytest.mark.parametrize(("key", "names"), list(DAYS.items()) + list(WEEKS.items()))
def test_each_edition_lists_its_items_in_rank_order(ed_site, key, names):
    doc = edition_doc(ed_site, key)
    assert item_titles(doc) == [title_of(n) for n in names]
    assert item_links(doc) == [article_url(ed_site, n) for n in names]


def test_an_item_has_its_summary_and_tags(ed_site):
    doc = edition_doc(ed_site, "2024-03-05")
    first = doc.find("ol", cls="edition-items").find("li")
    assert first.find("div", cls="card-summary").text()
    assert [a.text() for a in first.find_all("a", cls="tag")] == ["Port Elliot", "Ferries"]
    assert "Valley Gazette" in first.find("p", cls="meta").text()


def test_daily_and_weekly_editions_link_previous_and_next(ed_site):
    def neighbours(key):
        nav = edition_doc(ed_site, key).find("nav", cls="prev-next")
        if nav is None:
            return None, None
        prev, nxt = nav.find("a", rel="prev"), nav.find("a", rel="next")
        return (prev.attrs["href"] if prev else None), (nxt.attrs["href"] if nxt else None)

    def url(key):
        return f"{ed_site.siteurl}/editions/{key}/"

    assert neighbours("2024-03-05") == (None, url("2024-03-07"))
    assert neighbours("2024-03-07") == (url("2024-03-05"), url("2024-03-12"))
    assert neighbours("2024-03-12") == (url("2024-03-07"), None)
    assert neighbours("2024-W10") == (None, url("2024-W11"))
    assert neighbours("2024-W11") == (url("2024-W10"), None)
    week = edition_doc(ed_site, "2024-W10").find("section", cls="edition-days")
    assert [a.attrs["href"] for a in week.find_all("a")] == [url("2024-03-05"), url("2024-03-07")]


def test_only_dated_periods_have_editions(ed_site):
    made = sorted(p.name for p in (ed_site.output / "editions").iterdir() if p.is_dir())
    assert made == sorted([*DAYS, *WEEKS])


def test_undated_articles_get_no_edition_and_the_index_says_how_many(ed_site):
    undated = {title_of("u1"), title_of("u2")}
    for page in (ed_site.output / "editions").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not any(t in text for t in undated), page
    index = parse_html(ed_site.read("editions/index.html"))
    assert index.find("p", cls="editions-undated").text().startswith("2 undated articles are left out")
    links = [a.attrs["href"] for a in index.find_all("a")]
    for key in [*DAYS, *WEEKS]:
        assert f"{ed_site.siteurl}/editions/{key}/" in links


def test_front_page_and_nav_link_the_latest_edition(ed_site):
    doc = parse_html(ed_site.read("index.html"))
    link = doc.find("p", cls="edition-link").find("a")
    assert link.attrs["href"] == f"{ed_site.siteurl}/editions/2024-03-12/"
    nav = doc.find("nav", cls="site-nav")
    assert f"{ed_site.siteurl}/editions/" in [a.attrs["href"] for a in nav.find_all("a")]
    index_nav = parse_html(ed_site.read("editions/index.html")).find("nav", cls="site-nav")
    assert [a.text() for a in index_nav.find_all("a") if a.attrs.get("aria-current") == "page"] == ["Editions"]


def test_escaped_title_in_editions(ed_site):
    for rel in ("editions/2024-03-12/index.html", "editions/2024-03-12/email.html", "feeds/editions.atom.xml"):
        assert "<script>alert" not in ed_site.read(rel), rel
    assert item_titles(edition_doc(ed_site, "2024-03-12"))[1] == SCRIPT_TITLE


# --- Editions feed -------------------------------------------------------------------------------


def test_editions_feed_has_one_entry_per_day_with_the_whole_digest(ed_site):
    for name in ("editions.atom.xml", "editions.rss.xml"):
        parsed = feed(ed_site, name)
        by_link = entries_by_link(parsed)
        assert set(by_link) == {f"{ed_site.siteurl}/editions/{d}/" for d in DAYS}, name
        assert [e.link for e in parsed.entries] == [f"{ed_site.siteurl}/editions/{d}/" for d in sorted(DAYS)[::-1]]
        for day, names in DAYS.items():
            entry = by_link[f"{ed_site.siteurl}/editions/{day}/"]
            html = entry.content[0].value if name.endswith("atom.xml") else entry.description
            doc = parse_html(html)
            titles = [h.text() for h in doc.find_all("h2")]
            assert titles == [title_of(n) for n in names], (name, day)
            assert "<script" not in html
            hrefs = [a.attrs["href"] for a in doc.find_all("a")]
            assert hrefs and all(h.startswith(ed_site.siteurl + "/") for h in hrefs)


def test_editions_feed_ids_and_dates_are_stable_across_builds(ed_site, ed_site_again):
    first, second = feed(ed_site), feed(ed_site_again)
    assert [(e.id, e.updated, e.published) for e in first.entries] == [
        (e.id, e.updated, e.published) for e in second.entries]
    assert first.feed.updated == second.feed.updated
    entry = entries_by_link(first)[f"{ed_site.siteurl}/editions/2024-03-05/"]
    assert entry.id == "tag:example.org,2024-03-05:/repo/editions/2024-03-05/"
    # updated: the newest article shown that day, never the build time
    assert entry.updated_parsed[:6] == (2024, 3, 5, 0, 0, 0)
    last = entries_by_link(first)[f"{ed_site.siteurl}/editions/2024-03-12/"]
    assert last.updated_parsed[:6] == (2024, 3, 12, 8, 0, 0)
    assert ed_site.read("feeds/editions.atom.xml") == ed_site_again.read("feeds/editions.atom.xml")


def test_a_changed_day_changes_only_its_entry(ed_site, ed_site_changed):
    before, after = entries_by_link(feed(ed_site)), entries_by_link(feed(ed_site_changed))
    assert set(before) == set(after)
    changed = f"{ed_site.siteurl}/editions/2024-03-07/"
    for link in before:
        assert before[link].id == after[link].id
        if link == changed:
            assert after[link].updated_parsed[:6] == (2024, 3, 7, 18, 0, 0)
            assert before[link].updated != after[link].updated
            assert ADDED[1][0] in after[link].content[0].value
        else:
            assert before[link].updated == after[link].updated, link
            assert before[link].content[0].value == after[link].content[0].value


# --- Newsletter rendering --------------------------------------------------------------------------


@pytest.mark.parametrize("day", list(DAYS))
def test_email_html_is_self_contained_and_inline_styled(ed_site, day):
    html = ed_site.read(f"editions/{day}/email.html")
    doc = parse_html(html)
    assert "<script" not in html.lower() and "<style" not in html.lower()
    assert not doc.find_all("link") and not doc.find_all("img") and not doc.find_all("iframe")
    urls = [(e.tag, a, e.attrs[a]) for e in doc.iter() for a in ("src", "href", "action", "background", "srcset")
            if a in e.attrs]
    assert urls and all(a == "href" and v.startswith(ed_site.siteurl + "/") for _, a, v in urls), urls
    assert not [e.tag for e in doc.iter() if "class" in e.attrs or "id" in e.attrs]  # nothing for a stylesheet
    tables = doc.find_all("table")
    assert tables and all(t.attrs.get("role") == "presentation" and "style" in t.attrs for t in tables)
    assert any("max-width:600px" in t.attrs["style"] for t in tables)
    assert all("style" in td.attrs for td in doc.find_all("td"))
    assert f"{ed_site.siteurl}/editions/{day}/" in [e.attrs.get("href") for e in doc.find_all("a")]
    titles = [h.text() for h in doc.find_all("h2")]
    assert titles == [title_of(n) for n in DAYS[day]]


@pytest.mark.parametrize("day", list(DAYS))
def test_email_txt_lists_the_same_items(ed_site, day):
    text = ed_site.read(f"editions/{day}/email.txt")
    lines = text.splitlines()
    numbered = [line.split(". ", 1)[1] for line in lines if line[:1].isdigit() and ". " in line]
    assert numbered == [title_of(n) for n in DAYS[day]]
    for name in DAYS[day]:
        assert article_url(ed_site, name) in text
    assert "<p>" not in text and "&amp;" not in text


def test_weekly_editions_have_no_newsletter_when_daily_ones_exist(ed_site):
    assert not (ed_site.output / "editions" / "2024-W10" / "email.html").exists()


# --- Sitemap and robots.txt -----------------------------------------------------------------------


def sitemap_entries(site):
    root = ET.fromstring(site.read("sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {u.find("s:loc", ns).text: u.find("s:lastmod", ns).text for u in root.findall("s:url", ns)}


def html_page_urls(site):
    urls = set()
    for path in site.files(".html"):
        rel = path.relative_to(site.output).as_posix()
        if rel == "404.html" or rel.endswith("/email.html") or rel.startswith("pagefind/"):
            continue
        urls.add(f"{site.siteurl}/{rel.removesuffix('index.html')}")
    return urls


def test_sitemap_lists_every_page_with_absolute_urls(ed_site):
    entries = sitemap_entries(ed_site)
    assert set(entries) == html_page_urls(ed_site)
    assert all(loc.startswith(SUBPATH_SITEURL + "/") for loc in entries)
    assert f"{SUBPATH_SITEURL}/" in entries and f"{SUBPATH_SITEURL}/editions/2024-W10/" in entries
    for lastmod in entries.values():
        datetime.datetime.fromisoformat(lastmod)


def test_sitemap_lastmod_comes_from_the_content(ed_site, ed_site_again):
    entries = sitemap_entries(ed_site)
    assert entries[article_url(ed_site, "c1")] == "2024-03-12T08:00:00+00:00"
    assert entries[f"{SUBPATH_SITEURL}/editions/2024-03-05/"] == "2024-03-05T00:00:00+00:00"
    assert entries[f"{SUBPATH_SITEURL}/editions/2024-W11/"] == "2024-03-12T08:00:00+00:00"
    assert entries[f"{SUBPATH_SITEURL}/"] == "2024-03-12T08:00:00+00:00"
    assert ed_site.read("sitemap.xml") == ed_site_again.read("sitemap.xml")


def test_robots_txt_names_the_sitemap(ed_site):
    lines = ed_site.read("robots.txt").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SUBPATH_SITEURL}/sitemap.xml" in lines


def test_sitemap_splits_past_the_limit(tmp_path, monkeypatch):
    out = tmp_path / "out"
    for i in range(5):
        (out / f"p{i}").mkdir(parents=True)
        (out / f"p{i}" / "index.html").write_text("<!doctype html>", encoding="utf-8")
    monkeypatch.setattr(sitemap, "MAX_URLS", 2)
    files = sitemap.write_files(str(out), "https://x.org/a&b", {})
    assert files == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "robots.txt"]
    root = ET.fromstring((out / "sitemap.xml").read_text(encoding="utf-8"))
    assert root.tag.endswith("sitemapindex") and len(root) == 3
    locs = [u[0].text for f in files[1:4] for u in ET.fromstring((out / f).read_text(encoding="utf-8"))]
    assert locs == [f"https://x.org/a&b/p{i}/" for i in range(5)]  # & escaped in the XML, back on parsing


# --- Social cards ------------------------------------------------------------------------------------


def meta(doc, prop):
    found = [e.attrs.get("content") for e in doc.find_all("meta")
             if e.attrs.get("property") == prop or e.attrs.get("name") == prop]
    assert len(found) <= 1, prop
    return found[0] if found else None


def test_article_pages_have_social_cards(ed_site):
    article = ed_site.article_for("c1.txt")
    doc = parse_html(ed_site.page_of(article))
    assert meta(doc, "og:title") == title_of("c1")
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:url") == f"{SUBPATH_SITEURL}/{article.url}"
    assert meta(doc, "og:site_name") == "News Digest"
    assert meta(doc, "og:description") == Markup(article.summary).striptags()[:300].strip()
    assert meta(doc, "article:published_time") == "2024-03-12T08:00:00+00:00"
    assert meta(doc, "twitter:card") == "summary"
    undated = parse_html(ed_site.page_of(ed_site.article_for("u1.txt")))
    assert meta(undated, "article:published_time") is None and meta(undated, "og:title") == title_of("u1")


def test_social_cards_are_escaped(ed_site):
    html = ed_site.page_of(ed_site.article_for("x1.txt"))
    head = html.split("</head>")[0]
    assert "<script>alert" not in head and "<script" not in head.split('property="og:title"')[1].split(">")[0]
    doc = parse_html(html)
    assert meta(doc, "og:title") == SCRIPT_TITLE
    assert 'content="&lt;script&gt;alert(1)&lt;/script&gt; Mayor&#39;s &#34;big&#34; plan &amp; more"' in head


def test_local_build_uses_absolute_preview_urls(tmp_path, ed_cache):
    site = build(tmp_path, make_corpus(tmp_path / "raw"), siteurl="", cache=ed_cache, DIGEST_EDITIONS="weekly")
    local = "http://127.0.0.1:8000"
    doc = parse_html(site.page_of(site.article_for("c1.txt")))
    assert meta(doc, "og:url") == f"{local}/{site.article_for('c1.txt').url}"
    assert all(loc.startswith(local + "/") for loc in ET.fromstring(site.read("sitemap.xml")).itertext()
               if loc.startswith("http"))
    assert f"Sitemap: {local}/sitemap.xml" in site.read("robots.txt")
    # weekly only: no daily pages; the newsletter and the feed follow the weekly editions
    assert sorted(p.name for p in (site.output / "editions").iterdir() if p.is_dir()) == sorted(WEEKS)
    email = parse_html(site.read("editions/2024-W10/email.html"))
    assert all(a.attrs["href"].startswith(local + "/") for a in email.find_all("a"))
    parsed = feedparser.parse(site.read("feeds/editions.atom.xml").encode())
    assert not parsed.bozo
    assert [e.link for e in parsed.entries] == [f"{local}/editions/{w}/" for w in sorted(WEEKS)[::-1]]


def test_editions_off(tmp_path, ed_cache):
    site = build(tmp_path, make_corpus(tmp_path / "raw"), cache=ed_cache, DIGEST_EDITIONS=False)
    assert not (site.output / "editions").exists() and not (site.output / "feeds" / "editions.atom.xml").exists()
    doc = parse_html(site.read("index.html"))
    assert doc.find("p", cls="edition-link") is None
    assert "Editions" not in [a.text() for a in doc.find("nav", cls="site-nav").find_all("a")]
    assert set(sitemap_entries(site)) == html_page_urls(site)


# --- Pure grouping and ranking; the glue with stories ------------------------------------------------


def at(day, hour=0):
    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


def test_iso_weeks_cross_years():
    assert pure.week_key(datetime.date(2024, 12, 30)) == "2025-W01"
    assert pure.period_of(pure.WEEK, datetime.date(2021, 1, 3)) == (
        "2020-W53", datetime.date(2020, 12, 28), datetime.date(2021, 1, 3))
    new_year = glue.span_label(datetime.date(2024, 12, 30), datetime.date(2025, 1, 5))
    assert new_year == "30 December 2024 – 5 January 2025"
    assert glue.span_label(datetime.date(2024, 2, 26), datetime.date(2024, 3, 3)) == "26 February – 3 March 2024"
    assert glue.day_label(datetime.date(2024, 3, 5)) == "Tuesday 5 March 2024"


def test_rank_sources_then_tags_then_newest_and_cut():
    items = [
        pure.Item("a", "A", (at("2024-03-05", 9),), sources=1, tags=("big",)),
        pure.Item("b", "B", (at("2024-03-05", 8),), sources=3, tags=()),
        pure.Item("c", "C", (at("2024-03-05", 10),), sources=1, tags=()),
        pure.Item("d", "D", (at("2024-03-05", 7),), sources=1, tags=("big",)),
    ]
    weights = pure.tag_weights([["big"], ["big"], ["small"]])
    (day,) = pure.editions(items, pure.DAY, size=3, weights=weights)
    assert [e.item.key for e in day.entries] == ["b", "a", "d"]
    assert (day.total, day.articles) == (4, 4)
    assert day.updated == at("2024-03-05", 9)  # the newest *shown* article


def test_a_story_is_listed_once_per_period_with_its_source_count():
    tag = SimpleNamespace(slug="ferries", url="tag/ferries/", name="Ferries")

    def article(url, when, source, story=None):
        return SimpleNamespace(url=url, title=url, date=when, source=source, summary="<p>s</p>", tags=[tag],
                               story=story, date_estimated=False)

    story = SimpleNamespace(title="Ferry strike", url="stories/ferry-strike/", summary="<p>Story</p>", tags=[tag],
                            articles=[], date=at("2024-03-06"))
    reports = [article("a/", at("2024-03-05", 9), "Gazette", story), article("b/", at("2024-03-05", 11), "Post", story),
               article("c/", at("2024-03-06", 8), "Post", story)]
    story.articles = reports
    single = article("d/", at("2024-03-05", 12), "Gazette")
    undated = article("e/", at("2000-01-01"), "Post")
    undated.date_estimated = True
    context = glue.build([single, *reports, undated], {"DIGEST_EDITIONS": "both", "TIMEZONE": "UTC"})
    day = {e.key: e for e in context["daily_editions"]}["2024-03-05"]
    assert [i.url for i in day.items] == ["stories/ferry-strike/", "d/"]
    assert day.items[0].story is story and day.items[0].sources == 2
    assert [a.url for a in day.items[0].articles] == ["b/", "a/"]  # its reports of that day, newest first
    assert day.updated == at("2024-03-05", 12)
    week = context["weekly_editions"][0]
    assert [i.url for i in week.items] == ["stories/ferry-strike/", "d/"] and week.days[0] is day
    assert context["editions_undated"] == 1
    assert context["latest_edition"].key == "2024-03-06"
    small = glue.build([single, *reports], {"DIGEST_EDITIONS": "daily", "DIGEST_EDITION_SIZE": 1})
    day = small["daily_editions"][-1]
    assert [i.url for i in day.items] == ["stories/ferry-strike/"] and (day.total, day.more) == (2, 1)
    assert day.updated == at("2024-03-05", 11) and small["weekly_editions"] == []


def test_another_theme_gets_the_context_and_a_warning(tmp_path, ed_cache):
    """Pelican's own simple theme has no edition templates: no pages, but no failure, and the sitemap is there."""
    seen = {}

    def grab(path, context):  # what every page's template sees
        seen.update({k: context.get(k) for k in ("editions", "latest_edition", "editions_undated")})

    signals.content_written.connect(grab)
    try:
        site = build(tmp_path, make_corpus(tmp_path / "raw"), cache=ed_cache, THEME="simple", PAGE_PATHS=[])
    finally:
        signals.content_written.disconnect(grab)
    assert not site.errors()
    assert any("no edition.html template" in r.getMessage() for r in site.warnings())
    assert not (site.output / "editions").exists() and not (site.output / "feeds" / "editions.atom.xml").exists()
    assert [e.key for e in seen["editions"]][:2] == ["2024-03-12", "2024-W11"]
    assert seen["latest_edition"].key == "2024-03-12" and seen["editions_undated"] == 2
    assert set(sitemap_entries(site)) == html_page_urls(site)
