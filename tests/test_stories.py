"""Stories: the grouping (pure, on small synthetic articles), the Story objects the build makes,
and end to end: story pages, front-page cards, article links and the stories feed."""

import os
import random
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import SimpleNamespace

import feedparser
import numpy as np
import pytest
from helpers import ROOT, SEEDS, SITEURL, build_site, parse_html
from scipy import sparse

from generator.analysis.terms import term_counts
from generator.corpus import stories as corpus_stories
from generator.corpus.stories import StoryDoc, Vocabulary, group_stories
from generator.eval.stories import bcubed_f1, leave_out
from generator.site.stories import make_stories, story_doc

DAY = date(2024, 3, 5)


def doc(doc_id, day, names, terms):
    """A StoryDoc from name entities and other terms ({canonical key: count})."""
    return StoryDoc(id=doc_id, date=day, entries={**names, **terms}, names=frozenset(names))


def filler():
    """Unrelated articles, so that words like "said" are common and the event's names are rare."""
    return [doc(f"z{k}", DAY, {f"person {k}": 2, f"town {k}": 1}, {f"topic {k}": 3, "said": 2, "year": 1})
            for k in range(6)]


def versailles(doc_id, day):
    """One report of Macron meeting Putin at Versailles; each id words it differently."""
    wording = {
        "a": {"meeting": 2, "talks": 1, "gay rights": 2, "said": 3},
        "b": {"summit": 2, "press conference": 2, "lgbt": 2, "said": 1},
        "c": {"visit": 1, "palace": 2, "human rights": 1, "kremlin": 1, "said": 2},
    }[doc_id[0]]
    names = {"emmanuel macron": 4, "vladimir putin": 3, "versailles": 2, "chechnya": 1}
    return doc(doc_id, day, names, wording)


def groups(stories):
    return [story.members for story in stories if len(story.members) > 1]


# --- The grouping (generator.corpus.stories) --------------------------------------------------------


def test_the_same_event_in_different_words_is_one_story():
    stories = group_stories([versailles("a", DAY), versailles("b", date(2024, 3, 6)), *filler()])
    assert groups(stories) == [["a", "b"]]
    assert sorted(m for s in stories for m in s.members) == sorted(["a", "b", *(f"z{k}" for k in range(6))])


def test_a_similar_event_with_other_names_is_another_story():
    turkey = doc("q1", DAY, {"turkey": 3, "ankara": 1, "afad": 2},
                 {"earthquake": 3, "magnitude": 1, "rescue team": 2, "apartment block": 2, "collapse": 2, "said": 2})
    chile = doc("q2", DAY, {"chile": 3, "santiago": 1, "onemi": 2},
                {"earthquake": 3, "magnitude": 1, "tsunami warning": 2, "coast": 2, "evacuation": 2, "said": 2})
    assert groups(group_stories([turkey, chile, *filler()])) == []


def test_dated_articles_outside_the_window_are_two_stories():
    docs = [versailles("a", DAY), versailles("b", date(2024, 3, 15)), *filler()]
    assert groups(group_stories(docs, window_days=3)) == []
    assert groups(group_stories(docs, window_days=10)) == [["a", "b"]]


def test_a_later_article_joins_and_the_story_keeps_its_id():
    before = [s for s in group_stories([versailles("a", DAY), versailles("b", date(2024, 3, 6)), *filler()])
              if len(s.members) > 1]
    after = [s for s in group_stories([versailles("c", date(2024, 3, 7)), versailles("a", DAY),
                                       versailles("b", date(2024, 3, 6)), *filler()]) if len(s.members) > 1]
    assert [s.id for s in before] == [s.id for s in after] == ["a"]
    assert after[0].members == ["a", "b", "c"], "members earliest first"


QUAKE_WORDS = "quake magnitude aftershocks rubble rescuers collapsed buildings trapped survivors epicentre"


def worded(doc_id, names, text, vocabulary, day=DAY):
    """A StoryDoc with few entries and a body of content words (as the NLP pass counts them)."""
    return StoryDoc(id=doc_id, date=day, entries=dict(names), names=frozenset(names),
                    terms=vocabulary.bag(term_counts("", [text])))


