"""gunicorn and wrk."""

import json
import os
import shutil
import signal
import socket
import subprocess  # nosec B404: runs our own manage.py, gunicorn and wrk
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.run.common import (
    BASE_DIR,
    LUA_DIR,
    PYTHON,
    STATE_DIR,
    THREADS,
    WORKER_CLASS,
    WORKERS,
    WRK_THREADS,
    log,
)
from bench.run.databases import env_for


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

    def __init__(
        self,
        url: str,
        workers: int = WORKERS,
        threads: int = THREADS,
        worker_class: str = WORKER_CLASS,
        extra: tuple[str, ...] = (),
    ):
        self.workers_count, self.threads = workers, threads
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
                str(workers),
                "--worker-class",
                worker_class,
                "--threads",
                str(threads),
                "--timeout",
                "60",
                "--log-level",
                "warning",
                *extra,
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
        log(
            f"gunicorn up on {self.base} ({workers} {worker_class} workers × "
            f"{threads} threads)"
        )

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
