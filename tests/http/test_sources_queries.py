"""The sources pages are planned: their SQL statement count does not grow with the data."""

from __future__ import annotations

from planner.extensions import db
from planner.models import SensitiveTopic
from planner.sources.operations import accept_candidate, import_source, reject_candidate
from planner.sources.review import candidate_key
from planner.vocabulary import Role, Severity
from tests.sql_statements import statements_for

SHORT = """Opinion: {title}

By Ольга Смирнова

For years, journalists from both sides met in Tbilisi. However, each side remained within
its core perceptions, and expectations of a quick settlement were never realistic.

At the same time, the humanitarian situation requires painful decisions from both
governments, and trust between the communities grows slowly through dialogue.

Dialogue does not mean agreement. It means listening to the other side's fears and hopes.
"""


def _import(n: int, user, decide: bool = False):
    for i in range(n):
        source, analysis = import_source(text=SHORT.format(title=f"Article {i}"), user=user)
        if decide and len(analysis.candidates) >= 2:
            first, second = analysis.candidates[:2]
            accept_candidate(source, analysis, candidate_key(first), text=None, user=user)
            reject_candidate(source, analysis, candidate_key(second), user=user)
    db.session.commit()


def _setup(make, login):
    db.session.add(
        SensitiveTopic(
            key="humanitarian-access",
            name="Humanitarian crisis",
            severity=Severity.CRITICAL,
            keywords=["humanitarian", "painful decisions", "expectations"],
        )
    )
    db.session.commit()
    user = make.user(Role.FACILITATOR)
    login(user)
    return user


def test_sources_list_statement_count_does_not_grow_with_sources(client, make, login):
    user = _setup(make, login)
    _import(1, user, decide=True)
    few = statements_for(client, "/sources/")
    _import(4, user, decide=True)
    assert statements_for(client, "/sources/") == few


def test_review_page_statement_count_does_not_grow_with_decisions(client, make, login):
    user = _setup(make, login)
    source, analysis = import_source(text=SHORT.format(title="Long"), user=user)
    db.session.commit()
    url = f"/sources/{source.id}/candidates"
    accept_candidate(source, analysis, candidate_key(analysis.candidates[0]), text=None, user=user)
    db.session.commit()
    few = statements_for(client, url)
    for candidate in analysis.candidates[1:]:
        accept_candidate(source, analysis, candidate_key(candidate), text=None, user=user)
    db.session.commit()
    assert len(analysis.candidates) >= 3
    assert statements_for(client, url) == few
