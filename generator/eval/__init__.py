"""Evaluation commands (``python -m generator.eval``): our figures beside the baselines, on ../shared corpora.

May import: ``generator.text``, ``generator.analysis`` and ``generator.corpus``; never Pelican.
"""
