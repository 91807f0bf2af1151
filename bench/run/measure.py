"""The run."""

import datetime
import os
import shutil
import sys
import time

from bench.run.common import (
    CAST_CONNECTIONS,
    DEFAULT_URL,
    PAGE_CONNECTIONS,
    STATE_DIR,
    TARGETS,
    THREADS,
    WORKERS,
    WRK_THREADS,
    log,
)
from bench.run.databases import demo_url, manage, prepare_database, step
from bench.run.host import machine, other_processes, postgres_version
from bench.run.server import Server, http_get, wrk


def run(args) -> dict:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (make bench does it)")
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    small_url = demo_url(url)
    started = time.monotonic()
    info = machine()
    busy_before = other_processes()

    log("preparing the demo-size and full-size databases")
    demo_meta = prepare_database(small_url, "demo", args.fresh)
    full_meta = prepare_database(url, "full", args.fresh)
    manage(url, "collectstatic", "--noinput", "-v0")

    log("(d) SQL queries per page at demo and full size")
    queries_demo = step(small_url, "queries")
    queries_full = step(url, "queries")

    log("sessions for wrk, casting round emptied")
    prepared = step(url, "prepare")

    server = Server(url)
    try:
        for page in prepared["pages"]:
            status = http_get(server.base + page["path"], page["cookies"][0])
            if status != 200:
                raise RuntimeError(f"{page['key']} answered {status}, not 200")
        log(f"(a) bare view and {len(prepared['pages'])} pages, {args.seconds}s each")
        wrk(
            server.base,
            "pages",
            {"path": "/bench/bare/", "cookies": []},
            connections=PAGE_CONNECTIONS,
            seconds=args.warmup,
            path="/bench/bare/",
        )
        bare = wrk(
            server.base,
            "pages",
            {"path": "/bench/bare/", "cookies": []},
            connections=PAGE_CONNECTIONS,
            seconds=args.seconds,
            path="/bench/bare/",
        )
        single = wrk(
            server.base,
            "pages",
            {"path": "/bench/bare/", "cookies": []},
            connections=1,
            seconds=args.single_seconds,
            path="/bench/bare/",
        )
        bare["single_user"] = {
            k: single[k] for k in ("p50_ms", "p95_ms", "throughput", "requests")
        }
        results = {}
        for page in prepared["pages"]:
            data = {"path": page["path"], "cookies": page["cookies"]}
            wrk(
                server.base,
                "pages",
                data,
                connections=PAGE_CONNECTIONS,
                seconds=args.warmup,
                path=page["path"],
            )
            summary = wrk(
                server.base,
                "pages",
                data,
                connections=PAGE_CONNECTIONS,
                seconds=args.seconds,
                path=page["path"],
            )
            single = wrk(
                server.base,
                "pages",
                data,
                connections=1,
                seconds=args.single_seconds,
                path=page["path"],
            )
            summary["single_user"] = {
                k: single[k] for k in ("p50_ms", "p95_ms", "throughput", "requests")
            }
            summary["user"], summary["path"] = page["user"], page["path"]
            summary["p95_ratio_to_bare"] = round(summary["p95_ms"] / bare["p95_ms"], 1)
            summary["throughput_ratio_to_bare"] = round(
                summary["throughput"] / bare["throughput"], 3
            )
            results[page["key"]] = summary
            log(
                f"  {page['key']:<16} p50 {summary['p50_ms']:>7} ms  "
                f"p95 {summary['p95_ms']:>7} ms  {summary['throughput']:>7}/s  "
                f"(1 user: p95 {summary['single_user']['p95_ms']} ms)"
            )
        cast = prepared["cast"]
        log(f"(b) casting: {CAST_CONNECTIONS} voters, {args.cast_seconds}s")
        casting = wrk(
            server.base,
            "cast",
            {
                "prefix": cast["prefix"],
                "targets": cast["targets"],
                "voters": cast["voters"],
                "body": cast["body"],
                "threads": WRK_THREADS,
            },
            connections=CAST_CONNECTIONS,
            seconds=args.cast_seconds,
            path=cast["prefix"],
        )
        casting["cast_per_second"] = round(
            casting["cast"] / (casting["duration_us"] / 1e6), 1
        )
        memory = server.memory()
    finally:
        server.stop()
    log("(b) checking the ballots in the database")
    casting["database"] = step(url, "cast_check")
    log("(b) the raw insert ceiling of a cast (psycopg, no Django)")
    ceiling = step(url, "insert_ceiling")
    casting["insert_ceiling"] = ceiling
    casting["ratio_to_insert_ceiling"] = round(
        casting["cast_per_second"] / ceiling["per_second"], 3
    )
    log("(c) full score recomputation")
    recompute = step(url, "recompute")

    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {**info, "postgresql": postgres_version(url)},
        "other_busy_processes": busy_before,
        "server": {
            "gunicorn_workers": WORKERS,
            "threads_per_worker": THREADS,
            "worker_class": "gthread",
            "settings": "bench.settings (DEBUG off, whitenoise)",
        },
        "load": {
            "tool": "wrk 4",
            "page_connections": PAGE_CONNECTIONS,
            "cast_connections": CAST_CONNECTIONS,
            "seconds_per_page": args.seconds,
            "cast_seconds": args.cast_seconds,
        },
        "dataset": {"full": full_meta["counts"], "demo": demo_meta["counts"]},
        "generation_seconds": {
            "full": full_meta.get("seconds"),
            "demo": demo_meta.get("seconds"),
        },
        "a_pages": {"bare": bare, "pages": results},
        "b_casting": casting,
        "c_recompute": recompute,
        "d_queries": {"demo": queries_demo["pages"], "full": queries_full["pages"]},
        "e_memory_mib": {
            "workers": memory,
            "peak_mib": max((m.get("VmHWM", 0) for m in memory.values()), default=0),
        },
        "targets": TARGETS,
        "run_seconds": round(time.monotonic() - started),
    }
    result["verdicts"] = verdicts(result)
    return result


def verdicts(result: dict) -> dict:
    pages = result["a_pages"]["pages"]
    worst = max(pages.values(), key=lambda s: s["p95_ms"])
    db = result["b_casting"]["database"]
    d_demo, d_full = result["d_queries"]["demo"], result["d_queries"]["full"]
    return {
        "pages_p95": {
            "target_ms": TARGETS["page_p95_ms"],
            "met": all(s["p95_ms"] <= TARGETS["page_p95_ms"] for s in pages.values()),
            "worst_ms": worst["p95_ms"],
        },
        "casting": {
            "target_per_second": TARGETS["cast_per_second"],
            "met": result["b_casting"]["cast_per_second"] >= TARGETS["cast_per_second"],
            "no_lost_or_double_vote": db["participations"] == db["ballots_total"]
            and db["participations"] == db["distinct_voter_target"],
            # wrk counts answers received within its duration; requests still in
            # flight when it stops are committed by the server all the same.
            "in_flight_at_stop": db["participations"] - result["b_casting"]["cast"],
        },
        "recompute": {
            "target_seconds": TARGETS["recompute_seconds"],
            "met": result["c_recompute"]["full_seconds"]
            <= TARGETS["recompute_seconds"],
        },
        "queries": {
            "same_at_both_sizes": all(
                d_demo[k]["queries"] == d_full[k]["queries"] for k in d_full
            ),
            "max": max(v["queries"] for v in d_full.values()),
            "met": all(
                d_demo[k]["queries"] == d_full[k]["queries"]
                and d_full[k]["queries"] <= TARGETS["max_queries"]
                for k in d_full
            ),
        },
    }
