"""What one request costs in process: CPU time, Python function calls, SQL queries.

One definition shared by ``make bench`` (bench.steps ``inprocess``) and any profiling
script (e.g. bench/profile_pages.py): a page is requested with Django's test client,
once to warm up (template and URL caches, the first query of a connection), then
``runs`` times timed with ``time.process_time`` (the CPU this process spent: Python,
the ORM building SQL, psycopg; not PostgreSQL executing it), once under cProfile for
the function calls and once under ``CaptureQueriesContext`` for the queries.

``profile(client, path)`` returns the cProfile stats of one request for a look at
where the time goes (``top(stats)`` lists the heaviest functions).
"""

import cProfile
import pstats
import statistics
import time

RUNS = 7


def cpu_ms(fn, runs: int = RUNS) -> list[float]:
    """CPU milliseconds of ``runs`` calls of ``fn`` (this process only)."""
    result = []
    for _ in range(runs):
        started = time.process_time()
        fn()
        result.append((time.process_time() - started) * 1000)
    return result


def profile(fn) -> pstats.Stats:
    """The cProfile stats of one call of ``fn``."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    return pstats.Stats(profiler)


def top(stats: pstats.Stats, n: int = 25, sort: str = "cumulative") -> list[dict]:
    """The ``n`` heaviest functions of ``stats``: name, calls, own and total seconds."""
    rows = []
    for (file, line, name), (_cc, calls, own, total, _callers) in stats.stats.items():
        rows.append(
            {
                "function": f"{file}:{line}({name})",
                "calls": calls,
                "own_s": round(own, 5),
                "total_s": round(total, 5),
            }
        )
    key = "total_s" if sort == "cumulative" else "own_s"
    return sorted(rows, key=lambda r: r[key], reverse=True)[:n]


def page_cost(client, path: str, runs: int = RUNS) -> dict:
    """Status, median CPU ms, function calls and queries of one request to ``path``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm-up
    cpu = cpu_ms(lambda: client.get(path), runs)
    calls = profile(lambda: client.get(path)).total_calls
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return {
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "cpu_ms_median": round(statistics.median(cpu), 2),
        "cpu_ms_min": round(min(cpu), 2),
        "function_calls": calls,
        "runs": runs,
    }
