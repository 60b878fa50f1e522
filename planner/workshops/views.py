"""Workshop pages. Views stay thin: parse a form, ask ``access``, call one operation, render."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie_session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.routing import BuildError

from planner import access, remembered, transactions
from planner.agenda import queries as agenda_queries
from planner.charts import composition_matrix, composition_svg
from planner.extensions import db, limiter
from planner.i18n import gettext
from planner.models import Workshop
from planner.people.inclusion import AGE_ROWS, GENDER_ROWS, inclusion_summary
from planner.readiness import by_severity_and_rule
from planner.vocabulary import WorkshopStatus
from planner.workshop_data import WorkshopData
from planner.workshop_loading import load_workshop_head, workshop_page_data
from planner.workshops import cloning, methodology, operations
from planner.workshops.forms import (
    AddFacilitatorForm,
    CloneForm,
    DeleteForm,
    NewWorkshopForm,
    RemoveFacilitatorForm,
    StatusForm,
    WorkshopForm,
)
from planner.workshops.queries import workshop_page

#: No list has a million pages; larger numbers would overflow the database's OFFSET.
MAX_PAGE = 1_000_000

bp = Blueprint("workshops", __name__, url_prefix="/workshops")

#: Pages other areas provide, linked from the workshop page only when they exist.
_WORK_LINKS = (
    (_l("Agenda editor"), "agenda.edit", {}),
    (_l("Translations of what participants read"), "translating.edit", {}),
    (_l("People and invitations"), "people.index", {}),
    (_l("Published agendas"), "participant.publications", {}),
    (_l("Outbox (e-mail to participants)"), "outbox.index", {}),
    (_l("Run sheet (the live day)"), "live.run_sheet", {}),
    (_l("What happened (after the workshop)"), "live.record", {}),
)
_BRIEF_FORMATS = (("pdf", "PDF"), ("docx", "Word"), ("md", "Markdown"), ("json", "JSON"))
#: The exports in two labelled groups (issue 17, item 5; templates/briefs/_exports.html
#: names them): the confidential facilitator files apart from what participants may
#: receive, each group's other exports after its briefs.
EXPORT_GROUPS = (
    ("facilitator", ((_l("Roster (CSV)"), "briefs.roster", {}),)),
    ("participant", ((_l("Calendar (ICS)"), "briefs.calendar", {}),)),
)
#: Each group's brief, named with its format ("Participant brief (PDF)").
_BRIEF_LABELS = {
    "facilitator": lambda name: gettext("Facilitator brief (%(format)s)", format=name),
    "participant": lambda name: gettext("Participant brief (%(format)s)", format=name),
}
#: Formats that take seconds to render: their links show "Preparing…" (static/js/exports.js).
PREPARED_FORMATS = frozenset({"pdf", "docx"})

_STATUS_BUTTONS = {
    WorkshopStatus.PLANNED: _l("Mark as planned"),
    WorkshopStatus.CONFIRMED: _l("Mark as confirmed"),
    WorkshopStatus.HELD: _l("Mark as held"),
    WorkshopStatus.CANCELLED: _l("Cancel workshop"),
    WorkshopStatus.DRAFT: _l("Reinstate as draft"),
}
#: What the status buttons say they did, one whole sentence per status.
_STATUS_NOW = {
    WorkshopStatus.DRAFT: lambda: gettext("The workshop is now a draft."),
    WorkshopStatus.PLANNED: lambda: gettext("The workshop is now planned."),
    WorkshopStatus.CONFIRMED: lambda: gettext("The workshop is now confirmed."),
    WorkshopStatus.HELD: lambda: gettext("The workshop is now held."),
    WorkshopStatus.CANCELLED: lambda: gettext("The workshop is now cancelled."),
}


def _link(endpoint: str, **values) -> str | None:
    """The URL of another area's page, or None while that page does not exist yet."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def export_groups(uid: str) -> list[dict]:
    """The workshop's exports in their two groups: (kind, links), each link (label, url,
    prepares), where ``prepares`` marks a file that takes seconds to render."""
    groups = []
    for kind, others in EXPORT_GROUPS:
        links = [
            (
                _BRIEF_LABELS[kind](name),
                _link("briefs.workshop_brief", uid=uid, fmt=fmt, audience=kind),
                fmt in PREPARED_FORMATS,
            )
            for fmt, name in _BRIEF_FORMATS
        ]
        links += [(label, _link(ep, uid=uid, **kw), False) for label, ep, kw in others]
        links = [link for link in links if link[1]]
        if links:
            groups.append((kind, links))
    return groups


