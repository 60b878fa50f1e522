"""Participant pages, agenda publishing, and private links (issue 4).

Signed-in participants: ``/my/`` (their invitations), ``/my/workshops/<uid>`` (the published
agenda as they may see it), ``/my/profile``. The facilitation team: publish the agenda and
manage each invitation's private links. Anyone holding a private link: a read-only agenda
(``/a/<token>``) and a calendar feed (``/c/<token>.ics``), made by the same export
operation as the signed-in download (``planner.briefs.exporting``).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Row, select
from sqlalchemy.orm import joinedload

from planner import access, conditional, i18n, remembered, transactions
from planner.agenda.publishing import publication_summary, to_snapshot
from planner.briefs import exporting
from planner.briefs.assemble import BriefAudience
from planner.briefs.filenames import content_disposition
from planner.content_translations import localise
from planner.extensions import db, limiter
from planner.i18n import gettext, ngettext
from planner.live.offline import page_updated_at
from planner.models import AgendaPublication, Invitation, Workshop
from planner.outbox import operations as outbox_operations
from planner.participant import freshness, operations
from planner.participant.forms import (
    LinkForm,
    ProfileForm,
    PublishForm,
    RespondForm,
    parse_languages,
)
from planner.participant.pages import (
    PREVIOUS,
    agenda_page,
    find_invitation,
    own_invitation,
    own_invitations,
)
from planner.participant.tokens import LinkKind, invitation_for_token, link_holder
from planner.prompts.queries import quote_in_context
from planner.vocabulary import InvitationStatus
from planner.workshop_loading import load_workshop_head, workshop_page_data, workshop_people_data
from planner.workshops.queries import readiness_counts

bp = Blueprint("participant", __name__)

#: Private links can be found only by brute force; the limit keeps brute force slow.
DEFAULT_PRIVATE_LINK_LIMIT = "60 per minute"
PRIVATE_ENDPOINTS = frozenset(
    {
        "participant.private_agenda",
        "participant.calendar_feed",
        "participant.private_respond",
        "participant.private_download",
        "participant.private_calendar_link",
    }
)
PRIVATE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
}


def _private_link_limit() -> str:
    return current_app.config.get("PRIVATE_LINK_LIMIT", DEFAULT_PRIVATE_LINK_LIMIT)


@bp.after_request
def _private_link_headers(response: Response) -> Response:
    # Also on 404 and 429 answers: the URL holds the token, so it must never leak onwards.
    if request.endpoint in PRIVATE_ENDPOINTS:
        response.headers.update(PRIVATE_HEADERS)
        if response.headers.get("ETag"):
            # Revalidated answers (planner.conditional): the link holder's own client may
            # keep them and must ask each time; no shared cache may keep them.
            response.headers["Cache-Control"] = conditional.REVALIDATE
    return response


# Signed-in participants ---------------------------------------------------------------------


@bp.route("/my/")
@login_required
def home():
    if current_user.person is None:
        # Organisers and facilitators without a participant profile have no invitations.
        return redirect(url_for("workshops.index"))
    invitations = own_invitations(current_user)
    return render_template(
        "participant/home.html",
        invitations=invitations,
        # A declined or withdrawn invitation keeps its answer form, but no way to the agenda.
        readable={i.uid for i in invitations if access.invitation_admits(i)},
        form=RespondForm(),
    )


@bp.route("/my/workshops/<uid>")
@login_required
def agenda(uid: str):
    workshop = load_workshop_head(uid)
    access.require(current_user, access.Action.VIEW, workshop)
    invitation = own_invitation(workshop.id, current_user)
    if invitation is None:
        abort(404)
    # Nothing changed since the copy the browser has: 304, nothing rendered (issue 23).
    fresh = freshness.signed_in_agenda(invitation, current_user)
    resource = f"my-agenda:{invitation.uid}"
    if fresh is not None and (not_modified := conditional.unchanged(resource, fresh.etag)):
        return not_modified
    shown: list[int | None] = [None if fresh is None else fresh.publication_number]

    def render_page(csrf: str) -> str:
        page = agenda_page(
            workshop.id,
            workshop_people_data(workshop),
            invitation.uid,
            since=invitation.last_seen_publication,
            signed_in=True,
        )
        shown[0] = page.publication_number
        return _agenda_html(page, invitation, "agenda", actions=True, csrf_token=lambda: csrf)

    # Rendered before the visit is recorded: the request's commit expires every loaded
    # object, and the page would otherwise read the user, the invitation and the workshop
    # again. The visit is committed with the request (a GET that writes, on purpose).
    if fresh is None:
        # No publication yet, or a message waiting in the session: made now.
        html = render_page(generate_csrf())
    else:
        # Made from what its ETag names alone: remembered under that (with the reader's own
        # CSRF token put in), so a visit from another session or device renders nothing.
        # Like a 304, it says when it was made, not when it was fetched.
        html = remembered.rendered_forms("participant.agenda", fresh.content, render_page)
    if shown[0] is not None:
        operations.mark_seen(invitation, shown[0])
    if fresh is None:
        return html
    return conditional.revalidated(make_response(html), resource, fresh.etag)


def _agenda_html(page, invitation: Invitation, return_to: str, **context) -> str:
    """The agenda page of ``invitation``: signed in (``actions``) or through its private
    link (``token``); it says when it was made, in the workshop's time."""
    return render_template(
        "participant/agenda.html",
        page=page,
        invitation=invitation,
        form=RespondForm(return_to=return_to),
        quote_in_context=quote_in_context,
        updated_at=page_updated_at(page.view.timezone),
        **context,
    )


