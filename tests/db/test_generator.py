"""The programme generator: deterministic, complete, and usable on both databases."""

from __future__ import annotations

from sqlalchemy import func, select

from planner.extensions import db
from planner.generator.programme import LARGE_TITLE, generate
from planner.models import Invitation, Person, Session, Workshop
from planner.vocabulary import Community


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_generate_fills_the_database_and_builds_the_large_workshop(app):
    result = generate(workshops=30, people=300, seed=3)
    assert _count(Workshop) == 31 and _count(Person) == 300
    large = db.session.scalar(select(Workshop).where(Workshop.uid == result.large_workshop_uid))
    assert large.title == LARGE_TITLE and (large.end_date - large.start_date).days == 4
    assert len(large.sessions) == 60 and len(large.invitations) == 80
    names = " ".join(db.session.scalars(select(Person.name)))
    assert any(ch in names for ch in "əğış") and any("\u0531" <= ch <= "\u058f" for ch in names)


def test_generate_is_deterministic_for_a_seed(app):
    generate(workshops=10, people=200, seed=5)
    first = sorted(db.session.scalars(select(Person.name)))
    communities = sorted(db.session.scalars(select(Person.community)))
    db.session.execute(Invitation.__table__.delete())
    db.session.execute(Session.__table__.delete())
    db.session.execute(Workshop.__table__.delete())
    db.session.execute(Person.__table__.delete())
    db.session.commit()
    generate(workshops=10, people=200, seed=5)
    assert sorted(db.session.scalars(select(Person.name))) == first
    assert sorted(db.session.scalars(select(Person.community))) == communities
    assert Community.ARMENIAN in communities and Community.AZERBAIJANI in communities


def test_records_can_be_added_after_generating(app, make):
    generate(workshops=5, people=200, seed=1)
    workshop = make.workshop()  # the ORM insert must not collide with the generated ids
    assert workshop.id > 1


def test_generate_command_reports_counts(runner):
    result = runner.invoke(args=["generate", "--workshops", "5", "--people", "200"])
    assert result.exit_code == 0, result.output
    assert "6 workshops, 200 people" in result.output
