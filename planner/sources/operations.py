"""Changing sources: importing a document, and deciding on its prompt candidates.

:func:`store_source` is the one way a Source and its Passages are written (the seed uses
it too); :func:`import_source` is the import of the page and of ``import-source``;
:func:`accept_candidate` and :func:`reject_candidate` record a facilitator's review;
:func:`delete_source` removes a source nothing quotes.
Each flushes and writes its audit event; the request (or the caller) commits.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence

from sqlalchemy import func, select

from planner import audit
from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import CandidateReview, ContextEvent, Prompt, SensitiveTopic, Source, User
from planner.models.sources import Passage
from planner.sources.decoding import decode_paste, decode_upload
from planner.sources.pipeline import Analysis, analyse
from planner.sources.review import find_candidate, question_problem
from planner.transactions import collisions_refused
from planner.vocabulary import CandidateDecision, PromptOrigin
from planner.workshop_loading import topic_data


def source_key(title: str) -> str:
    """A readable unique key: a slug of the title and a random suffix.

    At most 39 characters, so that it fits an audit event's record id (40).
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower())[:32].strip("-") or "source"
    return f"{slug}-{secrets.token_hex(3)}"


def store_source(
    *,
    raw_text: str,
    is_html: bool,
    catalogue: Sequence[SensitiveTopic],
    key: str | None = None,
    overrides: dict[str, str] | None = None,
    existing: Source | None = None,
    user: User | None = None,
    analysis: Analysis | None = None,
) -> Source:
    """Analyse ``raw_text`` and store it as a Source with its passages.

    With ``existing`` (re-seeding), passages are rebuilt only when the text changed, so
    running the seed twice writes nothing the second time. ``analysis``, if the caller has
    already analysed ``raw_text`` with ``catalogue``, saves doing it again.
    """
    if analysis is None:
        analysis = analyse(raw_text, is_html=is_html, catalogue=[topic_data(t) for t in catalogue])
    fields = {
        "title": analysis.title or "Untitled source",
        "author": analysis.author or "",
        "outlet": analysis.outlet or "",
        "attribution": analysis.attribution or "",
    }
    fields.update(overrides or {})
    fields["title"] = fields["title"][:500]

    source = existing
    if source is None:
        source = Source(key=key or source_key(fields["title"]), raw_text=raw_text, imported_by=user)
        db.session.add(source)
    for name, value in fields.items():
        if getattr(source, name) != value:
            setattr(source, name, value)

    new_passages = [(p.index, p.kind, p.text, list(p.topic_keys)) for p in analysis.passages]
    old_passages = [(p.index, p.kind, p.text, list(p.topic_keys or [])) for p in source.passages]
    if existing is None or source.raw_text != raw_text or old_passages != new_passages:
        source.raw_text = raw_text
        for passage in list(source.passages):
            source.passages.remove(passage)
        db.session.flush()
        for index, kind, text, topic_keys in new_passages:
            source.passages.append(
                Passage(index=index, kind=kind, text=text, topic_keys=topic_keys)
            )
        db.session.flush()
        audit.record(
            "source.imported" if existing is None else "source.updated",
            "source",
            source.key,
            details={"passages": len(new_passages)},
            actor=user,
        )
    return source


def catalogue_topics() -> list[SensitiveTopic]:
    """The sensitive-topic catalogue, in a stable order, for tagging and derivation."""
    return list(db.session.scalars(select(SensitiveTopic).order_by(SensitiveTopic.id)))


def import_source(
    *,
    data: bytes | None = None,
    filename: str = "",
    text: str | None = None,
    overrides: dict[str, str] | None = None,
    user: User | None = None,
    dry_run: bool = False,
) -> tuple[Source | None, Analysis]:
    """Import an uploaded file (``data`` and ``filename``) or pasted ``text``.

    Returns the stored Source (``None`` with ``dry_run``) and its analysis. Raises
    :class:`~planner.sources.ImportRefused` for input that cannot be imported; nothing is
    added to the session before the input has been accepted.
    """
    document = decode_upload(data, filename) if data is not None else decode_paste(text or "")
    catalogue = catalogue_topics()
    analysis = analyse(
        document.text, is_html=document.is_html, catalogue=[topic_data(t) for t in catalogue]
    )
    if dry_run:
        return None, analysis
    clean = {k: v.strip() for k, v in (overrides or {}).items() if v and v.strip()}
    source = store_source(
        raw_text=document.text,
        is_html=document.is_html,
        catalogue=catalogue,
        overrides=clean,
        user=user,
        analysis=analysis,
    )
    return source, analysis


