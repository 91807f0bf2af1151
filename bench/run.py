"""``make bench``: the whole benchmark in one run (see bench/README.md).

1. databases: ``$DATABASE_URL`` (full size) and the same name + ``_demo`` (demo size),
   created if missing, migrated, generated unless they hold a complete dataset;
2. (d) SQL queries per page at both sizes, in process;
3. gunicorn on 127.0.0.1:<free port>, DEBUG off, whitenoise;
4. (a) wrk on a bare Django view and on each of the ten pages, 20 connections;
5. (b) wrk POSTing ballots as 50 concurrent voters, then a check in the database;
6. (e) the peak memory (VmHWM) of each gunicorn worker;
7. (c) a full score recomputation against one SQL aggregate;
8. the table on stdout, JSON in var/bench/<timestamp>.json and var/bench/latest.json,
   the Markdown table in bench/RESULTS.md.

Only 127.0.0.1 is ever contacted; every load run is bounded by wrk's ``-d`` duration
(and its request timeout), every wait by a deadline.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import subprocess  # nosec B404: runs our own manage.py, gunicorn and wrk
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
STATE_DIR = OUT_DIR / "state"
LUA_DIR = Path(__file__).resolve().parent / "wrk"
RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chuangxian_bench"

# Gunicorn: one process per core, each with threads to overlap database waits.
WORKERS = 2
THREADS = 4
PAGE_CONNECTIONS = 20
CAST_CONNECTIONS = 50
WRK_THREADS = 2

TARGETS = {
    "page_p95_ms": 150,
    "cast_per_second": 100,
    "recompute_seconds": 10,
    "max_queries": 20,
}


def log(message: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------
# Databases and the in-process steps


def demo_url(url: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=parts.path.rstrip("/") + "_demo"))


def env_for(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        VAR_DIR=str(STATE_DIR),
        PYTHONPATH=str(BASE_DIR),
    )
    return env


def ensure_database(url: str) -> None:
    """Create the database named in ``url`` if it does not exist (via ``postgres``)."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    )
    with admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            admin.execute(f'CREATE DATABASE "{name}"')


def manage(url: str, *args: str, timeout: int = 900) -> str:
    result = subprocess.run(  # noqa: S603  # nosec B603: our own manage.py
        [PYTHON, str(BASE_DIR / "manage.py"), *args],
        env=env_for(url),
        cwd=BASE_DIR,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    return result.stdout


def step(url: str, name: str, timeout: int = 900) -> dict:
    result = subprocess.run(  # noqa: S603  # nosec B603: our own module
        [PYTHON, "-m", "bench.steps", name],
        env=env_for(url),
        cwd=BASE_DIR,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_database(url: str, scale: str, fresh: bool) -> dict:
    ensure_database(url)
    manage(url, "migrate", "--noinput", "-v0")
    args = ["bench_generate", "--scale", scale, "--json"]
    if fresh:
        args.append("--fresh")
    started = time.monotonic()
    meta = json.loads(manage(url, *args).strip().splitlines()[-1])
    log(f"{scale} dataset ready in {time.monotonic() - started:.0f}s")
    return meta


# ---------------------------------------------------------------------------------------
# gunicorn and wrk


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, cookie: str = "", timeout: float = 10) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310  # nosec B310: 127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Server:
    """gunicorn on 127.0.0.1, started and stopped by this process only."""

    def __init__(self, url: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_file = open(STATE_DIR / "gunicorn.log", "w")  # noqa: SIM115
        gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent))
        self.process = subprocess.Popen(  # noqa: S603  # nosec B603: our own server
            [
                gunicorn or "gunicorn",
                "chuangxian.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "gthread",
                "--threads",
                str(THREADS),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env=env_for(url),
            cwd=BASE_DIR,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited; see var/bench/state/gunicorn.log")
            try:
                if http_get(f"{self.base}/bench/bare/", timeout=2) == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            self.stop()
            raise RuntimeError("gunicorn did not answer within 60 s")
        log(f"gunicorn up on {self.base} ({WORKERS} workers × {THREADS} threads)")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def memory(self) -> dict:
        """Peak (VmHWM) and current (VmRSS) resident memory of each worker, in MiB."""
        result = {}
        for pid in self.workers():
            fields = {}
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _sep, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    fields[key] = round(int(value.split()[0]) / 1024, 1)
            result[str(pid)] = fields
        return result

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log_file.close()


def lua_literal(value) -> str:
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"[{json.dumps(k)}] = {lua_literal(v)}" for k, v in value.items()
            )
            + "}"
        )
    if isinstance(value, list):
        return "{" + ", ".join(lua_literal(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value))