def _team_links(uid: str) -> dict:
    work = [(label, _link(ep, uid=uid, **kw)) for label, ep, kw in _WORK_LINKS]
    return {
        "work": [(label, url) for label, url in work if url],
        "exports": export_groups(uid),
        "exports_page": _link("briefs.index", uid=uid),
    }


def _find_workshop(uid: str) -> Workshop | None:
    return db.session.scalar(
        select(Workshop)
        .where(Workshop.uid == uid)
        .options(selectinload(Workshop.target_segments), selectinload(Workshop.co_facilitators))
    )


#: Findings of one rule shown on the workshop page; the full review page shows them all.
FINDINGS_PER_RULE = 5


def _readiness_panel(data: WorkshopData) -> dict:
    """The readiness review grouped for reading, and the names its findings link to."""
    groups = by_severity_and_rule(list(remembered.readiness(data)))
    return {
        "findings": groups,
        "truncated": any(len(r.findings) > FINDINGS_PER_RULE for g in groups for r in g.rules),
        "session_titles": {s.uid: s.title for s in data.sessions},
        "person_names": {i.person.uid: i.person.name for i in data.invitations},
    }


def _team_panels(data: WorkshopData) -> dict:
    """The team's links and actions on the workshop page (live: they depend on who asks)."""
    return {
        "links": _team_links(data.uid),
        "status_buttons": [
            (status, _STATUS_BUTTONS[status]) for status in operations.allowed_statuses(data.status)
        ],
    }


def _page_body(data: WorkshopData) -> str:
    """The workshop page below its actions, from the workshop's data alone (remembered)."""
    composition = composition_matrix(data)
    # The agenda by day, in order: the workshop's days that have sessions.
    by_day: dict = {}
    for session in data.sessions_in_order:
        by_day.setdefault(session.day, []).append(session)
    return render_template(
        "workshops/_body.html",
        view=data,
        team={
            **_readiness_panel(data),
            "composition": composition,
            "composition_chart": composition_svg(composition),
            "inclusion": inclusion_summary(data),
            "inclusion_rows": (("gender", GENDER_ROWS), ("ages", AGE_ROWS)),
        },
        agenda=[(day, by_day[day]) for day in data.days if day in by_day],
        timelines=remembered.timelines(data),
        people=sorted(data.invitations, key=lambda i: i.person.name),
        readiness_limit=FINDINGS_PER_RULE,
        full_review_url=url_for("workshops.readiness", uid=data.uid),
        anchor_base="",
    )


@bp.route("/")
@login_required
def index():
    page = request.args.get("page", 1, type=int)
    # Beyond any real page count (and beyond what the database's integers hold): not found.
    if page < 1 or page > MAX_PAGE:
        abort(404)
    per_page = current_app.config["PAGE_SIZE"]

    def render_list() -> str:
        listing = workshop_page(current_user, page, per_page)
        return render_template(
            "workshops/_list.html",
            workshops=listing.workshops,
            page=listing.page,
            pages=listing.pages,
            total=listing.total,
            readiness=listing.readiness,
            can_create=access.can_create_workshop(current_user),
        )

    # Made from the database alone, for this reader and page: remembered until any row
    # changes (what they may see, the workshops, their readiness all live there).
    listing = remembered.rendered_committed(
        "workshops.index", (current_user.id, page, per_page), render_list
    )
    return render_template("workshops/index.html", listing=listing)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    access.require_capability(access.can_create_workshop(current_user))
    form = NewWorkshopForm(template=request.args.get("template", ""))
    if form.validate_on_submit():
        template = form.chosen_template()
        if template is None:
            workshop, refusal = transactions.attempt(
                lambda: operations.create_workshop(current_user, form.values())
            )
        else:
            workshop, refusal = transactions.attempt(
                lambda: methodology.start_from_template(
                    current_user, template, form.values(), form.chosen_stage()
                )
            )
        if refusal is None:
            flash(
                gettext(
                    "Workshop created as a draft from the template “%(name)s”.", name=template.name
                )
                if template
                else gettext("Workshop created as a draft."),
                "success",
            )
            return redirect(url_for("workshops.show", uid=workshop.uid))
        flash(refusal.message, "error")
    return render_template("workshops/form.html", form=form, workshop=None)


