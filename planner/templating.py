"""Jinja filters and globals: dates and times, labels, and the permission API for templates."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, url_for

from planner import access

# Dates and times are formatted in the request's language; the brief renderers import them here.
from planner.i18n import date_range, format_date, format_time, label

_MARKER = "__url_for_each__"


def url_for_each(endpoint: str, key: str, **values) -> Callable[[str], str]:
    """``url_for(endpoint, **values, key=v)`` for many ``v``, with one URL build.

    For lists that link every row (sixty sessions): the URL is built once with a marker in
    place of ``key``, and each value is quoted into it as the router's default (string)
    converter quotes it. A ``key`` that is not a path argument is built each time.
    """
    in_path = any(key in rule.arguments for rule in current_app.url_map.iter_rules(endpoint))
    if in_path:
        url = url_for(endpoint, **values, **{key: _MARKER})
        head, marker, tail = url.partition(_MARKER)
        if marker:
            to_url = current_app.url_map.converters["default"](current_app.url_map).to_url
            return lambda value: head + to_url(value) + tail
    return lambda value: url_for(endpoint, **values, **{key: value})


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(date=format_date, time=format_time, label=label)
    app.jinja_env.globals.update(access=access, date_range=date_range, url_for_each=url_for_each)
