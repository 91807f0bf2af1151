"""Where a page's time goes under load: ``python -m bench.split [--only k1,k2]``.

On the benchmark's database (run ``make bench`` once first), gunicorn as ``make
bench`` starts it, each benched page loaded by wrk with 20 connections in rotation of
its users; meanwhile the CPU time of the gunicorn workers, PostgreSQL's processes,
Redis and wrk is read from ``/proc``. Printed per page: requests per second, p95, and
the CPU milliseconds each of them spent per request. On two cores the sum bounds the
throughput (2 000 ms of CPU a second ÷ the sum per request): it says which of them a
page's speed waits for.
"""

import argparse
import os
import sys
import threading
from pathlib import Path

from bench.run.common import PAGE_CONNECTIONS, SIZES, STATE_DIR, log
from bench.run.databases import step
from bench.run.server import Server, wrk

TICK = os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int) -> int:
    """User + system CPU ticks of a process and its threads, 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _processes() -> dict[str, list[int]]:
    """Running processes by the part of the machine they are."""
    groups: dict[str, list[int]] = {"postgres": [], "redis": [], "wrk": []}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if name.startswith("postgres"):
            groups["postgres"].append(int(entry.name))
        elif name.startswith("redis-server"):
            groups["redis"].append(int(entry.name))
        elif name == "wrk":
            groups["wrk"].append(int(entry.name))
    return groups


class Sampler:
    """CPU ticks of every process of each group, read often enough to count the
    short-lived ones (wrk, PostgreSQL backends) up to their last reading."""

    def __init__(self, server: Server):
        self.server = server
        self.last: dict[tuple[str, int], int] = {}
        self.first: dict[tuple[str, int], int] = {}

    def read(self) -> None:
        groups = _processes()
        groups["gunicorn"] = self.server.workers()
        for group, pids in groups.items():
            for pid in pids:
                ticks = _cpu_ticks(pid)
                self.first.setdefault((group, pid), ticks)
                self.last[(group, pid)] = ticks

    def busiest_worker_share(self) -> float:
        """The busiest gunicorn worker's part of all the workers' CPU (1 / workers
        when they share the load evenly; 1.0 when one worker serves it all)."""
        workers = {
            pid: ticks - self.first[(group, pid)]
            for (group, pid), ticks in self.last.items()
            if group == "gunicorn"
        }
        total = sum(workers.values())
        return round(max(workers.values()) / total, 2) if total else 0.0

    def spent(self) -> dict[str, float]:
        """CPU seconds each group spent between the first and the last reading."""
        totals: dict[str, float] = {}
        for (group, pid), ticks in self.last.items():
            delta = ticks - self.first[(group, pid)]
            totals[group] = totals.get(group, 0.0) + delta / TICK
        return totals


def measure(server: Server, data: dict, path: str, seconds: int) -> dict:
    """One wrk run of ``seconds`` with the CPU of each group sampled around it."""
    sampler = Sampler(server)
    sampler.read()
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            sampler.read()

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        summary = wrk(
            server.base,
            "pages",
            data,
            connections=PAGE_CONNECTIONS,
            seconds=seconds,
            path=path,
        )
    finally:
        stop.set()
        thread.join()
        sampler.read()
    spent = sampler.spent()
    requests = max(summary["requests"], 1)
    per_request = {
        group: round(1000 * spent.get(group, 0.0) / requests, 2)
        for group in ("gunicorn", "postgres", "redis", "wrk")
    }
    per_request["sum"] = round(sum(per_request.values()), 2)
    return {
        "busiest_worker_share": sampler.busiest_worker_share(),
        "throughput": summary["throughput"],
        "p95_ms": summary["p95_ms"],
        "cpu_ms_per_request": per_request,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZES), default="full")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--only", default="", help="comma-separated page keys")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--worker-class", default=None)
    parser.add_argument(
        "--gunicorn", default="", help="more gunicorn options, e.g. '--keep-alive 0'"
    )
    args = parser.parse_args()
    url = SIZES[args.size]["url"]
    if args.size == "full":
        url = os.environ.get("DATABASE_URL") or url
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    pages_all = pages = step(url, "prepare")["pages"]
    only = {key for key in args.only.split(",") if key}
    pages = [p for p in pages if not only or p["key"] in only]
    kwargs = {}
    if args.workers:
        kwargs["workers"] = args.workers
    if args.threads:
        kwargs["threads"] = args.threads
    if args.worker_class:
        kwargs["worker_class"] = args.worker_class
    server = Server(url, extra=tuple(args.gunicorn.split()), **kwargs)
    rows = []
    try:
        bare = {"requests": [{"path": "/bench/bare/", "cookie": ""}]}
        wrk(server.base, "pages", bare, connections=20, seconds=2, path="/bench/bare/")
        rows.append(("bare", measure(server, bare, "/bench/bare/", args.seconds)))
        member = next(p for p in pages_all if p["key"] == "home_member")
        frame = {
            "requests": [{**r, "path": "/bench/frame/"} for r in member["requests"]]
        }
        wrk(
            server.base, "pages", frame, connections=20, seconds=2, path="/bench/frame/"
        )
        rows.append(
            ("signed-in frame", measure(server, frame, "/bench/frame/", args.seconds))
        )
        for page in pages:
            data = {"requests": page["requests"]}
            wrk(
                server.base, "pages", data, connections=20, seconds=2, path=page["path"]
            )
            rows.append(
                (page["key"], measure(server, data, page["path"], args.seconds))
            )
            log(f"{page['key']}: {rows[-1][1]}")
    finally:
        server.stop()
    out = [
        "| page | req/s | p95 ms | CPU ms a request: gunicorn | PostgreSQL | Redis "
        "| wrk | sum | busiest worker's share |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, row in rows:
        cpu = row["cpu_ms_per_request"]
        out.append(
            f"| {key} | {row['throughput']} | {row['p95_ms']} | {cpu['gunicorn']} "
            f"| {cpu['postgres']} | {cpu['redis']} | {cpu['wrk']} | {cpu['sum']} "
            f"| {row['busiest_worker_share']} |"
        )
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