@bp.route("/<uid>/clone", methods=["GET", "POST"])
@login_required
def clone(uid: str):
    """Copy a workshop's design and agenda to new dates (never its people)."""
    workshop = _find_workshop(uid)
    # The copy carries the team's notes: only those who may read them may copy them.
    access.require(current_user, access.Action.READ_NOTES, workshop)
    access.require_capability(access.can_create_workshop(current_user))
    form = CloneForm()
    if request.method == "GET":
        form.title.data = workshop.title
    elif form.validate_on_submit():
        copied, refusal = transactions.attempt(
            lambda: cloning.clone_workshop(
                workshop, current_user, form.start_date.data, form.title.data
            )
        )
        if refusal is None:
            flash(
                gettext(
                    "Copied to new dates as a draft: the agenda, topics, prompts and "
                    "objectives; nobody is invited yet."
                ),
                "success",
            )
            return redirect(url_for("workshops.show", uid=copied.uid))
        flash(refusal.message, "error")
    return render_template("workshops/clone.html", workshop=workshop, form=form)


@bp.route("/<uid>")
@login_required
def show(uid: str):
    # The row alone, for access and the status forms' version; the page renders from plain
    # data read by Core statements (no ORM objects: the agenda is hundreds of rows).
    workshop = load_workshop_head(uid)
    standing = access.require(current_user, access.Action.VIEW, workshop)
    if standing < access.Standing.TEAM:
        # Participants see only the last published agenda, redacted, on their own page.
        return redirect(url_for("participant.agenda", uid=uid))

    def render_page(csrf: str) -> str:
        data = workshop_page_data(workshop)
        return render_template(
            "workshops/show.html",
            workshop=workshop,
            view=data,
            team=_team_panels(data),
            body=remembered.rendered(_page_body, data),
            # Live, beside the remembered body: a publication changes it, the data does not.
            unpublished=agenda_queries.unpublished_changes(workshop.id, data),
            # Every form's token (the status buttons, the menu's) is ``csrf``.
            csrf_token=lambda: csrf,
        )

    if cookie_session.get("_flashes"):
        # A waiting message is shown once, on a page made now.
        return render_page(generate_csrf())
    # The page is made from the database alone, for this reader: remembered until any row
    # changes, with each visit's own CSRF token put in its forms.
    return remembered.rendered_committed_forms(
        "workshops.show", (current_user.id, uid, request.path), render_page
    )


@bp.route("/<uid>/readiness")
@login_required
def readiness(uid: str):
    """Every finding of the readiness review, for a workshop whose page shows only the first
    few of a rule's findings."""
    workshop = load_workshop_head(uid)
    access.require(current_user, access.Action.READ_READINESS, workshop)
    data = workshop_page_data(workshop)
    return render_template(
        "workshops/readiness.html",
        workshop=workshop,
        view=data,
        team=_readiness_panel(data),
        readiness_limit=None,
        anchor_base=url_for("workshops.show", uid=uid),
    )


