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
