"""Agenda builder pages: the day-by-day editor, sessions, ordering, prompts, small groups.

Views stay thin: parse a form, ask ``access`` for EDIT, call one operation from
``planner.agenda.operations`` through ``transactions.attempt``, render. A DomainError (a
refused schedule, a stale version) is rolled back and shown to the person; nothing is
half-saved. The request's work is committed once, by ``planner.transactions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf as csrf_token
from markupsafe import Markup
from sqlalchemy import select

from planner import access, remembered, transactions
from planner.agenda import grouping, operations, queries, timing
from planner.agenda.forms import (
    CopyDayForm,
    DurationForm,
    MoveForm,
    PromptActionForm,
    QuickSessionForm,
    SessionForm,
    VersionForm,
    WritePromptForm,
    groups_form,
)
from planner.charts import timeline_svg
from planner.extensions import db
from planner.i18n import format_time, gettext, ngettext
from planner.models import Session, Workshop
from planner.prompts.queries import PromptFilter
from planner.readiness import neutrality
from planner.readiness.keywords import suggested_topics
from planner.templating import url_for_each
from planner.vocabulary import Audience, Phase, SessionFormat
from planner.workshop_loading import load_agenda_outline_data, topic_data

bp = Blueprint("agenda", __name__)

# The query arguments of the session editor's prompt library.
LIBRARY_FILTERS = ("phase", "topic", "q")


def _editable_workshop(uid: str) -> Workshop:
    workshop = queries.load_agenda(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    return workshop


def _editable_times(uid: str) -> Workshop:
    """The workshop and its sessions, for an in-place edit of times or order."""
    workshop = queries.load_agenda_times(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    return workshop


def _editable_session(uid: str, sid: str, *, times_only: bool = False):
    workshop = _editable_times(uid) if times_only else _editable_workshop(uid)
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


# The agenda editor, and the answers to its in-place edits.


def _in_place() -> bool:
    """Whether the request comes from the agenda page's script (htmx), which swaps in the
    day it gets back; without script, forms post and the server redirects."""
    return request.headers.get("HX-Request") == "true"


@dataclass(frozen=True)
class DayBlock:
    """What ``agenda/_day.html`` draws for one day.

    ``focus``: ids, by preference, of the element to focus once the day is swapped in;
    ``oob``: swapped in out of band (a second day an edit changed); ``quick``: the add
    form with its errors; ``insert_after``: the session after which that form is shown.
    """

    overview: queries.DayOverview
    picture: Markup
    fixed: frozenset[str]
    versions: dict[str, int]
    prompt_counts: dict[str, int]
    other_days: tuple[date, ...]
    focus: str = ""
    oob: bool = False
    quick: QuickSessionForm | None = None
    insert_after: str = ""


def _day_blocks(workshop: Workshop, days, *, whole_page: bool = False) -> list[DayBlock]:
    """The editor's day blocks for ``days`` (of ``workshop``), read as plain data.

    The whole page takes its timelines from ``remembered`` (drawn once per version of the
    data); an in-place edit draws only the days it answers with.
    """
    outline = load_agenda_outline_data(workshop)
    fixed = queries.fixed_start_uids(workshop.id)
    pictures = remembered.timelines(outline.data) if whole_page else None
    return [
        DayBlock(
            overview=queries.day_overview(day, outline.day_sessions(day)),
            picture=pictures[day] if pictures is not None else timeline_svg(outline.data, day),
            fixed=fixed,
            versions=outline.versions,
            prompt_counts=outline.prompt_counts,
            other_days=tuple(d for d in workshop.days if d != day),
        )
        for day in days
    ]


def _page_context(workshop: Workshop, blocks: Sequence[DayBlock] = ()) -> dict:
    """The URL builders, CSRF token, format labels (of the formats ``blocks`` show) and a
    cache of badges that ``agenda/_day.html`` uses: built once per answer."""
    each = {
        "edit_url": "agenda.edit_session",
        "move_url": "agenda.move",
        "groups_url": "agenda.groups",
        "duration_url": "agenda.change_duration",
        "duplicate_url": "agenda.duplicate",
        "delete_url": "agenda.delete_session",
        "actions_url": "agenda.session_actions",
    }
    context = {
        name: url_for_each(endpoint, "sid", uid=workshop.uid) for name, endpoint in each.items()
    }
    formats = SessionFormat.choices()
    label = current_app.jinja_env.filters["label"]
    return {
        **context,
        "csrf": csrf_token(),
        "formats": formats,
        # Labels and badges drawn once per answer, not once per session.
        "format_labels": {
            str(f): label(f) for f in {s.format for b in blocks for s in b.overview.sessions}
        },
        "badges": {},
    }


def _answer(
    uid: str,
    days: list[date],
    messages: list[str],
    *,
    error: bool = False,
    focus: str = "",
    anchor: str = "",
    quick: QuickSessionForm | None = None,
    insert_after: str = "",
):
    """After an in-place edit: the changed days (the first replaces the form's day, the
    others swap in out of band) with ``messages`` in the live region; without script,
    the messages as flashes and a redirect back to the agenda."""
    if not _in_place():
        for message in messages:
            flash(message, "error" if error else "success")
        return redirect(url_for(".edit", uid=uid, _anchor=anchor or None))
    # Read afresh: a refused change was rolled back, and the rows' versions moved on.
    workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
    first, *others = _day_blocks(workshop, days)
    blocks = [
        replace(first, focus=focus, quick=quick, insert_after=insert_after),
        *(replace(block, oob=True) for block in others),
    ]
    return render_template(
        "agenda/_day_response.html",
        workshop=workshop,
        day_blocks=blocks,
        status_messages=messages,
        status_error=error,
        **_page_context(workshop, blocks),
    )


@bp.route("/workshops/<uid>/agenda")
@login_required
def edit(uid: str):
    # The row alone for access; the overview (sessions, flags, prompt counts) is read with
    # plain SELECTs into data, not models: the large agenda is hundreds of rows.
    workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
    access.require(current_user, access.Action.EDIT, workshop)

    def render_days(csrf: str) -> str:
        blocks = _day_blocks(workshop, workshop.days, whole_page=True)
        return render_template(
            "agenda/_days.html",
            workshop=workshop,
            day_blocks=blocks,
            **{**_page_context(workshop, blocks), "csrf": csrf},
        )

    # The days are made from the database alone (the same for everyone who may edit):
    # remembered until any row changes, each reader's own CSRF token put in their forms.
    days = remembered.rendered_committed_forms("agenda.edit", (workshop.id,), render_days)
    return render_template("agenda/edit.html", workshop=workshop, days=days, status_messages=[])


def _position_message(workshop: Workshop, session: Session) -> str:
    """Where a moved session is now, in words (for the live region)."""
    ordered = queries.day_sessions(workshop, session.day)
    place = ordered.index(session) + 1
    return gettext(
        "“%(title)s” moved to place %(place)d of %(count)d on %(day)s: %(start)s–%(end)s.",
        title=session.title,
        place=place,
        count=len(ordered),
        day=timing.format_day(session.day),
        start=format_time(session.start_time),
        end=format_time(_ends_at(session)),
    )


@bp.post("/workshops/<uid>/agenda/<day>/order")
@login_required
def reorder(uid: str, day: str):
    """Drag-and-drop reorder: JSON ``{"order": [sid, …], "moved": sid}``; answers the new
    times, what to announce, and the day redrawn (``html``), as JSON."""
    workshop = _editable_times(uid)
    the_day = _parse_day(day, workshop)
    payload = request.get_json(silent=True)
    order = payload.get("order") if isinstance(payload, dict) else None
    moved_uid = payload.get("moved") if isinstance(payload, dict) else None
    if not isinstance(order, list) or not all(isinstance(k, str) for k in order):
        return jsonify(error=gettext('Send the new order as JSON: {"order": [session ids…]}.')), 400
    report = operations.AgendaReport()
    _, refusal = transactions.attempt(
        lambda: operations.reorder_day(workshop, the_day, order, report=report)
    )
    if refusal:
        return jsonify(error=refusal.message), 409 if refusal.conflict else 400
    moved = queries.find_session(workshop, moved_uid) if isinstance(moved_uid, str) else None
    messages = [_position_message(workshop, moved)] if moved else [gettext("New order saved.")]
    messages += report.messages()
    blocks = _day_blocks(workshop, [the_day])
    return jsonify(
        sessions=[
            {
                "uid": s.uid,
                "start": format_time(s.start_time),
                "end": format_time(_ends_at(s)),
                "version": s.version,
            }
            for s in queries.day_sessions(workshop, the_day)
        ],
        message=" ".join(messages),
        html=render_template(
            "agenda/_day_only.html",
            workshop=workshop,
            day_blocks=blocks,
            **_page_context(workshop, blocks),
        ),
    )


@bp.post("/workshops/<uid>/sessions/<sid>/move")
@login_required
def move(uid: str, sid: str):
    """Move up / Move down: the keyboard and no-JavaScript way to reorder."""
    workshop, session = _editable_session(uid, sid, times_only=True)
    form = MoveForm()
    direction = form.direction.data
    if not form.validate_on_submit():
        return _answer(
            uid, [session.day], [gettext("Choose to move the session up or down.")], error=True
        )
    offset = -1 if direction == "up" else 1
    report = operations.AgendaReport()
    _, refusal = transactions.attempt(
        lambda: operations.move_session(workshop, session, offset, form.version.data, report=report)
    )
    if refusal:
        return _answer(uid, [session.day], [refusal.message], error=True, anchor=f"session-{sid}")
    other = "down" if direction == "up" else "up"
    return _answer(
        uid,
        [session.day],
        [_position_message(workshop, session), *report.moved_messages()],
        focus=f"{direction}-{sid} {other}-{sid} edit-{sid}",
        anchor=f"session-{sid}",
    )


@bp.post("/workshops/<uid>/sessions/<sid>/duration")
@login_required
def change_duration(uid: str, sid: str):
    """A session's duration, changed from the agenda."""
    workshop, session = _editable_session(uid, sid, times_only=True)
    form = DurationForm()
    if not form.validate_on_submit():
        errors = form.minutes.errors or [gettext("The form expired; try again.")]
        return _answer(
            uid, [session.day], [str(error) for error in errors], error=True, focus=f"minutes-{sid}"
        )
    report = operations.AgendaReport()
    _, refusal = transactions.attempt(
        lambda: operations.change_duration(
            workshop, session, form.minutes.data, form.version.data, report=report
        )
    )
    if refusal:
        return _answer(uid, [session.day], [refusal.message], error=True, focus=f"minutes-{sid}")
    return _answer(
        uid,
        [session.day],
        [
            ngettext(
                "“%(title)s” now lasts %(num)d minute: %(start)s–%(end)s.",
                "“%(title)s” now lasts %(num)d minutes: %(start)s–%(end)s.",
                form.minutes.data,
                title=session.title,
                start=format_time(session.start_time),
                end=format_time(_ends_at(session)),
            ),
            *report.messages(),
        ],
        focus=f"edit-{sid}",
        anchor=f"session-{sid}",
    )


