"""Backups and restores of the database and the uploaded files (备份与恢复).

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean``. SQLite (the embedded
default): SQLite's online backup API, safe while the server runs. Uploaded files under
MEDIA_ROOT go into a tar archive beside the database dump.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess  # noqa: S404  # nosec B404 - runs pg_dump/pg_restore with fixed arguments
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def backup_create(*, folder: Path | None = None, alias: str = "default") -> Path:
    """Write a backup and return its path (a folder holding the dump and the files)."""
    folder = Path(folder or settings.VAR_DIR / "backups")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / stamp
    target.mkdir(parents=True)
    db = connections[alias].settings_dict
    if connections[alias].vendor == "postgresql":
        subprocess.run(  # noqa: S603  # nosec B603 - fixed argument list, no shell
            [
                shutil.which("pg_dump") or "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / "database.dump"),
                *_pg_args(db),
                db["NAME"],
            ],
            check=True,
            env=_pg_env(db),
        )
    else:
        source = sqlite3.connect(db["NAME"])
        dest = sqlite3.connect(target / "database.sqlite3")
        with dest:
            source.backup(dest)
        dest.close()
        source.close()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    return target


def backup_restore(*, path: Path, alias: str = "default") -> None:
    """Restore a backup written by backup_create over the current database and files."""
    path = Path(path)
    connection = connections[alias]
    db = connection.settings_dict
    connection.close()
    if (path / "database.dump").exists():
        if connection.vendor != "postgresql":
            raise ValueError("This backup is of PostgreSQL; DATABASE_URL is not set.")
        subprocess.run(  # noqa: S603  # nosec B603 - fixed argument list, no shell
            [
                shutil.which("pg_restore") or "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                db["NAME"],
                *_pg_args(db),
                str(path / "database.dump"),
            ],
            check=True,
            env=_pg_env(db),
        )
    elif (path / "database.sqlite3").exists():
        if connection.vendor != "sqlite":
            raise ValueError(
                "This backup is of SQLite; unset DATABASE_URL to restore it."
            )
        source = sqlite3.connect(path / "database.sqlite3")
        dest = sqlite3.connect(db["NAME"])
        with dest:
            source.backup(dest)
        dest.close()
        source.close()
    else:
        raise ValueError(f"No database dump in {path}")
    archive_path = path / "media.tar.gz"
    if archive_path.exists():
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(archive_path) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith("media")]
            if media.exists():
                shutil.rmtree(media)
            media.parent.mkdir(parents=True, exist_ok=True)
            archive.extractall(media.parent, members=members, filter="data")


def latest_backup(folder: Path | None = None) -> Path | None:
    folder = Path(folder or settings.VAR_DIR / "backups")
    candidates = (
        sorted(p for p in folder.glob("*") if p.is_dir()) if folder.exists() else []
    )
    return candidates[-1] if candidates else None
