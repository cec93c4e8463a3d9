"""Rewrite a Pagefind 1.5 bundle so that two builds of the same pages give the same bytes.

Pagefind 1.5.2 writes its word index chunks, fragments and UI files reproducibly, but not:

* the filter index (``filter/*.pf_filter``): filter values come out of a Rust ``HashMap``;
* the metadata (``pagefind.<lang>_<hash>.pf_meta``): its lists of filters and of sort keys are
  ``HashMap`` orders too;
* the page numbers: pages are numbered in the order Pagefind walks the site folder, which is the
  file system's directory order (ext4's depends on a per-file-system hash seed, tmpfs's on the order
  of creation), so another machine numbers the same pages differently;
* ``pagefind-entry.json``: its ``languages`` map is a ``HashMap``.

Every index file is named after (a prefix of) the SHA-1 of its content, so each of these also
changes the file names and the names that point at them. :func:`canonicalise` decodes the
filter, meta and index files (``pagefind_dcd`` + CBOR, gzipped), numbers the pages in URL order,
sorts the unordered collections (filters and their values by name, sort keys by name; page lists
in page order, the way Pagefind builds them), re-encodes them, names each file the way Pagefind
does (``<lang>_<first 7 hex digits of the SHA-1 of its CBOR>``, longer on a clash; the meta file
``<lang>_<len(lang) + 8 digits>``; the JavaScript uses these names only as URLs) and updates every
reference. The index chunks keep their order: each covers a range of words, listed in word order.

What the result still cannot fix: pages that tie on a ``data-pagefind-sort`` value stay in the
order Pagefind found them (the sort values are not in the bundle). This site uses no sorts.

The rewritten files are gzipped by Python's zlib with ``mtime=0``: reproducible with the same
zlib. If the bundle is not what this module knows (another Pagefind version), or anything fails,
the bundle is left exactly as Pagefind wrote it and a warning says why.
"""

import gzip
import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile

logger = logging.getLogger(__name__)

SIGNATURE = b"pagefind_dcd"
GZIP_MAGIC = b"\x1f\x8b"
ENTRY = "pagefind-entry.json"
INDEX_DIRS = ("fragment", "index", "filter")  # rebuilt from the metadata: nothing else lives there


class FormatError(ValueError):
    """The bundle is not laid out the way Pagefind 1.5 lays it out."""


def canonicalise(bundle_dir: str) -> None:
    """Rewrite the Pagefind bundle in ``bundle_dir`` deterministically (in place; never raises)."""
    try:
        import cbor2
    except ImportError:
        logger.warning("search: the Pagefind index may differ between builds (cbor2 is not installed)")
        return
    try:
        files, fragments = _plan(bundle_dir, cbor2)
        _replace(bundle_dir, files, fragments)
    except Exception as exc:  # a build must not fail over reproducibility
        logger.warning(
            "search: the Pagefind index is left as Pagefind wrote it and may differ between builds (%s: %s)",
            type(exc).__name__, exc,
        )


# --- Reading and writing Pagefind's files ------------------------------------------------------


def read_payload(path):
    """The CBOR (or JSON, for fragments) inside a Pagefind file: gunzipped, signature removed."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == GZIP_MAGIC:
        data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{os.path.basename(path)} does not start with the pagefind_dcd signature")
    return data[len(SIGNATURE):]


def _pack(payload):
    # zlib's level 9 takes seconds per MB on these integer-heavy files; level 6 is ~5 % bigger.
    return gzip.compress(SIGNATURE + payload, compresslevel=6, mtime=0)


def _full_hash(payload):
    # Pagefind's utils::full_hash: each SHA-1 byte as hex *without* zero padding, concatenated.
    return "".join(f"{byte:x}" for byte in hashlib.sha1(payload).digest())


def _chunk_name(language, payload, taken):
    """A filter or index chunk's name, as Pagefind gives it (a clash takes two more digits)."""
    full = f"{language}_{_full_hash(payload)}"
    name = full[: len(language) + 8]
    while name in taken and len(name) < len(full):
        name = full[: len(name) + 2]
    taken.add(name)
    return name


def _meta_name(language, payload):
    return f"{language}_{_full_hash(payload)[: len(language) + 8]}"


# --- Checking the shapes -------------------------------------------------------------------------


def _list(value, what, length=None):
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise FormatError(f"{what} is not a list" + ("" if length is None else f" of {length}"))
    return value


def _str(value, what):
    if not isinstance(value, str):
        raise FormatError(f"{what} is not a string")
    return value


def _int(value, what, low=0):
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise FormatError(f"{what} is not an integer >= {low}")
    return value


