"""Where the project is and the environment a real worker or beat runs in."""

import os
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def worker_env(tmp_path) -> dict:
    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or ""
        auth = f"{user}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{user}@"
        env["DATABASE_URL"] = (
            f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}"
        )
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = db["NAME"]
    env["VAR_DIR"] = str(tmp_path)
    env["CELERY_TICK_SECONDS"] = "2"
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env