@bp.route("/<uid>/edit", methods=["GET", "POST"])
@login_required
def edit(uid: str):
    workshop = _find_workshop(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    if request.method == "GET":
        return _edit_page(uid)
    form = WorkshopForm()
    if form.validate_on_submit():
        changed, refusal = transactions.attempt(
            lambda: operations.update_workshop(workshop, form.values(), form.version.data)
        )
        if refusal is None:
            flash(gettext("Saved.") if changed else gettext("Nothing changed."), "success")
            return redirect(url_for("workshops.show", uid=uid))
        if refusal.conflict:
            return transactions.current_version(refusal, lambda: _edit_page(uid))
        flash(refusal.message, "error")
    return render_template("workshops/form.html", form=form, workshop=workshop)


def _edit_page(uid: str) -> str:
    """The edit form filled from the workshop as it is now."""
    workshop = _find_workshop(uid)
    form = WorkshopForm(formdata=None)
    form.fill_from(workshop)
    return render_template("workshops/form.html", form=form, workshop=workshop)


@bp.route("/<uid>/status", methods=["POST"])
@login_required
def change_status(uid: str):
    workshop = _find_workshop(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(gettext("That status change could not be understood. Please try again."), "error")
        return redirect(url_for("workshops.show", uid=uid))
    _, refusal = transactions.attempt(
        lambda: operations.change_status(
            workshop, WorkshopStatus(form.status.data), form.version.data
        )
    )
    if refusal is not None:
        flash(refusal.message, "error")
        return redirect(url_for("workshops.show", uid=uid))
    flash(_STATUS_NOW[workshop.status](), "success")
    return redirect(url_for("workshops.show", uid=uid))


@bp.route("/<uid>/delete", methods=["GET", "POST"])
@login_required
def delete(uid: str):
    workshop = _find_workshop(uid)
    access.require(current_user, access.Action.MANAGE_TEAM, workshop)
    form = DeleteForm()
    invited = operations.invitation_count(workshop)
    if form.validate_on_submit():
        _, refusal = transactions.attempt(lambda: operations.delete_workshop(workshop))
        if refusal is not None:
            flash(refusal.message, "error")
            return redirect(url_for("workshops.delete", uid=uid))
        flash(gettext("Workshop deleted."), "success")
        return redirect(url_for("workshops.index"))
    can_cancel = WorkshopStatus.CANCELLED in operations.allowed_statuses(workshop.status)
    return render_template(
        "workshops/delete.html",
        workshop=workshop,
        form=form,
        invited=invited,
        can_cancel=can_cancel,
    )


def _team_adder_key() -> str:
    return f"team-add:{current_user.get_id()}"


def _not_adding() -> bool:
    return request.form.get("action") != "add"


@bp.route("/<uid>/team", methods=["GET", "POST"])
@login_required
@limiter.limit(
    lambda: current_app.config["TEAM_ADD_LIMIT"],
    key_func=_team_adder_key,
    methods=["POST"],
    exempt_when=_not_adding,
)
def team(uid: str):
    workshop = _find_workshop(uid)
    standing = access.require(current_user, access.Action.EDIT, workshop)
    may_change = access.permits(standing, access.Action.MANAGE_TEAM)
    add_form = AddFacilitatorForm()
    if request.method == "POST":
        access.require_capability(may_change)
        action = request.form.get("action")
        if action not in ("add", "remove"):
            abort(400)
        form = add_form if action == "add" else RemoveFacilitatorForm()
        if form.validate_on_submit():
            change = (
                operations.add_co_facilitator
                if action == "add"
                else operations.remove_co_facilitator
            )
            user, refusal = transactions.attempt(lambda: change(workshop, form.email.data))
            if refusal is None:
                flash(
                    gettext("%(name)s joined the team.", name=user.name)
                    if action == "add"
                    else gettext("%(name)s left the team.", name=user.name),
                    "success",
                )
                return redirect(url_for("workshops.team", uid=uid))
            flash(refusal.message, "error")
        elif action == "remove":
            flash(gettext("That removal could not be understood. Please try again."), "error")
    return render_template(
        "workshops/team.html", workshop=workshop, add_form=add_form, may_change=may_change
    )
