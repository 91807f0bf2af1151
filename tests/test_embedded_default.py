"""`make run`'s embedded default (SQLite, no Redis): the demo loads and every demo
account's pages answer. The suite itself runs on PostgreSQL in CI, so SQL written by
hand (one query for a scope, a cut union) is checked on SQLite here."""

import json
import os
import subprocess  # nosec B404 - runs this project's manage.py
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ACCOUNTS = (
    "office leader gsec secretary member staff union league women academy cl_office"
)
PATHS = (
    "/",
    "/board/",
    "/plans/",
    "/pledges/",
    "/vote/",
    "/org/",
    "/people/",
    "/dashboard/",
    "/news/matrix/",
    "/info/matrix/",
    "/academy/",
    "/leadership/units/",
    "/notifications/",
)

WALK = f"""
import json
from django.conf import settings
from django.test import Client
from organizations.models import User
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
found = {{}}
for name in {ACCOUNTS!r}.split():
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=name))
    found[name] = {{path: client.get(path).status_code for path in {PATHS!r}}}
print(json.dumps(found))
"""


def manage(tmp_path, *args) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        VAR_DIR=str(tmp_path),
        DJANGO_DEBUG="true",  # as `make run` (static files unhashed)
    )
    return subprocess.run(  # nosec B603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_demo_account_sees_its_pages_on_the_embedded_default(tmp_path):
    up = manage(tmp_path, "demo_up", "--no-banner")
    assert up.returncode == 0, up.stderr[-3000:]
    walked = manage(tmp_path, "shell", "-v0", "-c", WALK)
    assert walked.returncode == 0, walked.stderr[-3000:]
    found = json.loads(walked.stdout.strip().splitlines()[-1])
    failed = {
        (name, path, status)
        for name, statuses in found.items()
        for path, status in statuses.items()
        if status >= 500
    }
    assert not failed, (sorted(failed), walked.stderr[-3000:])
    # Each account's own home answers (the academy's office lands on /academy/).
    homes = {name: statuses["/"] for name, statuses in found.items()}
    assert homes == {**dict.fromkeys(ACCOUNTS.split(), 200), "academy": 302}
    assert found["academy"]["/academy/"] == 200
