"""The fast first migrate of a new SQLite database (core.fast_migrate, make run)."""

import os
import subprocess  # nosec B404 - runs this project's manage.py
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import fast_migrate

ROOT = Path(__file__).resolve().parents[2]


def manage(tmp_path, *args) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(SQLITE_PATH=str(tmp_path / "db.sqlite3"), VAR_DIR=str(tmp_path))
    return subprocess.run(  # nosec B603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_creates_the_schema_of_every_migration_at_once(tmp_path):
    code = "from core import fast_migrate; print(fast_migrate.migrate())"
    made = manage(tmp_path, "shell", "-v0", "-c", code)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "True"
    # Nothing left to apply, and the models match what the migrations recorded.
    check = manage(tmp_path, "migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    again = manage(tmp_path, "shell", "-v0", "-c", code)
    assert again.stdout.strip() == "False"


@pytest.mark.django_db
def test_it_steps_aside_on_a_database_with_tables():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    reason = fast_migrate.why_not_fast(connection, executor, plan)
    assert reason is not None
