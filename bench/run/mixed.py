"""The mixed scenario: reads and writes together, from a Python load generator.

wrk cannot tell which request an answer belongs to, and a write must be checked one
by one afterwards (bench.steps ``mixed_check``), so this scenario runs ``connections``
threads, each with its own keep-alive connection to 127.0.0.1. Request ``i`` (counted
across threads) is a write when ``i % write_every == 0`` and writes remain, else the
next read of the rotation. Each answer is timed; a write is *acknowledged* when its
answer says it was done (a redirect for progress, filing and approval; the receipt
page for a vote); the database check then looks for every acknowledged write.
"""

import http.client
import itertools
import threading
import time
from urllib.parse import urlparse

RECEIPT = b'data-testid="receipt-code"'


def percentile(values: list[float], q: float) -> float | None:
    """The ``q`` (0–100) percentile of ``values`` by the nearest-rank method."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceiling, at least the first
    return ordered[int(rank) - 1]


def acknowledged(kind: str, status: int, location: str, body: bytes) -> bool:
    """Whether an answer to a write of ``kind`` says the write was done."""
    if kind == "vote":
        return status == 200 and RECEIPT in body
    return status == 302 and "/accounts/login" not in location


def summary(latencies_ms: list[float], seconds: float) -> dict:
    return {
        "requests": len(latencies_ms),
        "per_second": round(len(latencies_ms) / seconds, 1) if seconds else 0,
        "p50_ms": _r(percentile(latencies_ms, 50)),
        "p95_ms": _r(percentile(latencies_ms, 95)),
    }


def _r(value):
    return None if value is None else round(value, 1)


def run(
    base: str,
    reads: list[dict],
    writes: list[dict],
    *,
    connections: int = 20,
    seconds: float = 20,
    write_every: int = 4,
) -> dict:
    """Load ``base`` for ``seconds``; latencies of reads and writes, acknowledged ids."""
    url = urlparse(base)
    counter = itertools.count()
    lock = threading.Lock()
    pending = list(writes)
    read_ms: list[float] = []
    write_ms: dict[str, list[float]] = {}
    acked: dict[str, list] = {}
    refused: dict[str, int] = {}
    errors = [0]
    deadline = time.monotonic() + seconds

    def next_request():
        i = next(counter)
        if i % write_every == 0:
            with lock:
                if pending:
                    return pending.pop(0)
        return reads[i % len(reads)]

    def worker():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        while time.monotonic() < deadline:
            request = next_request()
            write = "kind" in request
            headers = {"Cookie": request["cookie"]}
            if write:
                headers["X-CSRFToken"] = request["csrf"]
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            started = time.perf_counter()
            try:
                conn.request(
                    "POST" if write else "GET",
                    request["path"],
                    body=request.get("body", "").encode() if write else None,
                    headers=headers,
                )
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                continue
            ms = (time.perf_counter() - started) * 1000
            with lock:
                if not write:
                    read_ms.append(ms)
                    if response.status != 200:
                        refused["read"] = refused.get("read", 0) + 1
                    continue
                kind = request["kind"]
                write_ms.setdefault(kind, []).append(ms)
                location = response.getheader("Location") or ""
                if acknowledged(kind, response.status, location, body):
                    acked.setdefault(kind, []).append(request["id"])
                else:
                    refused[kind] = refused.get(kind, 0) + 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    all_writes = [ms for values in write_ms.values() for ms in values]
    return {
        "connections": connections,
        "seconds": round(elapsed, 1),
        "write_every": write_every,
        "reads": summary(read_ms, elapsed),
        "writes": {
            "all": summary(all_writes, elapsed),
            **{kind: summary(v, elapsed) for kind, v in sorted(write_ms.items())},
        },
        "writes_prepared": len(writes),
        "writes_left": len(pending),
        "refused": refused,
        "errors": errors[0],
        "acknowledged": acked,
    }
