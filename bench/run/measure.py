"""The run."""

import datetime
import os
import shutil
import sys
import time

from bench.run import mixed
from bench.run.common import (
    CAST_CONNECTIONS,
    DEFAULT_URL,
    MIXED_CONNECTIONS,
    PAGE_CONNECTIONS,
    SIZES,
    STATE_DIR,
    THREADS,
    WORKER_CLASS,
    WORKERS,
    WRK_THREADS,
    log,
)
from bench.run.databases import demo_url, manage, prepare_database, step
from bench.run.host import machine, other_processes, postgres_version
from bench.run.server import Server, http_get, wrk
from bench.run.targets import TARGETS, evaluate, summary

#: Pairs of one institute's recomputation (with the academy, alone) measured in turn.
RECOMPUTE_PAIRS = 3


def _size(args) -> dict:
    name = args.size or os.environ.get("BENCH_SIZE") or "full"
    if name not in SIZES:
        sys.exit(f"unknown size {name!r}: one of {', '.join(SIZES)}")
    size = {**SIZES[name], "name": name}
    if name == "full":
        size["url"] = os.environ.get("DATABASE_URL") or DEFAULT_URL
    for key in ("seconds", "warmup", "single_seconds", "cast_seconds", "mixed_seconds"):
        if getattr(args, key, None) is not None:
            size[key] = getattr(args, key)
    return size


def _load_page(server, page: dict, size: dict, bare: dict | None) -> dict:
    """Warm-up, then 20 connections and one, on one page's rotation of users."""
    data = {"requests": page["requests"]}
    wrk(
        server.base,
        "pages",
        data,
        connections=PAGE_CONNECTIONS,
        seconds=size["warmup"],
        path=page["path"],
    )
    summary = wrk(
        server.base,
        "pages",
        data,
        connections=PAGE_CONNECTIONS,
        seconds=size["seconds"],
        path=page["path"],
    )
    single = wrk(
        server.base,
        "pages",
        data,
        connections=1,
        seconds=size["single_seconds"],
        path=page["path"],
    )
    summary["single_user"] = {
        k: single[k] for k in ("p50_ms", "p95_ms", "throughput", "requests")
    }
    summary["user"], summary["path"] = page["user"], page["path"]
    summary["role"] = page.get("role")
    summary["distinct_users"] = page.get("distinct_users", 1)
    if bare:
        summary["p95_ratio_to_bare"] = round(summary["p95_ms"] / bare["p95_ms"], 1)
        summary["throughput_ratio_to_bare"] = round(
            summary["throughput"] / bare["throughput"], 3
        )
    log(
        f"  {page.get('key', '?'):<22} p50 {summary['p50_ms']:>7} ms  "
        f"p95 {summary['p95_ms']:>7} ms  {summary['throughput']:>7}/s  "
        f"(1 user: p95 {summary['single_user']['p95_ms']} ms; "
        f"{summary['distinct_users']} users)"
    )
    return summary


def _check_pages(server, pages: list[dict]) -> None:
    for page in pages:
        first = page["requests"][0]
        status = http_get(server.base + first["path"], first["cookie"])
        if status != 200:
            raise RuntimeError(f"{page['key']} answered {status}, not 200")


def _bare(server, size: dict) -> dict:
    data = {"requests": [{"path": "/bench/bare/", "cookie": ""}]}
    kwargs = {"connections": PAGE_CONNECTIONS, "path": "/bench/bare/"}
    wrk(server.base, "pages", data, seconds=size["warmup"], **kwargs)
    bare = wrk(server.base, "pages", data, seconds=size["seconds"], **kwargs)
    single = wrk(
        server.base,
        "pages",
        data,
        connections=1,
        seconds=size["single_seconds"],
        path="/bench/bare/",
    )
    bare["single_user"] = {
        k: single[k] for k in ("p50_ms", "p95_ms", "throughput", "requests")
    }
    return bare


def _casting(server, cast: dict, size: dict) -> dict:
    log(f"(b) casting: {CAST_CONNECTIONS} voters, {size['cast_seconds']}s")
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
        seconds=size["cast_seconds"],
        path=cast["prefix"],
    )
    casting["cast_per_second"] = round(
        casting["cast"] / (casting["duration_us"] / 1e6), 1
    )
    return casting


