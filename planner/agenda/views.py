"""Agenda builder pages: the day-by-day editor, sessions, ordering, prompts, small groups.

Views stay thin: parse a form, ask ``access`` for EDIT, call one operation from
``planner.agenda.operations`` through ``transactions.attempt``, render. A DomainError (a
refused schedule, a stale version) is rolled back and shown to the person; nothing is
half-saved. The request's work is committed once, by ``planner.transactions``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from planner import access, remembered, transactions
from planner.agenda import grouping, operations, queries
from planner.agenda.forms import (
    MoveForm,
    PromptActionForm,
    SessionForm,
    VersionForm,
    WritePromptForm,
    groups_form,
)
from planner.extensions import db
from planner.models import Session, Workshop
from planner.prompts.queries import PromptFilter
from planner.readiness.keywords import suggested_topics
from planner.vocabulary import Audience, Phase, SessionFormat
from planner.workshop_loading import load_agenda_outline_data, topic_data

bp = Blueprint("agenda", __name__)

# The query arguments of the session editor's prompt library.
LIBRARY_FILTERS = ("phase", "topic", "q")


def _editable_workshop(uid: str) -> Workshop:
    workshop = queries.load_agenda(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    return workshop


def _editable_session(uid: str, sid: str) -> tuple[Workshop, Session]:
    workshop = _editable_workshop(uid)
    session = queries.find_session(workshop, sid)
    if session is None:
        abort(404)
    return workshop, session


def _parse_day(value: str, workshop: Workshop) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        abort(404)
    if day not in workshop.days:
        abort(404)
    return day


def _ends_at(session: Session) -> datetime:
    return datetime.combine(session.day, session.start_time) + timedelta(
        minutes=session.duration_minutes
    )


def _library_filters() -> dict[str, str]:
    """The prompt library's filters in this request's query, to carry to the next page."""
    return {
        name: request.args[name][:200]
        for name in LIBRARY_FILTERS
        if request.args.get(name, "").strip()
    }


def _back_to_prompts(uid: str, sid: str):
    """The session editor's prompts, with the library filtered as it was (issue 17, item 2)."""
    return redirect(
        url_for(".edit_session", uid=uid, sid=sid, _anchor="prompts", **_library_filters())
    )


# The agenda editor and ordering.


@bp.route("/workshops/<uid>/agenda")
@login_required
def edit(uid: str):
    # The row alone for access; the overview (sessions, flags, prompt counts) is read with
    # plain SELECTs into data, not models: the large agenda is hundreds of rows.
    workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
    access.require(current_user, access.Action.EDIT, workshop)
    outline = load_agenda_outline_data(workshop)
    pictures = remembered.timelines(outline.data)
    days = [(day, outline.day_sessions(day), pictures[day]) for day in workshop.days]
    return render_template(
        "agenda/edit.html",
        workshop=workshop,
        days=days,
        outline=outline,
        form=VersionForm(),
    )


@bp.post("/workshops/<uid>/agenda/<day>/order")
@login_required
def reorder(uid: str, day: str):
    """Drag-and-drop reorder: JSON ``{"order": [sid, …]}``; answers the new times as JSON."""
    workshop = _editable_workshop(uid)
    the_day = _parse_day(day, workshop)
    payload = request.get_json(silent=True)
    order = payload.get("order") if isinstance(payload, dict) else None
    if not isinstance(order, list) or not all(isinstance(k, str) for k in order):
        return jsonify(error='Send the new order as JSON: {"order": [session ids…]}.'), 400
    _, refusal = transactions.attempt(lambda: operations.reorder_day(workshop, the_day, order))
    if refusal:
        return jsonify(error=refusal.message), 409 if refusal.conflict else 400
    return jsonify(
        sessions=[
            {
                "uid": s.uid,
                "start": f"{s.start_time:%H:%M}",
                "end": f"{_ends_at(s):%H:%M}",
                "version": s.version,
            }
            for s in queries.day_sessions(workshop, the_day)
        ]
    )


@bp.post("/workshops/<uid>/sessions/<sid>/move")
@login_required
def move(uid: str, sid: str):
    """Move up / Move down: the keyboard and no-JavaScript way to reorder."""
    workshop, session = _editable_session(uid, sid)
    form = MoveForm()
    if not form.validate_on_submit():
        flash("Choose to move the session up or down.", "error")
    else:
        offset = -1 if form.direction.data == "up" else 1
        _, refusal = transactions.attempt(
            lambda: operations.move_session(workshop, session, offset, form.version.data)
        )
        if refusal:
            flash(refusal.message, "error")
    return redirect(url_for(".edit", uid=uid, _anchor=f"session-{sid}"))


# Creating, editing and deleting sessions.


def _session_values(form: SessionForm) -> operations.SessionValues:
    return operations.SessionValues(
        title=form.title.data.strip(),
        day=form.chosen_day,
        start_time=form.start_time.data,
        duration_minutes=form.duration_minutes.data,
        alongside_previous=form.alongside_previous.data,
        format=SessionFormat(form.format.data),
        audience=Audience(form.audience.data),
        audience_community=form.chosen_community,
        description=form.description.data or "",
        facilitator_notes=form.facilitator_notes.data or "",
        topics=tuple(queries.topics_by_key(form.topics.data or [])),
    )