def wrk(
    base: str,
    script: str,
    data: dict,
    *,
    connections: int,
    seconds: int,
    path: str = "/",
) -> dict:
    """One bounded wrk run against 127.0.0.1; returns its JSON summary line."""
    data_file = STATE_DIR / f"wrk-{script}.lua"
    data_file.write_text("return " + lua_literal(data) + "\n")
    env = dict(os.environ, BENCH_DATA=str(data_file), BENCH_LUA_DIR=str(LUA_DIR))
    result = subprocess.run(  # noqa: S603  # nosec B603: wrk against 127.0.0.1
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            "-t",
            str(min(WRK_THREADS, connections)),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA_DIR / f"{script}.lua"),
            f"{base}{path}",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            summary = json.loads(line[len("BENCH_JSON ") :])
            seconds_run = summary["duration_us"] / 1e6
            latency = summary["latency_us"]
            summary.update(
                throughput=round(summary["requests"] / seconds_run, 1),
                p50_ms=round(latency["p50"] / 1000, 1),
                p95_ms=round(latency["p95"] / 1000, 1),
                p99_ms=round(latency["p99"] / 1000, 1),
                mean_ms=round(latency["mean"] / 1000, 1),
            )
            return summary
    raise RuntimeError(f"wrk printed no summary:\n{result.stdout}")


# ---------------------------------------------------------------------------------------
# The machine


