"""The organiser's admin pages: accounts, the audit log, and erasing a person."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from planner import access, transactions
from planner.admin import operations, queries
from planner.admin.forms import (
    AccountActionForm,
    AuditFilterForm,
    CreateUserForm,
    EraseConfirmForm,
    PersonSearchForm,
)
from planner.auth.operations import (
    create_user,
    deactivate,
    reactivate,
    reset_sessions,
)
from planner.auth.passwords import WeakPassword
from planner.extensions import db
from planner.i18n import gettext as _
from planner.languages import N_
from planner.models import Invitation, Person, User

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _organisers_only():
    """Every admin page is for organisers (PRODUCT §2: accounts, audit log)."""
    access.require_capability(access.can_manage_catalogue(current_user))


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _render_users(form: CreateUserForm, status: int = 200):
    return (
        render_template(
            "admin/users.html",
            users=queries.accounts(),
            form=form,
            action_form=AccountActionForm(),
        ),
        status,
    )


@bp.route("/users")
def users():
    return _render_users(CreateUserForm())


@bp.route("/users", methods=["POST"])
def create_account():
    form = CreateUserForm()
    if form.validate_on_submit():
        user, refusal = transactions.attempt(
            lambda: create_user(form.email.data, form.name.data, form.role.data, form.password.data)
        )
        if refusal is None:
            flash(_("Account created for %(name)s.", name=user.name), "success")
            return redirect(url_for("admin.users"))
        field = form.password if isinstance(refusal.error, WeakPassword) else form.email
        field.errors.append(refusal.message)
    return _render_users(form, 400)


def _account_action(user_id: int, change, message: str):
    user = _user_or_404(user_id)
    if not AccountActionForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot do this to your own account here."), "error")
        return redirect(url_for("admin.users"))
    change(user)
    flash(_(message, name=user.name), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
def deactivate_account(user_id: int):
    return _account_action(user_id, deactivate, N_("%(name)s can no longer sign in."))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
def reactivate_account(user_id: int):
    return _account_action(user_id, reactivate, N_("%(name)s can sign in again."))


@bp.route("/users/<int:user_id>/sign-out", methods=["POST"])
def reset_account_sessions(user_id: int):
    return _account_action(user_id, reset_sessions, N_("%(name)s is signed out everywhere."))


@bp.route("/audit")
def audit():
    form = AuditFilterForm(request.args)
    form.actor.choices = [("", _l("Anyone"))] + [
        (str(u.id), f"{u.name} ({_(u.role.label)})") for u in queries.accounts()
    ]
    # The actions are the audit log's own names, kept in English like its records.
    form.action.choices = [("", _l("Any action"))] + [(a, a) for a in queries.audit_actions()]
    filters = queries.AuditFilters()
    if request.args and form.validate():
        filters = queries.AuditFilters(
            actor_id=int(form.actor.data) if form.actor.data else None,
            workshop=form.workshop.data or "",
            action=form.action.data or "",
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
    page = request.args.get("page", 1, type=int)
    if page < 1 or page > 1_000_000:  # a huge OFFSET overflows the database's integers
        abort(404)
    result = queries.audit_page(filters, page, current_app.config["PAGE_SIZE"])
    page_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("admin/audit.html", form=form, result=result, page_args=page_args)


@bp.route("/people")
def people():
    """Find a person to erase (a request under data-protection law names them)."""
    from planner.people.queries import search_people

    form = PersonSearchForm(request.args)
    found = search_people(form.q.data or "", viewer=current_user) if form.validate() else []
    return render_template("admin/people.html", form=form, people=found)


@bp.route("/people/<person_uid>/erase", methods=["GET", "POST"])
def erase_person(person_uid: str):
    person = db.session.scalar(select(Person).where(Person.uid == person_uid))
    if person is None:
        abort(404)
    form = EraseConfirmForm()
    if form.validate_on_submit():
        operations.erase_person(person)
        flash(_("The person is erased. Their audit events now carry a pseudonym."), "success")
        return redirect(url_for("admin.people"))
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.person_id == person.id)
    ).all()
    workshop_count = len(invitations)
    status = 400 if request.method == "POST" else 200
    return (
        render_template(
            "admin/erase.html", person=person, form=form, workshop_count=workshop_count
        ),
        status,
    )
