"""Work Pelican repeats per page or per tag, done once per build instead.

Profiled on a warm build of the 2,225 BBC articles (cProfile; see the README's
"How it works"):

* ``Content.url`` is a property: every read formats ``ARTICLE_URL`` again from a
  copy of the metadata, with two ``strftime`` calls and a ``relpath``. The theme,
  the feeds and intersite links read it ~65,000 times (a quarter of the render).
  Once every generator is finalized no URL changes, so each one is computed once
  and kept in ``override_url``, the attribute through which Pelican's own ``URL``
  metadata already overrides the setting.
* ``ArticlesGenerator.generate_tags`` (and its category and author twins) finds a
  tag's articles in date order with ``[a for a in self.dates if a in articles]``:
  every article times a list search, per tag. That grows with tags x articles,
  minutes at 20,000 articles. Here a position index over ``self.dates`` sorts each
  tag's own articles instead; the pages are written with the same arguments.
* ``_build_period_archives`` does the same per month (``[a for a in articles if a in
  dates]``): 10 s of a 20,000-article build spread over only nine months, and it
  grows with months x articles x articles per month. The same index fixes it.
"""

from __future__ import annotations

import logging
from types import MethodType

from pelican.generators import ArticlesGenerator
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)

# Pelican's per-generator content lists whose items have a URL.
_CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                  "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def freeze_urls(generators) -> None:
    """Compute every article's and page's URL once; later reads take it as stored.

    ``save_as`` is left alone: Pelican reads ``override_save_as`` as "this page may
    overwrite another", which a frozen value must not turn on.
    """
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or []:
                if not hasattr(content, "override_url"):
                    content.override_url = content.url


def in_date_order(items, position: dict[int, int]) -> list:
    """``items`` that are in ``position`` (id -> index in an ordered list), each once, in that order."""
    unique = {id(item): item for item in items if id(item) in position}
    return [unique[key] for key in sorted(unique, key=position.__getitem__)]


def _taxonomy_pages(self, write, *, template: str, groups, invalid: str, failed: str, further: str) -> None:
    """Pelican's generate_tags/categories/authors, with ``dates`` from an index (same write arguments)."""
    page = self.get_template(template)
    position = {id(article): i for i, article in enumerate(self.dates)}
    for item, articles in groups:
        try:
            write(item.save_as, page, self.context, **{template: item}, url=item.url, articles=articles,
                  dates=in_date_order(articles, position), template_name=template, blog=True,
                  page_name=item.page_name, all_articles=self.articles)
        except FileOverwriteFailedError:
            if not item.slug:
                logger.info(invalid, item, extra={"limit_msg": further})
                continue
            logger.error(failed, item)
            raise


def _generate_tags(self, write):
    _taxonomy_pages(self, write, template="tag", groups=self.tags.items(),
                    invalid='Tag "%s" has an invalid slug; skipping writing tag page...',
                    failed='Failed to write Tag page for "%s".', further="Further tags with invalid slugs.")


def _generate_categories(self, write):
    _taxonomy_pages(self, write, template="category", groups=self.categories,
                    invalid='Category "%s" has an invalid slug; skipping writing category page...',
                    failed='Failed to write Category page for "%s".',
                    further="Further categories with invalid slugs.")


def _generate_authors(self, write):
    _taxonomy_pages(self, write, template="author", groups=self.authors,
                    invalid='Author "%s" has an invalid slug; skipping writing author page...',
                    failed='Failed to write Author page for "%s".',
                    further="Further authors with invalid slugs.")


def _build_period_archives(self, sorted_articles, articles, settings):
    """Pelican's period archives, their ``articles`` lists filled from an index (same lists)."""
    archives = ArticlesGenerator._build_period_archives(self, sorted_articles, [], settings)
    position = {id(article): i for i, article in enumerate(articles)}
    for periods in archives.values():
        for archive in periods:
            archive["articles"] = in_date_order(archive["dates"], position)
    return archives


def index_period_archives(generator) -> None:
    """Give this ArticlesGenerator the indexed period archives (before its context is made)."""
    generator._build_period_archives = MethodType(_build_period_archives, generator)


def index_taxonomy_pages(generator) -> None:
    """Give this ArticlesGenerator the indexed tag, category and author page writers."""
    generator.generate_tags = MethodType(_generate_tags, generator)
    generator.generate_categories = MethodType(_generate_categories, generator)
    generator.generate_authors = MethodType(_generate_authors, generator)
