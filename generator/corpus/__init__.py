"""Passes across all articles: canonical tags, related articles (stories and editions land here).

May import: ``generator.text`` and ``generator.analysis``.
"""
