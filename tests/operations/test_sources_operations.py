"""Source operations (planner.sources.operations), specified without a client.

A document is imported (pasted or uploaded) into a Source and its Passages; its candidate
prompts are accepted into the library as cited prompts, or rejected; a source nothing
quotes may be deleted. Audit events name sources by key, never by title or text.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import CandidateReview, ContextEvent, Prompt, Source
from planner.models.sources import Passage
from planner.sources import ImportRefused, operations
from planner.sources.review import candidate_key
from planner.vocabulary import CandidateDecision, PromptOrigin, Role
from tests.http.test_sources import SHORT_ARTICLE as ARTICLE
from tests.operations.conftest import assert_details_never_mention, audit_events, only_event


@pytest.fixture
def facilitator(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def imported(facilitator):
    """The article imported by the facilitator: (source, analysis)."""
    source, analysis = operations.import_source(text=ARTICLE, user=facilitator)
    db.session.commit()
    assert analysis.candidates, "the article proposes candidate prompts"
    return source, analysis


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# ------------------------------------------------------------------------- import


def test_import_source_stores_the_text_split_into_passages(imported, facilitator):
    source, analysis = imported
    saved = db.session.get(Source, source.id)
    assert saved.title == "Opinion: Talking across the line"
    assert saved.raw_text == ARTICLE
    assert saved.imported_by_id == facilitator.id
    assert [(p.index, p.kind, p.text) for p in saved.passages] == [
        (p.index, p.kind, p.text) for p in analysis.passages
    ]


def test_import_source_records_the_key_and_passage_count_never_the_title(imported, facilitator):
    source, analysis = imported
    event = only_event("source.imported")
    assert (event.record_type, event.record_uid) == ("source", source.key)
    assert event.actor_id == facilitator.id
    assert event.details == {"passages": len(analysis.passages)}
    assert_details_never_mention(event, "Talking across the line")


def test_import_source_takes_the_title_typed_over_the_one_found(app):
    source, _ = operations.import_source(
        text=ARTICLE, overrides={"title": " My title ", "author": " "}
    )
    assert source.title == "My title"
    assert source.author != " ", "a blank field keeps what was found"


def test_import_source_dry_run_stores_nothing(app):
    before = _count(Source)
    source, analysis = operations.import_source(text=ARTICLE, dry_run=True)
    assert source is None and analysis.passages
    assert _count(Source) == before == 0
    assert audit_events() == []


def test_import_source_reads_an_uploaded_text_file(app):
    source, _ = operations.import_source(data=ARTICLE.encode(), filename="article.txt")
    assert source.title == "Opinion: Talking across the line"


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_import_source_refuses_an_empty_document(app, refused, text):
    with refused(ImportRefused, match="empty"):
        operations.import_source(text=text)


def test_import_source_refuses_an_empty_upload(app, refused):
    with refused(ImportRefused, match="empty"):
        operations.import_source(data=b"", filename="article.txt")


def test_source_key_fits_an_audit_record_id():
    key = operations.source_key("Ա" * 10 + " A very long title " * 20)
    assert len(key) <= 39


# ------------------------------------------------------------------------- store (re-seed)


def test_store_source_again_with_the_same_text_writes_nothing(imported):
    source, _ = imported
    operations.store_source(raw_text=ARTICLE, is_html=False, catalogue=[], existing=source)
    assert not db.session.new
    assert not [o for o in db.session.dirty if db.session.is_modified(o)]
    assert audit_events("source.updated") == []


def test_store_source_with_a_changed_text_rebuilds_the_passages(imported):
    source, _ = imported
    changed = ARTICLE + "\nA new closing paragraph about trust and time.\n"
    operations.store_source(raw_text=changed, is_html=False, catalogue=[], existing=source)
    db.session.commit()
    assert db.session.get(Source, source.id).raw_text == changed
    assert "new closing paragraph" in db.session.get(Source, source.id).passages[-1].text
    assert only_event("source.updated").record_uid == source.key


# ------------------------------------------------------------------------- candidates


def test_accept_candidate_adds_a_derived_prompt_citing_its_passage(imported, facilitator):
    source, analysis = imported
    candidate = analysis.candidates[0]
    prompt = operations.accept_candidate(
        source, analysis, candidate_key(candidate), text=None, user=facilitator
    )
    db.session.commit()
    saved = db.session.get(Prompt, prompt.id)
    assert (saved.text, saved.phase, saved.origin) == (
        candidate.text,
        candidate.phase,
        PromptOrigin.DERIVED,
    )
    assert saved.quote == candidate.quote
    assert saved.quote in saved.passage.text
    assert saved.passage.index == candidate.passage_index
    assert saved.created_by_id == facilitator.id
    review = db.session.scalar(select(CandidateReview))
    assert (review.decision, review.prompt_id) == (CandidateDecision.ACCEPTED, saved.id)


def test_accept_candidate_records_the_source_passage_and_phase(imported, facilitator):
    source, analysis = imported
    candidate = analysis.candidates[0]
    prompt = operations.accept_candidate(
        source, analysis, candidate_key(candidate), text=None, user=facilitator
    )
    event = only_event("prompt.derived")
    assert (event.record_uid, event.actor_id) == (prompt.key, facilitator.id)
    assert event.details == {
        "source": source.key,
        "passage": candidate.passage_index,
        "phase": candidate.phase.value,
        "edited": False,
    }


def test_accept_candidate_with_reworded_text_keeps_the_new_wording(imported, facilitator):
    source, analysis = imported
    key = candidate_key(analysis.candidates[0])
    prompt = operations.accept_candidate(
        source, analysis, key, text="  What would a  first step look like?  ", user=facilitator
    )
    assert prompt.text == "What would a first step look like?"
    assert only_event("prompt.derived").details["edited"] is True


def test_accept_candidate_refuses_a_rewording_that_is_not_an_open_question(
    imported, facilitator, refused
):
    source, analysis = imported
    key = candidate_key(analysis.candidates[0])
    with refused(DomainError, match="open question"):
        operations.accept_candidate(
            source, analysis, key, text="Trust grows slowly.", user=facilitator
        )
    with refused(DomainError, match="yes or no"):
        operations.accept_candidate(
            source, analysis, key, text="Is trust growing?", user=facilitator
        )


def test_accept_candidate_refuses_one_already_reviewed(imported, facilitator, refused):
    source, analysis = imported
    key = candidate_key(analysis.candidates[0])
    operations.reject_candidate(source, analysis, key, user=facilitator)
    db.session.commit()
    with refused(DomainError, match="already been reviewed"):
        operations.accept_candidate(source, analysis, key, text=None, user=facilitator)


def test_accept_candidate_refuses_a_key_no_longer_proposed(imported, facilitator, refused):
    source, analysis = imported
    with refused(DomainError, match="no longer proposed"):
        operations.accept_candidate(source, analysis, "0" * 32, text=None, user=facilitator)


def test_reject_candidate_records_the_decision_and_it_is_not_offered_again(
    imported, facilitator, refused
):
    source, analysis = imported
    candidate = analysis.candidates[0]
    key = candidate_key(candidate)
    operations.reject_candidate(source, analysis, key, user=facilitator)
    db.session.commit()
    review = db.session.scalar(select(CandidateReview))
    assert (review.decision, review.candidate_key, review.decided_by_id) == (
        CandidateDecision.REJECTED,
        key,
        facilitator.id,
    )
    event = only_event("source.candidate_rejected")
    assert (event.record_uid, event.actor_id) == (source.key, facilitator.id)
    assert event.details == {"phase": candidate.phase.value, "passage": candidate.passage_index}
    with refused(DomainError, match="already been reviewed"):
        operations.reject_candidate(source, analysis, key, user=facilitator)


def test_reject_candidate_refuses_a_key_no_longer_proposed(imported, facilitator, refused):
    source, analysis = imported
    with refused(DomainError, match="no longer proposed"):
        operations.reject_candidate(source, analysis, "f" * 32, user=facilitator)


# ------------------------------------------------------------------------- delete


def test_delete_source_removes_it_with_its_passages_and_records_only_the_key(imported, facilitator):
    source, analysis = imported
    operations.reject_candidate(source, analysis, candidate_key(analysis.candidates[0]), user=None)
    key = source.key
    operations.delete_source(source, user=facilitator)
    db.session.commit()
    assert (_count(Source), _count(Passage), _count(CandidateReview)) == (0, 0, 0)
    event = only_event("source.deleted")
    assert (event.record_uid, event.actor_id, event.details) == (key, facilitator.id, {})


def test_delete_source_refuses_while_a_prompt_quotes_it(imported, facilitator, refused):
    source, analysis = imported
    operations.accept_candidate(
        source, analysis, candidate_key(analysis.candidates[0]), text=None, user=facilitator
    )
    db.session.commit()
    with refused(DomainError, match="1 prompt of the library quote it"):
        operations.delete_source(source, user=facilitator)
    assert _count(Source) == 1


def test_delete_source_refuses_while_a_context_event_quotes_it(imported, facilitator, refused):
    source, _ = imported
    db.session.add(
        ContextEvent(
            key="talks",
            sort_date=date(2021, 12, 1),
            when="the end of 2021",
            title="Talks resume",
            passage=source.passages[0],
        )
    )
    db.session.commit()
    with refused(DomainError, match="1 event of the context timeline quote it"):
        operations.delete_source(source, user=facilitator)
