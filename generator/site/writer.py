"""Pelican's writer with feeds that validate: an author on every entry, absolute ids in local builds too."""

import re

from pelican.writers import Writer

# Where `make serve` previews the site: the base of absolute feed URLs and ids when
# SITEURL is empty (a local build), so that feeds are valid there too.
LOCAL_URL = "http://127.0.0.1:8000"
TAG_FEED_MIN = 2  # default of DIGEST_TAG_FEED_MIN
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT_FIELDS = ("title", "description", "content", "author_name")


def _is_tag_feed(path, settings) -> bool:
    for name in ("TAG_FEED_ATOM", "TAG_FEED_RSS"):
        pattern = settings.get(name)
        if pattern and path:
            head, _, tail = str(pattern).partition("{slug}")
            if str(path).startswith(head) and str(path).endswith(tail):
                return True
    return False


class DigestWriter(Writer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # (item, feed class, site URL) -> its finished feed entry. An article is an entry of the
        # main feed, its category's and each of its tags' (about 14 entries per article at
        # 20,000 articles); its title, link, tag URI and content are made once per feed type.
        # Keyed by the item itself, not id(): a story's feed entries are made per feed and freed.
        self._entries: dict[tuple, dict] = {}

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        # A feed per tag is worth subscribing to once the tag holds a few stories; most tags of a
        # large archive hold one, and their feeds were half of all files written (not linked either).
        minimum = self.settings.get("DIGEST_TAG_FEED_MIN", TAG_FEED_MIN)
        if len(elements) < minimum and _is_tag_feed(path, self.settings):
            return None
        if not context.get("SITEURL"):
            context = {**context, "SITEURL": LOCAL_URL, "FEED_DOMAIN": context.get("FEED_DOMAIN") or LOCAL_URL}
        return super().write_feed(elements, context, path, *args, **kwargs)

    def _add_item_to_the_feed(self, feed, item):
        key = (item, type(feed), self.site_url, self.settings.get("FEED_APPEND_REF"))
        try:
            entry = self._entries.get(key)
        except TypeError:  # an unhashable item (another plugin's feed, say): made every time
            key, entry = None, None
        if entry is not None:
            feed.items.append(dict(entry))
            return
        super()._add_item_to_the_feed(feed, item)
        entry = feed.items[-1]
        if key is not None:
            self._entries[key] = entry
        entry["unique_id_is_permalink"] = False  # a tag: URI, so RSS must not read the guid as a link
        if not str(entry.get("author_name") or "").strip():
            # No byline: the outlet, else the site, answers for the entry (Atom needs a name).
            entry["author_name"] = getattr(item, "source", "") or self.settings.get("SITENAME", "")
        for name in _TEXT_FIELDS:  # hand-written content may hold what XML 1.0 cannot
            value = entry.get(name)
            if isinstance(value, str) and _XML_INVALID.search(value):
                entry[name] = type(value)(_XML_INVALID.sub("", value))


def get_writer(pelican):
    return DigestWriter
