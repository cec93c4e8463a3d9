"""The build benchmark (issue 9): ``python -m generator.bench PATH [--scale N] [--rounds R] [--json]``.

Times plain Pelican on a Markdown twin of a corpus against our cold, warm and
one-change builds and the serial NLP pass, each as a whole process, with peak memory.

May import: ``generator.text``, ``generator.analysis``, ``generator.corpus`` and
``generator.eval``; never Pelican (builds run as subprocesses).
"""
