"""A Pagefind bundle made deterministic: same pages, same bytes, and the same answers as before."""

import asyncio
import gzip
import json
import logging
import subprocess
import sys

import cbor2
import pytest

from generator.site.pagefind_stable import _full_hash, canonicalise, read_payload

TAGS = ["politics", "économie", "sport", "Zürich", "climate", "health", "tech", "europe", "asia"]
AUTHORS = ["Ann", "Bob", "Cyd"]
WORDS = "alpha bravo café cafe résumé resume naïve naive delta echo foxtrot golf hotel".split()


def _pages():
    """{url path: html}: two languages, two filters, metadata, a sort, words with and without diacritics."""
    pages = {}
    for i in range(14):
        lang = "fr" if i % 5 == 0 else "en"
        tags = [TAGS[(i * 7 + k) % len(TAGS)] for k in range(1 + i % 3)]
        body = " ".join(WORDS[(i * 3 + k * k) % len(WORDS)] for k in range(40)) + (" zoé" if i % 4 == 0 else "")
        tag_list = "".join(f'<li><a data-pagefind-filter="tag">{t}</a></li>' for t in tags)
        # Titles are metadata: variants of a word can be there only ("Zoë"), or there and in the text.
        title = f"Story {i} {WORDS[i % len(WORDS)]} {['Zoe', 'Zoë', 'Zoé'][i % 3]}"
        kicker = f"{['Noel', 'Noël', 'Noèl'][i % 3]} {i}"  # metadata only, not in the text
        pages[f"story-{i:02d}/index.html"] = (
            f'<html lang="{lang}"><head><title>{title}</title></head><body><nav>menu</nav>'
            f'<article data-pagefind-body data-pagefind-sort="order:{(i * 5) % 14}"'
            f' data-pagefind-meta="kicker:{kicker}"><h1>{title}</h1>'
            f'<p>By <span data-pagefind-filter="author">{AUTHORS[i % 3]}</span></p><p>{body}</p>'
            f"<ul>{tag_list}</ul></article></body></html>"
        )
    return pages


def _stage(root, pages):
    for rel, html in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return root


def _pagefind(site, bundle):
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--quiet"],
                   check=True, timeout=120, capture_output=True)
    return bundle


def _pagefind_in_order(bundle, pages, order):
    """Index ``pages`` through Pagefind's API, which numbers them in the order they are added."""
    from pagefind.index import PagefindIndex

    async def run():
        async with PagefindIndex(config={"output_path": str(bundle)}) as index:
            for rel in order:
                url = "/" + rel.removesuffix("index.html")
                await index.add_html_file(content=pages[rel], url=url)

    asyncio.run(run())
    return bundle


def _files(bundle):
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def _cbor(path):
    return cbor2.loads(read_payload(path))


def _metas(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: _cbor(bundle / f"pagefind.{info['hash']}.pf_meta") for lang, info in entry["languages"].items()}


def _page_urls(bundle, meta):
    return [json.loads(read_payload(bundle / "fragment" / f"{h}.pf_fragment"))["url"] for h, _ in meta[1]]


def _resolve(pages, urls):
    number, out = 0, {}
    for delta, locs, meta_locs in pages:
        number += delta
        out[urls[number]] = (locs, meta_locs)
    return out


def _semantics(bundle):
    """What a search can see, with pages named by URL instead of by number or hash."""
    out = {}
    for lang, meta in _metas(bundle).items():
        urls = _page_urls(bundle, meta)
        words = {}
        for _start, _end, name in meta[2]:
            [chunk] = _cbor(bundle / "index" / f"{name}.pf_index")
            for word, pages, variants in chunk:
                words[word] = (_resolve(pages, urls), {form: _resolve(p, urls) for form, p in variants})
        filters = {}
        for name, chunk in meta[3]:
            filter_name, values = _cbor(bundle / "filter" / f"{chunk}.pf_filter")
            assert filter_name == name
            filters[name] = {value: sorted(urls[p] for p in pages) for value, pages in values}
        out[lang] = {
            "version": meta[0],
            "pages": sorted((url, count) for url, (_, count) in zip(urls, meta[1], strict=True)),
            "ranges": [(start, end) for start, end, _ in meta[2]],
            "words": words,
            "filters": filters,
            "sorts": {key: [urls[p] for p in pages] for key, pages in meta[4]},
            "rest": meta[5:],
        }
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _stage(tmp_path_factory.mktemp("site"), _pages())


@pytest.fixture(scope="module")
def runs(site, tmp_path_factory):
    """Three Pagefind runs over the same pages: (as written, canonicalised) per run."""
    out = []
    for n in range(3):
        bundle = _pagefind(site, tmp_path_factory.mktemp(f"run{n}") / "pagefind")
        before = _semantics(bundle)
        canonicalise(str(bundle))
        out.append((before, bundle))
    return out


def test_pagefind_runs_canonicalise_to_the_same_bytes(runs):
    first = _files(runs[0][1])
    assert any(name.startswith("filter/") for name in first) and any(name.startswith("index/") for name in first)
    for _, bundle in runs[1:]:
        assert _files(bundle) == first