class AlreadyReviewed(DomainError):
    def __init__(self) -> None:
        super().__init__("This candidate has already been reviewed.")


def _check_undecided(source: Source, key: str) -> None:
    decided = db.session.scalar(
        select(CandidateReview.id).where(
            CandidateReview.source_id == source.id, CandidateReview.candidate_key == key
        )
    )
    if decided is not None:
        raise AlreadyReviewed()


def accept_candidate(
    source: Source, analysis: Analysis, key: str, *, text: str | None, user: User | None
) -> Prompt:
    """Add the candidate ``key`` to the prompt library as a derived, cited prompt.

    ``text`` replaces the candidate's wording if given; it must be an open question.
    ``analysis`` is the source's recomputed analysis (:func:`.review.recompute_analysis`).
    """
    candidate = find_candidate(analysis, key)
    if candidate is None:
        raise DomainError("This candidate is no longer proposed for this source.")
    _check_undecided(source, key)
    edited = text is not None and " ".join(text.split()) != candidate.text
    wording = " ".join(text.split()) if text is not None else candidate.text
    if edited:
        problem = question_problem(wording)
        if problem:
            raise DomainError(problem)
    passage = next((p for p in source.passages if p.index == candidate.passage_index), None)
    if passage is None or candidate.quote not in passage.text:
        raise DomainError("The passage this candidate quotes is no longer in the source.")
    topic_keys = list(passage.topic_keys or [])
    topics = (
        list(db.session.scalars(select(SensitiveTopic).where(SensitiveTopic.key.in_(topic_keys))))
        if topic_keys
        else []
    )
    prompt = Prompt(
        key=f"derived-{secrets.token_hex(6)}",
        text=wording,
        phase=candidate.phase,
        tags=[],
        passage=passage,
        quote=candidate.quote,
        origin=PromptOrigin.DERIVED,
        created_by=user,
    )
    prompt.topics = topics
    db.session.add(prompt)
    db.session.add(
        CandidateReview(
            source=source,
            candidate_key=key,
            decision=CandidateDecision.ACCEPTED,
            prompt=prompt,
            decided_by=user,
        )
    )
    # Someone else decided on the same candidate at the same moment.
    with collisions_refused(AlreadyReviewed):
        db.session.flush()
    audit.record(
        "prompt.derived",
        "prompt",
        prompt.key,
        details={
            "source": source.key,
            "passage": passage.index,
            "phase": candidate.phase.value,
            "edited": edited,
        },
        actor=user,
    )
    return prompt


def reject_candidate(source: Source, analysis: Analysis, key: str, *, user: User | None) -> None:
    """Record that the candidate ``key`` is rejected: it is not offered again."""
    candidate = find_candidate(analysis, key)
    if candidate is None:
        raise DomainError("This candidate is no longer proposed for this source.")
    _check_undecided(source, key)
    db.session.add(
        CandidateReview(
            source=source,
            candidate_key=key,
            decision=CandidateDecision.REJECTED,
            decided_by=user,
        )
    )
    # Someone else decided on the same candidate at the same moment.
    with collisions_refused(AlreadyReviewed):
        db.session.flush()
    audit.record(
        "source.candidate_rejected",
        "source",
        source.key,
        details={"phase": candidate.phase.value, "passage": candidate.passage_index},
        actor=user,
    )


def delete_source(source: Source, *, user: User | None) -> None:
    """Delete ``source`` with its passages and candidate decisions.

    Refused while a prompt of the library or an event of the context timeline quotes one of
    its passages: they must keep the words they cite. The audit event names the source by
    its key only, not its title: a document imported by mistake may be confidential.
    """
    passages = select(Passage.id).where(Passage.source_id == source.id)
    prompts = db.session.scalar(
        select(func.count()).select_from(Prompt).where(Prompt.passage_id.in_(passages))
    )
    events = db.session.scalar(
        select(func.count()).select_from(ContextEvent).where(ContextEvent.passage_id.in_(passages))
    )
    if prompts or events:
        quoted = []
        if prompts:
            quoted.append(f"{prompts} prompt{'s' if prompts != 1 else ''} of the library")
        if events:
            quoted.append(f"{events} event{'s' if events != 1 else ''} of the context timeline")
        raise DomainError(
            f"This source cannot be deleted: {' and '.join(quoted)} quote it, and must keep "
            "the words they cite."
        )
    key = source.key
    db.session.delete(source)
    db.session.flush()
    audit.record("source.deleted", "source", key, actor=user)
