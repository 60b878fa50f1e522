"""People pages of a workshop: invitations, adding and finding people, the roster import.

Every route is for the workshop's team and organisers (``access.Action.EDIT``): others get
403 or 404 from ``access.require``. Views parse a form, ask ``access``, call one operation
from ``planner.people.operations``, commit, and render.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from planner import access
from planner.exceptions import DomainError, EditConflict
from planner.extensions import db
from planner.models import Person, Workshop
from planner.people import operations, queries
from planner.people.csv_import import COLUMNS, MAX_BYTES, parse_roster
from planner.people.forms import (
    AddPersonForm,
    InvitationForm,
    InviteForm,
    PersonForm,
    RemoveInvitationForm,
    RosterConfirmForm,
    RosterUploadForm,
    SearchForm,
)
from planner.people.roster_token import InvalidRosterToken, sign_roster, unsign_roster
from planner.people.values import match_key
from planner.vocabulary import InvitationRole

bp = Blueprint("people", __name__, url_prefix="/workshops/<uid>/people")


def _editable(uid: str, loader=queries.load_workshop) -> Workshop:
    """The workshop, if the current user may edit its invitations (else 403/404)."""
    workshop = loader(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    return workshop


def _results_context(workshop: Workshop, people: list[Person]) -> dict:
    """What the person-results macro needs: who is fully visible, who is invited here."""
    return {
        "people": people,
        "known": access.may_see_people(current_user, people),
        "invited_here": queries.invited_here(workshop, people),
        "role_choices": InvitationRole.choices(),
    }


@bp.get("")
@login_required
def index(uid: str):
    workshop = _editable(uid, queries.load_people_page)
    invitations = sorted(workshop.invitations, key=lambda i: match_key(i.person.name))
    return render_template(
        "people/index.html",
        workshop=workshop,
        invitations=invitations,
        counts=queries.count_by_status(invitations),
        search_form=SearchForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def add(uid: str):
    workshop = _editable(uid)
    form = AddPersonForm()
    form.set_segments(queries.segment_catalogue())
    matches: list[Person] = []
    if form.validate_on_submit():
        values = form.person_fields(queries.segment_ids())
        if not form.create_anyway.data:
            matches = queries.possible_duplicates(
                values.name, values.name_alt, values.email, viewer=current_user
            )
        if not matches:
            try:
                invitation = operations.add_person(
                    workshop, values, form.role.data, form.status.data
                )
                db.session.commit()
            except operations.DuplicateEmail as error:
                db.session.rollback()
                form.email.errors.append(str(error))
                matches = queries.possible_duplicates("", "", values.email, viewer=current_user)
            except IntegrityError:
                db.session.rollback()
                form.email.errors.append(operations.EMAIL_NOT_USABLE)
            else:
                flash(f"{invitation.person.name} was added and invited.", "success")
                return redirect(url_for(".index", uid=uid))
    return render_template(
        "people/add.html", workshop=workshop, form=form, **_results_context(workshop, matches)
    )


@bp.get("/find")
@login_required
def search(uid: str):
    workshop = _editable(uid)
    form = SearchForm(request.args)
    people: list[Person] = []
    if form.q.data and form.validate():
        people = queries.search_people(form.q.data, viewer=current_user)
    return render_template(
        "people/search.html",
        workshop=workshop,
        search_form=form,
        searched=bool(form.q.data),
        limit=queries.SEARCH_LIMIT,
        **_results_context(workshop, people),
    )


@bp.post("/invite")
@login_required
def invite(uid: str):
    workshop = _editable(uid)
    form = InviteForm()
    if not form.validate_on_submit():
        flash("That invitation could not be sent: choose a person and a role.", "error")
        return redirect(url_for(".index", uid=uid))
    person = queries.person_by_uid(form.person.data)
    # Someone outside the facilitator's workshops is as unknown as a made-up id: inviting
    # them would open their profile and notes to this workshop's team.
    if person is None or not access.may_see_person(current_user, person):
        abort(404)
    try:
        operations.invite(workshop, person, form.role.data)
        db.session.commit()
    except (DomainError, IntegrityError) as error:
        db.session.rollback()
        message = str(error) if isinstance(error, DomainError) else str(operations.AlreadyInvited())
        flash(message, "error")
    else:
        flash(f"{person.name} was invited as {form.role.data.label.lower()}.", "success")
    return redirect(url_for(".index", uid=uid))


@bp.route("/<invitation_uid>/edit", methods=["GET", "POST"])
@login_required
def edit_invitation(uid: str, invitation_uid: str):
    workshop = _editable(uid)
    invitation = queries.invitation_in(workshop, invitation_uid)
    if invitation is None:
        abort(404)
    # Filled from the record only when opened: a POST lacking the version is a conflict.
    form = InvitationForm(obj=invitation) if request.method == "GET" else InvitationForm()
    status = 200
    if form.validate_on_submit():
        try:
            changed = operations.update_invitation(
                invitation, form.role.data, form.status.data, version=form.version.data
            )
            db.session.commit()
        except EditConflict as conflict:
            # E.g. the participant confirmed or declined since the form was opened: keep
            # their answer and show the current invitation.
            db.session.rollback()
            flash(str(conflict), "error")
            invitation = queries.invitation_in(workshop, invitation_uid)
            if invitation is None:
                abort(404)
            form = InvitationForm(formdata=None, obj=invitation)
            status = 409
        else:
            flash(
                f"The invitation of {invitation.person.name} was updated."
                if changed
                else "Nothing was changed.",
                "success" if changed else "info",
            )
            return redirect(url_for(".index", uid=uid))
    return render_template(
        "people/invitation.html", workshop=workshop, invitation=invitation, form=form
    ), status


@bp.route("/person/<person_uid>/edit", methods=["GET", "POST"])
@login_required
def edit_person(uid: str, person_uid: str):
    workshop = _editable(uid)
    person = queries.person_in(workshop, person_uid)
    if person is None:
        abort(404)
    form = PersonForm(obj=person) if request.method == "GET" else PersonForm()
    form.set_segments(queries.segment_catalogue())
    status = 200
    if request.method == "GET":
        form.load_person(person)
    elif form.validate_on_submit():
        try:
            changed = operations.update_person(
                person,
                form.person_fields(queries.segment_ids()),
                workshop=workshop,
                version=form.version.data,
            )
            db.session.commit()
        except EditConflict as conflict:
            # E.g. the participant withdrew their consent to be listed since the form was
            # opened: saving the stale form would list them again. Show the current profile.
            db.session.rollback()
            flash(str(conflict), "error")
            person = queries.person_in(workshop, person_uid)
            if person is None:
                abort(404)
            form = PersonForm(formdata=None, obj=person)
            form.set_segments(queries.segment_catalogue())
            form.load_person(person)
            status = 409
        except (operations.DuplicateEmail, IntegrityError):
            db.session.rollback()
            form.email.errors.append(operations.EMAIL_NOT_USABLE)
        else:
            flash(
                f"The profile of {person.name} was saved." if changed else "Nothing was changed.",
                "success" if changed else "info",
            )
            return redirect(url_for(".index", uid=uid))
    return render_template(
        "people/person.html", workshop=workshop, person=person, form=form
    ), status


@bp.route("/<invitation_uid>/remove", methods=["GET", "POST"])
@login_required
def remove_invitation(uid: str, invitation_uid: str):
    workshop = _editable(uid)
    invitation = queries.invitation_in(workshop, invitation_uid)
    if invitation is None:
        abort(404)
    form = RemoveInvitationForm()
    if form.validate_on_submit():
        name = invitation.person.name
        operations.remove_invitation(invitation)
        db.session.commit()
        flash(f"{name} is no longer invited to this workshop.", "success")
        return redirect(url_for(".index", uid=uid))
    return render_template(
        "people/remove.html", workshop=workshop, invitation=invitation, form=form
    )


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_csv(uid: str):
    workshop = _editable(uid)
    upload = RosterUploadForm()
    confirm = RosterConfirmForm()
    data: bytes | None = None
    if "payload" in request.form:
        if confirm.validate_on_submit():
            try:
                data = unsign_roster(confirm.payload.data, workshop.uid)
            except InvalidRosterToken as error:
                flash(str(error), "error")
    elif upload.validate_on_submit():
        # One byte over the limit is enough for the parser to refuse the file as too large.
        data = upload.file.data.read(MAX_BYTES + 1)

    preview = plan = None
    catalogue = queries.segment_catalogue()
    if data is not None:
        preview = parse_roster(data, catalogue)
        if preview.is_valid:
            # Lines whose email belongs to someone outside the importer's workshops make the
            # file unimportable, said neutrally (whether the address exists is not told).
            refused = operations.roster_refusals(
                operations.plan_roster_import(workshop, preview, current_user)
            )
            if refused:
                preview = replace(preview, errors=(*preview.errors, *refused))
        if preview.is_valid and "payload" in request.form:
            try:
                result = operations.import_roster(workshop, preview, current_user)
                db.session.commit()
            except (DomainError, IntegrityError):
                db.session.rollback()
                flash(
                    "Someone changed these people while you were importing; nothing was "
                    "imported. Upload the file again to see the current state.",
                    "error",
                )
            else:
                flash(
                    f"Imported: {result.created} new people, {result.invited_existing} "
                    f"existing people invited, {result.already_invited} already invited.",
                    "success",
                )
                return redirect(url_for(".index", uid=uid))
        if preview.is_valid:
            plan = operations.plan_roster_import(workshop, preview, current_user)
            confirm.payload.data = sign_roster(data, workshop.uid)
    return render_template(
        "people/import.html",
        workshop=workshop,
        upload=upload,
        confirm=confirm,
        preview=preview,
        plan=plan,
        columns=COLUMNS,
        segments=catalogue,
        max_kb=MAX_BYTES // 1024,
    )
