"""Protection pages (issue 20): preparation records, the retention period, subject access.

Every route asks ``planner.access``: preparation records are the workshop team's
(``Action.PREPARE_PARTICIPANTS``); the retention page and subject access exports are
organisers'; a signed-in person downloads their own data.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner import access, audit, transactions
from planner.extensions import db
from planner.i18n import gettext as _
from planner.models import Invitation, Person, Workshop
from planner.protection import preparation, retention
from planner.protection.forms import PreparationForm, RetentionForm
from planner.protection.subject_access import (
    render_subject_access_pdf,
    subject_access,
    subject_access_filename,
)

bp = Blueprint("protection", __name__)


def _workshop_invitation(uid: str, invitation_uid: str) -> tuple[Workshop, Invitation]:
    workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
    access.require(current_user, access.Action.PREPARE_PARTICIPANTS, workshop)
    invitation = db.session.scalar(
        select(Invitation)
        .where(Invitation.uid == invitation_uid, Invitation.workshop_id == workshop.id)
        .options(selectinload(Invitation.person), selectinload(Invitation.preparation))
    )
    if invitation is None:
        abort(404)
    return workshop, invitation


@bp.route("/workshops/<uid>/people/<invitation_uid>/preparation", methods=["GET", "POST"])
@login_required
def preparation_record(uid: str, invitation_uid: str):
    workshop, invitation = _workshop_invitation(uid, invitation_uid)
    form = PreparationForm()
    if form.validate_on_submit():
        _record, refusal = transactions.attempt(
            lambda: preparation.record_preparation(invitation, form.values())
        )
        if refusal is None:
            flash(_("Preparation of %(name)s saved.", name=invitation.person.name), "success")
            return redirect(url_for("people.index", uid=workshop.uid))
        form.conversation_by.errors.append(refusal.message)
    elif not form.is_submitted():
        form.load(invitation.preparation)
    status = 400 if form.is_submitted() else 200
    return (
        render_template(
            "protection/preparation.html", workshop=workshop, invitation=invitation, form=form
        ),
        status,
    )


@bp.route("/admin/retention", methods=["GET", "POST"])
@login_required
def retention_page():
    access.require_capability(access.may_set_retention(current_user))
    form = RetentionForm()
    if form.validate_on_submit():
        retention.set_retention_days(form.days.data)
        flash(_("Retention period saved."), "success")
        return redirect(url_for(".retention_page"))
    if not form.is_submitted():
        form.days.data = retention.retention_days()
    report = retention.apply_retention(dry_run=True)
    status = 400 if form.is_submitted() else 200
    return render_template("protection/retention.html", form=form, report=report), status


def _person(person_uid: str) -> Person:
    person = db.session.scalar(select(Person).where(Person.uid == person_uid))
    if person is None:
        abort(404)
    return person


def _download(person: Person, fmt: str, *, for_participant: bool):
    data = subject_access(person, for_participant=for_participant)
    audit.record(
        "person.data_exported",
        "person",
        person.uid,
        details={"format": fmt, "copy": data["copy"]},
    )
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        content_type = "application/json; charset=utf-8"
    else:
        body = render_subject_access_pdf(data)
        content_type = "application/pdf"
    response = make_response(body)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{subject_access_filename(person, fmt)}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/people/<person_uid>/data")
@login_required
def subject_access_page(person_uid: str):
    access.require_capability(access.may_export_subject_access(current_user))
    person = _person(person_uid)
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.person_id == person.id)
        .options(selectinload(Invitation.workshop))
        .order_by(Invitation.id)
    ).all()
    return render_template("protection/subject_access.html", person=person, invitations=invitations)


@bp.route("/admin/people/<person_uid>/data.<any(json, pdf):fmt>")
@login_required
def subject_access_export(person_uid: str, fmt: str):
    access.require_capability(access.may_export_subject_access(current_user))
    return _download(_person(person_uid), fmt, for_participant=False)


@bp.route("/my/data.<any(json, pdf):fmt>")
@login_required
def own_data(fmt: str):
    if not access.may_download_own_data(current_user):
        abort(404)
    return _download(current_user.person, fmt, for_participant=True)
