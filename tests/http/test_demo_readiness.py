"""The demo workshop passes its own readiness review without errors (issue 21)."""

from __future__ import annotations

from sqlalchemy import select

from planner import demo
from planner.extensions import db
from planner.models import Workshop
from planner.readiness import FindingSeverity, review
from planner.workshop_loading import load_workshop_page_data


def test_the_demo_raises_no_readiness_errors(app):
    demo.create_demo()
    uid = db.session.scalar(select(Workshop.uid).where(Workshop.title == demo.DEMO_TITLE))
    findings = review(load_workshop_page_data(uid))
    errors = [f"{f.rule_id}: {f.message}" for f in findings if f.severity == FindingSeverity.ERROR]
    assert errors == []


def test_the_demo_raises_no_detection_suggestion_and_no_preparation_warning(app):
    # Issue 21, item 4: the demo is clean under its own rules. Every R10 suggestion,
    # once accepted, could raise R9, so there must be none.
    demo.create_demo()
    uid = db.session.scalar(select(Workshop.uid).where(Workshop.title == demo.DEMO_TITLE))
    findings = review(load_workshop_page_data(uid))
    assert [f.message for f in findings if f.rule_id in ("R9", "R10")] == []


def test_the_demo_prompts_are_neutral(app):
    demo.create_demo()
    uid = db.session.scalar(select(Workshop.uid).where(Workshop.title == demo.DEMO_TITLE))
    assert [f.message for f in review(load_workshop_page_data(uid)) if f.rule_id == "R21"] == []