def _page_numbers(value, what):
    for item in _list(value, what):
        if not isinstance(item, int) or isinstance(item, bool) or item < 0:
            raise FormatError(f"{what} holds something other than page numbers")
    return value


# --- The plan: every new index file, in memory ------------------------------------------------


def _plan(bundle, cbor2):
    """``(files, fragments)``: new bytes by relative path, and fragment files to keep by new path."""
    with open(os.path.join(bundle, ENTRY), encoding="utf-8") as f:
        entry = json.load(f)
    if not isinstance(entry, dict) or not isinstance(entry.get("languages"), dict) or not entry["languages"]:
        raise FormatError(f"{ENTRY} has no languages")
    files, fragments = {}, {}
    languages = {}
    for language in sorted(entry["languages"]):
        info = entry["languages"][language]
        if not isinstance(info, dict) or not _str(info.get("hash"), "a language's hash").startswith(f"{language}_"):
            raise FormatError(f"{ENTRY} names no meta file for {language!r}")
        info["hash"] = _language(bundle, language, info["hash"], cbor2, files, fragments)
        languages[language] = info
    entry["languages"] = languages
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files, fragments


def _language(bundle, language, meta_hash, cbor2, files, fragments):
    """Plan one language's files; returns the new meta hash."""
    meta = cbor2.loads(read_payload(os.path.join(bundle, f"pagefind.{meta_hash}.pf_meta")))
    _list(meta, "the meta index")
    if len(meta) == 6:
        extra = [_list(meta[5], "the meta fields")]
        for field in meta[5]:
            _str(field, "a meta field")
    elif len(meta) == 5:
        extra = []
    else:
        raise FormatError(f"the meta index has {len(meta)} parts, not 5 or 6")
    version = _str(meta[0], "the generator version")
    pages, chunks, filters, sorts = (_list(part, what) for part, what in zip(
        meta[1:5], ("the page list", "the index chunk list", "the filter list", "the sort list"), strict=True))

    renumber, new_pages = _pages(bundle, language, pages, fragments)
    count = len(pages)

    new_chunks, taken = [], set()
    for chunk in chunks:
        start, end, name = (_str(x, "an index chunk's range or hash") for x in _list(chunk, "an index chunk", 3))
        words = _list(cbor2.loads(read_payload(os.path.join(bundle, "index", f"{name}.pf_index"))), "an index chunk", 1)
        payload = cbor2.dumps([_words(words[0], renumber, count)])
        name = _chunk_name(language, payload, taken)
        files[f"index/{name}.pf_index"] = _pack(payload)
        new_chunks.append([start, end, name])

    new_filters, taken = [], set()
    for item in sorted(filters, key=lambda f: _str(_list(f, "a filter", 2)[0], "a filter name")):
        filter_name, name = item[0], _str(item[1], "a filter's hash")
        payload = cbor2.dumps(_filter(cbor2.loads(read_payload(os.path.join(bundle, "filter", f"{name}.pf_filter"))),
                                      filter_name, renumber, count))
        name = _chunk_name(language, payload, taken)
        files[f"filter/{name}.pf_filter"] = _pack(payload)
        new_filters.append([filter_name, name])

    new_sorts = []
    for item in sorted(sorts, key=lambda s: _str(_list(s, "a sort", 2)[0], "a sort key")):
        # Ties keep Pagefind's order: the sort values themselves are not in the bundle.
        pages_by_value = _page_numbers(item[1], "a sort's pages")
        new_sorts.append([item[0], [_page(p, renumber, count) for p in pages_by_value]])

    payload = cbor2.dumps([version, new_pages, new_chunks, new_filters, new_sorts, *extra])
    new_hash = _meta_name(language, payload)
    files[f"pagefind.{new_hash}.pf_meta"] = _pack(payload)
    return new_hash


def _page(number, renumber, count):
    if number >= count:
        raise FormatError(f"page {number} is out of range (there are {count})")
    return renumber[number]


def _pages(bundle, language, pages, fragments):
    """Number the pages in URL order; returns ``(old -> new number, the meta's new page list)``.

    Fragments are named after the SHA-1 of their JSON, cut to seven digits and lengthened by one
    on a clash, in page order: so the names are given anew in the new order.
    """
    known = []
    for number, page in enumerate(pages):
        name, words = _list(page, "a page", 2)
        _str(name, "a page's hash")
        _int(words, "a page's word count")
        path = os.path.join(bundle, "fragment", f"{name}.pf_fragment")
        payload = read_payload(path)
        full = f"{language}_{_full_hash(payload)}"
        if not full.startswith(name) or len(name) < len(language) + 8:
            raise FormatError(f"fragment {name} is not named after its content")
        url = json.loads(payload.decode("utf-8")).get("url")
        known.append((_str(url, "a fragment's url"), full, words, path, number))
    known.sort()
    renumber, new_pages, taken = [0] * len(known), [], set()
    for new, (_url, full, words, path, old) in enumerate(known):
        renumber[old] = new
        name = full[: len(language) + 8]
        while name in taken:
            if name == full:
                raise FormatError("two pages have the same content and URL")
            name = full[: len(name) + 1]
        taken.add(name)
        new_pages.append([name, words])
        fragments[f"fragment/{name}.pf_fragment"] = path
    return renumber, new_pages


