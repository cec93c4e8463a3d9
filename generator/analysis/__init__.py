"""Per-article NLP: keyword candidates, the summary, the batch runner and its cache.

May import: ``generator.text`` and NLP libraries (YAKE, scikit-learn, networkx, sumy).
"""
