"""Gunicorn access logging that never writes a private-link token.

Private agenda links and calendar feeds carry their token in the path (/a/<token>,
/c/<token>.ics); the access log keeps the route but replaces the token.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

_TOKEN_PATH = re.compile(r"^/(a|c)/[^/?]+")


def redact_path(path: str) -> str:
    return _TOKEN_PATH.sub(lambda m: f"/{m.group(1)}/[token]", path)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if isinstance(atoms.get("U"), str):
            atoms["U"] = redact_path(atoms["U"])
        if isinstance(atoms.get("r"), str):
            atoms["r"] = re.sub(r" /(a|c)/[^ /?]+", r" /\1/[token]", atoms["r"])
        atoms["q"] = ""
        return atoms
