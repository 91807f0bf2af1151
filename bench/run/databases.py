"""Databases and the in-process steps."""

import json
import os
import subprocess  # nosec B404: runs our own manage.py, gunicorn and wrk
import time
from urllib.parse import urlparse, urlunparse

from bench.run.common import BASE_DIR, PYTHON, STATE_DIR, log


def demo_url(url: str, suffix: str = "_demo") -> str:
    """The database beside ``url`` with ``suffix`` added to its name."""
    parts = urlparse(url)
    return urlunparse(parts._replace(path=parts.path.rstrip("/") + suffix))


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


def step(url: str, name: str, timeout: int = 900, data: dict | None = None) -> dict:
    env = env_for(url)
    if data is not None:
        path = STATE_DIR / f"step-{name}.json"
        path.write_text(json.dumps(data))
        env["BENCH_STEP_INPUT"] = str(path)
    result = subprocess.run(  # noqa: S603  # nosec B603: our own module
        [PYTHON, "-m", "bench.steps", name],
        env=env,
        cwd=BASE_DIR,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare_database(
    url: str, scale: str, fresh: bool, academy: int | None = None
) -> dict:
    ensure_database(url)
    manage(url, "migrate", "--noinput", "-v0")
    args = ["bench_generate", "--scale", scale, "--json"]
    if academy:
        args += ["--academy", str(academy)]
    if fresh:
        args.append("--fresh")
    started = time.monotonic()
    meta = json.loads(manage(url, *args).strip().splitlines()[-1])
    what = f"{academy} × {scale}" if academy else scale
    log(f"{what} dataset ready in {time.monotonic() - started:.0f}s")
    return meta
