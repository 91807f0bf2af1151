"""Gunicorn workers × threads from measurement: ``python -m bench.sizing [--size small]``.

On the benchmark's database (bench.run's sizes), for each configuration in turn:
gunicorn with that many sync or gthread workers and threads, the busiest pages (the
secretary's home, the board, the office home, each in rotation of its users) loaded by
wrk with 20 connections, then the p95 and throughput of each and the peak memory of a
worker. Prints a table and the configuration with the lowest worst p95 (fewer
processes on a tie within 5 %), writes ``var/bench/sizing-<size>.json``. Run it on the
machine class you deploy to, quiet: on a shared machine the figures are noise.
"""

import argparse
import json
import os
import sys

from bench.run.common import OUT_DIR, PAGE_CONNECTIONS, SIZES, STATE_DIR, log
from bench.run.databases import step
from bench.run.server import Server, wrk

# (workers, threads, worker class): sync workers take a request only when free;
# gthread workers keep their clients' connections (see bench/run/common.py).
CONFIGS = (
    (6, 1, "sync"),
    (4, 1, "sync"),
    (8, 1, "sync"),
    (3, 1, "sync"),
    (2, 1, "sync"),
    (2, 4, "gthread"),
    (4, 2, "gthread"),
    (4, 1, "gthread"),
)
PAGES = ("home_secretary", "board", "home_office")


def best(results: list[dict]) -> dict | None:
    """The configuration with the lowest worst-page p95; within 5 % of it, the one
    with the fewest workers, then threads (less memory, fewer connections). A
    configuration that completed no request on some page (``worst_p95_ms`` None)
    is out; None if all are."""
    measured = [r for r in results if r["worst_p95_ms"] is not None]
    if not measured:
        return None
    lowest = min(r["worst_p95_ms"] for r in measured)
    close = [r for r in measured if r["worst_p95_ms"] <= lowest * 1.05]
    return min(close, key=lambda r: (r["workers"], r["threads"], r["worst_p95_ms"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZES), default=None)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    name = args.size or os.environ.get("BENCH_SIZE") or "full"
    url = SIZES[name]["url"]
    if name == "full":
        url = os.environ.get("DATABASE_URL") or url
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    prepared = {p["key"]: p for p in step(url, "prepare")["pages"]}
    results = []
    for workers, threads, worker_class in CONFIGS:
        server = Server(
            url, workers=workers, threads=threads, worker_class=worker_class
        )
        try:
            row = {
                "workers": workers,
                "threads": threads,
                "worker_class": worker_class,
                "pages": {},
            }
            for key in PAGES:
                data = {"requests": prepared[key]["requests"]}
                kwargs = {"connections": PAGE_CONNECTIONS, "path": "/"}
                wrk(server.base, "pages", data, seconds=2, **kwargs)
                s = wrk(server.base, "pages", data, seconds=args.seconds, **kwargs)
                row["pages"][key] = {
                    k: s[k] for k in ("p50_ms", "p95_ms", "throughput", "requests")
                }
            row["peak_mib"] = max(
                (m.get("VmHWM", 0) for m in server.memory().values()), default=0
            )
        finally:
            server.stop()
        answered = all(p["requests"] for p in row["pages"].values())
        row["worst_p95_ms"] = (
            max(p["p95_ms"] for p in row["pages"].values()) if answered else None
        )
        row["throughput"] = round(
            sum(p["throughput"] for p in row["pages"].values()) / len(PAGES), 1
        )
        log(
            f"{workers} {worker_class} × {threads}: worst p95 {row['worst_p95_ms']} ms, "
            f"{row['throughput']}/s, {row['peak_mib']} MiB a worker"
        )
        results.append(row)
    choice = best(results)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = {"size": name, "results": results, "best": choice}
    (OUT_DIR / f"sizing-{name}.json").write_text(json.dumps(out, indent=2))
    lines = [
        "| workers × threads (class) | worst p95 ms | req/s (mean of pages) "
        "| MiB a worker |",
        "| --- | ---: | ---: | ---: |",
    ] + [
        f"| {r['workers']} × {r['threads']} ({r['worker_class']}) | {r['worst_p95_ms']} "
        f"| {r['throughput']} "
        f"| {r['peak_mib']} |"
        for r in results
    ]
    lines.append(
        f"\nBest here: {choice['workers']} {choice['worker_class']} workers × "
        f"{choice['threads']} threads."
        if choice
        else "\nNo configuration completed a request on every page: run longer."
    )
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