@bp.post("/workshops/<uid>/sessions/<sid>/duplicate")
@login_required
def duplicate(uid: str, sid: str):
    workshop, session = _editable_session(uid, sid, times_only=True)
    form = VersionForm()
    if not form.validate_on_submit():
        return _answer(uid, [session.day], [gettext("The form expired; try again.")], error=True)
    report = operations.AgendaReport()
    copy, refusal = transactions.attempt(
        lambda: operations.duplicate_session(workshop, session, form.version.data, report=report)
    )
    if refusal:
        return _answer(uid, [session.day], [refusal.message], error=True)
    return _answer(
        uid,
        [session.day],
        [
            gettext(
                "“%(title)s” added after “%(after)s”: %(start)s–%(end)s.",
                title=copy.title,
                after=session.title,
                start=format_time(copy.start_time),
                end=format_time(_ends_at(copy)),
            ),
            *report.messages(),
        ],
        focus=f"edit-{copy.uid}",
        anchor=f"session-{copy.uid}",
    )


@bp.get("/workshops/<uid>/sessions/<sid>/actions")
@login_required
def session_actions(uid: str, sid: str):
    """A session's duration, duplicate, insert and delete: the agenda's "More", loaded when
    opened (htmx); without script, a page of its own."""
    workshop, session = _editable_session(uid, sid, times_only=True)
    template = "agenda/_session_actions.html" if _in_place() else "agenda/session_actions.html"
    return render_template(
        template,
        workshop=workshop,
        session=session,
        s=session,
        iso=session.day.isoformat(),
        **_page_context(workshop),
    )


