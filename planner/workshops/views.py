"""Workshop pages. Views stay thin: ask ``access``, load, render."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from planner import access
from planner.extensions import db
from planner.models import Workshop
from planner.workshop_loading import load_catalogue, load_workshop, workshop_data

bp = Blueprint("workshops", __name__, url_prefix="/workshops")


@bp.route("/")
@login_required
def index():
    page = request.args.get("page", 1, type=int)
    if page < 1:
        abort(404)
    per_page = current_app.config["PAGE_SIZE"]
    visible = access.visible_workshops(current_user).subquery()
    total = db.session.scalar(select(func.count()).select_from(visible))
    workshops = db.session.scalars(
        access.visible_workshops(current_user)
        .options(joinedload(Workshop.venue))
        .order_by(Workshop.start_date.desc(), Workshop.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    pages = max(1, -(-total // per_page))
    return render_template(
        "workshops/index.html", workshops=workshops, page=page, pages=pages, total=total
    )


@bp.route("/<uid>")
@login_required
def show(uid: str):
    workshop = load_workshop(uid)
    standing = access.require(current_user, access.Action.VIEW, workshop)
    data = workshop_data(workshop, load_catalogue())
    is_team = standing >= access.Standing.TEAM
    if not is_team:
        from planner.participant_view import view_for_user

        data = view_for_user(data, current_user)
    return render_template(
        "workshops/show.html", workshop=workshop, view=data, is_team=is_team
    )
