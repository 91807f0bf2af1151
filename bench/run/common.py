"""Paths, connections and targets of the benchmark; its log."""

import sys
import time
from pathlib import Path

# This module is bench/run/common.py: bench/ is two levels up, the project three.
BASE_DIR = Path(__file__).resolve().parent.parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
STATE_DIR = OUT_DIR / "state"
LUA_DIR = Path(__file__).resolve().parent.parent / "wrk"
RESULTS_MD = Path(__file__).resolve().parent.parent / "RESULTS.md"
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chuangxian_bench"

# Gunicorn: single-threaded (sync) workers, three per core. Threaded (gthread)
# workers kept each client's keep-alive connection: wrk's 20 connections often all
# landed on one of two workers (bench.split: the busiest worker did 98 % of the work
# while the other core idled) and its threads fought over one GIL. A sync worker
# takes the next request only when free, so the load is shared (bench.sizing).
WORKERS = 6
THREADS = 1
WORKER_CLASS = "sync"
PAGE_CONNECTIONS = 20
CAST_CONNECTIONS = 50
WRK_THREADS = 2

MIXED_CONNECTIONS = 20

# Sizes of a run (``--size`` or $BENCH_SIZE). ``full`` is issue 14's institute on
# $DATABASE_URL (default chuangxian_bench), compared with the demo size on its
# ``_demo`` twin; ``small`` is for developing the benchmark on a busy machine, on
# databases of its own (cx_bench_small…). Each has an academy database (``_academy``:
# N institutes) and one institute of the same size alone (``_alone``).
SIZES = {
    "full": {
        "url": DEFAULT_URL,
        "scale": "full",
        "compare_scale": "demo",
        "academy_scale": "institute_of_academy",
        "academy_institutes": 20,
        "seconds": 15,
        "warmup": 3,
        "single_seconds": 5,
        "cast_seconds": 20,
        "mixed_seconds": 30,
    },
    "small": {
        "url": "postgres://postgres@127.0.0.1:5432/cx_bench_small",
        "scale": "small",
        "compare_scale": "tiny",
        "academy_scale": "institute_of_small_academy",
        "academy_institutes": 3,
        "seconds": 4,
        "warmup": 1,
        "single_seconds": 2,
        "cast_seconds": 4,
        "mixed_seconds": 8,
    },
}


def log(message: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()