@bp.post("/workshops/<uid>/agenda/<day>/copy")
@login_required
def copy_day(uid: str, day: str):
    workshop = _editable_times(uid)
    source = _parse_day(day, workshop)
    form = CopyDayForm()
    form.target.choices = [(d.isoformat(), d.isoformat()) for d in workshop.days if d != source]
    if not form.validate_on_submit():
        return _answer(
            uid, [source], [gettext("Choose another of the workshop's days.")], error=True
        )
    target = date.fromisoformat(form.target.data)
    report = operations.AgendaReport()
    copies, refusal = transactions.attempt(
        lambda: operations.copy_day(workshop, source, target, report=report)
    )
    if refusal:
        return _answer(uid, [source], [refusal.message], error=True, focus=f"copy-{day}")
    return _answer(
        uid,
        [source, target],
        [
            ngettext(
                "%(num)d session of %(source)s copied to %(target)s.",
                "%(num)d sessions of %(source)s copied to %(target)s.",
                len(copies),
                source=timing.format_day(source),
                target=timing.format_day(target),
            ),
            *report.messages(),
        ],
        focus=f"copy-{day}",
        anchor=f"day-{target.isoformat()}",
    )


@bp.get("/workshops/<uid>/agenda/<day>/insert")
@login_required
def insert_form(uid: str, day: str):
    """ "Insert a session after this one": the agenda's add form, placed after that session
    (for htmx); without script, the full session form does the same."""
    workshop = _editable_times(uid)
    the_day = _parse_day(day, workshop)
    after = queries.find_session(workshop, request.args.get("after", ""))
    if after is None or after.day != the_day:
        if _in_place():
            abort(404)
        return redirect(url_for(".new_session", uid=uid, day=day))
    if not _in_place():
        return redirect(url_for(".new_session", uid=uid, day=day, after=after.uid))
    return render_template(
        "agenda/_quick_add.html",
        workshop=workshop,
        day=the_day,
        iso=day,
        quick=None,
        after=after.uid,
        focus_title=True,
        csrf=csrf_token(),
        formats=SessionFormat.choices(),
    )