def quake_set(vocabulary):
    """Two reports of one earthquake that share one name and much wording, a quake elsewhere,
    and unrelated filler."""
    one = worded("q1", {"nepal": 1, "kathmandu": 3, "bidya bhandari": 2},
                 f"{QUAKE_WORDS} himalayan valley temples {QUAKE_WORDS}", vocabulary)
    two = worded("q2", {"nepal": 1, "sherpa": 2, "pushpa kamal dahal": 2},
                 f"{QUAKE_WORDS} himalayan valley temples villages", vocabulary)
    other = worded("q3", {"peru": 1, "lima": 2}, "tsunami warning pacific coast fishermen harbour evacuated "
                   "quake magnitude", vocabulary)
    rest = [worded(f"z{k}", {f"person {k}": 2}, f"topic{k} budget{k} council{k} vote{k} school{k}", vocabulary)
            for k in range(6)]
    return [one, two, other, *rest]


def test_shared_wording_joins_reports_whose_entities_barely_overlap():
    vocabulary = Vocabulary()
    docs = quake_set(vocabulary)
    assert groups(group_stories(docs, vocabulary=vocabulary)) == [["q1", "q2"]], "the quake in Nepal is one story"
    assert groups(group_stories(docs)) == [], "on entities alone the two reports share too little"


def test_the_grouping_does_not_depend_on_the_order_words_were_first_seen():
    forward = Vocabulary()
    docs = quake_set(forward)
    backward = Vocabulary()
    backward.bag({w: 1 for w in reversed(forward.words)})  # the same words, first seen in the opposite order
    again = quake_set(backward)
    assert forward.ids != backward.ids
    assert group_stories(again, vocabulary=backward) == group_stories(docs, vocabulary=forward)


def test_a_vocabulary_bag_round_trips():
    vocabulary = Vocabulary()
    counts = term_counts("Quake hits Nepal", ["The quake was felt in Kathmandu; the quake killed dozens."])
    assert counts == {"quake": 3, "hits": 1, "nepal": 1, "felt": 1, "kathmandu": 1, "killed": 1, "dozens": 1}
    assert vocabulary.counts(vocabulary.bag(counts)) == counts


def test_grouping_is_deterministic():
    docs = [versailles("a", DAY), versailles("b", date(2024, 3, 6)), versailles("c", date(2024, 3, 7)), *filler()]
    expected = group_stories(docs)
    for seed in range(5):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert group_stories(shuffled) == expected
    assert [s.id for s in expected] == sorted(s.id for s in expected), "stories in date order, then by id"


def _pairs_by_loop(days, keys, window_days, cap):
    """The candidate-pair rule as a plain loop over each key's holders (rows in date order, undated last)."""
    postings = {}
    for i, cols in enumerate(keys):
        for col in cols:
            postings.setdefault(col, []).append(i)
    pairs = set()
    for holders in postings.values():
        start = 0
        for k in range(1, len(holders)):
            if days[holders[k]] >= 0:
                while start < k and days[holders[k]] - days[holders[start]] > window_days:
                    start += 1
            for h in holders[max(start, k - cap):k]:
                pairs.add((h, holders[k]))
    return sorted(pairs)


@pytest.mark.parametrize("seed", range(4))
def test_candidate_pairs_follow_the_window_and_the_cap(seed, monkeypatch):
    monkeypatch.setattr(corpus_stories, "POSTING_CAP", 5)
    rng = random.Random(seed)
    n = 120
    days = sorted(rng.randrange(0, 40) for _ in range(n - 15)) + [-1] * 15  # date order, the undated last
    keys = [sorted(rng.sample(range(12), rng.randrange(0, 4))) for _ in range(n)]
    rows = np.array([i for i, cols in enumerate(keys) for _ in cols], dtype=np.int64)
    cols = np.array([c for cols in keys for c in cols], dtype=np.int64)
    order = np.lexsort((rows, cols))
    left, right = corpus_stories._candidate_pairs(np.array(days), rows[order], cols[order], window_days=3)
    got = list(zip(left.tolist(), right.tolist(), strict=True))
    assert got == _pairs_by_loop(days, keys, 3, 5)
    assert got, "the archive has pairs to find"