def cpu_probe() -> float:
    """Seconds one core takes for ten million Python additions: how fast this machine
    runs Python, so runs on different machines can be compared (best of three)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(best, 2)


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kib = int(line.split()[1])
    load = os.getloadavg()
    return {
        "cpu_probe_seconds": cpu_probe(),
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def other_processes() -> list[str]:
    """Busy processes not started by this run (they share the two cores).

    ``ps`` gives each process's CPU share over its lifetime, so this run itself (just
    started, busy importing) and the ``make`` above it are left out.
    """
    result = subprocess.run(  # noqa: S603  # nosec B603 B607
        ["ps", "-eo", "pid,pcpu,comm", "--sort=-pcpu", "--no-headers"],  # noqa: S607
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    mine = {os.getpid(), os.getppid()}
    busy = []
    for line in result.stdout.splitlines()[:15]:
        pid, pcpu, comm = (line.split(None, 2) + ["", ""])[:3]
        if int(pid) in mine or comm.strip() == "ps":
            continue
        if float(pcpu or 0) >= 5:
            busy.append(f"{comm.strip()} {pcpu}%")
    return busy


# ---------------------------------------------------------------------------------------
# The run


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


# ---------------------------------------------------------------------------------------
# The report


def table(result: dict) -> str:
    """The results as Markdown (printed, and written to bench/RESULTS.md)."""
    m = result["machine"]
    a, b, c = result["a_pages"], result["b_casting"], result["c_recompute"]
    d, e, v = result["d_queries"], result["e_memory_mib"], result["verdicts"]
    ds = result["dataset"]["full"]

    def ok(flag: bool) -> str:
        return "met" if flag else "**missed**"

    lines = [
        f"Run {result['when']} on {m['cpus']} × {m['cpu_model']}, "
        f"{m['memory_gib']} GiB RAM (CPU probe: 10⁷ Python additions in "
        f"{m.get('cpu_probe_seconds', '?')} s), PostgreSQL {m['postgresql']}, "
        f"Python {m['python']}; gunicorn {result['server']['gunicorn_workers']} "
        f"workers × {result['server']['threads_per_worker']} threads, wrk with "
        f"{result['load']['page_connections']} connections, "
        f"{result['load']['seconds_per_page']} s per page. Load generator, "
        "server and PostgreSQL share the same machine.",
        "",
        f"Dataset: {ds['general_branches']} 党总支, {ds['branches']} 党支部, "
        f"{ds['staff']} staff, {ds['members']} members, {ds['plans']} plans, "
        f"{ds['pledges']} pledges ({ds['pledge_items']} items), {ds['records']} "
        f"records, {ds['news_reports']} news reports, a closed mass evaluation of "
        f"{ds['closed_round_ballots']} ballots ({ds['ballot_answers']} answers).",
        "",
        "| page (user) | p50 ms | p95 ms | req/s | p95 × bare | p95 ms, 1 user | "
        "queries demo | queries full |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| bare Django view (anonymous) | {a['bare']['p50_ms']} | "
        f"{a['bare']['p95_ms']} | {a['bare']['throughput']} | 1.0 | "
        f"{a['bare']['single_user']['p95_ms']} | – | – |",
    ]
    for key, s in a["pages"].items():
        lines.append(
            f"| {key} ({s['user'].removeprefix('bench_')}) | {s['p50_ms']} | "
            f"{s['p95_ms']} | {s['throughput']} | {s['p95_ratio_to_bare']} | "
            f"{s['single_user']['p95_ms']} | "
            f"{d['demo'][key]['queries']} | {d['full'][key]['queries']} |"
        )
    for key in d["full"]:
        if key not in a["pages"]:
            lines.append(
                f"| {key} (office, queries only) | – | – | – | – | – | "
                f"{d['demo'][key]['queries']} | {d['full'][key]['queries']} |"
            )
    db = b["database"]
    lines += [
        "",
        "| measure | result | target | |",
        "| --- | --- | --- | --- |",
        f"| (a) worst page p95 at {result['load']['page_connections']} users | "
        f"{v['pages_p95']['worst_ms']} ms | ≤ {TARGETS['page_p95_ms']} ms | "
        f"{ok(v['pages_p95']['met'])} |",
        f"| (b) ballots cast by {result['load']['cast_connections']} voters | "
        f"{b['cast_per_second']}/s, p50 {b['p50_ms']} ms, p95 {b['p95_ms']} ms "
        f"({b['cast']} cast, {b['refused']} refused) | ≥ "
        f"{TARGETS['cast_per_second']}/s | {ok(v['casting']['met'])} |",
        f"| (b) has-voted rows = ballots (staged + mixed) | {db['participations']} = "
        f"{db['staged']} + {db['mixed_before']} ({v['casting']['in_flight_at_stop']} "
        "still in flight when wrk stopped) | equal, no duplicate | "
        f"{ok(v['casting']['no_lost_or_double_vote'])} |",
        f"| (c) full score recomputation ({c['scores']} scores) | "
        f"{c['full_seconds']} s; one SQL aggregate over its input rows "
        f"{c['aggregate_seconds']} s (× {c['ratio_full_to_aggregate']}); nothing "
        f"changed {c['incremental_seconds']} s | ≤ {TARGETS['recompute_seconds']} s | "
        f"{ok(v['recompute']['met'])} |",
        f"| (d) queries per page | demo = full: "
        f"{'yes' if v['queries']['same_at_both_sizes'] else 'no'}; max "
        f"{v['queries']['max']} | same, ≤ {TARGETS['max_queries']} | "
        f"{ok(v['queries']['met'])} |",
        f"| (e) peak memory of a web worker (VmHWM) | {e['peak_mib']} MiB | – | |",
    ]
    if result["other_busy_processes"]:
        lines += [
            "",
            "Other processes busy when the run started: "
            + ", ".join(result["other_busy_processes"])
            + f" (load average {m['load_average_at_start']}).",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild both datasets")
    parser.add_argument("--seconds", type=int, default=15, help="load per page")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up per page")
    parser.add_argument("--cast-seconds", type=int, default=20)
    parser.add_argument(
        "--single-seconds", type=int, default=5, help="one-user run per page"
    )
    args = parser.parse_args()
    result = run(args)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(result, ensure_ascii=False, indent=2)
    (OUT_DIR / f"{stamp}.json").write_text(text)
    (OUT_DIR / "latest.json").write_text(text)
    markdown = table(result)
    RESULTS_MD.write_text(
        "# Benchmark results (latest `make bench`)\n\n"
        "Written by `bench/run.py`; the JSON is in `var/bench/latest.json`.\n\n"
        + markdown
    )
    sys.stdout.write(markdown)
    log(f"done in {result['run_seconds']}s: var/bench/{stamp}.json, bench/RESULTS.md")


if __name__ == "__main__":
    main()