def _quick_values(form: QuickSessionForm, day: date, start: time) -> operations.SessionValues:
    return operations.SessionValues(
        title=form.title.data.strip(),
        day=day,
        start_time=start,
        duration_minutes=form.duration_minutes.data,
        alongside_previous=False,
        format=SessionFormat(form.format.data),
        audience=Audience.EVERYONE,
        audience_community=None,
        description="",
        facilitator_notes="",
        topics=(),
        fixed_start=form.start_time.data is not None,
    )


@bp.post("/workshops/<uid>/agenda/<day>/sessions")
@login_required
def quick_add(uid: str, day: str):
    """Add a session from the agenda: title, an optional typed start, minutes, format.

    The form comes back blank with the focus in its title, ready for the next session.
    """
    workshop = _editable_times(uid)
    the_day = _parse_day(day, workshop)
    form = QuickSessionForm()
    after = queries.find_session(workshop, form.after.data or "")
    after_uid = after.uid if after is not None and after.day == the_day else ""
    prefix = f"q-{day}" + (f"-{after_uid}" if after_uid else "")
    if not form.validate_on_submit():
        if not _in_place():
            return redirect(url_for(".new_session", uid=uid, day=day))
        return _answer(
            uid,
            [the_day],
            [gettext("Not added: check the fields marked.")],
            error=True,
            quick=form,
            insert_after=after_uid,
            focus=f"{prefix}-title",
        )
    existing = queries.day_sessions(workshop, the_day)
    start = form.start_time.data or (operations.flow_end(existing) or time(9, 0))
    report = operations.AgendaReport()
    created, refusal = transactions.attempt(
        lambda: operations.create_session(
            workshop, _quick_values(form, the_day, start), after=after, report=report
        )
    )
    if refusal:
        return _answer(
            uid,
            [the_day],
            [refusal.message],
            error=True,
            quick=form,
            insert_after=after_uid,
            focus=f"{prefix}-title",
        )
    return _answer(
        uid,
        [the_day],
        [
            gettext(
                "“%(title)s” added: %(start)s–%(end)s.",
                title=created.title,
                start=format_time(created.start_time),
                end=format_time(_ends_at(created)),
            ),
            *report.moved_messages(),
        ],
        focus=f"q-{day}-title",
        anchor=f"session-{created.uid}",
    )


# Creating, editing and deleting sessions in the full session editor.


