"""The prompt library: browse with filters, read a prompt with its quote in context."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from planner import access, remembered
from planner.extensions import db
from planner.models import Prompt, Segment, SensitiveTopic
from planner.models.sources import Passage
from planner.prompts.queries import PromptFilter, library_query, quote_in_context
from planner.vocabulary import Phase

bp = Blueprint("prompts", __name__, url_prefix="/prompts")


@bp.route("/")
@login_required
def index():
    access.require_capability(access.can_use_library(current_user))
    f = PromptFilter(
        phase=request.args.get("phase", ""),
        topic=request.args.get("topic", ""),
        segment=request.args.get("segment", ""),
        text=request.args.get("q", "")[:200],
    )

    def render_library() -> str:
        return render_template(
            "prompts/_library.html",
            prompts=db.session.scalars(library_query(f)).unique().all(),
            filter=f,
            phases=list(Phase),
            topics=db.session.scalars(select(SensitiveTopic).order_by(SensitiveTopic.name)).all(),
            segments=db.session.scalars(select(Segment).order_by(Segment.name)).all(),
        )

    # The same for everyone who may use the library: remembered per filter until any row
    # changes.
    library = remembered.rendered_committed(
        "prompts.index", (f.phase, f.topic, f.segment, f.text), render_library
    )
    return render_template("prompts/index.html", library=library)


@bp.route("/<int:prompt_id>")
@login_required
def show(prompt_id: int):
    access.require_capability(access.can_use_library(current_user))
    prompt = db.session.scalar(
        select(Prompt)
        .where(Prompt.id == prompt_id)
        .options(
            selectinload(Prompt.topics),
            selectinload(Prompt.segments),
            joinedload(Prompt.passage).joinedload(Passage.source),
        )
    )
    if prompt is None:
        abort(404)
    return render_template("prompts/show.html", prompt=prompt, quote_in_context=quote_in_context)
