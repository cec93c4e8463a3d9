"""``python -m generator.eval {keywords,tags,summaries,fit-summary} …``: our figures beside the baselines."""

import argparse
import json
import sys

DEFAULT_SHARED = "../shared/corpora"


def _table(rows, headers):
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m generator.eval", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    kw = sub.add_parser("keywords", help="F1@10 on a KPCrowd-style folder (docs/, keys/)")
    kw.add_argument("path", nargs="?", default=f"{DEFAULT_SHARED}/kpcrowd")
    kw.add_argument("--json", action="store_true")
    tg = sub.add_parser("tags", help="tag-graph figures on a folder of topic sub-folders")
    tg.add_argument("path", nargs="?", default=f"{DEFAULT_SHARED}/bbc")
    tg.add_argument("--json", action="store_true")
    st = sub.add_parser("stories", help="story grouping against event folders (B-cubed F1, ARI) beside a baseline")
    st.add_argument("path", nargs="?", default=f"{DEFAULT_SHARED}/newswcl50")
    st.add_argument("--json", action="store_true")
    ss = sub.add_parser("stories-scale", help="the grouping step's time and memory at 2k and 20k articles")
    ss.add_argument("path", nargs="?", default=f"{DEFAULT_SHARED}/bbc")
    ss.add_argument("--json", action="store_true")
    sm = sub.add_parser("summaries", help="ROUGE against reference summaries")
    sm.add_argument("--articles", default=f"{DEFAULT_SHARED}/bbc")
    sm.add_argument("--references", default=f"{DEFAULT_SHARED}/bbc-summaries")
    sm.add_argument("-k", type=int, default=3)
    sm.add_argument("--words", type=int, default=None, help="our word budget (default: DIGEST_SUMMARY_WORDS)")
    sm.add_argument("--json", action="store_true")
    ft = sub.add_parser("fit-summary", help="fit the summary model's weights on reference summaries")
    ft.add_argument("--articles", default=f"{DEFAULT_SHARED}/bbc")
    ft.add_argument("--references", default=f"{DEFAULT_SHARED}/bbc-summaries")
    ft.add_argument("--write", action="store_true", help="rewrite generator/summary_weights.py")
    args = parser.parse_args(argv)

    if args.command == "fit-summary":
        from .fit_summary import WEIGHTS_FILE, fit, write

        result = fit(args.articles, args.references)
        print(json.dumps(result, indent=2))
        if args.write:
            write(result)
            print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)
        return 0

    if args.command == "keywords":
        from .keywords import evaluate

        result = evaluate(args.path)
        as_tag_names = result.pop("_ours_as_tag_names")
        if args.json:
            print(json.dumps(result))
            return 0
        print(f"Keywords: F1@10 on {result['docs']} documents ({args.path})")
        print(_table([["ours", result["ours"]], ["YAKE defaults (n=3)", result["yake_default"]],
                      ["YAKE n=1", result["yake_n1"]], ["(ours, entities as tag names)", as_tag_names]],
                     ["system", "F1@10"]))
    elif args.command == "tags":
        from .tags import evaluate

        result = evaluate(args.path)
        if args.json:
            print(json.dumps(result))
            return 0
        print(f"Tag graph on {args.path}")
        print(_table([[k, v] for k, v in result.items()], ["figure", "value"]))
    elif args.command == "stories":
        from .stories import evaluate

        result = evaluate(args.path)
        if args.json:
            print(json.dumps(result))
            return 0
        print(f"Stories: {result['docs']} documents, {result['events']} events ({args.path})")
        rows = [[s, result[s]["bcubed_f1"], result[s]["ari"], result[s]["stories"]] for s in ("ours", "baseline")]
        print(_table(rows, ["system", "B-cubed F1", "ARI", "stories"]))
        lo = result["leave_out"]
        print(f"leave-out runs (1 or 2 articles of an event beside all others) in which a story mixes two events: "
              f"ours {lo['ours_mixed']} of {lo['runs']}, baseline {lo['baseline_mixed']} of {lo['runs']}")
    elif args.command == "stories-scale":
        from .stories import evaluate_scale

        result = evaluate_scale(args.path)
        if args.json:
            print(json.dumps(result))
            return 0
        print(_table([[k, v] for k, v in result.items()], ["figure", "value"]))
    else:
        from .summaries import METRICS, evaluate

        result = evaluate(args.articles, args.references, k=args.k, max_words=args.words)
        if args.json:
            print(json.dumps(result))
            return 0
        print(f"Summaries: ROUGE F1 (%) on {result['docs']} documents, k={result['k']}")
        rows = [[s, *(result[s][m] for m in METRICS)] for s in ("ours", "lead3", "textrank", "lexrank")]
        print(_table(rows, ["system", *METRICS]))
        print(f"our summaries starting with a pronoun or connective: {result['pronoun_start_share']:.1%}")
        print(f"our summaries' mean length: {result['mean_words']} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
