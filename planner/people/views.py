"""People pages of a workshop: invitations, adding and finding people, the roster import.

Every route is for the workshop's team and organisers (``access.Action.EDIT``): others get
403 or 404 from ``access.require``. Views parse a form, ask ``access``, call one operation
from ``planner.people.operations`` and render; the request's work is committed once, or
undone, by ``planner.transactions``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from planner import access, transactions
from planner.i18n import gettext as _
from planner.models import Person, Workshop
from planner.people import operations, queries
from planner.people.csv_import import COLUMNS, MAX_BYTES, MAX_ROWS
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
            invitation, refusal = transactions.attempt(
                lambda: operations.add_person(workshop, values, form.role.data, form.status.data)
            )
            if refusal is None:
                flash(_("%(name)s was added and invited.", name=invitation.person.name), "success")
                return redirect(url_for(".index", uid=uid))
            form.email.errors.append(refusal.message)
            if values.email:
                matches = queries.possible_duplicates("", "", values.email, viewer=current_user)
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
        flash(_("That invitation could not be sent: choose a person and a role."), "error")
        return redirect(url_for(".index", uid=uid))
    person = queries.person_by_uid(form.person.data)
    # Someone outside the facilitator's workshops is as unknown as a made-up id: inviting
    # them would open their profile and notes to this workshop's team.
    if person is None or not access.may_see_person(current_user, person):
        abort(404)
    _invitation, refusal = transactions.attempt(
        lambda: operations.invite(workshop, person, form.role.data)
    )
    if refusal is not None:
        flash(refusal.message, "error")
    else:
        flash(
            _(
                "%(name)s was invited (role: %(role)s).",
                name=person.name,
                role=_(form.role.data.label).lower(),
            ),
            "success",
        )
    return redirect(url_for(".index", uid=uid))


@bp.route("/<invitation_uid>/edit", methods=["GET", "POST"])
@login_required
def edit_invitation(uid: str, invitation_uid: str):
    workshop = _editable(uid)
    invitation = _invitation_or_404(workshop, invitation_uid)
    if request.method == "GET":
        return _invitation_page(workshop, invitation_uid)
    # Filled from the record only when opened: a POST lacking the version is a conflict.
    form = InvitationForm()
    if form.validate_on_submit():
        changed, refusal = transactions.attempt(
            lambda: operations.update_invitation(
                invitation,
                form.role.data,
                form.status.data,
                version=form.version.data,
                support=form.support(),
            )
        )
        if refusal is None:
            flash(
                _("The invitation of %(name)s was updated.", name=invitation.person.name)
                if changed
                else _("Nothing was changed."),
                "success" if changed else "info",
            )
            return redirect(url_for(".index", uid=uid))
        # E.g. the participant confirmed or declined since the form was opened: keep their
        # answer and show the current invitation.
        return transactions.current_version(
            refusal, lambda: _invitation_page(workshop, invitation_uid)
        )
    return render_template(
        "people/invitation.html", workshop=workshop, invitation=invitation, form=form
    )


def _invitation_or_404(workshop: Workshop, invitation_uid: str):
    invitation = queries.invitation_in(workshop, invitation_uid)
    if invitation is None:
        abort(404)
    return invitation


def _invitation_page(workshop: Workshop, invitation_uid: str) -> str:
    """The invitation form filled from the invitation as it is now."""
    invitation = _invitation_or_404(workshop, invitation_uid)
    form = InvitationForm(formdata=None, obj=invitation)
    form.load_support(invitation)
    return render_template(
        "people/invitation.html", workshop=workshop, invitation=invitation, form=form
    )


@bp.route("/person/<person_uid>/edit", methods=["GET", "POST"])
@login_required
def edit_person(uid: str, person_uid: str):
    workshop = _editable(uid)
    person = _person_or_404(workshop, person_uid)
    if request.method == "GET":
        return _person_page(workshop, person_uid)
    form = PersonForm()
    form.set_segments(queries.segment_catalogue())
    if form.validate_on_submit():
        values = form.person_fields(queries.segment_ids())
        changed, refusal = transactions.attempt(
            lambda: operations.update_person(
                person, values, workshop=workshop, version=form.version.data
            )
        )
        if refusal is None:
            flash(
                _("The profile of %(name)s was saved.", name=person.name)
                if changed
                else _("Nothing was changed."),
                "success" if changed else "info",
            )
            return redirect(url_for(".index", uid=uid))
        if refusal.conflict:
            # E.g. the participant withdrew their consent to be listed since the form was
            # opened: saving the stale form would list them again. Show the current profile.
            return transactions.current_version(refusal, lambda: _person_page(workshop, person_uid))
        form.email.errors.append(refusal.message)
    return render_template("people/person.html", workshop=workshop, person=person, form=form)


def _person_or_404(workshop: Workshop, person_uid: str) -> Person:
    person = queries.person_in(workshop, person_uid)
    if person is None:
        abort(404)
    return person


def _person_page(workshop: Workshop, person_uid: str) -> str:
    """The profile form filled from the person as they are now."""
    person = _person_or_404(workshop, person_uid)
    form = PersonForm(formdata=None, obj=person)
    form.set_segments(queries.segment_catalogue())
    form.load_person(person)
    return render_template("people/person.html", workshop=workshop, person=person, form=form)


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
        flash(_("%(name)s is no longer invited to this workshop.", name=name), "success")
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

    review = None
    if data is not None:
        # Parsed and planned once; confirming imports this plan, never one from the page.
        review = operations.review_roster(workshop, data, current_user)
        if review.plan and "payload" in request.form:
            result, refusal = transactions.attempt(
                lambda: operations.import_roster(
                    workshop, review.preview, current_user, plan=review.plan
                )
            )
            if refusal is None:
                flash(
                    _(
                        "Imported: %(created)d new people, %(existing)d existing people "
                        "invited, %(already)d already invited.",
                        created=result.created,
                        existing=result.invited_existing,
                        already=result.already_invited,
                    ),
                    "success",
                )
                return redirect(url_for(".index", uid=uid))
            flash(refusal.message, "error")
            # What the plan said is out of date: the page asks for the file again.
            review = operations.RosterReview(review.preview)
        if review.plan:
            confirm.payload.data = sign_roster(data, workshop.uid)
    return render_template(
        "people/import.html",
        workshop=workshop,
        upload=upload,
        confirm=confirm,
        preview=review.preview if review else None,
        plan=list(review.plan) if review and review.plan else None,
        columns=COLUMNS,
        segments=queries.segment_catalogue(),
        max_kb=MAX_BYTES // 1024,
        max_rows=MAX_ROWS,
    )