def test_index_postings_hold_each_rows_heaviest_columns_and_its_rare_names():
    matrix = sparse.csr_matrix(np.array([[0.1, 0.5, 0.5, 0.0, 0.2],
                                         [0.0, 0.0, 0.3, 0.9, 0.0]]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corpus_stories, "INDEX_KEYS", 2)
        rows, cols = corpus_stories._index_postings(matrix, (np.array([0]), np.array([0])))
    # Row 0: columns 1 and 2 (a tie: the lower columns win over 4) and its rare name in column 0.
    assert list(zip(cols.tolist(), rows.tolist(), strict=True)) == [(0, 0), (1, 0), (2, 0), (2, 1), (3, 1)]


def test_bcubed_f1():
    assert bcubed_f1(["a", "a", "b"], [0, 0, 1]) == 1.0
    # One cluster of all three: precision (2/3 + 2/3 + 1/3) / 3 = 5/9, recall 1.
    assert bcubed_f1(["a", "a", "b"], [0, 0, 0]) == pytest.approx(2 * (5 / 9) / (5 / 9 + 1))


def test_leave_out_counts_runs_that_mix_two_events():
    vocabulary = Vocabulary()
    docs = quake_set(vocabulary)
    truth = ["nepal", "nepal", "peru", *(f"z{k}" for k in range(6))]
    texts = [" ".join(w for w, c in vocabulary.counts(d.terms).items() for _ in range(c)) for d in docs]
    result = leave_out(truth, docs, texts, vocabulary)
    # Keeping 1 or 2 of each event's articles: Nepal 2 + 1, every one-article event 1 + 0.
    assert result["runs"] == 3 + 7
    assert result["ours_mixed"] == 0
    assert 0 <= result["baseline_mixed"] <= result["runs"]


# --- Story objects (generator.site.stories) -----------------------------------------------------------


@dataclass(frozen=True)
class Tag:
    name: str

    @property
    def slug(self):
        return self.name.lower()

    def __str__(self):
        return self.name


def fake_article(name, when, keys, tags, source="", undated=False, title=None):
    ranking = [{"key": k, "kind": "name" if k[0].isupper() else "term", "count": 2} for k in keys]
    return SimpleNamespace(
        source_path=f"/corpus/{name}.txt", slug=name, url=f"2024/03/{name}/", title=title or f"{name} &amp; co",
        date=datetime(2024, 3, when, tzinfo=UTC), metadata={"date_estimated": undated},
        keyword_ranking=[{**e, "key": e["key"].lower()} for e in ranking], tags=tags, source=source,
        authors=[], source_url="", content=f"<p>{' '.join(keys)} met.</p>",
        summary=f"<p>{' '.join(keys)} met in {name} to discuss R&amp;D.</p>")


SETTINGS = {"PATH": "/corpus", "DIGEST_SUMMARY_WORDS": 40, "DIGEST_STORY_WINDOW_DAYS": 3,
            "DIGEST_CACHE_PATH": None}  # an in-memory NLP cache


def test_story_docs_from_articles():
    article = fake_article("one", 5, ["Macron", "meeting"], [])
    made = story_doc(article, SETTINGS)
    assert (made.id, made.date, made.entries, made.names) == ("one.txt", date(2024, 3, 5),
                                                              {"macron": 2, "meeting": 2}, frozenset({"macron"}))
    article.metadata["date_estimated"] = True
    assert story_doc(article, SETTINGS).date is None
    hand = SimpleNamespace(source_path="/corpus/md/hand.md", date=article.date, metadata={},
                           tags=[Tag("Macron"), Tag("Putin")])  # hand-written tags, no ranking
    made = story_doc(hand, SETTINGS)
    assert (made.id, made.entries) == ("md/hand.md", {"macron": 1, "putin": 1})


def test_story_attributes():
    macron, putin, paris, lgbt = Tag("Macron"), Tag("Putin"), Tag("Paris"), Tag("LGBT")
    keys = ["Macron", "Putin", "Versailles", "Chechnya", "meeting", "summit"]
    later = fake_article("later", 7, keys, [putin, lgbt, macron], source="Wire")
    first = fake_article("first", 5, keys, [macron, paris, putin], source="Gazette")
    third = fake_article("third", 6, keys, [lgbt, macron], source="gazette")  # the same outlet, another case
    alone = fake_article("alone", 6, ["Flood", "river", "rain"], [Tag("Flood")], source="Post")
    others = [fake_article(f"o{k}", 20, [f"Town{k}", f"topic{k}"], []) for k in range(4)]
    stories = make_stories([later, alone, first, third, *others], SETTINGS)
    assert len(stories) == 1
    story = stories[0]
    assert alone.story is None and all(a.story is story for a in (first, third, later))
    assert story.articles == [first, third, later], "earliest first"
    assert (story.slug, story.url, story.save_as) == ("first", "stories/first/", "stories/first/index.html")
    assert story.tags == [macron, putin, lgbt, paris], "most shared first, ties in order of appearance"
    assert story.date == first.date and story.updated == later.date
    assert story.sources == ["Gazette", "Wire"] and story.source_count == 2
    assert story.title in {a.title for a in story.articles}, "one member's title, as Pelican HTML"
    assert story.summary.startswith("<p>") and "R&amp;D" in story.summary, "plain text, escaped once"


def test_a_storys_headline_and_summary_come_from_the_cache_when_its_members_are_unchanged():
    from generator.site import state
    from generator.site.stories import _story_key

    settings = dict(SETTINGS)
    keys = ["Macron", "Putin", "Versailles", "Chechnya", "meeting", "summit"]

    def members():
        return [fake_article("first", 5, keys, [], source="Gazette"), fake_article("later", 6, keys, [], source="Wire")]

    made = make_stories(members(), settings)[0]
    cache = state.of(settings).cache
    key = _story_key(made.articles, settings["DIGEST_SUMMARY_WORDS"])
    assert cache.get(key) is not None, "the choice is cached"
    cache.put(key, {"headline": 1, "summary": ["From the cache."]})
    again = make_stories(members(), settings)[0]
    assert (again.title, again.summary) == (again.articles[1].title, "<p>From the cache.</p>")
    for broken in ({"headline": 7, "summary": []}, {"headline": 0, "summary": "text"}, ["not", "a", "dict"]):
        cache.put(key, broken)
        remade = make_stories(members(), settings)[0]
        assert (remade.title, remade.summary) == (made.title, made.summary), "a malformed entry is chosen again"
    changed = members()
    changed[0].summary = "<p>Another account of the talks.</p>"
    assert _story_key(changed, 40) != key, "a member's new summary is a new key"
    assert _story_key(members(), 41) != key, "so is another summary length"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the grouping forks on Linux only")
def test_a_large_archive_is_grouped_in_a_forked_process_with_the_same_stories(seeds_site, tmp_path, nlp_cache,
                                                                             monkeypatch):
    from generator.site import forked, stories

    started, grouped_here = [], []
    start, group = forked.Forked.start, stories._group

    def start_and_record(fn, *args):
        running = start(fn, *args)
        started.append(running)
        return running

    def group_and_record(articles, settings):
        grouped_here.append(os.getpid())  # in the forked process this list is its own copy
        return group(articles, settings)

    monkeypatch.setattr(stories, "FORK_MIN_ARTICLES", 1)
    monkeypatch.setattr(stories.Forked, "start", start_and_record)
    monkeypatch.setattr(stories, "_group", group_and_record)
    site = build_site(tmp_path / "out", SITEURL, cache=nlp_cache)
    assert len(started) == 1 and started[0] is not None, "the grouping was forked"
    assert grouped_here == [], "and not done again in the build's process"

    def members(built):
        return sorted((a.source_path, a.story and [m.source_path for m in a.story.articles]) for a in built.articles)

    assert members(site) == members(seeds_site)
    assert all(story and len(story) == 2 for _, story in members(site)), "the two seeds are one story"
    assert site.read("stories/index.html") == seeds_site.read("stories/index.html").replace(
        str(seeds_site.output), str(site.output))


def test_a_forked_grouping_is_not_used_when_the_articles_changed_after_the_tag_pass(monkeypatch):
    from generator.site import state, stories

    settings = dict(SETTINGS)
    keys = ["Macron", "Putin", "Versailles", "Chechnya", "meeting", "summit"]
    first = fake_article("first", 5, keys, [], source="Gazette")
    later = fake_article("later", 6, keys, [], source="Wire")
    monkeypatch.setattr(stories, "FORK_MIN_ARTICLES", 1)
    stories.start_grouping([first, later], settings)
    pending = state.of(settings).grouping
    if pending is None:
        pytest.skip("no fork on this platform")
    other = fake_article("other", 6, ["Flood", "river", "rain"], [], source="Post")
    made = make_stories([first, later, other], settings)  # a plugin added an article: grouped again here
    assert state.of(settings).grouping is None
    assert [a.slug for a in made[0].articles] == ["first", "later"] and other.story is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pending.running.pid, os.WNOHANG)  # the forked process was stopped and reaped