def _title(workshop: Workshop) -> str:
    """The workshop's title in the reader's language, if translated (issue 19, item 4)."""
    return localise(workshop, "title", i18n.current(), workshop.working_languages or ()).text


def _answered(invitation: Invitation, changed: bool) -> str:
    """What the person reads after answering, in their language."""
    title = _title(invitation.workshop)
    if invitation.status == InvitationStatus.CONFIRMED:
        if changed:
            return gettext("Thank you: you are confirmed for “%(title)s”.", title=title)
        return gettext("You were already confirmed for “%(title)s”.", title=title)
    if invitation.status == InvitationStatus.DECLINED:
        if changed:
            return gettext("Thank you: you are declined for “%(title)s”.", title=title)
        return gettext("You were already declined for “%(title)s”.", title=title)
    return gettext(
        "Your answer for “%(title)s” is recorded: %(status)s.",
        title=title,
        status=gettext(invitation.status.label),
    )


@bp.route("/my/invitations/<invitation_uid>/respond", methods=["POST"])
@login_required
def respond(invitation_uid: str):
    invitation = find_invitation(invitation_uid)
    # Not ``require(VIEW)``: someone who declined has no standing, and may accept again.
    if invitation is None or not access.can_answer(current_user, invitation):
        abort(404)
    form = RespondForm()
    if not form.validate_on_submit():
        flash(gettext("Choose whether you will attend or not."), "error")
    else:
        changed, refusal = transactions.attempt(
            lambda: operations.respond(invitation, form.answer.data, current_user)
        )
        if refusal is not None:
            flash(refusal.message, "error")
        else:
            flash(_answered(invitation, changed), "success")
    if form.return_to.data == "agenda" and access.can(
        current_user, access.Action.VIEW, invitation.workshop
    ):
        return redirect(url_for(".agenda", uid=invitation.workshop.uid))
    return redirect(url_for(".home"))


@bp.route("/my/profile", methods=["GET", "POST"])
@login_required
def profile():
    person = current_user.person
    if person is None:
        abort(404)
    form = ProfileForm()
    if not form.is_submitted():
        form.consent_to_list.data = person.consent_to_list
        form.languages.data = ", ".join(person.languages or [])
    if form.validate_on_submit():
        changed = operations.update_profile(
            person,
            consent_to_list=bool(form.consent_to_list.data),
            languages=parse_languages(form.languages.data or ""),
            actor=current_user,
        )
        flash(
            gettext("Your profile is saved.") if changed else gettext("Nothing to change."),
            "success",
        )
        return redirect(url_for(".profile"))
    return render_template("participant/profile.html", form=form, person=person)


# Publishing (the facilitation team and organisers) ------------------------------------------


