"""Sources pages: import an article, read its passages, review its prompt candidates.

For organisers and facilitators (``access.can_use_library``); participants get 403. Views
parse a form, ask ``access``, call one operation from :mod:`planner.sources.operations`,
and render; the request's work is committed once, or undone, by ``planner.transactions``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from planner import access, transactions
from planner.extensions import db
from planner.models import Source
from planner.sources import operations, queries
from planner.sources.forms import DeleteSourceForm, ImportForm, ReviewForm
from planner.sources.pipeline import Analysis
from planner.sources.review import (
    claim_pieces,
    find_candidate,
    pending_by_phase,
    recompute_analysis,
)
from planner.vocabulary import PassageKind, Phase
from planner.workshop_loading import topic_data

bp = Blueprint("sources", __name__, url_prefix="/sources")

#: Kinds shown collapsed: kept with the source, but not the article's own words.
_COLLAPSED = (PassageKind.FURNITURE, PassageKind.DISCLAIMER)


def _require_library() -> None:
    access.require_capability(access.can_use_library(current_user))


def _source_or_404(source_id: int) -> Source:
    source = queries.source_with_passages(source_id)
    if source is None:
        abort(404)
    return source


def _analysis(source: Source) -> Analysis:
    """The source's candidates, recomputed from its raw text with the current catalogue."""
    catalogue = [topic_data(t) for t in operations.catalogue_topics()]
    stored = [(p.kind, p.text) for p in source.passages]
    return recompute_analysis(source.raw_text, stored, catalogue)


@bp.get("/")
@login_required
def index():
    _require_library()
    return render_template("sources/index.html", rows=queries.source_rows())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    _require_library()
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("sources/new.html", form=form), status
    if form.has_upload():
        upload = form.document.data
        given = {"data": upload.read(), "filename": upload.filename or ""}
    else:
        given = {"text": form.text.data or ""}
    imported, refusal = transactions.attempt(
        lambda: operations.import_source(**given, overrides=form.overrides(), user=current_user)
    )
    if refusal is not None:
        field = form.document if form.has_upload() else form.text
        field.errors = [*field.errors, refusal.message]
        return render_template("sources/new.html", form=form), 400
    source, analysis = imported
    assert source is not None  # not a dry run
    flash(
        f"Imported “{source.title}”: {len(analysis.passages)} passages, "
        f"{len(analysis.candidates)} candidate prompts to review.",
        "success",
    )
    return redirect(url_for("sources.show", source_id=source.id))


@bp.get("/<int:source_id>")
@login_required
def show(source_id: int):
    _require_library()
    source = _source_or_404(source_id)
    article = [p for p in source.passages if p.kind not in _COLLAPSED]
    collapsed = [p for p in source.passages if p.kind in _COLLAPSED]
    return render_template(
        "sources/show.html",
        source=source,
        article=article,
        collapsed=collapsed,
        topic_names=queries.topic_names(),
        claim_pieces=claim_pieces,
        delete_form=DeleteSourceForm() if access.can_delete_source(current_user, source) else None,
    )


@bp.post("/<int:source_id>/delete")
@login_required
def delete(source_id: int):
    _require_library()
    source = db.session.get(Source, source_id)
    if source is None:
        abort(404)
    access.require_capability(access.can_delete_source(current_user, source))
    form = DeleteSourceForm()
    if not form.validate_on_submit():
        flash("That deletion could not be understood. Please try again.", "error")
        return redirect(url_for("sources.show", source_id=source_id))
    title = source.title
    _, refusal = transactions.attempt(lambda: operations.delete_source(source, user=current_user))
    if refusal is not None:
        flash(refusal.message, "error")
        return redirect(url_for("sources.show", source_id=source_id))
    flash(f"“{title}” is deleted, with its passages.", "success")
    return redirect(url_for("sources.index"))


@bp.route("/<int:source_id>/candidates", methods=["GET", "POST"])
@login_required
def review(source_id: int):
    _require_library()
    source = _source_or_404(source_id)
    analysis = _analysis(source)
    form = ReviewForm()
    failed: tuple[str, str, str] | None = None  # (candidate key, submitted text, message)
    if form.validate_on_submit():
        key = form.candidate.data
        if form.reject.data:
            prompt, refusal = transactions.attempt(
                lambda: operations.reject_candidate(source, analysis, key, user=current_user)
            )
            message = "Candidate rejected: it will not be offered again."
        else:
            prompt, refusal = transactions.attempt(
                lambda: operations.accept_candidate(
                    source, analysis, key, text=form.text.data, user=current_user
                )
            )
            message = f"Added to the prompt library: {prompt.text}" if prompt else ""
        if refusal is not None:
            failed = (key, form.text.data or "", refusal.message)
        else:
            flash(message, "success")
            # Back to the phase just reviewed, so a keyboard user does not start from the top.
            candidate = find_candidate(analysis, key)
            anchor = f"phase-{candidate.phase.value}" if candidate else None
            return redirect(url_for("sources.review", source_id=source.id, _anchor=anchor))
    elif form.is_submitted():
        errors = [e for field in form for e in field.errors]
        failed = (form.candidate.data or "", form.text.data or "", " ".join(errors))
    pending = pending_by_phase(analysis, queries.decided_keys(source))
    if failed is not None and failed[0] not in {i.key for items in pending.values() for i in items}:
        # No candidate on the page to show the message beside.
        flash(failed[2], "error")
    return render_template(
        "sources/review.html",
        source=source,
        form=form,
        phases=list(Phase),
        pending=pending,
        pending_count=sum(len(items) for items in pending.values()),
        derived=queries.derived_prompts(source),
        failed=failed,
    ), (400 if failed is not None else 200)
