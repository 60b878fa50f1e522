"""Backup and restore of the whole database.

SQLite uses its online backup API (a consistent copy while the app keeps running);
PostgreSQL uses ``pg_dump --format=custom`` and ``pg_restore --clean`` in one transaction.
The password, if any, goes to the PostgreSQL tools through the environment, never the
command line, where other users of the machine could read it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path

from sqlalchemy.engine import URL, Engine

from planner.extensions import db
from planner.i18n import gettext as _


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _engine() -> Engine:
    return db.engine


def backup(path: str | Path) -> Path:
    """Write a copy of the app's database to ``path``; return the path."""
    path = Path(path)
    engine = _engine()
    db.session.commit()  # nothing of ours half-written in the copy
    if engine.dialect.name == "sqlite":
        _sqlite_backup(engine, path)
    elif engine.dialect.name == "postgresql":
        _postgres_backup(engine.url, path)
    else:
        raise BackupError(
            _("Backups of %(dialect)s databases are not supported.", dialect=engine.dialect.name)
        )
    return path


def restore(path: str | Path) -> None:
    """Replace the app's database with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("There is no backup file at %(path)s.", path=path))
    engine = _engine()
    db.session.remove()
    if engine.dialect.name == "sqlite":
        _sqlite_restore(engine, path)
    elif engine.dialect.name == "postgresql":
        # pg_restore --clean drops tables: our pooled connections must not hold locks on them.
        engine.dispose()
        _postgres_restore(engine.url, path)
    else:
        raise BackupError(
            _("Restoring %(dialect)s databases is not supported.", dialect=engine.dialect.name)
        )


def _sqlite_backup(engine: Engine, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(str(path))
        try:
            raw.driver_connection.backup(target)
        finally:
            target.close()
    finally:
        raw.close()


def _sqlite_restore(engine: Engine, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        _check_sqlite_file(source, path)
        raw = engine.raw_connection()
        try:
            source.backup(raw.driver_connection)
        finally:
            raw.close()
    finally:
        source.close()


def _check_sqlite_file(connection: sqlite3.Connection, path: Path) -> None:
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError:
        raise BackupError(_("%(path)s is not a SQLite backup of this app.", path=path)) from None
    if "users" not in tables:
        raise BackupError(
            _("%(path)s is not a backup of this app (it has no accounts table).", path=path)
        )


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(_("%(name)s is not installed or not on PATH.", name=name))
    return found


def _libpq_arguments(url: URL) -> tuple[list[str], dict[str, str]]:
    args = ["--no-owner", "--no-privileges"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    args += ["--dbname", url.database or "postgres"]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # Fixed arguments, no shell: the only inputs are the configured database URL and a path.
    result = subprocess.run(  # noqa: S603  # nosec B603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _(
                "%(tool)s failed: %(error)s",
                tool=Path(command[0]).name,
                error=result.stderr.strip()[-2000:],
            )
        )


def _postgres_backup(url: URL, path: Path) -> None:
    args, env = _libpq_arguments(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    _run([_tool("pg_dump"), "--format=custom", "--file", str(path), *args], env)


def _postgres_restore(url: URL, path: Path) -> None:
    args, env = _libpq_arguments(url)
    _run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", *args, str(path)],
        env,
    )
