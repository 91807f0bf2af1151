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
