"""One benchmark run: the corpus, then R rounds of plain Pelican, our three builds and the serial NLP.

Our builds and the serial NLP run a snapshot of the project's code (``generator/``, ``theme/``,
``content/``, ``pelicanconf.py``) taken when the run starts, so that an edit to the working tree
during a long run cannot change the NLP cache's keys between builds; ``live=True`` runs the
working tree itself (cwd = the repo root).

Each round, in order: our cold build (empty NLP cache), our warm build (same cache and
output), our rebuild after one article's last sentence changed (put back afterwards), plain
Pelican on the Markdown twin (written once, after the first cold build, from its cache),
and the serial NLP pass. Figures are medians over the rounds; peaks are maxima.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from . import conf as project
from .corpus import change_one, copy_corpus, write_scaled
from .runner import Run, run
from .twin import choose, plain_settings, write_twin

# Above this many articles the serial NLP pass measures every k-th article (at least
# SAMPLE_SIZE of them) and extrapolates; --nlp-sample changes it.
SAMPLE_ABOVE = 3000
SAMPLE_SIZE = 500
BUILDS = ("plain", "cold", "warm", "one_change")
SNAPSHOT = ("generator", "theme", "content", "pelicanconf.py")


def nlp_sample(paths: list[Path], size: int | None) -> list[Path]:
    """Every k-th article, at least ``size`` of them; all when ``size`` is 0 or covers them."""
    if size is None:
        size = SAMPLE_SIZE if len(paths) > SAMPLE_ABOVE else 0
    if not size or size >= len(paths):
        return paths
    return paths[:: max(1, len(paths) // size)]


def snapshot(dest: Path) -> Path:
    """Copy the code and settings a build uses into ``dest``; returns it."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SNAPSHOT:
        source = project.ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=skip)
        elif source.exists():
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def our_build(code: Path, corpus: Path, out: Path, cache: Path) -> list[str]:
    """Pelican arguments of our build of ``corpus`` with the project at ``code`` (run with cwd = ``code``)."""
    return ["-s", str(code / "pelicanconf.py"), "-o", str(out),
            "-e", "DIGEST_SOURCES=" + json.dumps([str(corpus)]), "DIGEST_CACHE_PATH=" + json.dumps(str(cache))]


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def measure(source, scale: int | None = None, rounds: int = 3, keep: bool = False, sample: int | None = None,
            live: bool = False, say=_say) -> dict:
    """Run the benchmark on the raw articles of ``source``; returns the figures (see ``__main__``)."""
    work = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    try:
        code = project.ROOT if live else snapshot(work / "code")
        conf = project.load(code / "pelicanconf.py")
        return _measure(Path(source).resolve(), work, code, conf, scale, rounds, sample, say) | (
            {"workdir": str(work)} if keep else {})
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def _measure(source: Path, work: Path, code: Path, conf: dict, scale, rounds, sample, say) -> dict:
    corpus, logs = work / "corpus", work / "logs"
    if scale:
        say(f"writing {scale} articles from {source}")
        files = write_scaled(source, corpus, scale, conf)
    else:
        files = copy_corpus(source, corpus, conf)
    if not files:
        raise SystemExit(f"no articles in {source}")
    measured = nlp_sample(files, sample)
    job = work / "serial-job.json"
    job.write_text(json.dumps({"paths": [str(p) for p in measured],
                               "k": project.get(conf, "DIGEST_SUMMARY_SENTENCES"),
                               "max_words": project.get(conf, "DIGEST_SUMMARY_WORDS")}), encoding="utf-8")
    twin = work / "twin"
    runs: dict[str, list[Run]] = {name: [] for name in (*BUILDS, "serial")}
    serial_s = []
    changed = files[len(files) // 2]

    def timed(name: str, r: int, module: str, args: list[str], cwd: Path) -> Run:
        say(f"round {r}/{rounds}: {name} …")
        result = run(module, args, cwd, logs, f"{name}-{r}", code)
        say(f"round {r}/{rounds}: {name} {result.seconds:.1f} s, {result.peak_mib or 0:.0f} MiB")
        runs[name].append(result)
        return result

    for r in range(1, rounds + 1):
        cache, site = work / f"nlp-cache-{r}", work / f"site-{r}"
        timed("cold", r, "pelican", our_build(code, corpus, site, cache), code)
        timed("warm", r, "pelican", our_build(code, corpus, site, cache), code)
        original = change_one(changed, r)
        try:
            timed("one_change", r, "pelican", our_build(code, corpus, site, cache), code)
        finally:
            changed.write_bytes(original)
        if r == 1:
            say("writing the Markdown twin (tags and summaries from the cold build's cache)")
            write_twin(choose(files, corpus, conf, cache_dir=cache), corpus, twin / "content",
                       code / "content" / "pages")
            (twin / "plainconf.py").write_text(plain_settings(conf, twin / "content"), encoding="utf-8")
        timed("plain", r, "pelican", ["-s", str(twin / "plainconf.py"), "-o", str(work / f"plain-{r}")], twin)
        out = work / f"serial-{r}.json"
        timed("serial", r, "generator.bench.serial", [str(job), str(out)], code)
        serial_s.append(json.loads(out.read_text(encoding="utf-8"))["seconds"])
        say(f"round {r}/{rounds}: serial NLP over {len(measured)} articles: {serial_s[-1]:.1f} s in the loop")
        for used in (cache, site, work / f"plain-{r}"):
            if r < rounds:
                shutil.rmtree(used, ignore_errors=True)
    return figures(len(files), len(measured), runs, serial_s, rounds)


def _steps(runs: list[Run]) -> dict:
    digests = [d for d in (r.digest() for r in runs) if d]
    names = [n for d in digests for n in d["steps"]]
    return {"steps": {n: _median(d["steps"].get(n) for d in digests) for n in dict.fromkeys(names)},
            "from_cache": _median(d["from_cache"] for d in digests),
            "analysed": _median(d["analysed"] for d in digests),
            "articles": _median(d["articles"] for d in digests)} if digests else {}


def figures(articles: int, sampled: int, runs: dict[str, list[Run]], serial_s: list[float], rounds: int) -> dict:
    """The JSON contract (``articles`` … ``peak_mib``) and extra detail."""
    med = {name: _median(r.seconds for r in rs) for name, rs in runs.items()}
    serial = _median(serial_s) * articles / sampled
    cores = os.cpu_count() or 1
    peaks = {name: max((r.peak_mib for r in rs if r.peak_mib), default=None) for name, rs in runs.items()}
    warm_steps = _steps(runs["warm"])
    plain = med["plain"]
    limits = {"warm": 1.3 * plain, "one_change": 1.5 * plain, "cold": plain + serial / cores * 1.15}
    return {
        "articles": articles,
        "plain_pelican_s": plain,
        "cold_s": med["cold"],
        "warm_s": med["warm"],
        "one_change_s": med["one_change"],
        "serial_nlp_s": serial,
        "nlp_ms_per_article": serial / articles * 1000,
        "corpus_pass_s": warm_steps.get("steps", {}).get("corpus pass"),
        "peak_mib": max(p for name, p in peaks.items() if name in ("cold", "warm", "one_change") and p),
        # extra detail
        "rounds": rounds,
        "cores": cores,
        "serial_nlp_sampled": sampled < articles,
        "serial_nlp_articles": sampled,
        "serial_nlp_process_s": med["serial"],
        "peak_mib_by_build": {"plain": peaks["plain"], "cold": peaks["cold"], "warm": peaks["warm"],
                              "one_change": peaks["one_change"], "serial_nlp": peaks["serial"]},
        # the peak run's figures: sampled process tree, getrusage's own and largest child's
        "memory_detail": {name: max(rs, key=lambda r: r.peak_mib or 0).memory for name, rs in runs.items()},
        "digest": {name: _steps(runs[name]) for name in ("cold", "warm", "one_change")},
        "plain_articles": _median(r.processed() for r in runs["plain"]),
        "targets": {name: {"limit_s": limit, "pass": med[name] <= limit} for name, limit in limits.items()},
        "warnings": check(runs),
    }


def check(runs: dict[str, list[Run]]) -> list[str]:
    """What makes the figures doubtful: a build without its Digest line, or one that missed the NLP
    cache (our builds run the working tree: a change to the NLP code during the run changes every key)."""
    found = []
    for name, expected in (("cold", None), ("warm", 0), ("one_change", 1)):
        for i, run_ in enumerate(runs[name], 1):
            digest = run_.digest()
            if digest is None:
                found.append(f"round {i}: the {name} build printed no Digest line")
            elif expected is not None and digest["analysed"] > expected:
                found.append(f"round {i}: the {name} build analysed {digest['analysed']} articles (expected "
                             f"{expected}): the NLP cache missed; did the code change during the run?")
    return found
