"""A throwaway PostgreSQL cluster for the page benchmark (`--database postgresql`).

    with cluster() as pg:
        url = pg.create_database("bench_1000_10000")  # postgres://...

It runs the newest server found in /usr/lib/postgresql/*/bin (Debian's layout),
else the one whose `pg_ctl` is on PATH, from a new folder in the system's
temporary folder (not under the clone, which the server's user may not be able
to enter, e.g. a clone inside a mode-700 folder):
`initdb -A trust`, a free port on 127.0.0.1 and a Unix socket in that folder
only, fsync off (a benchmark's data is thrown away). As root, the server's
programs run as the `postgres` user (`runuser`), as `.ci/run` does. The server
is stopped and the folder removed however the block ends, Ctrl-C included.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SERVER_USER = "postgres"
# Debian and Ubuntu keep each major version's server programs here.
DEBIAN_BINS = "/usr/lib/postgresql/*/bin"


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.name))


def server_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first; None if none."""
    found = [
        p for p in Path("/").glob(DEBIAN_BINS.lstrip("/")) if (p / "initdb").exists()
    ]
    if found:
        return max(found, key=_version)
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Cluster:
    bin: Path
    folder: Path
    port: int

    @property
    def version(self) -> str:
        out = subprocess.run(
            [self.bin / "pg_ctl", "--version"], capture_output=True, text=True
        ).stdout
        found = re.search(r"\d+(\.\d+)?", out)
        return found.group(0) if found else "?"

    def url(self, name: str) -> str:
        return f"postgres://{SERVER_USER}@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        """A new, empty database `name`; its DATABASE_URL."""
        _run(
            [self.bin / "createdb", "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", SERVER_USER, name]
        )
        return self.url(name)


def _as_server_user(command: list) -> list[str]:
    command = [str(part) for part in command]
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *command]
    return command


def _run(command: list, *, timeout: float = 120) -> None:
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(
            f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}"
        )


@contextlib.contextmanager
def cluster() -> Iterator[Cluster]:
    """A running PostgreSQL server in a new temporary folder, stopped and
    removed when the block ends."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise RuntimeError(
            "PostgreSQL's server programs (initdb, pg_ctl) were not found in "
            f"{DEBIAN_BINS} or on PATH; install them (Debian: postgresql)."
        )
    # The system's temporary folder (/tmp: world-traversable), so the server's
    # user reaches the cluster wherever the clone sits.
    folder = Path(tempfile.mkdtemp(prefix="espreso-bench-postgresql-"))
    data = folder / "data"
    try:
        if os.geteuid() == 0:
            # The server may not run as root.
            shutil.chown(folder, SERVER_USER)
        _run(
            _as_server_user(
                [bin_dir / "initdb", "-D", data, "-A", "trust", "-U", SERVER_USER]
                + ["-E", "UTF8", "--locale=C.UTF-8"]
            )
        )
        port = free_port()
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run(
            _as_server_user(
                [bin_dir / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w"]
                + ["-o", options, "start"]
            )
        )
        yield Cluster(bin=bin_dir, folder=folder, port=port)
    finally:
        # Also when start was interrupted half-way: the pid file says it runs.
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                _run(
                    _as_server_user(
                        [bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]
                    )
                )
        shutil.rmtree(folder, ignore_errors=True)