@bp.route("/workshops/<uid>/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(uid: str):
    workshop = _editable_workshop(uid)
    catalogue = queries.catalogue()
    form = SessionForm()
    form.set_choices(workshop.days, catalogue)
    if request.method == "GET":
        requested = request.args.get("day", "")
        form.day.data = (
            requested if requested in dict(form.day.choices) else workshop.days[0].isoformat()
        )
        form.duration_minutes.data = 60
        existing = queries.day_sessions(workshop, date.fromisoformat(form.day.data))
        form.start_time.data = _ends_at(existing[-1]).time() if existing else time(9, 0)
    if form.validate_on_submit():
        created, refusal = transactions.attempt(
            lambda: operations.create_session(workshop, _session_values(form))
        )
        if refusal is None:
            flash(f"“{created.title}” added.", "success")
            return redirect(url_for(".edit_session", uid=uid, sid=created.uid))
        flash(refusal.message, "error")
    return render_template(
        "agenda/session_form.html",
        workshop=workshop,
        session=None,
        form=form,
        catalogue=catalogue,
        topic_by_key={t.key: t for t in catalogue},
        suggested=set(),
    )


@bp.route("/workshops/<uid>/sessions/<sid>/edit", methods=["GET", "POST"])
@login_required
def edit_session(uid: str, sid: str):
    workshop, session = _editable_session(uid, sid)
    if request.method == "GET":
        return _current_session_editor(uid, sid)
    catalogue = queries.catalogue()
    form = SessionForm()
    form.set_choices(workshop.days, catalogue)
    if form.validate_on_submit():
        _, refusal = transactions.attempt(
            lambda: operations.update_session(
                workshop, session, _session_values(form), form.version.data
            )
        )
        if refusal is None:
            flash("Session saved.", "success")
            if session.start_time != form.start_time.data:
                flash(
                    f"It starts at {session.start_time:%H:%M}, when the session before it ends: "
                    "only the first session of a day sets the day's start.",
                    "info",
                )
            return redirect(url_for(".edit_session", uid=uid, sid=sid))
        if refusal.conflict:
            return transactions.current_version(refusal, lambda: _current_session_editor(uid, sid))
        flash(refusal.message, "error")
        workshop, session = _editable_session(uid, sid)
    return _render_session_editor(workshop, session, form, catalogue)


def _current_session_editor(uid: str, sid: str, write_form: WritePromptForm | None = None) -> str:
    """The session editor with its form filled from the session as it is now."""
    workshop, session = _editable_session(uid, sid)
    catalogue = queries.catalogue()
    form = SessionForm(formdata=None, obj=session)
    form.set_choices(workshop.days, catalogue)
    form.day.data = session.day.isoformat()
    form.audience_community.data = session.audience_community or ""
    form.topics.data = [t.key for t in session.topics]
    form.version.data = str(session.version)
    return _render_session_editor(workshop, session, form, catalogue, write_form=write_form)


def _render_session_editor(
    workshop: Workshop,
    session: Session,
    form: SessionForm,
    catalogue: list,
    write_form: WritePromptForm | None = None,
) -> str:
    """The session editor: its form, flags with suggestions, prompts and the library."""
    suggested = suggested_topics(
        [session.title, session.description, *(link.prompt.text for link in session.prompt_links)],
        flagged=[t.key for t in session.topics],
        catalogue=[topic_data(t) for t in catalogue],
    )
    prompt_filter = PromptFilter(
        phase=request.args.get("phase", ""),
        topic=request.args.get("topic", ""),
        text=request.args.get("q", "")[:200],
    )
    write_form = write_form or WritePromptForm(formdata=None)
    write_form.prompt_topics.choices = [(t.key, t.name) for t in catalogue]
    return render_template(
        "agenda/session_form.html",
        workshop=workshop,
        session=session,
        form=form,
        catalogue=catalogue,
        topic_by_key={t.key: t for t in catalogue},
        suggested=suggested,
        library=queries.library(
            prompt_filter, exclude=[link.prompt_id for link in session.prompt_links]
        ),
        prompt_filter=prompt_filter,
        library_filters=_library_filters(),
        phases=list(Phase),
        write_form=write_form,
        action_form=PromptActionForm(formdata=None),
        delete_form=VersionForm(formdata=None, version=str(session.version)),
    )


@bp.post("/workshops/<uid>/sessions/<sid>/delete")
@login_required
def delete_session(uid: str, sid: str):
    workshop, session = _editable_session(uid, sid)
    form = VersionForm()
    title = session.title
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for(".edit_session", uid=uid, sid=sid))
    _, refusal = transactions.attempt(
        lambda: operations.delete_session(workshop, session, form.version.data)
    )
    if refusal:
        flash(refusal.message, "error")
        return redirect(url_for(".edit_session", uid=uid, sid=sid))
    flash(f"“{title}” deleted.", "success")
    return redirect(url_for(".edit", uid=uid))


# Prompts on a session.


