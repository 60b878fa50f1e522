"""Home redirect and ``/healthz``."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from planner.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("workshops.index"))
    return redirect(url_for("auth.login"))


@bp.route("/healthz")
def healthz():
    """200 when the app and its database answer; 503 otherwise (for load balancers)."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        # The request's unit of work rolls back an answer of 503 like any other refusal.
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
