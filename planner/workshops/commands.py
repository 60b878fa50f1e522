"""``flask --app planner workshop …``: methodology templates and cloning on the command line.

The same operations as the pages (``methodology.start_from_template``,
``cloning.clone_workshop``); the command line runs as the installation's operator, and the
new workshop is owned by the account ``--owner`` names (default: the first organiser).
What the commands say to people is in the command line's language (planner.i18n).
"""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from planner import access
from planner.extensions import db
from planner.i18n import gettext, ngettext
from planner.vocabulary import Confidentiality, Track


def init_app(app: Flask) -> None:
    """Register this area's commands on ``app.cli``."""
    app.cli.add_command(workshop_group)


@click.group("workshop")
def workshop_group() -> None:
    """Start workshops from methodology templates, and copy workshops to new dates."""


def _owner(email: str):
    from planner.cli import fail
    from planner.models import User

    if email:
        query = select(User).where(User.active.is_(True), func.lower(User.email) == email.lower())
    else:
        query = access.organisers().order_by(User.id)
    user = db.session.scalars(query).first()
    if not access.can_create_workshop(user):
        fail(
            gettext("No active organiser or facilitator %(email)s.", email=email)
            if email
            else gettext("No organiser account yet.")
        )
    return user


def _day(value: str, what: str) -> date:
    from planner.cli import fail
    from planner.workshops.dates import day_problem

    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail(
            gettext(
                "%(what)s “%(value)s” is not a date such as 2027-05-10.", what=what, value=value
            )
        )
    problem = day_problem(day, what)
    if problem:
        fail(problem)
    return day


@workshop_group.command("templates")
@with_appcontext
def templates_command() -> None:
    """List the methodology templates in seeds/templates/."""
    from planner.cli import fail
    from planner.workshops.methodology import TemplateError, load_templates

    try:
        templates = load_templates()
    except TemplateError as error:
        fail(str(error))
    for template in templates:
        days = ngettext("%(num)d day", "%(num)d days", template.days)
        click.echo(f"{template.key:<32} {days:<7} {template.name}")
        for stage in template.stages:
            click.echo(f"{'':<32} --stage {stage.number}: {stage.name}")


@workshop_group.command("from-template")
@click.argument("template")
@click.option("--title", required=True, help="The workshop's title.")
@click.option("--start", "start", required=True, help="The first day, e.g. 2027-05-10.")
@click.option("--end", "end", default="", help="The last day (default: the template's length).")
@click.option("--stage", type=int, default=None, help="The stage, for a staged template.")
@click.option("--venue", default="", help="A venue's key (seeds/venues.yaml), e.g. venice.")
@click.option("--timezone", default="", help="An IANA timezone (default: the venue's).")
@click.option(
    "--confidentiality",
    type=click.Choice([c.value for c in Confidentiality]),
    default=Confidentiality.CHATHAM_HOUSE.value,
    show_default=True,
)
@click.option(
    "--languages", default="en", show_default=True, help="Working languages: hy,az,ru,en."
)
@click.option("--owner", default="", help="E-mail of the owner (default: the first organiser).")
@with_appcontext
def from_template_command(
    template: str,
    title: str,
    start: str,
    end: str,
    stage: int | None,
    venue: str,
    timezone: str,
    confidentiality: str,
    languages: str,
    owner: str,
) -> None:
    """Start a draft workshop from the methodology TEMPLATE (its key; see `workshop templates`)."""
    from planner.cli import fail
    from planner.exceptions import DomainError
    from planner.languages import LanguageCodeError, parse_languages
    from planner.models import Venue
    from planner.timezones import is_known_timezone
    from planner.workshops.dates import workshop_dates_problem
    from planner.workshops.forms import WorkshopValues
    from planner.workshops.methodology import find_template, start_from_template

    user = _owner(owner)
    try:
        chosen = find_template(template)
    except DomainError as error:
        fail(str(error))
    first = _day(start, gettext("The first day"))
    last = _day(end, gettext("The last day")) if end else chosen.last_day(first)
    problem = workshop_dates_problem(first, last)
    if problem:
        fail(problem)
    place = None
    if venue:
        place = db.session.scalar(select(Venue).where(Venue.key == venue))
        if place is None:
            fail(gettext("No venue has the key “%(key)s”.", key=venue))
    zone = timezone or (place.timezone if place else "")
    if not is_known_timezone(zone):
        fail(gettext("Give --timezone (an IANA name such as Europe/Rome) or a --venue."))
    try:
        codes = parse_languages(languages)
    except LanguageCodeError as error:
        fail(str(error))
    values = WorkshopValues(
        title=title.strip(),
        objectives="",
        context_notes="",
        venue=place,
        start_date=first,
        end_date=last,
        timezone=zone,
        track=Track.TRACK_TWO,
        confidentiality=Confidentiality(confidentiality),
        working_languages=codes,
        target_segments=[],
    )
    if not values.title:
        fail(gettext("Give the workshop a --title."))
    try:
        workshop = start_from_template(user, chosen, values, stage)
    except DomainError as error:
        fail(str(error))
    db.session.commit()
    click.echo(
        ngettext(
            "Started “%(title)s” (%(uid)s) from %(template)s: %(num)d session, owned by %(email)s.",
            "Started “%(title)s” (%(uid)s) from %(template)s: %(num)d sessions, owned by "
            "%(email)s.",
            len(workshop.sessions),
            title=workshop.title,
            uid=workshop.uid,
            template=chosen.name,
            email=user.email,
        )
    )


@workshop_group.command("clone")
@click.argument("workshop")
@click.option("--start", "start", required=True, help="The copy's first day, e.g. 2027-09-06.")
@click.option("--title", default="", help="The copy's title (default: the same title).")
@click.option("--owner", default="", help="E-mail of the owner (default: the first organiser).")
@with_appcontext
def clone_command(workshop: str, start: str, title: str, owner: str) -> None:
    """Copy WORKSHOP (its public id) to new dates: design and agenda, never its people."""
    from planner.cli import fail
    from planner.exceptions import DomainError
    from planner.models import Workshop
    from planner.workshops.cloning import clone_workshop

    source = db.session.scalar(select(Workshop).where(Workshop.uid == workshop))
    if source is None:
        fail(gettext("No workshop has the id %(uid)s.", uid=repr(workshop)))
    user = _owner(owner)
    first = _day(start, gettext("The first day"))
    try:
        copied = clone_workshop(source, user, first, title)
    except DomainError as error:
        fail(str(error))
    db.session.commit()
    click.echo(
        ngettext(
            "Copied “%(title)s” to %(start)s–%(end)s as %(uid)s (%(num)d session), owned by "
            "%(email)s.",
            "Copied “%(title)s” to %(start)s–%(end)s as %(uid)s (%(num)d sessions), owned by "
            "%(email)s.",
            len(copied.sessions),
            title=source.title,
            start=copied.start_date.isoformat(),
            end=copied.end_date.isoformat(),
            uid=copied.uid,
            email=user.email,
        )
    )