@bp.post("/workshops/<uid>/sessions/<sid>/prompts")
@login_required
def attach_prompt(uid: str, sid: str):
    workshop, session = _editable_session(uid, sid)
    form = PromptActionForm()
    prompt = queries.prompt_by_key(form.prompt.data or "") if form.validate_on_submit() else None
    if prompt is None:
        abort(404)
    _, refusal = transactions.attempt(lambda: operations.attach_prompt(workshop, session, prompt))
    flash(refusal.message if refusal else "Prompt attached.", "error" if refusal else "success")
    return _back_to_prompts(uid, sid)


@bp.post("/workshops/<uid>/sessions/<sid>/prompts/<key>/detach")
@login_required
def detach_prompt(uid: str, sid: str, key: str):
    workshop, session = _editable_session(uid, sid)
    if not PromptActionForm().validate_on_submit():
        abort(400)
    _, refusal = transactions.attempt(lambda: operations.detach_prompt(workshop, session, key))
    flash(refusal.message if refusal else "Prompt detached.", "error" if refusal else "success")
    return _back_to_prompts(uid, sid)


@bp.post("/workshops/<uid>/sessions/<sid>/prompts/<key>/move")
@login_required
def move_prompt(uid: str, sid: str, key: str):
    workshop, session = _editable_session(uid, sid)
    form = PromptActionForm()
    if not form.validate_on_submit() or form.direction.data not in ("up", "down"):
        abort(400)
    offset = -1 if form.direction.data == "up" else 1
    _, refusal = transactions.attempt(
        lambda: operations.move_prompt(workshop, session, key, offset)
    )
    if refusal:
        flash(refusal.message, "error")
    return _back_to_prompts(uid, sid)


@bp.post("/workshops/<uid>/sessions/<sid>/prompts/new")
@login_required
def write_prompt(uid: str, sid: str):
    workshop, session = _editable_session(uid, sid)
    catalogue = queries.catalogue()
    form = WritePromptForm()
    form.prompt_topics.choices = [(t.key, t.name) for t in catalogue]
    if form.validate_on_submit():
        topics = queries.topics_by_key(form.prompt_topics.data or [])
        _, refusal = transactions.attempt(
            lambda: operations.write_prompt(
                workshop,
                session,
                form.text.data,
                Phase(form.phase.data),
                topics,
                current_user._get_current_object(),
            )
        )
        if refusal is None:
            flash("Prompt written and attached.", "success")
            return redirect(url_for(".edit_session", uid=uid, sid=sid, _anchor="prompts"))
        flash(refusal.message, "error")
    return _current_session_editor(uid, sid, write_form=form)


# Small groups.


@bp.route("/workshops/<uid>/sessions/<sid>/groups", methods=["GET", "POST"])
@login_required
def groups(uid: str, sid: str):
    workshop, session = _editable_session(uid, sid)
    if session.format != SessionFormat.SMALL_GROUPS:
        abort(404)
    invitations = queries.confirmed_invitations(workshop)
    labels = [(inv.uid, inv.person.name) for inv in invitations]
    current = queries.saved_groups(session, invitations)
    k = _requested_group_count(len(current) or 2)
    # Proposing needs only the number of groups; saving needs everyone's group.
    form = groups_form([] if "propose" in request.form else labels, k)
    proposal: list[list[str]] | None = None
    asks_to_confirm = False
    if form.validate_on_submit():
        if form.propose.data:
            try:
                proposal = grouping.propose_groups(queries.members_of(invitations), k)
            except grouping.GroupingError as error:
                flash(str(error), "error")
        else:
            chosen = [
                [key for key, _ in labels if form[f"member-{key}"].data == str(n)]
                for n in range(1, k + 1)
            ]
            _, refusal = transactions.attempt(
                lambda: operations.save_groups(
                    workshop,
                    session,
                    chosen,
                    invitations,
                    one_sided_confirmed=request.form.get("confirm_one_sided") == "1",
                )
            )
            if refusal is None:
                flash("Groups saved.", "success")
                return redirect(url_for(".groups", uid=uid, sid=sid))
            flash(refusal.message, "error")
            proposal = chosen
            asks_to_confirm = isinstance(refusal.error, operations.OneSidedGroups)
    elif request.method == "POST":
        flash("Check the number of groups and each person's group.", "error")
    shown = proposal if proposal is not None else current
    if shown:
        form = groups_form(labels, max(len(shown), 1), formdata=None)
        form.groups.data = len(shown)
        for number, keys in enumerate(shown, start=1):
            for key in keys:
                form[f"member-{key}"].data = str(number)
    by_uid = {inv.uid: inv for inv in invitations}
    return render_template(
        "agenda/groups.html",
        workshop=workshop,
        session=session,
        form=form,
        groups=[[by_uid[k] for k in keys if k in by_uid] for keys in shown],
        is_proposal=proposal is not None,
        warnings=queries.group_warnings(shown, invitations),
        asks_to_confirm=asks_to_confirm,
        invitations=invitations,
    )


def _requested_group_count(default: int) -> int:
    try:
        return max(1, min(50, int(request.form.get("groups", default))))
    except ValueError:
        return default
