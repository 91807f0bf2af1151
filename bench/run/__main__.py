"""``make bench``: the whole benchmark in one run (see bench/README.md)."""

import argparse
import datetime
import json
import sys

from bench.run.common import OUT_DIR, RESULTS_MD, log
from bench.run.measure import run
from bench.run.report import previous_calls, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild both datasets")
    parser.add_argument(
        "--size",
        choices=["full", "small"],
        default=None,
        help="full (default, $DATABASE_URL) or small (cx_bench_small…); or $BENCH_SIZE",
    )
    parser.add_argument("--seconds", type=int, default=None, help="load per page")
    parser.add_argument("--warmup", type=int, default=None, help="warm-up per page")
    parser.add_argument("--cast-seconds", type=int, default=None)
    parser.add_argument("--mixed-seconds", type=int, default=None)
    parser.add_argument(
        "--single-seconds", type=int, default=None, help="one-user run per page"
    )
    parser.add_argument(
        "--no-academy", action="store_true", help="skip the academy (f)"
    )
    args = parser.parse_args()
    result = run(args)
    results_md = (
        RESULTS_MD
        if result["size"] == "full"
        else OUT_DIR / f"RESULTS-{result['size']}.md"
    )
    # The report it replaces, for each page's calls then and now (report.CALLS_RISE).
    if results_md.exists():
        result["previous_run"] = previous_calls(results_md.read_text())
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(result, ensure_ascii=False, indent=2)
    (OUT_DIR / f"{stamp}.json").write_text(text)
    latest = (
        "latest.json" if result["size"] == "full" else f"latest-{result['size']}.json"
    )
    (OUT_DIR / latest).write_text(text)
    markdown = table(result)
    results_md.write_text(
        "# Benchmark results (latest `make bench`)\n\n"
        "Written by `bench/run.py`; the JSON is in `var/bench/latest.json`.\n\n"
        + markdown
    )
    sys.stdout.write(markdown)
    log(f"done in {result['run_seconds']}s: var/bench/{stamp}.json, {results_md}")


if __name__ == "__main__":
    main()