def test_a_failed_forked_grouping_is_done_again_in_process_with_a_warning(monkeypatch, caplog):
    from generator.site import stories

    settings = dict(SETTINGS)
    keys = ["Macron", "Putin", "Versailles", "Chechnya", "meeting", "summit"]
    first = fake_article("first", 5, keys, [], source="Gazette")
    later = fake_article("later", 6, keys, [], source="Wire")
    parent, group = os.getpid(), stories._group

    def fail_when_forked(articles, settings):
        if os.getpid() != parent:
            raise MemoryError("the forked process ran out of memory")
        return group(articles, settings)

    monkeypatch.setattr(stories, "FORK_MIN_ARTICLES", 1)
    monkeypatch.setattr(stories, "_group", fail_when_forked)
    stories.start_grouping([first, later], settings)
    made = make_stories([first, later], settings)
    assert [a.slug for a in made[0].articles] == ["first", "later"]
    if sys.platform.startswith("linux"):
        assert "forked grouping failed (MemoryError: the forked process ran out of memory)" in caplog.text


def test_stories_off_means_no_story(seeds_site, tmp_path, nlp_cache):
    # seeds_site first: Pelican logs a repeated warning once per process, and its tests look for theirs.
    site = build_site(tmp_path / "out", SITEURL, cache=nlp_cache, DIGEST_STORIES=False)
    assert len(site.articles) == len(seeds_site.articles)
    assert all(a.story is None for a in site.articles)
    assert not (site.output / "stories").exists() and not (site.output / "feeds" / "stories.atom.xml").exists()
    cards = parse_html(site.read("index.html")).find_all("article", cls="card")
    assert len(cards) == len(site.articles) and not any("story-card" in c.classes for c in cards)


