"""``python -m generator.ingest SOURCE... --out DIR [--json]``: feeds and pages to raw articles."""

import argparse
import json
import sys

from .fetch import MAX_BYTES, Fetcher
from .run import Ingest


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m generator.ingest",
        description="Write one raw .txt article per feed entry or article page into DIR. A SOURCE is an RSS, "
        "Atom or JSON Feed, an HTML article page (URL or local file), a folder of such files, or a text "
        "file listing URLs one a line (OPML too).",
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="feed, page, folder, URL list or OPML")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the raw articles and the state")
    parser.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    polite = parser.add_argument_group("politeness")
    polite.add_argument("--delay", type=float, default=1.0, metavar="S",
                        help="seconds between requests to one host (default 1; robots.txt Crawl-delay wins)")
    polite.add_argument("--timeout", type=float, default=20.0, metavar="S", help="seconds per request (default 20)")
    polite.add_argument("--max-bytes", type=int, default=MAX_BYTES, metavar="N",
                        help=f"largest response read (default {MAX_BYTES})")
    polite.add_argument("--retries", type=int, default=2, metavar="N",
                        help="retries on 5xx, 429 and timeouts (default 2)")
    polite.add_argument("--backoff", type=float, default=1.0, metavar="S",
                        help="wait before the first retry, doubled for each next one (default 1)")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    fetcher = Fetcher(timeout=args.timeout, max_bytes=args.max_bytes, delay=max(0.0, args.delay),
                      retries=max(0, args.retries), backoff=max(0.0, args.backoff))
    report = Ingest(args.out, fetcher).run(args.sources)
    if args.json:
        print(json.dumps(report.as_dict(), indent=1, ensure_ascii=False))
    else:
        for path in report.files:
            print(f"wrote {path}")
        print(f"{report.sources} sources, {report.entries} articles: {report.written} written, "
              f"{report.unchanged} unchanged, {report.fallback} from the feed's own text, {report.failed} failed")
    return report.exit_status


if __name__ == "__main__":
    sys.exit(main())
