"""The brief as a print-quality PDF: a Jinja template laid out by WeasyPrint.

A4 with a running header (the title and the confidentiality rule), page numbers, a
table of contents for the workshop brief, and the pictures of ``planner.charts``
(composition chart for facilitators, one agenda timeline per day). The template and its
stylesheet live in ``templates/briefs/``; a Jinja environment of its own keeps this
usable from the command line and the benchmark without a request.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import import_module
from pathlib import Path

from flask_babel import get_translations
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from planner.briefs import texts
from planner.briefs.assemble import Brief, BriefKind
from planner.i18n import current as current_language
from planner.i18n import text_direction
from planner.templating import date_range, format_date, format_time, label

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "briefs"
STYLESHEET = TEMPLATES / "brief.css"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The brief is written in the reader's language, like the pages (planner.i18n).
    env.install_gettext_callables(
        gettext=lambda text: get_translations().ugettext(text),
        ngettext=lambda one, many, n: get_translations().ungettext(one, many, n),
        newstyle=True,
    )
    env.filters.update(date=format_date, time=format_time, label=label)
    env.globals.update(date_range=date_range)
    # The workshop's own texts in the reader's language, or side by side (issue 19, item 4).
    env.globals.update(brief_text=texts.html, brief_translations=texts.html_translations)
    return env


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(filename=str(STYLESHEET))


def _pictures(brief: Brief) -> tuple[Markup | None, dict[date, Markup]]:
    """The composition chart (facilitators) and the per-day timelines, if charts exist.

    ``planner.charts`` is built beside this area; until it is there, the brief is
    printed without pictures rather than not at all.
    """
    try:
        charts = import_module("planner.charts")
        composition_svg = charts.composition_svg
        composition_matrix = charts.composition_matrix
        timeline_svg = charts.timeline_svg
    except (ImportError, AttributeError):
        return None, {}
    composition = (
        composition_svg(composition_matrix(brief.workshop)) if brief.has_composition else None
    )
    # The charts escape their own text and return Markup. A session brief is about one
    # session, so it has no day timeline.
    timelines = (
        {day.day: timeline_svg(texts.with_titles_shown(brief), day.day) for day in brief.days}
        if brief.kind == BriefKind.WORKSHOP
        else {}
    )
    return composition, timelines


def render_html(brief: Brief) -> str:
    """The HTML WeasyPrint lays out (also handy to inspect a brief in a browser)."""
    composition, timelines = _pictures(brief)
    template = _environment().get_template("brief_pdf.html")
    return template.render(
        brief=brief,
        w=brief.workshop,
        composition=composition,
        timelines=timelines,
        current_language=current_language(),
        text_direction=text_direction(),
    )


def render_pdf(brief: Brief) -> bytes:
    """The brief as PDF bytes."""
    from weasyprint import HTML

    document = HTML(string=render_html(brief), base_url=str(TEMPLATES))
    return document.write_pdf(stylesheets=[_stylesheet()])
