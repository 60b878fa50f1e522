"""Brief, calendar and roster downloads, and the workshop import page (issue 5).

Each download asks ``access`` first: the facilitator audience and the roster need
``EXPORT_FACILITATOR`` (a participant gets 403), the participant audience and the
calendar ``EXPORT_PARTICIPANT``; people who may not see the workshop get 404. A
participant always receives their own redacted copy of the last *published* agenda
(the team exports the live draft). Every download is written to the audit log (format
and audience only).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from planner import access, audit
from planner.briefs import exporting
from planner.briefs.assemble import BriefAudience
from planner.briefs.filenames import content_disposition
from planner.briefs.importing import import_workshop, parse_document
from planner.exceptions import DomainError
from planner.extensions import db
from planner.workshop_loading import load_workshop, load_workshop_head, workshop_page_data

bp = Blueprint("briefs", __name__)


class ImportForm(FlaskForm):
    document = FileField(
        "Workshop brief (JSON)", validators=[FileRequired("Choose a JSON file to import.")]
    )


def _audience() -> BriefAudience:
    value = request.args.get("audience", BriefAudience.PARTICIPANT.value)
    try:
        return BriefAudience(value)
    except ValueError:
        abort(400, description="The audience must be “facilitator” or “participant”.")


def _action(audience: BriefAudience) -> access.Action:
    if audience == BriefAudience.FACILITATOR:
        return access.Action.EXPORT_FACILITATOR
    return access.Action.EXPORT_PARTICIPANT


def _download(export: exporting.Export, uid: str, what: str, **details) -> Response:
    audit.record(
        "brief.exported",
        "workshop",
        uid,
        workshop_uid=uid,
        details={"export": what, **details},
    )
    db.session.commit()
    response = Response(export.content, content_type=export.content_type)
    response.headers["Content-Disposition"] = content_disposition(
        export.ascii_name, export.unicode_name
    )
    return response


def _not_published(uid: str, error: exporting.NotPublished) -> Response:
    flash(str(error), "info")
    return redirect(url_for("workshops.show", uid=uid))


@bp.route("/workshops/<uid>/brief.<fmt>")
@login_required
def workshop_brief(uid: str, fmt: str):
    if fmt not in exporting.WORKSHOP_FORMATS:
        abort(404)
    audience = _audience()
    workshop = load_workshop_head(uid)
    standing = access.require(current_user, _action(audience), workshop)
    try:
        data = exporting.data_for_standing(workshop.id, workshop_page_data(workshop), standing)
    except exporting.NotPublished as error:
        return _not_published(uid, error)
    viewer = exporting.viewer_for_standing(data, current_user, standing)
    export = exporting.workshop_brief_export(data, audience, viewer, fmt)
    return _download(export, uid, "workshop brief", format=fmt, audience=audience.value)


@bp.route("/workshops/<uid>/sessions/<sid>/brief.<fmt>")
@login_required
def session_brief(uid: str, sid: str, fmt: str):
    if fmt not in exporting.SESSION_FORMATS:
        abort(404)
    audience = _audience()
    workshop = load_workshop_head(uid)
    standing = access.require(current_user, _action(audience), workshop)
    try:
        data = exporting.data_for_standing(workshop.id, workshop_page_data(workshop), standing)
    except exporting.NotPublished as error:
        return _not_published(uid, error)
    viewer = exporting.viewer_for_standing(data, current_user, standing)
    try:
        export = exporting.session_brief_export(data, sid, audience, viewer, fmt)
    except KeyError:
        abort(404)  # no such session, or one this audience may not see
    return _download(export, uid, "session brief", format=fmt, audience=audience.value, session=sid)


@bp.route("/workshops/<uid>/agenda.ics")
@login_required
def calendar(uid: str):
    workshop = load_workshop_head(uid)
    standing = access.require(current_user, access.Action.EXPORT_PARTICIPANT, workshop)
    try:
        data = exporting.data_for_standing(workshop.id, workshop_page_data(workshop), standing)
    except exporting.NotPublished as error:
        return _not_published(uid, error)
    viewer = exporting.viewer_for_standing(data, current_user, standing)
    export = exporting.calendar_export(
        data, viewer, sequence=exporting.publication_count(workshop.id)
    )
    return _download(export, uid, "calendar", format="ics")


@bp.route("/workshops/<uid>/roster.csv")
@login_required
def roster(uid: str):
    workshop = load_workshop_head(uid)
    access.require(current_user, access.Action.EXPORT_FACILITATOR, workshop)
    export = exporting.roster_export(workshop_page_data(workshop))
    return _download(export, uid, "roster", format="csv")


@bp.route("/workshops/<uid>/exports")
@login_required
def index(uid: str):
    workshop = load_workshop(uid)
    standing = access.require(current_user, access.Action.EXPORT_PARTICIPANT, workshop)
    return render_template(
        "briefs/index.html",
        workshop=workshop,
        is_team=standing >= access.Standing.TEAM,
        formats=list(exporting.WORKSHOP_FORMATS),
    )


@bp.route("/workshops/import", methods=["GET", "POST"])
@login_required
def import_page():
    access.require_capability(access.can_create_workshop(current_user))
    form = ImportForm()
    if form.validate_on_submit():
        try:
            document = parse_document(form.document.data.read())
            workshop = import_workshop(document, current_user._get_current_object())
        except DomainError as error:
            db.session.rollback()
            form.document.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Imported “{workshop.title}”. You are its owner.", "success")
            return redirect(url_for("workshops.show", uid=workshop.uid))
    return render_template("briefs/import.html", form=form)
