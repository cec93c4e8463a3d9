"""``python -m generator.bench.serial JOB_JSON OUT_JSON``: the serial NLP time of a list of articles.

One process, no cache, one worker: ``analyse`` over every article (parsing is not timed;
the NLP libraries' import, which each pool worker pays too, is). JOB_JSON holds
``{"paths": [...], "k": ..., "max_words": ...}``; OUT_JSON gets ``{"articles", "seconds"}``.
"""

import json
import sys
import time
from pathlib import Path

from ..analysis.batch import analyse_all
from ..analysis.cache import ResultCache
from ..eval.corpus import read_article


def main() -> None:
    job_file, out = sys.argv[1:3]
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    raws = [read_article(p) for p in job["paths"]]
    started = time.perf_counter()
    analyse_all([(r.title, r.paragraphs) for r in raws], ResultCache(None), k=job["k"], max_words=job["max_words"],
                workers=1)
    seconds = time.perf_counter() - started
    Path(out).write_text(json.dumps({"articles": len(raws), "seconds": seconds}), encoding="utf-8")


if __name__ == "__main__":
    main()