def _words(words, renumber, count):
    """An index chunk's words with their pages renumbered (each word: [word, pages, variants])."""
    out = []
    for word in _list(words, "an index chunk's words"):
        text, pages, variants = _list(word, "a word", 3)
        _str(text, "a word")
        new_pages = _page_list(pages, renumber, count)
        new_variants = []
        for variant in _list(variants, "a word's variants"):
            form, variant_pages = _list(variant, "a word variant", 2)
            new_variants.append([_str(form, "a word variant"), _page_list(variant_pages, renumber, count)])
        # Pagefind lists a word's variants in the order it met them: by the first page each is on;
        # on that page, variants in the text (by form) before variants only in metadata (by form).
        new_variants.sort(key=lambda v: (v[1][0][0], not v[1][0][1], v[0]) if v[1] else (count, False, v[0]))
        out.append([text, _delta(new_pages), [[form, _delta(p)] for form, p in new_variants]])
    return out


def _page_list(pages, renumber, count):
    """[[page delta, locs, meta locs], ...] -> [[new absolute page, locs, meta locs], ...] by page.

    The locations are carried over as they are (they do not depend on page numbers): only their
    being lists is checked, which keeps this fast on big indexes.
    """
    absolute, out = 0, []
    for page in _list(pages, "a word's pages"):
        if type(page) is not list or len(page) != 3:
            raise FormatError("a word's page is not a list of 3")
        delta, locs, meta_locs = page
        if type(delta) is not int or delta < 0 or type(locs) is not list or type(meta_locs) is not list:
            raise FormatError("a word's page is not [page delta, locations, metadata locations]")
        absolute += delta
        out.append([_page(absolute, renumber, count), locs, meta_locs])
    out.sort(key=lambda p: p[0])
    return out


def _delta(pages):
    last, out = 0, []
    for number, locs, meta_locs in pages:
        out.append([number - last, locs, meta_locs])
        last = number
    return out


def _filter(index, filter_name, renumber, count):
    """A filter chunk [name, [[value, pages], ...]] with values by name and pages renumbered."""
    name, values = _list(index, "a filter index", 2)
    if name != filter_name:
        raise FormatError(f"filter chunk {name!r} is listed as {filter_name!r}")
    out = []
    for value in _list(values, "a filter's values"):
        text, pages = _list(value, "a filter value", 2)
        out.append([_str(text, "a filter value"),
                    sorted(_page(p, renumber, count) for p in _page_numbers(pages, "a filter value's pages"))])
    out.sort(key=lambda v: v[0])
    return [name, out]


# --- Putting the new bundle in place -------------------------------------------------------------


def _replace(bundle, files, fragments):
    """Build the new bundle beside the old one, then swap them: a failure leaves the old one whole."""
    parent = os.path.dirname(os.path.abspath(bundle))
    staging = tempfile.mkdtemp(prefix=".pagefind-stable-", dir=parent)
    try:
        os.chmod(staging, stat.S_IMODE(os.stat(bundle).st_mode))
        for root, dirs, names in os.walk(bundle):
            rel_root = os.path.relpath(root, bundle)
            if rel_root == ".":
                dirs[:] = [d for d in dirs if d not in INDEX_DIRS]
            for name in names:
                rel = os.path.normpath(os.path.join(rel_root, name))
                if rel == ENTRY or (rel_root == "." and name.startswith("pagefind.") and name.endswith(".pf_meta")):
                    continue
                link_or_copy(os.path.join(root, name), os.path.join(staging, rel))
        for rel, source in fragments.items():
            link_or_copy(source, os.path.join(staging, rel))
        for rel, data in files.items():
            target = os.path.join(staging, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(data)
        old = staging + ".old"
        os.rename(bundle, old)
        try:
            os.rename(staging, bundle)
        except OSError:
            os.rename(old, bundle)
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def link_or_copy(source, target):
    """A hard link where the file system allows (nothing here modifies a file in place), else a copy."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


if __name__ == "__main__":  # python -m generator.site.pagefind_stable BUNDLE (search runs it beside the build)
    import sys

    logging.basicConfig(format="%(message)s", level=logging.WARNING, stream=sys.stderr)
    canonicalise(sys.argv[1])
