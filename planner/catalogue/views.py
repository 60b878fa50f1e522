"""Catalogue pages (read by organisers and facilitators; participants have no access)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from planner import access
from planner.extensions import db
from planner.models import Segment, SensitiveTopic, Venue
from planner.vocabulary import Severity

bp = Blueprint("catalogue", __name__)


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
