"""Jinja filters and globals: dates and times, labels, and the permission API for templates."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import Flask

from planner import access


def format_date(value: date | datetime | None, style: str = "long") -> str:
    if value is None:
        return ""
    if style == "short":
        return f"{value.day} {value:%b}"
    if style == "weekday":
        return f"{value:%A} {value.day} {value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


def format_time(value: time | datetime | None) -> str:
    return "" if value is None else f"{value:%H:%M}"


def label(value) -> str:
    return getattr(value, "label", str(value) if value is not None else "")


def date_range(start: date, end: date) -> str:
    if start == end:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{format_date(start)} – {format_date(end)}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(date=format_date, time=format_time, label=label)
    app.jinja_env.globals.update(access=access, date_range=date_range)
