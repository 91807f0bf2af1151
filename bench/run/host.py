"""The machine."""

import os
import platform
import subprocess  # nosec B404: runs our own manage.py, gunicorn and wrk
import time
from pathlib import Path


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
