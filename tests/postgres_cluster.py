"""A throwaway PostgreSQL cluster for the test session, started with the machine's binaries.

PostgreSQL refuses to run as root, so as root the binaries run as the ``postgres`` user
(MACHINE.md). ``TEST_DATABASE_URL`` skips all this and uses an existing server.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class Unavailable(RuntimeError):
    """No PostgreSQL can be had here; the message says why (used as the skip reason)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.dir: Path | None = None
        self.port: int | None = None
        self._as: list[str] = []

    def start(self) -> str:
        initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
        if not initdb or not pg_ctl:
            raise Unavailable("PostgreSQL binaries (initdb, pg_ctl) are not on PATH")
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no 'postgres' user") from None
            self._as = ["runuser", "-u", "postgres", "--"]
        base = Path(tempfile.mkdtemp(prefix="planner-pg-"))
        base.chmod(0o755)
        self.dir = base / "data"
        self.dir.mkdir()
        if self._as:
            shutil.chown(self.dir, "postgres", "postgres")
        self.port = _free_port()
        self._run(
            [
                initdb,
                "-D",
                str(self.dir),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            [pg_ctl, "-D", str(self.dir), "-o", options, "-l", str(self.dir / "log"), "-w", "start"]
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self.dir is None:
            return
        pg_ctl = shutil.which("pg_ctl")
        subprocess.run(
            [*self._as, pg_ctl, "-D", str(self.dir), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.dir.parent, ignore_errors=True)
        self.dir = None

    def _run(self, command: list[str]) -> None:
        result = subprocess.run([*self._as, *command], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise Unavailable(f"{Path(command[0]).name} failed: {result.stderr.strip()[:300]}")
