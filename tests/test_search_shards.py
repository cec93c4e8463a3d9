"""Search shards: pages are split by period and hash, and a rebuild re-indexes only changed shards."""

import json
import shutil
from datetime import date

from helpers import build_site

from generator.site import search
from generator.site.search_shards import plan


def test_recent_months_get_a_shard_each_and_older_pages_one_per_year():
    dates = {"a.html": date(2026, 11, 30), "b.html": date(2026, 10, 1), "c.html": date(2026, 9, 5),
             "d.html": date(2026, 8, 31), "e.html": date(2025, 2, 1), "f.html": None}
    pages = {rel: ("article", day) for rel, day in dates.items()} | {"s.html": ("story", date(2026, 11, 2))}
    assert plan(pages) == {"article-2025": ["e.html"], "article-2026": ["d.html"], "article-2026-09": ["c.html"],
                           "article-2026-10": ["b.html"], "article-2026-11": ["a.html"], "article-undated": ["f.html"],
                           "story-2026-11": ["s.html"]}


def test_a_large_period_is_split_into_stable_buckets():
    pages = {f"p/{i}.html": ("article", None) for i in range(100)}
    shards = plan(pages, limit=30)
    assert len(shards) == 4 and all(name.startswith("article-undated-") for name in shards)
    assert sorted(r for rels in shards.values() for r in rels) == sorted(pages)  # nothing lost or doubled
    assert all(len(rels) < 50 for rels in shards.values())
    # Adding pages (below the next doubling) leaves every old page in its bucket.
    grown = plan(pages | {f"q/{i}.html": ("article", None) for i in range(10)}, limit=30)
    where = {r: name for name, rels in grown.items() for r in rels}
    assert all(where[r] == name for name, rels in shards.items() for r in rels)
    assert plan(dict(reversed(list(pages.items()))), limit=30) == shards  # order of input does not matter


def _manifest(out):
    return json.loads((out / "pagefind" / "shards.json").read_text(encoding="utf-8"))


def test_a_rebuild_reindexes_only_the_changed_shard(tmp_path, monkeypatch):
    out = tmp_path / "out"
    site = build_site(out, cache=tmp_path / "cache", DIGEST_SEARCH_SHARD_PAGES=1)
    shards = _manifest(out)["shards"]
    assert len(shards) == 3 and shards[0]["path"] == "" and all(s["pages"] == 1 for s in shards)
    assert search.indexed_pages(out) == 3
    for s in shards[1:]:  # merged shards hold only their index, not another copy of the UI
        folder = out / "pagefind" / s["path"]
        assert (folder / "pagefind-entry.json").is_file() and not (folder / "pagefind-ui.js").exists()
    # Change one page, then index again with the first build's output as the previous one.
    previous = tmp_path / "previous"
    shutil.copytree(out, previous)
    changed = site.articles[0].save_as
    page = out / changed
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " again</h1>", 1), encoding="utf-8")
    pages = {s["name"]: s for s in shards}
    runs = []
    real = search._run_pagefind
    monkeypatch.setattr(search, "_run_pagefind", lambda *a: runs.append(a[1]) or real(*a))
    all_pages = {a.save_as: ("article", None) for a in site.articles} | {
        a.story.save_as: ("story", None) for a in site.articles}
    count, ran = search.build_index(str(out), all_pages, previous=str(previous), shard_pages=1)
    assert (count, ran) == (3, 1) and runs == [[changed]]
    after = {s["name"]: s for s in _manifest(out)["shards"]}
    assert after.keys() == pages.keys()
    holder = next(name for name, rels in plan(all_pages, limit=1).items() if changed in rels)
    assert [n for n in after if after[n]["key"] != pages[n]["key"]] == [holder]
    # Nothing changed: nothing is indexed, and the index and UI are copied whole.
    shutil.rmtree(previous)
    shutil.copytree(out, previous)
    assert search.build_index(str(out), all_pages, previous=str(previous), shard_pages=1) == (3, 0)
    assert (out / "pagefind" / "pagefind-ui.js").is_file()


def test_a_shard_key_ignores_links_around_the_indexed_article(seeds_site):
    page = (seeds_site.output / seeds_site.articles[0].save_as).read_bytes()
    part = search.indexed_part(page)
    assert part.startswith(b"<html") and b"data-pagefind-body" in part and part.endswith(b"</article>")
    assert b'class="related"' in page and b'class="related"' not in part  # related links are outside
    # Neighbours and related articles change as the archive grows: the key does not.
    moved = page.replace(b'class="related"', b'class="related" data-x="1"')
    assert moved != page and search.indexed_part(moved) == part
    # The indexed text does.
    assert search.indexed_part(page.replace(b"</h1>", b" again</h1>", 1)) != part
    # A page of another shape (a second body, a Pagefind attribute outside it) counts whole.
    odd = page.replace(b"</footer>", b'<p data-pagefind-filter="x:y">y</p></footer>', 1)
    assert odd != page and search.indexed_part(odd) == odd


def test_a_broken_previous_index_is_indexed_again(tmp_path):
    out = tmp_path / "out"
    site = build_site(out, cache=tmp_path / "cache", DIGEST_SEARCH_SHARD_PAGES=1)
    before = _manifest(out)
    previous = tmp_path / "previous"
    shutil.copytree(out, previous)
    # One shard's files are gone (and the UI files): that shard is indexed again, and gives the UI.
    gone = before["shards"][1]
    shutil.rmtree(previous / "pagefind" / gone["path"])
    (previous / "pagefind" / "pagefind-ui.js").unlink()
    pages = {a.save_as: ("article", None) for a in site.articles} | {
        a.story.save_as: ("story", None) for a in site.articles}
    assert search.build_index(str(out), pages, previous=str(previous), shard_pages=1) == (3, 1)
    assert _manifest(out) == before and (out / "pagefind" / "pagefind-ui.js").is_file()
    # Only the UI files are gone: the first shard is indexed again for them.
    shutil.rmtree(previous)
    shutil.copytree(out, previous)
    (previous / "pagefind" / "pagefind-ui.js").unlink()
    assert search.build_index(str(out), pages, previous=str(previous), shard_pages=1) == (3, 1)
    assert _manifest(out) == before and (out / "pagefind" / "pagefind-ui.js").is_file()
