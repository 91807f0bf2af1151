"""``make bench``: the whole benchmark in one run (see bench/README.md).

1. databases (``--size full``, the default): ``$DATABASE_URL`` (full size), the same
   name + ``_demo`` (demo size), ``_academy`` (20 institutes of 1 500 staff) and
   ``_alone`` (one of them by itself); ``--size small`` uses cx_bench_small… instead;
   each created if missing, migrated, generated unless it holds a complete dataset;
2. (d) queries, median CPU and function calls per page at both sizes, in process;
3. gunicorn on 127.0.0.1:<free port>, DEBUG off, whitenoise;
4. (a) wrk on a bare Django view and on each page, 20 connections, each page's
   requests going through its role's users in rotation;
5. (b) wrk POSTing ballots as 50 concurrent voters, then a check in the database;
6. (g) reads and writes mixed (bench/run/mixed.py), then every acknowledged write
   looked up in the database;
7. (e) the peak memory (VmHWM) of each gunicorn worker;
8. (c) a full score recomputation against one SQL aggregate;
9. (f) the academy: its overview and the institutes' office homes under load, one
   institute's recomputation with the academy and alone;
10. every target of issue 14 met or missed (bench/run/targets.py); the tables on
    stdout, JSON in var/bench/<timestamp>.json and var/bench/latest.json, the
    Markdown in bench/RESULTS.md (``--size small``: latest-small.json and
    var/bench/RESULTS-small.md).

Only 127.0.0.1 is ever contacted; every load run is bounded by wrk's ``-d`` duration
(and its request timeout), every wait by a deadline.
"""

from bench.run.common import (
    BASE_DIR,
    CAST_CONNECTIONS,
    DEFAULT_URL,
    LUA_DIR,
    OUT_DIR,
    PAGE_CONNECTIONS,
    PYTHON,
    RESULTS_MD,
    STATE_DIR,
    THREADS,
    WORKERS,
    WRK_THREADS,
    log,
)
from bench.run.databases import (
    demo_url,
    ensure_database,
    env_for,
    manage,
    prepare_database,
    step,
)
from bench.run.host import cpu_probe, machine, other_processes, postgres_version
from bench.run.measure import run
from bench.run.report import table
from bench.run.server import Server, free_port, http_get, lua_literal, wrk
from bench.run.targets import TARGETS, evaluate

__all__ = [
    "BASE_DIR",
    "CAST_CONNECTIONS",
    "DEFAULT_URL",
    "LUA_DIR",
    "OUT_DIR",
    "PAGE_CONNECTIONS",
    "PYTHON",
    "RESULTS_MD",
    "STATE_DIR",
    "Server",
    "TARGETS",
    "THREADS",
    "WORKERS",
    "WRK_THREADS",
    "cpu_probe",
    "demo_url",
    "ensure_database",
    "env_for",
    "free_port",
    "http_get",
    "log",
    "lua_literal",
    "machine",
    "manage",
    "other_processes",
    "postgres_version",
    "prepare_database",
    "run",
    "step",
    "table",
    "evaluate",
    "wrk",
]
