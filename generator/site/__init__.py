"""Pelican glue: signals, the raw reader, per-build state, settings, search index, HTML rendering.

The only package that imports ``pelican`` or ``markupsafe``. May import every layer below.
"""