# --- End to end: the seeds are two reports of one meeting ---------------------------------------------

THIRD = "\n\n".join([
    "Title: Putin and Macron hold frank talks on Chechnya at Versailles\nDate: 2017-05-30\nSource: Example Wire",
    "Vladimir Putin and Emmanuel Macron held frank talks at the Palace of Versailles, the French president said, "
    "raising the persecution of gay men in Chechnya with the Russian leader.",
    "Macron told a joint news conference at Versailles that he had pressed Putin on LGBT rights in Chechnya "
    "and on the war in Syria.",
    "Putin, standing beside Macron at Versailles, said Russia had not interfered in the French election "
    "and dismissed questions about Chechnya.",
    "The French president said France and Russia would work together on Syria, and that he would follow "
    "the situation of LGBT people in Chechnya closely.",
]) + "\n"


def story_files(site):
    return sorted(p for p in (site.output / "stories").glob("*/index.html"))


def stories_feed(site, kind="atom"):
    feed = feedparser.parse((site.output / "feeds" / f"stories.{kind}.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.fixture(scope="module")
def grown_site(tmp_path_factory, nlp_cache):
    """The seeds and a third, later report of the same meeting from another outlet."""
    base = tmp_path_factory.mktemp("grown")
    extra = base / "extra"
    extra.mkdir()
    (extra / "versailles-talks.txt").write_text(THIRD, encoding="utf-8")
    return build_site(base / "out", SITEURL, path=ROOT, cache=nlp_cache, DIGEST_SOURCES=["seeds", str(extra)])


def test_the_seeds_are_one_story_on_one_page(seeds_site):
    seeds = [seeds_site.article_for(s) for s in SEEDS]
    story = seeds[0].story
    assert story is not None and seeds[1].story is story and story.articles == seeds
    assert [p.relative_to(seeds_site.output).as_posix() for p in story_files(seeds_site)] == [story.save_as]
    assert story.slug == seeds[0].slug and story.save_as == f"stories/{seeds[0].slug}/index.html"
    doc = parse_html(seeds_site.read(story.save_as))
    page = doc.find("article", cls="story-group")
    assert "data-pagefind-body" in page.attrs and page.find(**{"data-pagefind-filter": "type:story"})
    assert page.find("h1").text() in {a.title for a in seeds}
    assert page.find(cls="story-count").text() == "2 sources"
    assert page.find("section", cls="summary").find("p").text()
    items = page.find_all("article", cls="timeline-item")
    assert [i.find("a").attrs["href"] for i in items] == [f"{SITEURL}/{a.url}" for a in seeds]
    assert "Carolyn Briggs" in items[0].find("p", cls="meta").text(), "each report with its byline"
    assert all(i.find("div", cls="card-summary").text() for i in items), "each report with its own summary"
    assert page.find("ul", cls="tags").find_all("a", cls="tag")
    index = parse_html(seeds_site.read("stories/index.html"))
    assert [a.attrs["href"] for a in index.find("ul", cls="story-list").find_all("a")] == [f"{SITEURL}/{story.url}"]


def test_the_front_page_shows_one_card_for_the_story(seeds_site):
    story = seeds_site.article_for(SEEDS[0]).story
    cards = parse_html(seeds_site.read("index.html")).find_all("article", cls="card")
    assert len(cards) == 1 and "story-card" in cards[0].classes
    count = cards[0].find("a", cls="story-count")
    assert count.text() == "2 sources" and count.attrs["href"] == f"{SITEURL}/{story.url}"
    reports = [a.attrs["href"] for a in cards[0].find("ul", cls="story-reports").find_all("a")]
    assert reports == [f"{SITEURL}/{a.url}" for a in story.articles]


def test_article_pages_link_to_their_story(seeds_site):
    seeds = [seeds_site.article_for(s) for s in SEEDS]
    for article, other in (seeds, seeds[::-1]):
        box = parse_html(seeds_site.page_of(article)).find("section", cls="story-box")
        assert box is not None and "Part of the story" in box.text() and "2 sources" in box.text()
        assert box.find("a").attrs["href"] == f"{SITEURL}/{article.story.url}"
        assert [a.attrs["href"] for a in box.find("ul").find_all("a")] == [f"{SITEURL}/{other.url}"]


def test_tag_pages_list_the_story_once(seeds_site):
    story = seeds_site.article_for(SEEDS[0]).story
    shared = set(seeds_site.articles[0].tags) & set(seeds_site.articles[1].tags)
    assert shared
    for tag in shared:
        cards = parse_html(seeds_site.read(tag.save_as)).find_all("article", cls="card")
        assert len(cards) == 1 and cards[0].find("a", rel="bookmark").attrs["href"] == f"{SITEURL}/{story.url}"


def test_the_stories_feed(seeds_site):
    story = seeds_site.article_for(SEEDS[0]).story
    for kind in ("atom", "rss"):
        feed = stories_feed(seeds_site, kind)
        assert len(feed.entries) == 1
        entry = feed.entries[0]
        assert entry.link == f"{SITEURL}/{story.url}" and entry.get("author")
        assert entry.id == f"tag:example.org,2000-01-01:/{story.url}"
    entry = stories_feed(seeds_site).entries[0]
    assert all(f"{SITEURL}/{a.url}" in entry.content[0].value for a in story.articles)


def test_a_later_report_joins_the_story_and_its_feed_entry_keeps_its_id(seeds_site, grown_site):
    third = grown_site.article_for("versailles-talks.txt")
    story = third.story
    assert story is not None and story.articles[-1] is third and len(story.articles) == 3
    assert story.url == seeds_site.article_for(SEEDS[0]).story.url, "the story keeps its URL"
    assert len(story_files(grown_site)) == 1
    page = parse_html(grown_site.read(story.save_as))
    assert page.find(cls="story-count").text() == "3 sources"
    before, after = stories_feed(seeds_site).entries[0], stories_feed(grown_site).entries[0]
    assert after.id == before.id
    assert before.updated.startswith("2000-01-01") and after.updated.startswith("2017-05-30"), "updated moved"


def test_the_corpus_step_pauses_the_garbage_collector_and_restores_it():
    import gc

    from generator.site.state import BuildState

    build = BuildState.create({"PATH": "/corpus", "DIGEST_CACHE_PATH": None})
    assert gc.isenabled()
    with pytest.raises(RuntimeError), build.corpus_step():
        assert not gc.isenabled()
        raise RuntimeError("a failing step")
    assert gc.isenabled() and build.timings["corpus pass"] >= 0
