"""The outbox pages (issue 18): compose, review, edit, remove, send; and cards of links.

The facilitation team of the workshop (and organisers) only: every route asks
``access.Action.MESSAGE_PARTICIPANTS``. Nothing is sent until someone presses send;
without a mail server (``MAIL_SERVER``) the button approves, and the messages stay here,
readable. Sending is done by the worker (``flask --app planner outbox send``), or, with
``OUTBOX_SEND_AT_ONCE`` (development), right after the approving request has committed.
No page ever shows a private-link token: previews show where the link will go.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    after_this_request,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import Row, select
from sqlalchemy.orm import joinedload

from planner import access, transactions
from planner.briefs.filenames import content_disposition
from planner.extensions import db
from planner.i18n import gettext as _
from planner.i18n import ngettext
from planner.models import Invitation, OutboxMessage
from planner.outbox import cards, delivery, operations
from planner.outbox.composing import AGENDA_LINK, CALENDAR_LINK
from planner.outbox.forms import CardsForm, ComposeForm, EditForm, SelectionForm
from planner.outbox.kinds import MessageKind, MessageStatus
from planner.vocabulary import ACTIVE_INVITATION_STATUSES
from planner.workshop_loading import load_workshop_head

bp = Blueprint("outbox", __name__, url_prefix="/workshops/<uid>/outbox")

#: How many approved messages a request sends at once (``OUTBOX_SEND_AT_ONCE``); the rest
#: wait for the worker.
AT_ONCE_LIMIT = 200

PREVIEW_LINKS = {
    AGENDA_LINK: _l("private agenda link — created when the message is sent"),
    CALENDAR_LINK: _l("calendar subscription link — created when the message is sent"),
}

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache", "Referrer-Policy": "no-referrer"}


def _workshop(uid: str) -> Row:
    workshop = load_workshop_head(uid)
    access.require(current_user, access.Action.MESSAGE_PARTICIPANTS, workshop)
    return workshop


def _messages(workshop_id: int) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.workshop_id == workshop_id)
            .options(joinedload(OutboxMessage.invitation).joinedload(Invitation.person))
            .order_by(OutboxMessage.id)
        )
    )


def _invitations(workshop_id: int) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.workshop_id == workshop_id)
            .options(joinedload(Invitation.person))
            .order_by(Invitation.id)
        )
    )


def _person_choices(invitations: list[Invitation], *, for_mail: bool) -> list[tuple[str, str]]:
    choices = []
    for invitation in invitations:
        if invitation.status not in ACTIVE_INVITATION_STATUSES:
            continue
        status = _(invitation.status.label).lower()
        reason = operations.skip_reason(invitation) if for_mail else None
        label = (
            _(
                "%(name)s (%(status)s) — %(reason)s, will be skipped",
                name=invitation.person.name,
                status=status,
                reason=reason,
            )
            if reason
            else f"{invitation.person.name} ({status})"
        )
        choices.append((invitation.uid, label))
    return choices


@bp.route("/")
@login_required
def index(uid: str):
    workshop = _workshop(uid)
    messages = _messages(workshop.id)
    form = SelectionForm()
    return render_template(
        "outbox/index.html",
        workshop=workshop,
        messages=messages,
        by_status={s: [m for m in messages if m.status == s] for s in MessageStatus},
        form=form,
        mail_configured=delivery.mail_configured(),
        not_emailed=[
            i.person.name
            for i in _invitations(workshop.id)
            if i.status in ACTIVE_INVITATION_STATUSES and operations.skip_reason(i)
        ],
        statuses=MessageStatus,
    )


@bp.route("/compose", methods=["GET", "POST"])
@login_required
def compose(uid: str):
    workshop = _workshop(uid)
    form = ComposeForm()
    form.selected.choices = _person_choices(_invitations(workshop.id), for_mail=True)
    if not form.is_submitted():
        return render_template("outbox/compose.html", workshop=workshop, form=form)
    if not form.validate():
        return render_template("outbox/compose.html", workshop=workshop, form=form), 400
    kind = MessageKind(form.kind.data)
    recipients = operations.Recipients(form.recipients.data)
    custom = kind == MessageKind.CUSTOM
    queued, refusal = transactions.attempt(
        lambda: operations.queue(
            workshop,
            kind,
            operations.invitations_for(workshop.id, recipients, form.selected.data or ()),
            actor=current_user._get_current_object(),
            subject=form.subject.data.strip() if custom else None,
            body=form.body.data.strip() if custom else None,
        )
    )
    if refusal is not None:
        flash(refusal.message, "error")
        return render_template("outbox/compose.html", workshop=workshop, form=form), 400
    flash(
        ngettext(
            "%(num)d draft is in the outbox: review it, then send.",
            "%(num)d drafts are in the outbox: review them, then send.",
            len(queued.messages),
        ),
        "success",
    )
    for name, reason in queued.skipped:
        flash(
            _(
                "Not queued for %(name)s: %(reason)s. Reach them another way.",
                name=name,
                reason=reason,
            ),
            "warning",
        )
    return redirect(url_for(".index", uid=uid))


def _message(workshop: Row, message_uid: str) -> OutboxMessage:
    message = db.session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.uid == message_uid, OutboxMessage.workshop_id == workshop.id)
        .options(joinedload(OutboxMessage.invitation).joinedload(Invitation.person))
    )
    if message is None:
        abort(404)
    return message


def preview_parts(body: str) -> list[tuple[str, bool]]:
    """The body cut at its placeholders: (text, is_placeholder) pairs for the preview."""
    parts: list[tuple[str, bool]] = []
    rest = body
    while rest:
        found = [(rest.find(p), p) for p in PREVIEW_LINKS if p in rest]
        if not found:
            parts.append((rest, False))
            break
        at, placeholder = min(found)
        if at:
            parts.append((rest[:at], False))
        parts.append((str(PREVIEW_LINKS[placeholder]), True))
        rest = rest[at + len(placeholder) :]
    return parts


@bp.route("/<message_uid>", methods=["GET", "POST"])
@login_required
def message(uid: str, message_uid: str):
    workshop = _workshop(uid)
    found = _message(workshop, message_uid)
    form = EditForm(obj=found) if request.method == "GET" else EditForm()
    status = 200
    if form.is_submitted():
        if not form.validate():
            status = 400
        else:
            changed, refusal = transactions.attempt(
                lambda: operations.edit(
                    found,
                    workshop,
                    form.subject.data,
                    form.body.data,
                    actor=current_user._get_current_object(),
                )
            )
            if refusal is None:
                flash(
                    _("The message is saved as a draft; send it from the outbox.")
                    if changed
                    else _("Nothing was changed."),
                    "success" if changed else "info",
                )
                return redirect(url_for(".message", uid=uid, message_uid=message_uid))
            form.body.errors.append(refusal.message)
            status = 400
    return render_template(
        "outbox/message.html",
        workshop=workshop,
        message=found,
        parts=preview_parts(found.body),
        form=form,
        editable=found.status in operations.CHANGEABLE,
        mail_configured=delivery.mail_configured(),
    ), status


@bp.route("/act", methods=["POST"])
@login_required
def act(uid: str):
    """Send (approve) or remove the ticked messages; "send" with none ticked: every draft."""
    workshop = _workshop(uid)
    messages = _messages(workshop.id)
    form = SelectionForm()
    form.messages.choices = [(m.uid, m.uid) for m in messages]
    if not form.validate():
        flash(_("That request could not be understood; nothing was changed."), "error")
        return redirect(url_for(".index", uid=uid))
    chosen = operations.messages_of(workshop.id, form.messages.data or ())
    actor = current_user._get_current_object()
    if form.action.data == "remove":
        removed = operations.remove(workshop, chosen, actor=actor)
        flash(
            ngettext(
                "Removed %(num)d message from the outbox.",
                "Removed %(num)d messages from the outbox.",
                removed,
            ),
            "success",
        )
        return redirect(url_for(".index", uid=uid))
    if not chosen:
        chosen = operations.drafts(workshop.id)
    approved = operations.approve(workshop.uid, chosen, actor=actor)
    if not delivery.mail_configured():
        flash(
            ngettext(
                "Approved %(num)d message. No mail server is configured, so nothing is "
                "sent: the messages stay here, readable.",
                "Approved %(num)d messages. No mail server is configured, so nothing is "
                "sent: the messages stay here, readable.",
                approved,
            ),
            "info",
        )
    elif current_app.config.get("OUTBOX_SEND_AT_ONCE"):
        _send_after_commit(workshop.id)
        flash(
            ngettext("Sending %(num)d message now.", "Sending %(num)d messages now.", approved),
            "success",
        )
    else:
        flash(
            ngettext(
                "%(num)d message is approved; the outbox worker sends it.",
                "%(num)d messages are approved; the outbox worker sends them.",
                approved,
            ),
            "success",
        )
    return redirect(url_for(".index", uid=uid))


def _send_after_commit(workshop_id: int) -> None:
    """Deliver this workshop's due messages once the request has committed the approval
    (after-request hooks run after the unit of work): the worker's own code, each message
    in its own transaction."""

    @after_this_request
    def send(response: Response) -> Response:
        if response.status_code < 400:
            try:
                delivery.deliver(workshop_id=workshop_id, limit=AT_ONCE_LIMIT)
            except Exception:  # the approval stands; the worker will send what is left
                db.session.rollback()
                current_app.logger.exception("sending at once failed; left to the worker")
        return response


@bp.route("/cards", methods=["GET", "POST"])
@login_required
def cards_page(uid: str):
    workshop = _workshop(uid)
    form = CardsForm()
    form.selected.choices = _person_choices(_invitations(workshop.id), for_mail=False)
    if not form.is_submitted():
        return render_template("outbox/cards_form.html", workshop=workshop, form=form)
    if not form.validate():
        return render_template("outbox/cards_form.html", workshop=workshop, form=form), 400
    chosen = operations.invitations_for(
        workshop.id, operations.Recipients.SELECTION, form.selected.data
    )
    made = cards.make_cards(workshop, chosen, actor=current_user._get_current_object())
    pdf = cards.render_cards(workshop, made)
    response = Response(pdf, content_type="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(
        "private-links-confidential.pdf", "private-links-confidential.pdf"
    )
    response.headers.update(NO_STORE)
    return response