def _academy(size: dict, fresh: bool) -> dict:
    """(f) The academy: its overview and the institutes' office homes under load on
    one deployment; one institute's recomputation with the academy and alone."""
    url = demo_url(size["url"], "_academy")
    alone_url = demo_url(size["url"], "_alone")
    n = size["academy_institutes"]
    prepare_database(url, size["academy_scale"], fresh, academy=n)
    prepare_database(alone_url, size["academy_scale"], fresh, academy=1)
    prepared = step(url, "academy_prepare")
    result = {
        "institutes": n,
        "counts": prepared["counts"],
        "overview_present": prepared["overview_present"],
        "pages": {},
    }
    if not prepared["overview_present"]:
        log("(f) academy overview: missed: page not present (academy:overview)")
    server = Server(url)
    try:
        for page in prepared["pages"]:
            first = page["requests"][0]
            status = http_get(server.base + first["path"], first["cookie"])
            if status != 200:
                log(f"(f) {page['key']} answered {status}: not loaded")
                result["pages"][page["key"]] = {"unexpected": status, "p95_ms": None}
                continue
            result["pages"][page["key"]] = _load_page(server, page, size, None)
    finally:
        server.stop()
    # A 0.1 s measurement on a shared machine: three pairs, alternated, the fastest of
    # each side (single pairs read from 0.8 to 1.3 within minutes).
    log("(f) one institute's recomputation: with the academy and alone, three pairs")
    pairs = [
        (step(url, "recompute_institute"), step(alone_url, "recompute_institute"))
        for _ in range(RECOMPUTE_PAIRS)
    ]
    with_academy = min((w for w, _ in pairs), key=lambda r: r["seconds"])
    alone = min((a for _, a in pairs), key=lambda r: r["seconds"])
    result["recompute_with_academy"] = with_academy
    result["recompute_alone"] = alone
    result["recompute_ratio"] = round(with_academy["seconds"] / alone["seconds"], 2)
    return result


def _mixed(server, url: str, size: dict) -> dict:
    """(g) Reads and writes in one run, then every acknowledged write looked up."""
    log(
        f"(g) mixed reads and writes: {MIXED_CONNECTIONS} users, {size['mixed_seconds']}s"
    )
    prepared = step(url, "mixed_prepare")
    run_ = mixed.run(
        server.base,
        prepared["reads"],
        prepared["writes"],
        connections=MIXED_CONNECTIONS,
        seconds=size["mixed_seconds"],
    )
    acked = run_.pop("acknowledged")
    run_["acknowledged"] = {k: len(v) for k, v in acked.items()}
    return {
        **run_,
        "_check_input": {
            "acknowledged": acked,
            "progress_before": prepared["progress_before"],
            "round": prepared["round"],
        },
    }


def run(args) -> dict:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (make bench does it)")
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    size = _size(args)
    url = size["url"]
    small_url = demo_url(url)
    started = time.monotonic()
    info = machine()
    busy_before = other_processes()

    log(f"size {size['name']}: preparing the databases beside {url}")
    demo_meta = prepare_database(small_url, size["compare_scale"], args.fresh)
    full_meta = prepare_database(url, size["scale"], args.fresh)
    manage(url, "collectstatic", "--noinput", "-v0")

    log("(d) queries, CPU and function calls per page, in process, at both sizes")
    queries_demo = step(small_url, "queries")
    queries_full = step(url, "queries")

    log("sessions for wrk (users in rotation), casting round emptied")
    prepared = step(url, "prepare")

    server = Server(url)
    try:
        _check_pages(server, prepared["pages"])
        log(
            f"(a) bare view and {len(prepared['pages'])} pages, {size['seconds']}s each"
        )
        bare = _bare(server, size)
        results = {
            page["key"]: _load_page(server, page, size, bare)
            for page in prepared["pages"]
        }
        casting = _casting(server, prepared["cast"], size)
        log("(b) checking the ballots in the database")
        casting["database"] = step(url, "cast_check")
        mixed_run = _mixed(server, url, size)
        memory = server.memory()
    finally:
        server.stop()
    mixed_run["check"] = step(url, "mixed_check", data=mixed_run.pop("_check_input"))
    log(f"(g) nothing lost: {mixed_run['check']['nothing_lost']}")
    log("(b) the raw insert ceiling of a cast (psycopg, no Django)")
    ceiling = step(url, "insert_ceiling")
    casting["insert_ceiling"] = ceiling
    casting["ratio_to_insert_ceiling"] = round(
        casting["cast_per_second"] / ceiling["per_second"], 3
    )
    log("(c) full score recomputation")
    recompute = step(url, "recompute")
    academy = None if args.no_academy else _academy(size, args.fresh)

    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "size": size["name"],
        "machine": {**info, "postgresql": postgres_version(url)},
        "other_busy_processes": busy_before,
        "server": {
            "gunicorn_workers": WORKERS,
            "threads_per_worker": THREADS,
            "worker_class": WORKER_CLASS,
            "settings": "bench.settings (DEBUG off, whitenoise)",
            "cache": (
                "Redis (REDIS_URL)"
                if os.environ.get("REDIS_URL")
                else "each worker's memory, versions in files"
            ),
        },
        "load": {
            "tool": "wrk 4",
            "page_connections": PAGE_CONNECTIONS,
            "cast_connections": CAST_CONNECTIONS,
            "mixed_connections": MIXED_CONNECTIONS,
            "seconds_per_page": size["seconds"],
            "cast_seconds": size["cast_seconds"],
            "mixed_seconds": size["mixed_seconds"],
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
        "f_academy": academy,
        "g_mixed": mixed_run,
        "targets": TARGETS,
        "run_seconds": round(time.monotonic() - started),
    }
    result["target_rows"] = evaluate(result)
    result["verdicts"] = summary(result["target_rows"])
    return result