def _session_values(form: SessionForm, session: Session | None = None) -> operations.SessionValues:
    """The editor's values. A start time counts as typed (and is kept) when the box says
    so, or when it differs from the one the form was opened with."""
    opened_start = session.start_time if session is not None else form.proposed_start
    typed = form.start_time.data != opened_start
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
        location=(form.location.data or "").strip(),
        facilitator_notes=form.facilitator_notes.data or "",
        topics=tuple(queries.topics_by_key(form.topics.data or [])),
        fixed_start=bool(form.fixed_start.data or typed),
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
        form.after.data = request.args.get("after", "")[:40]
    day = form.chosen_day if form.day.data in dict(form.day.choices) else workshop.days[0]
    existing = queries.day_sessions(workshop, day)
    after = queries.find_session(workshop, form.after.data or "")
    after = after if after is not None and after.day == day else None
    # Where the session would start by following on: a different time typed is kept.
    form.proposed_start = (
        _ends_at(after).time() if after else operations.flow_end(existing) or time(9, 0)
    )
    if request.method == "GET":
        form.start_time.data = form.proposed_start
    if form.validate_on_submit():
        report = operations.AgendaReport()
        created, refusal = transactions.attempt(
            lambda: operations.create_session(
                workshop, _session_values(form), after=after, report=report
            )
        )
        if refusal is None:
            flash(
                gettext(
                    "“%(title)s” added: %(start)s–%(end)s on %(day)s.",
                    title=created.title,
                    start=format_time(created.start_time),
                    end=format_time(_ends_at(created)),
                    day=timing.format_day(created.day),
                ),
                "success",
            )
            for message in report.moved_messages():
                flash(message, "info")
            if form.add_another.data:
                return redirect(url_for(".new_session", uid=uid, day=created.day.isoformat()))
            return redirect(url_for(".edit", uid=uid, _anchor=f"session-{created.uid}"))
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
        report = operations.AgendaReport()
        _, refusal = transactions.attempt(
            lambda: operations.update_session(
                workshop,
                session,
                _session_values(form, session),
                form.version.data,
                report=report,
            )
        )
        if refusal is None:
            flash(gettext("Session saved."), "success")
            for message in report.moved_messages():
                flash(message, "info")
            if session.start_time != form.start_time.data and not report.moved:
                flash(
                    gettext(
                        "It starts at %(start)s, when the session before it ends.",
                        start=format_time(session.start_time),
                    ),
                    "info",
                )
            if form.add_another.data:
                return redirect(url_for(".new_session", uid=uid, day=session.day.isoformat()))
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
    workshop, session = _editable_session(uid, sid, times_only=True)
    form = VersionForm()
    title, day = session.title, session.day
    from_agenda = _in_place() or request.form.get("from_agenda") == "1"
    if not form.validate_on_submit():
        if from_agenda:
            return _answer(uid, [day], [gettext("The form expired; try again.")], error=True)
        flash(gettext("The form expired; try again."), "error")
        return redirect(url_for(".edit_session", uid=uid, sid=sid))
    report = operations.AgendaReport()
    _, refusal = transactions.attempt(
        lambda: operations.delete_session(workshop, session, form.version.data, report=report)
    )
    if refusal:
        if from_agenda:
            return _answer(uid, [day], [refusal.message], error=True)
        flash(refusal.message, "error")
        return redirect(url_for(".edit_session", uid=uid, sid=sid))
    return _answer(
        uid,
        [day],
        [gettext("“%(title)s” deleted.", title=title), *report.messages()],
        focus=f"new-{day.isoformat()}",
    )


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
    flash(
        refusal.message if refusal else gettext("Prompt attached."),
        "error" if refusal else "success",
    )
    return _back_to_prompts(uid, sid)


@bp.post("/workshops/<uid>/sessions/<sid>/prompts/<key>/detach")
@login_required
def detach_prompt(uid: str, sid: str, key: str):
    workshop, session = _editable_session(uid, sid)
    if not PromptActionForm().validate_on_submit():
        abort(400)
    _, refusal = transactions.attempt(lambda: operations.detach_prompt(workshop, session, key))
    flash(
        refusal.message if refusal else gettext("Prompt detached."),
        "error" if refusal else "success",
    )
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
            flash(gettext("Prompt written and attached."), "success")
            # The prompt-neutrality check of readiness rule R21, said at once (issue 16).
            problems = neutrality.neutrality_problems(form.text.data or "")
            if problems:
                flash(
                    gettext(
                        "This prompt may not be neutral: %(reasons)s. The readiness review will "
                        "list it (R21).",
                        reasons="; ".join(p.reason for p in problems),
                    ),
                    "warning",
                )
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
                flash(gettext("Groups saved."), "success")
                return redirect(url_for(".groups", uid=uid, sid=sid))
            flash(refusal.message, "error")
            proposal = chosen
            asks_to_confirm = isinstance(refusal.error, operations.OneSidedGroups)
    elif request.method == "POST":
        flash(gettext("Check the number of groups and each person's group."), "error")
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
