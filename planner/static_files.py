"""Static files under names that carry their content's hash, cached for a year.

``url_for('static', filename='css/app.css')`` builds ``/static/css/app.3f2a9c1b.css``: the
name changes whenever the file does, so browsers (and nginx, which serves ``/static/``
itself in production: scripts/load_test.py, deploy/nginx.conf) may keep it for a year
without ever showing a stale one. The manifest is made once per process from the files on
disk. A hashed name whose hash is not the file's current one is not found (no old file is
served under a new name); the plain names still work, with the usual short caching.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, abort, send_from_directory

#: ``name.<8 hex digits>.ext`` — the form ``hashed_name`` gives.
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8})(?P<suffix>\.[A-Za-z0-9]+)$")
#: A year, and never revalidated: the name changes with the content.
IMMUTABLE = "public, max-age=31536000, immutable"


def content_hash(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=4).hexdigest()


def hashed_name(filename: str, digest: str) -> str:
    """``css/app.css`` → ``css/app.<digest>.css``."""
    stem, dot, suffix = filename.rpartition(".")
    if not dot or "/" in suffix:
        return f"{filename}.{digest}"
    return f"{stem}.{digest}.{suffix}"


def build_manifest(folder: Path) -> dict[str, str]:
    """Each static file's name (``css/app.css``) → its hashed name."""
    return {
        path.relative_to(folder).as_posix(): hashed_name(
            path.relative_to(folder).as_posix(), content_hash(path)
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def init_app(app: Flask) -> None:
    """Hash the names ``url_for('static')`` builds, and serve the hashed names."""
    folder = Path(app.static_folder)
    manifest = build_manifest(folder)
    originals = {hashed: name for name, hashed in manifest.items()}
    app.extensions["planner.static_manifest"] = manifest
    plain = app.view_functions["static"]

    @app.url_defaults
    def _hashed_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = manifest.get(values["filename"], values["filename"])

    def static(filename: str):
        original = originals.get(filename)
        if original is None:
            if HASHED.match(filename) and filename not in manifest:
                abort(404)  # an old or made-up hash: never another file under this name
            return plain(filename=filename)
        response = send_from_directory(folder, original, max_age=31536000)
        response.headers["Cache-Control"] = IMMUTABLE
        return response

    app.view_functions["static"] = static
