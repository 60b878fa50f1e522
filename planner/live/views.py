"""The live day's pages (issue 22): the run sheet and its buttons, publishing the day, the
offline copy of the participant agenda, and recording what happened afterwards.

Thin views: parse a form, ask ``access`` (``RUN_DAY``, ``RECORD_OUTCOMES``), call one
operation through ``transactions.attempt``, render. The agenda-page service worker is
served here too, from the site's root so that it may control the participant's pages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from planner import access, transactions
from planner.agenda.queries import find_session, load_agenda
from planner.briefs.exporting import NotPublished
from planner.briefs.filenames import content_disposition
from planner.extensions import db
from planner.i18n import gettext, ngettext
from planner.live import operations, queries
from planner.live import sheet as live_sheet
from planner.live.forms import (
    HeldForm,
    LiveActionForm,
    MinutesForm,
    PublishDayForm,
    WorkshopHeldForm,
)
from planner.live.offline import offline_copy
from planner.live.sheet import MomentError, as_instant, local_now, parse_moment
from planner.models import Session
from planner.participant import operations as participant_operations
from planner.workshop_loading import load_workshop_head, workshop_page_data

bp = Blueprint("live", __name__)

SERVICE_WORKER = Path(__file__).resolve().parents[2] / "static" / "js" / "agenda-sw.js"


def _utc_now() -> datetime:
    """Naive UTC now; ``LIVE_CLOCK`` (a callable, in tests) can stand in for the clock."""
    clock = current_app.config.get("LIVE_CLOCK")
    return clock() if clock else datetime.now(UTC).replace(tzinfo=None)


def _moment(timezone_name: str, text: str | None) -> tuple[datetime, bool]:
    """The moment the run sheet is shown for: ``?at=`` (workshop time), else now there;
    and whether it was asked for."""
    if text:
        try:
            return parse_moment(text), True
        except MomentError as error:
            flash(str(error), "error")
    return local_now(timezone_name, _utc_now()), False


def _back(uid: str, at: str | None, anchor: str | None = None):
    return redirect(url_for(".run_sheet", uid=uid, at=at or None, _anchor=anchor))


@bp.route("/workshops/<uid>/live")
@login_required
def run_sheet(uid: str):
    head = load_workshop_head(uid)
    access.require(current_user, access.Action.RUN_DAY, head)
    at_text = request.args.get("at", "")[:40]
    data = workshop_page_data(head)
    at, asked = _moment(data.timezone, at_text)
    sheet = live_sheet.run_sheet(data, at)
    # What the buttons need beyond the plain data: each session's version, and which
    # starts are fixed.
    rows = db.session.execute(
        select(Session.uid, Session.version, Session.fixed_start).where(
            Session.workshop_id == head.id
        )
    ).all()
    versions = {uid: version for uid, version, _ in rows}
    changes = queries.recent_changes(head.id)
    published = queries.latest_version(head.id)
    fixed = frozenset(uid for uid, _, is_fixed in rows if is_fixed)
    return render_template(
        "live/run_sheet.html",
        workshop=head,
        sheet=sheet,
        # The buttons bring the sheet back to the moment asked for (none: now).
        at_text=at.isoformat(timespec="minutes") if asked else "",
        now_instant=as_instant(at, data.timezone).isoformat(),
        instant=lambda moment: as_instant(moment, data.timezone).isoformat(),
        versions=versions,
        fixed=fixed,
        changes=changes,
        published=published,
        # The run sheet's changes participants do not see yet (read from the record, not by
        # comparing the agenda with the published snapshot: that costs the page its budget).
        unpublished=[c for c in changes if published is None or c.made_at > published.published_at],
        minutes_form=MinutesForm(formdata=None),
        action_form=LiveActionForm(formdata=None),
        publish_form=PublishDayForm(formdata=None),
    )


def _live_session(uid: str, sid: str):
    workshop = load_agenda(uid)
    access.require(current_user, access.Action.RUN_DAY, workshop)
    session = find_session(workshop, sid)
    if session is None:
        abort(404)
    return workshop, session


def _report(outcome, refusal, headline: str = "") -> None:
    if refusal is not None:
        flash(refusal.message, "error")
        return
    said = " ".join([headline, *outcome.changed]).strip()
    flash(said or gettext("Nothing needed to move."), "success")
    flash(gettext("Participants see this once you publish the day."), "info")


def _live_change(uid: str, sid: str, form_class, change, headline=None):
    """One click on the run sheet: check the form, make the ``change`` (an operation, given
    the workshop, the session and the form) in one transaction, say what moved (after the
    ``headline`` of the change, given the session and the form, when there is one)."""
    workshop, session = _live_session(uid, sid)
    form = form_class()
    if not form.validate_on_submit():
        errors = form.minutes.errors if hasattr(form, "minutes") else ()
        flash(" ".join(map(str, errors)) or gettext("The form expired; try again."), "error")
        return _back(uid, form.at.data)
    outcome, refusal = transactions.attempt(lambda: change(workshop, session, form))
    _report(outcome, refusal, headline(session, form) if headline else "")
    return _back(uid, form.at.data)


@bp.post("/workshops/<uid>/live/sessions/<sid>/late")
@login_required
def late(uid: str, sid: str):
    return _live_change(
        uid,
        sid,
        MinutesForm,
        lambda workshop, session, form: operations.run_late(
            workshop, session, form.minutes.data, form.version.data, current_user
        ),
        lambda session, form: ngettext(
            "“%(title)s” runs %(num)d minute late.",
            "“%(title)s” runs %(num)d minutes late.",
            form.minutes.data,
            title=session.title,
        ),
    )


@bp.post("/workshops/<uid>/live/sessions/<sid>/extend")
@login_required
def extend(uid: str, sid: str):
    return _live_change(
        uid,
        sid,
        MinutesForm,
        lambda workshop, session, form: operations.extend(
            workshop, session, form.minutes.data, form.version.data, current_user
        ),
        lambda session, form: ngettext(
            "“%(title)s” is extended by %(num)d minute.",
            "“%(title)s” is extended by %(num)d minutes.",
            form.minutes.data,
            title=session.title,
        ),
    )


@bp.post("/workshops/<uid>/live/sessions/<sid>/skip")
@login_required
def skip(uid: str, sid: str):
    return _live_change(
        uid,
        sid,
        LiveActionForm,
        lambda workshop, session, form: operations.skip(
            workshop, session, form.version.data, current_user
        ),
    )


@bp.post("/workshops/<uid>/live/sessions/<sid>/swap")
@login_required
def swap(uid: str, sid: str):
    return _live_change(
        uid,
        sid,
        LiveActionForm,
        lambda workshop, session, form: operations.swap_with_next(
            workshop, session, form.version.data, current_user
        ),
    )


@bp.post("/workshops/<uid>/live/publish")
@login_required
def publish(uid: str):
    head = load_workshop_head(uid)
    access.require(current_user, access.Action.RUN_DAY, head)
    form = PublishDayForm()
    if not form.validate_on_submit():
        flash(gettext("The form expired; try again."), "error")
        return _back(uid, form.at.data)
    publication, refusal = transactions.attempt(
        lambda: participant_operations.publish(head, current_user)
    )
    if refusal is not None:
        flash(refusal.message, "error")
    else:
        flash(
            gettext(
                "Version %(number)s of the agenda is published: %(changes)s",
                number=publication.number,
                changes=" ".join(publication.change_summary),
            ),
            "success",
        )
    return _back(uid, form.at.data)


@bp.route("/workshops/<uid>/live/offline-agenda.html")
@login_required
def offline_agenda(uid: str):
    head = load_workshop_head(uid)
    access.require(current_user, access.Action.RUN_DAY, head)
    try:
        copy = offline_copy(head, _utc_now())
    except NotPublished as error:
        flash(str(error), "error")
        return redirect(url_for(".run_sheet", uid=uid))
    response = make_response(copy.html)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    response.headers["Content-Disposition"] = content_disposition(
        copy.ascii_name, copy.unicode_name
    )
    return response


# After the workshop.


def _record_page(workshop, forms: dict[str, HeldForm] | None = None, status: int = 200):
    sessions = queries.sessions_for_record(workshop)
    forms = forms or {}
    for session in sessions:
        if session.uid not in forms:
            form = HeldForm(formdata=None, obj=session, prefix=session.uid)
            form.version.data = str(session.version)
            forms[session.uid] = form
    return render_template(
        "live/record.html",
        workshop=workshop,
        sessions=sessions,
        forms=forms,
        held_form=WorkshopHeldForm(formdata=None, version=str(workshop.version)),
    ), status


@bp.route("/workshops/<uid>/live/record")
@login_required
def record(uid: str):
    workshop = load_agenda(uid)
    access.require(current_user, access.Action.RECORD_OUTCOMES, workshop)
    return _record_page(workshop)


@bp.post("/workshops/<uid>/live/sessions/<sid>/record")
@login_required
def record_session(uid: str, sid: str):
    workshop = load_agenda(uid)
    access.require(current_user, access.Action.RECORD_OUTCOMES, workshop)
    session = find_session(workshop, sid)
    if session is None:
        abort(404)
    form = HeldForm(prefix=sid)
    if not form.validate_on_submit():
        flash(gettext("Check the times and the note of “%(title)s”.", title=session.title), "error")
        return _record_page(workshop, {sid: form}, 400)
    values = operations.HeldValues(
        held=bool(form.held.data),
        actual_start=form.actual_start.data,
        actual_end=form.actual_end.data,
        outcome_note=form.outcome_note.data or "",
    )
    changed, refusal = transactions.attempt(
        lambda: operations.record_session(
            workshop, session, values, form.version.data, current_user
        )
    )
    if refusal is not None:
        flash(refusal.message, "error")
        if refusal.conflict:
            return transactions.current_version(refusal, lambda: _record_page(load_agenda(uid)))
        return _record_page(load_agenda(uid), {sid: form}, 400)
    flash(
        gettext("“%(title)s” recorded.", title=session.title)
        if changed
        else gettext("Nothing to change."),
        "success",
    )
    return redirect(url_for(".record", uid=uid, _anchor=f"session-{sid}"))


@bp.post("/workshops/<uid>/live/held")
@login_required
def mark_held(uid: str):
    workshop = load_agenda(uid)
    access.require(current_user, access.Action.RECORD_OUTCOMES, workshop)
    form = WorkshopHeldForm()
    if not form.validate_on_submit():
        flash(gettext("The form expired; try again."), "error")
        return redirect(url_for(".record", uid=uid))
    _, refusal = transactions.attempt(lambda: operations.mark_held(workshop, form.version.data))
    if refusal is not None:
        flash(refusal.message, "error")
    else:
        flash(gettext("The workshop is marked as held."), "success")
    return redirect(url_for(".record", uid=uid))


# The participant agenda's service worker.


@bp.route("/agenda-sw.js")
def service_worker():
    """The offline agenda's worker, from the root so that its scope may be the agenda page
    itself (``/a/<token>`` or ``/my/workshops/<uid>``); never cached by the browser."""
    response = send_file(SERVICE_WORKER, mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    return response