def test_canonical_bundle_answers_as_pagefind_wrote_it(runs):
    before, bundle = runs[0]
    after = _semantics(bundle)
    assert after == before
    # The mini-site is what it claims: both languages, every page and every tag with its count.
    assert set(after) == {"en", "fr"}
    assert sum(len(lang["pages"]) for lang in after.values()) == len(_pages())
    counts = {}
    for lang in after.values():
        for value, urls in lang["filters"]["tag"].items():
            counts[value] = counts.get(value, 0) + len(urls)
    expected = {}
    for html in _pages().values():
        for tag in TAGS:
            expected[tag] = expected.get(tag, 0) + html.count(f'"tag">{tag}<')
    assert counts == {tag: n for tag, n in expected.items() if n}
    assert any(variants for lang in after.values() for _, variants in lang["words"].values())


def test_every_file_is_named_after_its_content_and_referenced(runs):
    _, bundle = runs[0]
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == sorted(entry["languages"])
    referenced = {"pagefind-entry.json"}
    for lang, info in entry["languages"].items():
        meta_file = f"pagefind.{info['hash']}.pf_meta"
        meta_payload = read_payload(bundle / meta_file)
        assert info["hash"] == f"{lang}_{_full_hash(meta_payload)[: len(lang) + 8]}"
        meta = cbor2.loads(meta_payload)
        assert [f[0] for f in meta[3]] == sorted(f[0] for f in meta[3])
        assert [s[0] for s in meta[4]] == sorted(s[0] for s in meta[4])
        referenced.add(meta_file)
        for folder, names in (("index", [c[2] for c in meta[2]]), ("filter", [f[1] for f in meta[3]]),
                              ("fragment", [p[0] for p in meta[1]])):
            for name in names:
                rel = f"{folder}/{name}.pf_{folder}"
                assert f"{lang}_{_full_hash(read_payload(bundle / rel))}".startswith(name), rel
                referenced.add(rel)
        for _, chunk in meta[3]:
            _, values = _cbor(bundle / "filter" / f"{chunk}.pf_filter")
            assert [v[0] for v in values] == sorted(v[0] for v in values)
            assert all(v[1] == sorted(v[1]) for v in values)
        # Pages are numbered in URL order.
        urls = _page_urls(bundle, meta)
        assert urls == sorted(urls)
    index_files = {rel for rel in _files(bundle) if rel.split("/")[0] in ("index", "filter", "fragment")
                   or rel.endswith(".pf_meta") or rel == "pagefind-entry.json"}
    assert index_files == referenced  # nothing stale is left behind
    for rel in referenced - {"pagefind-entry.json"}:
        if not rel.startswith("fragment/"):
            data = (bundle / rel).read_bytes()
            assert data[:2] == b"\x1f\x8b" and data[4:8] == b"\0\0\0\0", rel  # gzip, mtime 0
    assert not list(bundle.parent.glob(".pagefind-stable-*"))


def test_canonicalising_twice_changes_nothing(runs, tmp_path):
    _, bundle = runs[0]
    before = _files(bundle)
    copy = tmp_path / "pagefind"
    for rel, data in before.items():
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_bytes(data)
    canonicalise(str(copy))
    assert _files(copy) == before


def test_page_order_does_not_matter(tmp_path):
    """Pagefind numbers pages in directory order, which differs between file systems."""
    pages = _pages()
    in_url_order = _pagefind_in_order(tmp_path / "sorted" / "pagefind", pages, sorted(pages))
    shuffled = _pagefind_in_order(tmp_path / "shuffled" / "pagefind", pages, sorted(pages, key=lambda r: r[::-1]))
    assert _semantics(in_url_order)["en"]["sorts"] == _semantics(shuffled)["en"]["sorts"]
    before = {lang: _cbor(in_url_order / "index" / f"{c[2]}.pf_index")
              for lang, meta in _metas(in_url_order).items() for c in meta[2]}
    semantics = _semantics(shuffled)
    canonicalise(str(in_url_order))
    canonicalise(str(shuffled))
    assert _files(shuffled) == _files(in_url_order)
    assert _semantics(shuffled) == semantics
    # Renumbering reproduces Pagefind's own word index for pages met in URL order (variant order included).
    after = {lang: _cbor(in_url_order / "index" / f"{c[2]}.pf_index")
             for lang, meta in _metas(in_url_order).items() for c in meta[2]}
    assert after == before


def _garble_meta(bundle):
    [meta] = bundle.glob("pagefind.en_*.pf_meta")
    parts = _cbor(meta)
    meta.write_bytes(gzip.compress(b"pagefind_dcd" + cbor2.dumps([*parts, ["an unknown part"]]), mtime=0))


def _garble_filter(bundle):
    next(bundle.glob("filter/en_*.pf_filter")).write_bytes(b"not pagefind")


def _drop_entry(bundle):
    (bundle / "pagefind-entry.json").write_text('{"version": "9.0.0"}', encoding="utf-8")


@pytest.mark.parametrize("garble", [_garble_meta, _garble_filter, _drop_entry])
def test_an_unknown_bundle_is_left_as_it_is_with_a_warning(site, tmp_path, caplog, garble):
    bundle = _pagefind(site, tmp_path / "pagefind")
    garble(bundle)
    before = _files(bundle)
    with caplog.at_level(logging.WARNING, logger="generator.site.pagefind_stable"):
        canonicalise(str(bundle))
    assert _files(bundle) == before
    assert any("left as Pagefind wrote it" in r.getMessage() for r in caplog.records)
    assert not list(tmp_path.glob(".pagefind-stable-*"))
