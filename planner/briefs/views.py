"""Brief, calendar and roster downloads, and the workshop import page (issue 5).

Each download asks ``access`` first: the facilitator audience and the roster need
``EXPORT_FACILITATOR`` (a participant gets 403), the participant audience and the
calendar ``EXPORT_PARTICIPANT``; people who may not see the workshop get 404. Then one
operation, ``exporting.export``, makes the file and audits it: a participant always
receives their own redacted copy of the last *published* agenda, the team the live draft.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from planner import access, i18n, transactions
from planner.briefs import exporting
from planner.briefs.assemble import BriefAudience
from planner.briefs.filenames import content_disposition
from planner.briefs.importing import import_workshop, parse_document
from planner.i18n import gettext
from planner.workshop_loading import load_workshop, load_workshop_head

bp = Blueprint("briefs", __name__)


class ImportForm(FlaskForm):
    document = FileField(
        _l("Workshop brief (JSON)"), validators=[FileRequired(_l("Choose a JSON file to import."))]
    )


def _audience() -> BriefAudience:
    value = request.args.get("audience", BriefAudience.PARTICIPANT.value)
    try:
        return BriefAudience(value)
    except ValueError:
        abort(400, description=gettext("The audience must be “facilitator” or “participant”."))


def _language() -> str | None:
    """The language asked for the participant copy (the exports page's choice), if any."""
    value = request.args.get("language")
    if value is None:
        return None
    chosen = i18n.supported(value)
    if chosen is None:
        abort(400, description=gettext("The language must be one of en, ru, hy and az."))
    return chosen


def _download(
    uid: str,
    what: exporting.ExportKind,
    fmt: str,
    audience: BriefAudience | None = None,
    session_uid: str | None = None,
) -> Response:
    """Ask ``access``, export through the one operation, and answer with the file.

    ``audience`` is the export's own one, or ``None`` to read it from the request.
    """
    if fmt not in exporting.FORMATS[what]:
        abort(404)
    audience = audience or _audience()
    workshop = load_workshop_head(uid)
    standing = access.require(current_user, exporting.ACTIONS[audience], workshop)
    user = current_user._get_current_object()
    try:
        export, refusal = transactions.attempt(
            lambda: exporting.export(
                workshop,
                what,
                fmt,
                audience,
                exporting.Reader(standing, user=user, language=_language()),
                actor=user,
                session_uid=session_uid,
            )
        )
    except KeyError:
        abort(404)  # no such session, or one this audience may not see
    if refusal is not None:  # e.g. nothing published yet for a participant
        flash(refusal.message, "info")
        return redirect(url_for("workshops.show", uid=uid))
    # The download's audit event is committed with the request, before the file leaves.
    response = Response(export.content, content_type=export.content_type)
    response.headers["Content-Disposition"] = content_disposition(
        export.ascii_name, export.unicode_name
    )
    return response


@bp.route("/workshops/<uid>/brief.<fmt>")
@login_required
def workshop_brief(uid: str, fmt: str):
    return _download(uid, exporting.ExportKind.WORKSHOP_BRIEF, fmt)


@bp.route("/workshops/<uid>/sessions/<sid>/brief.<fmt>")
@login_required
def session_brief(uid: str, sid: str, fmt: str):
    return _download(uid, exporting.ExportKind.SESSION_BRIEF, fmt, session_uid=sid)


@bp.route("/workshops/<uid>/agenda.ics")
@login_required
def calendar(uid: str):
    return _download(uid, exporting.ExportKind.CALENDAR, "ics", BriefAudience.PARTICIPANT)


@bp.route("/workshops/<uid>/roster.csv")
@login_required
def roster(uid: str):
    return _download(uid, exporting.ExportKind.ROSTER, "csv", BriefAudience.FACILITATOR)


@bp.route("/workshops/<uid>/exports")
@login_required
def index(uid: str):
    workshop = load_workshop(uid)
    standing = access.require(current_user, access.Action.EXPORT_PARTICIPANT, workshop)
    language = i18n.supported(request.args.get("language")) or i18n.current()
    return render_template(
        "briefs/index.html",
        workshop=workshop,
        is_team=standing >= access.Standing.TEAM,
        # The team and organisers choose the participant copy's language; a participant's
        # own copy is always in theirs (exporting.output_language).
        chooses_language=access.exports_live_draft(standing),
        participant_language=language,
        formats=exporting.FORMATS[exporting.ExportKind.WORKSHOP_BRIEF],
    )


#: The import's report waits in the (cookie) session for the page after the redirect; only
#: its first lines are kept there, so the cookie stays small.
IMPORT_REPORT_KEY = "import_report"
IMPORT_REPORT_LINES = 20


@bp.route("/workshops/import", methods=["GET", "POST"])
@login_required
def import_page():
    access.require_capability(access.can_create_workshop(current_user))
    form = ImportForm()
    if form.validate_on_submit():
        data = form.document.data.read()
        result, refusal = transactions.attempt(
            lambda: import_workshop(parse_document(data), current_user._get_current_object())
        )
        if refusal is not None:
            form.document.errors.append(refusal.message)
        else:
            workshop = result.workshop
            if not result.not_taken:
                flash(
                    gettext("Imported “%(title)s”. You are its owner.", title=workshop.title),
                    "success",
                )
                return redirect(url_for("workshops.show", uid=workshop.uid))
            # What the file said and the import did not take is shown on this page, once,
            # after the redirect (so reloading it does not import the file again).
            session[IMPORT_REPORT_KEY] = {
                "uid": workshop.uid,
                "title": workshop.title,
                "lines": result.not_taken[:IMPORT_REPORT_LINES],
                "more": max(0, len(result.not_taken) - IMPORT_REPORT_LINES),
            }
            return redirect(url_for("briefs.import_page"))
    report = session.pop(IMPORT_REPORT_KEY, None) if request.method == "GET" else None
    return render_template("briefs/import.html", form=form, report=report)
