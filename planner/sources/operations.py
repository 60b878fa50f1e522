"""Changing sources: importing a document, correcting it, and deciding on its candidates.

:func:`store_source` is the one way a Source and its Passages are written (the seed uses
it too); :func:`import_source` is the import of the page and of ``import-source``;
:func:`update_source_details`, :func:`change_passage_kind`, :func:`merge_passages` and
:func:`split_passage` correct what the import found (candidates are then derived from the
corrected passages; prompts already accepted keep citing their words);
:func:`accept_candidate` and :func:`reject_candidate` record a facilitator's review;
:func:`delete_source` removes a source nothing quotes.
Each flushes and writes its audit event; the request (or the caller) commits.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select

from planner import audit
from planner.exceptions import DomainError
from planner.extensions import db
from planner.i18n import gettext as _
from planner.i18n import ngettext
from planner.models import CandidateReview, ContextEvent, Prompt, SensitiveTopic, Source, User
from planner.models.sources import Passage
from planner.sources.decoding import decode_paste, decode_upload
from planner.sources.pipeline import TAGGED_KINDS, Analysis, analyse
from planner.sources.review import find_candidate, question_problem
from planner.sources.segmentation import join_names, split_names
from planner.sources.tagging import split_sentences, topic_keys_for
from planner.transactions import collisions_refused
from planner.vocabulary import CandidateDecision, PassageKind, PromptOrigin
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
    fields: dict[str, object] = {
        "title": analysis.title or "Untitled source",
        "author": analysis.author or "",
        "outlet": analysis.outlet or "",
        "attribution": analysis.attribution or "",
    }
    fields.update(overrides or {})
    fields["title"] = str(fields["title"])[:500]
    if overrides and overrides.get("author"):
        fields["authors"] = list(split_names(overrides["author"])) or [overrides["author"]]
    else:
        fields["authors"] = list(analysis.authors)
    fields["author"] = join_names(fields["authors"])[:200]  # type: ignore[arg-type]
    if existing is None or existing.published_on is None:
        fields["published_on"] = analysis.published

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
        super().__init__(_("This candidate has already been reviewed."))


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
        raise DomainError(_("This candidate is no longer proposed for this source."))
    _check_undecided(source, key)
    edited = text is not None and " ".join(text.split()) != candidate.text
    wording = " ".join(text.split()) if text is not None else candidate.text
    if edited:
        problem = question_problem(wording)
        if problem:
            raise DomainError(problem)
    passage = next((p for p in source.passages if p.index == candidate.passage_index), None)
    if passage is None or candidate.quote not in passage.text:
        raise DomainError(_("The passage this candidate quotes is no longer in the source."))
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
        raise DomainError(_("This candidate is no longer proposed for this source."))
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
            quoted.append(
                ngettext("%(num)d prompt of the library", "%(num)d prompts of the library", prompts)
            )
        if events:
            quoted.append(
                ngettext(
                    "%(num)d event of the context timeline",
                    "%(num)d events of the context timeline",
                    events,
                )
            )
        raise DomainError(
            _(
                "This source cannot be deleted: %(quoting)s quote it, and must keep "
                "the words they cite.",
                quoting=_("%(items)s and %(last)s", items=quoted[0], last=quoted[1])
                if len(quoted) == 2
                else quoted[0],
            )
        )
    key = source.key
    db.session.delete(source)
    db.session.flush()
    audit.record("source.deleted", "source", key, actor=user)


# --- corrections on the source page (issue 16, item 2) ----------------------------------------


def _passage_at(source: Source, index: int) -> Passage:
    passage = next((p for p in source.passages if p.index == index), None)
    if passage is None:
        raise DomainError(_("That passage is no longer in this source; reload the page."))
    return passage


def _retag(passage: Passage, catalogue: Sequence[SensitiveTopic] | None = None) -> None:
    topics = [topic_data(t) for t in (catalogue if catalogue is not None else catalogue_topics())]
    keys = list(topic_keys_for(passage.text, topics)) if passage.kind in TAGGED_KINDS else []
    if list(passage.topic_keys or []) != keys:
        passage.topic_keys = keys


def _renumber(source: Source, ordered: Sequence[Passage]) -> None:
    """Give ``ordered`` the indexes 0, 1, 2… in two steps, so that no two passages ever
    share an index (the database checks it row by row)."""
    for position, passage in enumerate(ordered):
        passage.index = -(position + 1)
    db.session.flush()
    for position, passage in enumerate(ordered):
        passage.index = position
    db.session.flush()


def _cited_by(passage: Passage) -> tuple[list[Prompt], list[ContextEvent]]:
    prompts = list(db.session.scalars(select(Prompt).where(Prompt.passage_id == passage.id)))
    events = list(
        db.session.scalars(select(ContextEvent).where(ContextEvent.passage_id == passage.id))
    )
    return prompts, events


def update_source_details(
    source: Source,
    *,
    title: str,
    authors: Sequence[str],
    outlet: str,
    published: date | None,
    user: User | None,
) -> list[str]:
    """Correct a source's title, authors, outlet and date; returns the fields changed.

    Citations show the source's current details, so a corrected name reaches every prompt
    that quotes it. Refused: an empty title, or a name too long for its column.
    """
    title = " ".join(title.split())
    names = [n for n in (" ".join(a.split()) for a in authors) if n]
    outlet = " ".join(outlet.split())
    if not title:
        raise DomainError(_("Give the source a title."))
    if len(title) > 500:
        raise DomainError(_("A title is at most 500 characters long."))
    joined = join_names(names)
    if len(joined) > 200 or any(len(n) > 200 for n in names):
        raise DomainError(_("The authors' names are at most 200 characters long together."))
    if len(outlet) > 200:
        raise DomainError(_("An outlet's name is at most 200 characters long."))
    values = {
        "title": title,
        "authors": names,
        "author": joined,
        "outlet": outlet,
        "published_on": published,
    }
    changed = [name for name, value in values.items() if getattr(source, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(source, name, value_of(values, name))
    db.session.flush()
    audit.record(
        "source.corrected",
        "source",
        source.key,
        details={"fields": sorted({"author" if c == "authors" else c for c in changed})},
        actor=user,
    )
    return changed


def value_of(values: dict[str, object], name: str) -> object:
    """The new value of field ``name`` (a copy of a list, so the old one is not shared)."""
    value = values[name]
    return list(value) if isinstance(value, list) else value


def change_passage_kind(
    source: Source, index: int, kind: PassageKind, *, user: User | None
) -> Passage:
    """Mark passage ``index`` as another kind (a bio that was taken for body, a paragraph
    of the body taken for a teaser); its topics are tagged again."""
    passage = _passage_at(source, index)
    kind = PassageKind(kind)
    if passage.kind == kind:
        return passage
    before = passage.kind
    passage.kind = kind
    _retag(passage)
    db.session.flush()
    audit.record(
        "source.passage_changed",
        "source",
        source.key,
        details={"passage": index, "from": before.value, "to": kind.value},
        actor=user,
    )
    return passage


def merge_passages(source: Source, index: int, *, user: User | None) -> Passage:
    """Join passage ``index`` with the one after it (a paragraph cut in two by the page).

    The merged passage keeps the first one's kind; whatever quoted the second one (prompts,
    context events) now quotes the merged passage, whose text still holds their words.
    """
    first = _passage_at(source, index)
    second = next((p for p in source.passages if p.index == index + 1), None)
    if second is None:
        raise DomainError(_("This is the last passage: there is none after it to merge with."))
    prompts, events = _cited_by(second)
    first.text = first.text.rstrip() + " " + second.text.lstrip()
    for record in (*prompts, *events):
        record.passage = first
    _retag(first)
    db.session.flush()
    source.passages.remove(second)
    db.session.delete(second)
    db.session.flush()
    _renumber(source, sorted(source.passages, key=lambda p: p.index))
    audit.record(
        "source.passages_merged",
        "source",
        source.key,
        details={"passage": index, "with": index + 1},
        actor=user,
    )
    return first


def split_points(text: str) -> list[tuple[int, str]]:
    """Where a passage may be split: before each of its sentences but the first, as
    ``(offset, the sentence's first words)``."""
    points = []
    for sentence in split_sentences(text)[1:]:
        words = sentence.text.split()
        points.append((sentence.start, " ".join(words[:8]) + ("…" if len(words) > 8 else "")))
    return points


def split_passage(source: Source, index: int, at: int, *, user: User | None) -> Passage:
    """Split passage ``index`` before the sentence starting at offset ``at`` (a body
    paragraph and a bio glued together, a teaser run into the lead).

    Both parts keep the passage's kind; a prompt or context event whose quote is in the
    second part now cites it. Returns the new, second passage.
    """
    passage = _passage_at(source, index)
    if at not in {offset for offset, _words in split_points(passage.text)}:
        raise DomainError(_("A passage is split before one of its sentences; choose one."))
    head, tail = passage.text[:at].rstrip(), passage.text[at:].strip()
    prompts, events = _cited_by(passage)
    ordered = sorted(source.passages, key=lambda p: p.index)
    passage.text = head
    created = Passage(kind=passage.kind, text=tail, topic_keys=[], index=len(ordered) + 1)
    source.passages.append(created)
    db.session.flush()
    for record in (*prompts, *events):
        if record.quote and record.quote not in head and record.quote in tail:
            record.passage = created
    position = ordered.index(passage)
    _renumber(source, [*ordered[: position + 1], created, *ordered[position + 1 :]])
    _retag(passage)
    _retag(created)
    db.session.flush()
    audit.record(
        "source.passage_split",
        "source",
        source.key,
        details={"passage": index, "at": at},
        actor=user,
    )
    return created
