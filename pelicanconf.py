"""Pelican settings for the news digest (local preview).

Every ``DIGEST_*`` setting has a typed, validated default in ``generator/site/settings.py`` and a line in
the README; set one here only to change it.
"""

# No AUTHOR: an article without a byline shows none, instead of a made-up house name.
SITENAME = "News Digest"
SITESUBTITLE = "Raw news in, a tag-linked digest out"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

# The repo root is the content root: raw articles live in seeds/ (or the folders
# named by DIGEST_SOURCES), hand-written Markdown in content/.
PATH = "."
OUTPUT_PATH = "output/"
ARTICLE_PATHS = ["content/articles"]  # DIGEST_SOURCES are appended by the plugin
PAGE_PATHS = ["content/pages"]
STATIC_PATHS = ["content/images"]
IGNORE_FILES = [".#*", "*/output/*", "*/cache/*", "*/.venv/*", "*/.git/*",
                # a corpus's own notes are not articles
                "README*", "LICENSE*", "SOURCE*"]
THEME = "theme"

PLUGIN_PATHS = ["."]
PLUGINS = ["generator"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "News"

# Raw articles have no date of their own; never fall back to file times, which a
# fresh clone resets (the plugin has a deterministic fallback instead).
DEFAULT_DATE = None
# Articles with equal titles are distinct stories, not translations.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
LOAD_CONTENT_CACHE = False

# URLs: directory-style, one namespace per kind so tag and category slugs never collide.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
# Stories: the same event from several outlets on one page (DIGEST_STORIES); the slug is the earliest article's.
STORY_URL = "stories/{slug}/"
STORY_SAVE_AS = "stories/{slug}/index.html"
STORIES_URL = "stories/"
STORIES_SAVE_AS = "stories/index.html"
# The search page (Pagefind, indexed after the build; see DIGEST_SEARCH).
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"

DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: site-wide and per tag, Atom and RSS; tag and category feeds live in
# separate folders because real corpora have a tag and a category with one slug.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_ATOM = None
FEED_RSS = None
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category/{slug}.rss.xml"
STORIES_FEED_ATOM = "feeds/stories.atom.xml"  # one entry per story; its id stays when articles join
STORIES_FEED_RSS = "feeds/stories.rss.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

RELATIVE_URLS = False
