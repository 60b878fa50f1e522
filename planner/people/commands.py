"""`flask --app planner` commands of this area."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this area's commands on ``app.cli``."""
