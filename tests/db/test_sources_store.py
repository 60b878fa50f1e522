"""Storing sources and review decisions (planner.sources.operations) on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import AuditEvent, CandidateReview, Prompt, SensitiveTopic, Source
from planner.sources import ImportRefused
from planner.sources.operations import (
    accept_candidate,
    import_source,
    reject_candidate,
    store_source,
)
from planner.sources.review import candidate_key, stored_analysis
from planner.vocabulary import CandidateDecision, PromptOrigin, Role, Severity
from planner.workshop_loading import topic_data

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "op-ed-difficult-world-of-building-confidence.txt"
HTML_FIXTURE = ROOT / "tests" / "fixtures" / "articles" / "oped-after-the-war.windows-1252.html"


@pytest.fixture
def topics(app):
    rows = [
        SensitiveTopic(
            key="humanitarian-access",
            name="Humanitarian crisis",
            severity=Severity.CRITICAL,
            keywords=["humanitarian", "Lachin corridor", "supplies", "starvation"],
        ),
        SensitiveTopic(
            key="expectations",
            name="Painful concessions and expectations",
            severity=Severity.HIGH,
            keywords=["painful decisions", "expectations", "compromise"],
        ),
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


@pytest.fixture
def imported(topics, make):
    user = make.user(Role.FACILITATOR, name="Aygün Məmmədova")
    source, analysis = import_source(data=SEED.read_bytes(), filename=SEED.name, user=user)
    db.session.commit()
    return source, analysis, user


def _catalogue():
    return [topic_data(t) for t in db.session.scalars(select(SensitiveTopic))]


def _recomputed(source: Source):
    return stored_analysis(
        title=source.title,
        authors=source.authors,
        outlet=source.outlet,
        attribution=source.attribution,
        stored_passages=[(p.kind, p.text) for p in source.passages],
        catalogue=_catalogue(),
    )


def test_import_stores_passages_and_records_who_imported(imported):
    source, analysis, user = imported
    assert len(source.passages) == len(analysis.passages)
    assert source.imported_by_id == user.id
    assert source.author == "Benyamin Poghosyan"


def test_refused_input_adds_nothing_to_the_session(topics):
    with pytest.raises(ImportRefused):
        import_source(data=b"\x00\x01\x02" * 100, filename="blob.txt")
    db.session.commit()
    assert db.session.scalar(select(func.count(Source.id))) == 0
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_store_source_keeps_working_without_an_analysis(topics):
    source = store_source(
        raw_text=SEED.read_text(encoding="utf-8"), is_html=False, catalogue=topics, key="seed"
    )
    db.session.commit()
    assert source.key == "seed" and source.body_passages()


def test_generated_source_key_fits_the_audit_record_id(topics):
    long_title = "A very long title " * 10
    source, _ = import_source(
        text=SEED.read_text(encoding="utf-8"), overrides={"title": long_title}
    )
    db.session.commit()
    assert len(source.key) <= 40
    assert source.title == long_title.strip()


def test_candidates_recomputed_from_the_stored_text_are_the_same(imported):
    source, analysis, _ = imported
    again = _recomputed(source)
    assert [candidate_key(c) for c in again.candidates] == [
        candidate_key(c) for c in analysis.candidates
    ]


def test_html_source_is_recomputed_as_html(topics):
    source, analysis = import_source(data=HTML_FIXTURE.read_bytes(), filename=HTML_FIXTURE.name)
    db.session.commit()
    assert [c.quote for c in _recomputed(source).candidates] == [
        c.quote for c in analysis.candidates
    ]


def test_accepting_stores_a_derived_prompt_and_the_decision(imported):
    source, analysis, user = imported
    candidate = analysis.candidates[0]
    prompt = accept_candidate(source, analysis, candidate_key(candidate), text=None, user=user)
    db.session.commit()
    assert prompt.origin == PromptOrigin.DERIVED
    assert prompt.phase == candidate.phase
    assert prompt.quote == candidate.quote and prompt.quote in prompt.passage.text
    review = db.session.scalar(select(CandidateReview))
    assert (review.decision, review.prompt_id) == (CandidateDecision.ACCEPTED, prompt.id)


def test_accepted_prompt_takes_the_topics_of_its_passage(imported):
    source, analysis, user = imported
    tagged = next(c for c in analysis.candidates if analysis.passages[c.passage_index].topic_keys)
    prompt = accept_candidate(source, analysis, candidate_key(tagged), text=None, user=user)
    assert sorted(t.key for t in prompt.topics) == sorted(
        analysis.passages[tagged.passage_index].topic_keys
    )


def test_a_rejected_candidate_cannot_then_be_accepted(imported):
    source, analysis, user = imported
    key = candidate_key(analysis.candidates[0])
    reject_candidate(source, analysis, key, user=user)
    db.session.commit()
    with pytest.raises(DomainError, match="already been reviewed"):
        accept_candidate(source, analysis, key, text=None, user=user)


def test_editing_into_a_statement_is_refused_and_saves_nothing(imported):
    source, analysis, user = imported
    key = candidate_key(analysis.candidates[0])
    with pytest.raises(DomainError, match="open question"):
        accept_candidate(source, analysis, key, text="Trust takes time.", user=user)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Prompt.id))) == 0


def test_database_refuses_two_decisions_on_one_candidate(imported):
    source, _, user = imported
    for _ in range(2):
        db.session.add(
            CandidateReview(
                source=source,
                candidate_key="k" * 32,
                decision=CandidateDecision.REJECTED,
                decided_by=user,
            )
        )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_deleting_a_source_deletes_its_decisions(imported):
    source, analysis, user = imported
    reject_candidate(source, analysis, candidate_key(analysis.candidates[0]), user=user)
    db.session.commit()
    source_id = source.id
    db.session.expunge_all()
    db.session.execute(delete(Source).where(Source.id == source_id))
    db.session.commit()
    assert db.session.scalar(select(func.count(CandidateReview.id))) == 0
