"""Catalogue pages: organisers manage venues, segments and topics; facilitators read them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from planner import access
from planner.catalogue.forms import TIMEZONES, SegmentForm, TopicForm, VenueForm
from planner.catalogue.operations import save_segment, save_topic, save_venue
from planner.extensions import db
from planner.i18n import gettext
from planner.models import Segment, SensitiveTopic, Venue
from planner.vocabulary import Severity

bp = Blueprint("catalogue", __name__)

#: Each catalogue's words, whole sentences per kind of record (no word put together).
_WORDS = {
    "venue": {
        "new": _l("New venue"),
        "edit": _l("Edit venue"),
        "saved": lambda name: gettext("Venue “%(name)s” saved.", name=name),
    },
    "segment": {
        "new": _l("New segment"),
        "edit": _l("Edit segment"),
        "saved": lambda name: gettext("Segment “%(name)s” saved.", name=name),
    },
    "topic": {
        "new": _l("New topic"),
        "edit": _l("Edit topic"),
        "saved": lambda name: gettext("Topic “%(name)s” saved.", name=name),
    },
}


@bp.route("/venues/")
@login_required
def venues():
    access.require_capability(access.can_use_library(current_user))
    rows = db.session.scalars(select(Venue).order_by(Venue.country, Venue.city, Venue.name)).all()
    return render_template("catalogue/venues.html", venues=rows)


@bp.route("/segments/")
@login_required
def segments():
    access.require_capability(access.can_use_library(current_user))
    rows = db.session.scalars(select(Segment).order_by(Segment.name)).all()
    return render_template("catalogue/segments.html", segments=rows)


@bp.route("/topics/")
@login_required
def topics():
    access.require_capability(access.can_use_library(current_user))
    rows = db.session.scalars(select(SensitiveTopic)).all()
    rows.sort(key=lambda t: (-Severity(t.severity).rank, t.name))
    return render_template("catalogue/topics.html", topics=rows)


def _edit(model, record_id, form_class, save, template: str, back: str, what: str):
    access.require_capability(access.can_manage_catalogue(current_user))
    record = None
    if record_id is not None:
        record = db.session.get(model, record_id)
        if record is None:
            abort(404)
    form = form_class(obj=record)
    if record is not None and isinstance(form, TopicForm) and not form.is_submitted():
        form.keywords.data = ", ".join(record.keywords or [])
    if form.validate_on_submit():
        values = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        if isinstance(form, TopicForm):
            values["keywords"] = form.keyword_list()
            values["severity"] = Severity(values["severity"])
        if isinstance(form, VenueForm):
            values["accessibility_notes"] = values["accessibility_notes"] or ""
        saved = save(record, values)
        flash(_WORDS[what]["saved"](saved.name), "success")
        return redirect(url_for(back))
    heading = _WORDS[what]["edit" if record is not None else "new"]
    return render_template(template, form=form, record=record, heading=heading, timezones=TIMEZONES)


@bp.route("/venues/new", methods=["GET", "POST"], defaults={"record_id": None})
@bp.route("/venues/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_venue(record_id):
    return _edit(
        Venue, record_id, VenueForm, save_venue, "catalogue/edit.html", "catalogue.venues", "venue"
    )


@bp.route("/segments/new", methods=["GET", "POST"], defaults={"record_id": None})
@bp.route("/segments/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_segment(record_id):
    return _edit(
        Segment,
        record_id,
        SegmentForm,
        save_segment,
        "catalogue/edit.html",
        "catalogue.segments",
        "segment",
    )


@bp.route("/topics/new", methods=["GET", "POST"], defaults={"record_id": None})
@bp.route("/topics/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_topic(record_id):
    return _edit(
        SensitiveTopic,
        record_id,
        TopicForm,
        save_topic,
        "catalogue/edit.html",
        "catalogue.topics",
        "topic",
    )
