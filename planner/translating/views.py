"""The side-by-side translations page of a workshop (issue 19, item 4).

``/workshops/<uid>/translations``: every participant-facing text (the workshop's title and
objectives, each session's title and description) with its original on the left and one
field per working language on the right, saved together. The workshop's team and organisers
edit it (``access.Action.EDIT``); participants get 403 and other facilitators 404, as on the
workshop's other editing pages. Also the template global ``localised`` that participant
pages and the PDF brief use to show a text in the reader's language.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner import access, transactions
from planner.content_translations import Localised, language_name, localise, side_by_side
from planner.extensions import db
from planner.i18n import current
from planner.i18n import gettext as _
from planner.models import Workshop
from planner.translating import operations
from planner.translating.forms import (
    original_language_name,
    submitted_values,
    translations_form,
)

bp = Blueprint("translating", __name__, url_prefix="/workshops")


def _find_workshop(uid: str) -> Workshop | None:
    return db.session.scalar(
        select(Workshop).where(Workshop.uid == uid).options(selectinload(Workshop.sessions))
    )


def _page(workshop: Workshop, form, rows, status: int = 200):
    return (
        render_template(
            "workshops/translations.html",
            workshop=workshop,
            form=form,
            rows=rows,
            original_language=original_language_name(workshop),
        ),
        status,
    )


@bp.route("/<uid>/translations", methods=["GET", "POST"])
@login_required
def edit(uid: str):
    workshop = _find_workshop(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    if request.method == "GET":
        form, rows = translations_form(workshop, formdata=None)
        return _page(workshop, form, rows)
    form, rows = translations_form(workshop)
    if not form.validate_on_submit():
        flash(_("Nothing was saved: correct the fields marked below."), "error")
        return _page(workshop, form, rows, 400)
    values = submitted_values(form, rows)
    changed, refusal = transactions.attempt(
        lambda: operations.save_translations(workshop, values, form.version.data)
    )
    if refusal is None:
        flash(_("Translations saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("translating.edit", uid=uid))
    if refusal.conflict:
        return transactions.current_version(refusal, lambda: _page(*_fresh(uid)))
    flash(refusal.message, "error")
    return _page(workshop, form, rows, 400)


def _fresh(uid: str):
    workshop = _find_workshop(uid)
    form, rows = translations_form(workshop, formdata=None)
    return workshop, form, rows


@bp.app_template_global("localised")
def localised_for_reader(item, field: str, workshop) -> Localised:
    """``item``'s ``field`` in the reader's language (the request's, or the language an
    export is forced to); ``workshop`` gives the working languages."""
    return localise(item, field, current(), workshop.working_languages or ())


@bp.app_template_global("translations_side_by_side")
def translations_side_by_side(item, field: str, workshop) -> list[tuple[str, str, str]]:
    """``[(code, language name, text), …]`` for the facilitator brief."""
    reader = current()
    return [
        (code, language_name(code, reader), text)
        for code, text in side_by_side(item, field, workshop.working_languages or ())
    ]


@bp.app_template_global("language_name")
def language_name_for_reader(code: str) -> str:
    return language_name(code, current())
