"""Backing up and restoring the site: the database and the uploaded media.

A backup is a folder: `manifest.json`, the database (`database.dump`, pg_dump's
custom format, for PostgreSQL; `database.sqlite3`, a copy made with SQLite's
backup API) and `media.tar.gz`, every file under MEDIA_ROOT. See
docs/operations.md."""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from articles.versions import SITE
from newsfeed.versions import FEED

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


@dataclass(frozen=True)
class Manifest:
    vendor: str
    database: str
    media_files: int
    created_at: str


def backup(directory: Path, *, using: str = "default") -> Manifest:
    """Write a backup of the database `using` and of MEDIA_ROOT to `directory`."""
    connection = connections[using]
    database = DATABASE_FILES.get(connection.vendor)
    if database is None:
        raise BackupError(f"Cannot back up a {connection.vendor} database.")
    if (directory / MANIFEST).exists():
        raise BackupError(f"{directory} already holds a backup; choose a new folder.")
    directory.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        run_pg_tool(
            "pg_dump",
            ["--format=custom", "--file", str(directory / database)],
            connection.settings_dict,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(directory / database) as copy:
            connection.connection.backup(copy)
        copy.close()
    media_files = archive_media(Path(settings.MEDIA_ROOT), directory / MEDIA_ARCHIVE)
    manifest = Manifest(
        vendor=connection.vendor,
        database=database,
        media_files=media_files,
        created_at=timezone.now().isoformat(),
    )
    (directory / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=2) + "\n")
    return manifest


def restore(directory: Path, *, using: str = "default") -> Manifest:
    """Put the database `using` and MEDIA_ROOT back as they were in the backup.

    Every table in the backup is dropped and recreated; media files are written
    over any of the same name, and other files are left alone.
    """
    connection = connections[using]
    manifest = read_manifest(directory)
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"{directory} is a backup of a {manifest.vendor} database; this site "
            f"uses {connection.vendor}."
        )
    if connection.vendor == "postgresql":
        connection.close()
        run_pg_tool(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                str(directory / manifest.database),
            ],
            connection.settings_dict,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(directory / manifest.database) as source:
            source.backup(connection.connection)
        source.close()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / MEDIA_ARCHIVE) as archive:
        # The "data" filter refuses absolute paths, links out and devices.
        archive.extractall(media_root, filter="data")
    # Cached pages show the content replaced: fresh tokens, from the restored
    # rows (the next scheduled piece and ticker item may have moved too).
    SITE.renew()
    FEED.renew()
    return manifest


def read_manifest(directory: Path) -> Manifest:
    try:
        data = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} holds no backup (no {MANIFEST}).") from None
    return Manifest(**data)


def archive_media(media_root: Path, archive_path: Path) -> int:
    files = sorted(p for p in media_root.rglob("*") if p.is_file())
    with tarfile.open(archive_path, "w:gz") as archive:
        for path in files:
            archive.add(path, arcname=str(path.relative_to(media_root)))
    return len(files)


def run_pg_tool(name: str, args: list[str], settings_dict: dict) -> None:
    """Run pg_dump or pg_restore against the connection's database, passing
    the password in the environment rather than on the command line."""
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    result = subprocess.run(
        [pg_tool(name), *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{name} failed: {result.stderr.strip()}")


def pg_tool(name: str) -> str:
    """The PostgreSQL client program: from PG_BIN if set, else the PATH, else
    the newest of Debian's /usr/lib/postgresql/<version>/bin."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    if found := shutil.which(name):
        return found
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: (
            int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0
        ),
    )
    if not installed:
        raise BackupError(f"{name} was not found; install the PostgreSQL client.")
    return str(installed[-1])
