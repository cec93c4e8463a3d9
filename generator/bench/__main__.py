"""``python -m generator.bench PATH [--scale N] [--rounds R] [--json] [--keep] [--nlp-sample K] [--live]``.

Prints a table of each build's median wall time, its ratio to plain Pelican and its peak
memory, and checks the targets of issue 9; ``--json`` prints one object instead (keys:
articles, plain_pelican_s, cold_s, warm_s, one_change_s, serial_nlp_s, nlp_ms_per_article,
corpus_pass_s, peak_mib, and extra detail).
"""

import argparse
import json
import sys

from .measure import SAMPLE_ABOVE, SAMPLE_SIZE, measure
from .runner import RunFailed

ROWS = (("plain", "plain Pelican (Markdown twin)", "plain_pelican_s"), ("cold", "our cold build", "cold_s"),
        ("warm", "our warm build", "warm_s"), ("one_change", "one article changed", "one_change_s"))


def _num(value, fmt="{:.1f}"):
    return "—" if value is None else fmt.format(value)


def report(res: dict, source: str) -> str:
    plain = res["plain_pelican_s"]
    lines = [f"News Digest build benchmark: {res['articles']} articles from {source}, "
             f"{res['rounds']} round(s), {res['cores']} cores (medians)", "",
             f"{'build':<32}{'wall s':>9}{'× plain':>9}{'peak MiB':>10}"]
    for key, label, figure in ROWS:
        seconds, peak = res[figure], _num(res["peak_mib_by_build"][key], "{:.0f}")
        lines.append(f"{label:<32}{seconds:>9.1f}{seconds / plain:>9.2f}{peak:>10}")
    sampled = (f", measured on {res['serial_nlp_articles']} articles and extrapolated"
               if res["serial_nlp_sampled"] else "")
    lines.append(f"{'serial NLP (one process)':<32}{res['serial_nlp_s']:>9.1f}{'':>9}"
                 f"{_num(res['peak_mib_by_build']['serial_nlp'], '{:.0f}'):>10}"
                 f"   {res['nlp_ms_per_article']:.1f} ms/article{sampled}")
    lines += ["", "inside our builds (the plugin's Digest line):"]
    for key, label, figure in ROWS[1:]:
        d = res["digest"].get(key) or {}
        steps = " · ".join(f"{n} {s:.1f} s" for n, s in d.get("steps", {}).items()) or "no Digest line"
        if d.get("steps"):  # start-up, reading the articles into Pelican, writing outside the render clock
            steps += f" · other {res[figure] - sum(d['steps'].values()):.1f} s"
        lines.append(f"  {label:<22}{steps}  ({_num(d.get('from_cache'), '{:.0f}')} from the cache, "
                     f"{_num(d.get('analysed'), '{:.0f}')} analysed)")
    lines.append(f"  corpus pass (warm build): {_num(res['corpus_pass_s'], '{:.2f}')} s")
    t = res["targets"]
    checks = (
        ("warm", f"warm ≤ 1.3 × plain ({1.3:.1f} × {plain:.1f} s)", res["warm_s"]),
        ("one_change", f"one-article rebuild ≤ 1.5 × plain ({1.5:.1f} × {plain:.1f} s)", res["one_change_s"]),
        ("cold", f"cold ≤ plain + serial NLP ÷ {res['cores']} cores × 1.15 "
                 f"({plain:.1f} + {res['serial_nlp_s']:.1f} ÷ {res['cores']} × 1.15)", res["cold_s"]),
    )
    lines += ["", "targets (issue 9):"]
    for key, text, seconds in checks:
        verdict = "PASS" if t[key]["pass"] else "FAIL"
        lines.append(f"  {verdict}  {text}: {seconds:.1f} s vs {t[key]['limit_s']:.1f} s")
    if res.get("plain_articles") not in (None, res["articles"]):
        lines.append(f"\nnote: plain Pelican processed {res['plain_articles']} articles")
    for warning in res.get("warnings", []):
        lines.append(f"\nWARNING: {warning}")
    if res.get("workdir"):
        lines.append(f"\nkept: {res['workdir']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("path", help="a folder of raw articles (topic sub-folders become categories)")
    parser.add_argument("--scale", type=int, metavar="N",
                        help="build an archive of N articles: the corpus repeated, dates shifted, text varied")
    parser.add_argument("--rounds", type=int, default=3, metavar="R", help="rounds of every build (medians; 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (corpus, twin, sites, logs)")
    parser.add_argument("--nlp-sample", type=int, metavar="K",
                        help=f"serial NLP on every k-th article, at least K of them (0: all; default: all up to "
                             f"{SAMPLE_ABOVE} articles, else {SAMPLE_SIZE})")
    parser.add_argument("--live", action="store_true",
                        help="run our builds on the working tree (cwd = repo root) instead of a snapshot of its code")
    args = parser.parse_args(argv)
    if args.rounds < 1 or (args.scale is not None and args.scale < 1):
        parser.error("--rounds and --scale must be at least 1")
    try:
        res = measure(args.path, scale=args.scale, rounds=args.rounds, keep=args.keep, sample=args.nlp_sample,
                      live=args.live)
    except RunFailed as err:
        print(err, file=sys.stderr)
        return 1
    print(json.dumps(res, ensure_ascii=False) if args.json else report(res, args.path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
