"""News digest: a Pelican plugin that turns raw news articles into a tag-linked digest."""

__version__ = "0.1.0"


def register():
    """Pelican entry point: wire the reader and the corpus pass to Pelican's signals."""
    from .site.plugin import register as _register

    _register()
