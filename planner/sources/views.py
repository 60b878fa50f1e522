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
from planner.i18n import gettext as _
from planner.i18n import ngettext
from planner.models import Source
from planner.readiness.neutrality import neutrality_problems
from planner.sources import operations, queries
from planner.sources.forms import (
    DeleteSourceForm,
    ImportForm,
    MergePassageForm,
    PassageKindForm,
    ReviewForm,
    SourceDetailsForm,
    SplitPassageForm,
)
from planner.sources.pipeline import Analysis
from planner.sources.review import (
    claim_pieces,
    find_candidate,
    pending_by_phase,
    stored_analysis,
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
    """The source's candidates, derived from its passages as they now are (corrections
    included) with the current catalogue, asking nothing the library already asks."""
    catalogue = [topic_data(t) for t in operations.catalogue_topics()]
    return stored_analysis(
        title=source.title,
        authors=source.authors or ([source.author] if source.author else []),
        outlet=source.outlet,
        attribution=source.attribution,
        stored_passages=[(p.kind, p.text) for p in source.passages],
        catalogue=catalogue,
        library_questions=queries.library_questions(source),
    )


def _correctable_or_404(source_id: int) -> Source:
    _require_library()
    source = _source_or_404(source_id)
    access.require_capability(access.can_correct_source(current_user, source))
    return source


def _back_to(source: Source, index: int | None = None):
    anchor = f"passage-{index}" if index is not None else "details"
    return redirect(url_for("sources.show", source_id=source.id, _anchor=anchor))


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
        _(
            "Imported “%(title)s”: %(passages)s, %(candidates)s to review.",
            title=source.title,
            passages=ngettext("%(num)d passage", "%(num)d passages", len(analysis.passages)),
            candidates=ngettext(
                "%(num)d candidate prompt", "%(num)d candidate prompts", len(analysis.candidates)
            ),
        ),
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
    correctable = access.can_correct_source(current_user, source)
    details_form = None
    if correctable:
        details_form = SourceDetailsForm(
            formdata=None,
            title=source.title,
            authors="\n".join(source.authors or ([source.author] if source.author else [])),
            outlet=source.outlet,
            published=source.published_on,
        )
    return render_template(
        "sources/show.html",
        source=source,
        article=article,
        collapsed=collapsed,
        topic_names=queries.topic_names(),
        claim_pieces=claim_pieces,
        delete_form=DeleteSourceForm() if access.can_delete_source(current_user, source) else None,
        details_form=details_form,
        kind_choices=PassageKind.choices(),
        split_points=operations.split_points if correctable else None,
    )


@bp.post("/<int:source_id>/details")
@login_required
def correct_details(source_id: int):
    source = _correctable_or_404(source_id)
    form = SourceDetailsForm()
    if not form.validate_on_submit():
        errors = [str(e) for field in form for e in field.errors]
        flash(" ".join(errors) or _("Those details could not be understood."), "error")
        return _back_to(source)
    changed, refusal = transactions.attempt(
        lambda: operations.update_source_details(
            source,
            title=form.title.data or "",
            authors=form.author_names(),
            outlet=form.outlet.data or "",
            published=form.published.data,
            user=current_user,
        )
    )
    if refusal is not None:
        flash(refusal.message, "error")
    else:
        flash(
            _("The source's details are saved.") if changed else _("Nothing was changed."),
            "success",
        )
    return _back_to(source)


@bp.post("/<int:source_id>/passages/<int:index>/kind")
@login_required
def change_kind(source_id: int, index: int):
    source = _correctable_or_404(source_id)
    form = PassageKindForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the kinds of passage."), "error")
        return _back_to(source, index)
    kind = PassageKind(form.kind.data)
    _done, refusal = transactions.attempt(
        lambda: operations.change_passage_kind(source, index, kind, user=current_user)
    )
    flash(
        refusal.message
        if refusal
        else _(
            "Passage %(num)d is now %(kind)s; the candidate prompts follow the corrected passages.",
            num=index,
            kind=_(kind.label).lower(),
        ),
        "error" if refusal else "success",
    )
    return _back_to(source, index)


@bp.post("/<int:source_id>/passages/<int:index>/merge")
@login_required
def merge(source_id: int, index: int):
    source = _correctable_or_404(source_id)
    form = MergePassageForm()
    if not form.validate_on_submit():
        flash(_("That merge could not be understood. Please try again."), "error")
        return _back_to(source, index)
    _done, refusal = transactions.attempt(
        lambda: operations.merge_passages(source, index, user=current_user)
    )
    flash(
        refusal.message
        if refusal
        else _("Passages %(num)d and %(next)d are one passage now.", num=index, next=index + 1),
        "error" if refusal else "success",
    )
    return _back_to(source, index)


@bp.post("/<int:source_id>/passages/<int:index>/split")
@login_required
def split(source_id: int, index: int):
    source = _correctable_or_404(source_id)
    passage = next((p for p in source.passages if p.index == index), None)
    form = SplitPassageForm()
    points = operations.split_points(passage.text) if passage is not None else []
    form.at.choices = [(at, words) for at, words in points]
    if not form.validate_on_submit():
        flash(_("Choose the sentence before which to split the passage."), "error")
        return _back_to(source, index)
    at = form.at.data
    _done, refusal = transactions.attempt(
        lambda: operations.split_passage(source, index, at, user=current_user)
    )
    flash(
        refusal.message if refusal else _("Passage %(num)d is split in two.", num=index),
        "error" if refusal else "success",
    )
    return _back_to(source, index)


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
        flash(_("That deletion could not be understood. Please try again."), "error")
        return redirect(url_for("sources.show", source_id=source_id))
    title = source.title
    _done, refusal = transactions.attempt(
        lambda: operations.delete_source(source, user=current_user)
    )
    if refusal is not None:
        flash(refusal.message, "error")
        return redirect(url_for("sources.show", source_id=source_id))
    flash(_("“%(title)s” is deleted, with its passages.", title=title), "success")
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
            message = _("Candidate rejected: it will not be offered again.")
        else:
            prompt, refusal = transactions.attempt(
                lambda: operations.accept_candidate(
                    source, analysis, key, text=form.text.data, user=current_user
                )
            )
            message = (
                _("Added to the prompt library: %(prompt)s", prompt=prompt.text) if prompt else ""
            )
        if refusal is not None:
            failed = (key, form.text.data or "", refusal.message)
        else:
            flash(message, "success")
            problems = neutrality_problems(prompt.text) if prompt and not form.reject.data else ()
            if problems:
                flash(
                    _(
                        "This prompt may not be neutral: %(reasons)s. The readiness review will "
                        "list it (R21); consider asking it of both communities.",
                        reasons="; ".join(p.reason for p in problems),
                    ),
                    "warning",
                )
            # Back to the phase just reviewed, so a keyboard user does not start from the top.
            candidate = find_candidate(analysis, key)
            anchor = f"phase-{candidate.phase.value}" if candidate else None
            return redirect(url_for("sources.review", source_id=source.id, _anchor=anchor))
    elif form.is_submitted():
        errors = [str(e) for field in form for e in field.errors]
        failed = (form.candidate.data or "", form.text.data or "", " ".join(errors))
    pending = pending_by_phase(analysis, queries.decided_keys(source), queries.quoted(source))
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
        neutrality_problems=neutrality_problems,
    ), (400 if failed is not None else 200)