@bp.route("/workshops/<uid>/publications")
@login_required
def publications(uid: str):
    workshop = load_workshop_head(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    return _publications_page(workshop, PublishForm())


def _publications_page(workshop: Row, form: PublishForm, status: int = 200):
    """The publications of a workshop (its ``load_workshop_head`` row) and what would change."""
    published = db.session.scalars(
        select(AgendaPublication)
        .where(AgendaPublication.workshop_id == workshop.id)
        .options(joinedload(AgendaPublication.published_by))
        .order_by(AgendaPublication.number.desc())
    ).all()
    data = workshop_page_data(workshop)
    # What would change for participants if the agenda were published now.
    pending = publication_summary(published[0].snapshot if published else None, to_snapshot(data))
    # The review's counts, to look at before publishing (issue 17, item 4).
    readiness = (
        readiness_counts([data])[data.uid]
        if access.can(current_user, access.Action.READ_READINESS, workshop)
        else None
    )
    return render_template(
        "participant/publications.html",
        workshop=workshop,
        publications=published,
        pending=pending,
        readiness=readiness,
        form=form,
    ), status


@bp.route("/workshops/<uid>/publish", methods=["POST"])
@login_required
def publish(uid: str):
    workshop = load_workshop_head(uid)
    access.require(current_user, access.Action.EDIT, workshop)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(gettext("The form expired; please try again."), "error")
        return _publications_page(workshop, form, 400)

    def publish_and_queue_notices():
        publication = operations.publish(workshop, current_user)
        # A republication: drafts telling the confirmed what changed, for the team to review
        # and send from the outbox (issue 18).
        notices = outbox_operations.queue_change_notices(
            workshop, publication, current_user._get_current_object()
        )
        return publication, notices

    done, refusal = transactions.attempt(publish_and_queue_notices)
    if refusal is not None:
        flash(refusal.message, "error")
        return redirect(url_for(".publications", uid=uid))
    publication, notices = done
    flash(
        gettext(
            "Version %(number)s of the agenda is published to participants.",
            number=publication.number,
        ),
        "success",
    )
    if notices.messages:
        flash(
            ngettext(
                "%(num)d notice of the changes, for those who confirmed, waits for your review "
                "in the outbox.",
                "%(num)d notices of the changes, for those who confirmed, wait for your review "
                "in the outbox.",
                len(notices.messages),
            ),
            "info",
        )
    return redirect(url_for(".publications", uid=uid))


# Private links ------------------------------------------------------------------------------


def _team_invitation(uid: str, invitation_uid: str) -> Invitation:
    workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
    access.require(current_user, access.Action.EDIT, workshop)
    invitation = db.session.scalar(
        select(Invitation)
        .where(Invitation.uid == invitation_uid, Invitation.workshop_id == workshop.id)
        .options(joinedload(Invitation.person), joinedload(Invitation.workshop))
    )
    if invitation is None:
        abort(404)
    return invitation


@bp.route("/workshops/<uid>/people/<invitation_uid>/links", methods=["GET", "POST"])
@login_required
def links(uid: str, invitation_uid: str):
    invitation = _team_invitation(uid, invitation_uid)
    form = LinkForm()
    new_link: tuple[str, str] | None = None
    status = 200
    if form.is_submitted():
        if not form.validate():
            flash(gettext("That request could not be understood; nothing was changed."), "error")
            status = 400
        else:
            kind = LinkKind(form.kind.data)
            if form.action.data == "issue":
                token = operations.issue_link(invitation, kind, current_user)
                endpoint = ".private_agenda" if kind is LinkKind.AGENDA else ".calendar_feed"
                # Rendered in this response only, never flashed: flashes live in the cookie.
                new_link = (kind.value, url_for(endpoint, token=token, _external=True))
            elif operations.revoke_link(invitation, kind, current_user):
                flash(
                    gettext("The private agenda link is revoked; it no longer works.")
                    if kind is LinkKind.AGENDA
                    else gettext("The private calendar link is revoked; it no longer works."),
                    "success",
                )
    return render_template(
        "participant/links.html",
        invitation=invitation,
        workshop=invitation.workshop,
        new_link=new_link,
    ), status


@bp.route("/a/<token>")
@limiter.limit(_private_link_limit)
def private_agenda(token: str):
    held = link_holder(token, LinkKind.AGENDA)
    if held is None:
        abort(404)
    found, publication = held
    etag = freshness.private_agenda(found, publication)
    resource = f"private-agenda:{found.uid}"
    if etag is not None and (not_modified := conditional.unchanged(resource, etag)):
        return not_modified
    live = workshop_people_data(load_workshop_head(found.workshop.uid))
    # Read-only: the private page shows what changed in the latest version, and records nothing.
    page = agenda_page(found.workshop_id, live, found.uid, since=PREVIOUS)
    response = make_response(_agenda_html(page, found, "private", actions=False, token=token))
    if etag is None:
        return response
    return conditional.revalidated(response, resource, etag)


@bp.route("/c/<token>.ics")
@limiter.limit(_private_link_limit)
def calendar_feed(token: str):
    # A calendar polling an unchanged feed gets 304 from one statement: no models, nothing
    # decrypted, nothing rendered.
    polled = freshness.calendar_poll(token)
    if polled is None:
        abort(404)
    etag, invitation_uid = polled
    resource = f"calendar-feed:{invitation_uid}"
    if not_modified := conditional.unchanged(resource, etag):
        return not_modified
    found = invitation_for_token(token, LinkKind.CALENDAR)
    if found is None:  # the link closed a moment ago
        abort(404)
    export = exporting.export(
        load_workshop_head(found.workshop.uid),
        exporting.ExportKind.CALENDAR,
        "ics",
        BriefAudience.PARTICIPANT,
        exporting.Reader.private_link(found.uid),
        actor=None,
        # A subscribed calendar keeps asking: before the first publication it gets no events.
        empty_before_publication=True,
        audited=False,
    )
    response = make_response(export.content)
    response.headers["Content-Type"] = export.content_type
    return conditional.revalidated(response, resource, etag)


# Answering and downloading from the private link (issue 18): the token is the credential,
# forms still carry a CSRF token, and a declined invitation's links stop working at once.


def _private_invitation(token: str) -> Invitation:
    found = invitation_for_token(token, LinkKind.AGENDA)
    if found is None:
        abort(404)
    return found


@bp.route("/a/<token>/respond", methods=["POST"])
@limiter.limit(_private_link_limit)
def private_respond(token: str):
    found = _private_invitation(token)
    form = RespondForm()
    if not form.validate_on_submit():
        flash(gettext("Choose whether you will attend or not."), "error")
        return redirect(url_for(".private_agenda", token=token))
    _changed, refusal = transactions.attempt(
        lambda: operations.respond(found, form.answer.data, actor=None)
    )
    if refusal is not None:
        flash(refusal.message, "error")
        return redirect(url_for(".private_agenda", token=token))
    if not access.invitation_admits(found):
        # The links are revoked with the answer: this page cannot be opened again.
        return render_template("participant/declined.html", title=_title(found.workshop))
    flash(_answered(found, changed=True), "success")
    return redirect(url_for(".private_agenda", token=token))


#: The participant's own files from the private page: their brief and their calendar.
PRIVATE_DOWNLOADS = {
    "pdf": exporting.ExportKind.WORKSHOP_BRIEF,
    "md": exporting.ExportKind.WORKSHOP_BRIEF,
    "ics": exporting.ExportKind.CALENDAR,
}


@bp.route("/a/<token>/agenda.<fmt>")
@limiter.limit(_private_link_limit)
def private_download(token: str, fmt: str):
    found = _private_invitation(token)
    if fmt not in PRIVATE_DOWNLOADS:
        abort(404)
    export, refusal = transactions.attempt(
        lambda: exporting.export(
            load_workshop_head(found.workshop.uid),
            PRIVATE_DOWNLOADS[fmt],
            fmt,
            BriefAudience.PARTICIPANT,
            # The holder's person's language first; else the one they chose here.
            exporting.Reader.private_link(found.uid, language=session.get(i18n.SESSION_KEY)),
            actor=None,
        )
    )
    if refusal is not None:  # nothing published yet
        flash(refusal.message, "info")
        return redirect(url_for(".private_agenda", token=token))
    response = make_response(export.content)
    response.headers["Content-Type"] = export.content_type
    response.headers["Content-Disposition"] = content_disposition(
        export.ascii_name, export.unicode_name
    )
    return response


@bp.route("/a/<token>/calendar-link", methods=["POST"])
@limiter.limit(_private_link_limit)
def private_calendar_link(token: str):
    """A new calendar subscription address, shown once in this answer (the earlier one, e.g.
    from the invitation e-mail, stops working)."""
    found = _private_invitation(token)
    if not PublishForm().validate_on_submit():
        flash(gettext("The form expired; please try again."), "error")
        return redirect(url_for(".private_agenda", token=token))
    calendar_token = operations.issue_link(found, LinkKind.CALENDAR, actor=None)
    return render_template(
        "participant/calendar_link.html",
        title=_title(found.workshop),
        token=token,
        url=url_for(".calendar_feed", token=calendar_token, _external=True),
    )
