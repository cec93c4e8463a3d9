"""Progress of the NLP pass and the one-line build summary (glue: rich, through Pelican's console)."""

import logging
import time

from pelican.log import console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

logger = logging.getLogger(__name__)

BAR_MIN = 64  # fewer articles to analyse than this finish in a moment: no bar
LINE_EVERY = 250  # without a terminal, a plain line every this many articles


class NlpProgress:
    """A context manager giving a ``progress(done, total)`` callback for :func:`generator.analysis.batch.fill_cache`:
    a rich bar on a terminal, a log line every ``LINE_EVERY`` articles otherwise."""

    def __init__(self):
        self._bar = None
        self._task = None
        self._started = time.perf_counter()

    def __enter__(self):
        return self

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None and total >= BAR_MIN and console.is_terminal:
            self._bar = Progress(TextColumn("Analysing articles"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("nlp", total=total)
        if self._bar is not None:  # the total grows while articles are still being read
            self._bar.update(self._task, completed=done, total=total)
        elif done % LINE_EVERY == 0 or (done == total and total >= LINE_EVERY):
            logger.info("Analysed %d of %d articles (%.0f s)", done, total, time.perf_counter() - self._started)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()
        return False


def print_summary(articles: int, hits: int, analysed: int, timings: dict[str, float]) -> None:
    """One line at the end of the build: what was done and where the time went."""
    parts = " · ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
    console.print(f"Digest: {articles} articles ({hits} from the NLP cache, {analysed} analysed); {parts}",
                  soft_wrap=True)
