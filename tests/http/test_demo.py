"""The demo is seeds/demo.yaml built with the pages' operations (issue 15, item 2)."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date, time

import pytest
from sqlalchemy import select

from planner import demo
from planner.extensions import db
from planner.models import AuditEvent, Session, Workshop
from planner.seeding import SeedError
from planner.vocabulary import Community, SessionFormat


def _workshop() -> Workshop:
    return db.session.scalar(select(Workshop).where(Workshop.title == demo.DEMO_TITLE))


def _sessions(workshop: Workshop) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session)
            .where(Session.workshop_id == workshop.id)
            .order_by(Session.day, Session.position)
        )
    )


def test_demo_title_is_the_one_in_the_data_file(app):
    assert demo.demo_data()["workshop"]["title"] == demo.DEMO_TITLE


def test_demo_returns_role_email_and_password_for_each_account(app):
    rows = demo.create_demo()
    assert [(role, email) for role, email, _ in rows] == [
        (a["role"], a["email"]) for a in demo.demo_data()["accounts"]
    ]
    assert all(len(password) >= 12 for _, _, password in rows)


def test_demo_agenda_is_the_data_files_in_order_at_its_times(app):
    demo.create_demo(today=date(2027, 1, 4))
    workshop = _workshop()
    assert workshop.start_date == date(2027, 1, 25)
    listed = [(s["day"], s["start"], s["title"]) for s in demo.demo_data()["sessions"]]
    made = [
        ((s.day - workshop.start_date).days + 1, f"{s.start_time:%H:%M}", s.title)
        for s in _sessions(workshop)
    ]
    assert made == listed


def test_demo_keeps_the_evening_gap_before_dinner(app):
    demo.create_demo()
    dinner = next(s for s in _sessions(_workshop()) if s.format == SessionFormat.INFORMAL)
    assert dinner.start_time == time(19, 0)


def test_demo_is_built_with_the_pages_operations_and_their_audit_events(app):
    demo.create_demo()
    actions = Counter(db.session.scalars(select(AuditEvent.action)))
    data = demo.demo_data()
    assert actions["workshop.created"] == 1
    assert actions["invitation.created"] == len(data["people"])
    assert actions["session.create"] == len(data["sessions"])
    assert actions["session.prompt_attach"] == sum(
        len(s.get("prompts", ())) for s in data["sessions"]
    )
    assert actions["session.groups_save"] == 1


def test_demo_small_groups_mix_both_communities(app):
    demo.create_demo()
    (session,) = [s for s in _sessions(_workshop()) if s.format == SessionFormat.SMALL_GROUPS]
    assert len(session.groups) == 2
    for group in session.groups:
        communities = {m.invitation.person.community for m in group.members}
        assert {Community.ARMENIAN, Community.AZERBAIJANI} <= communities


def test_demo_run_twice_updates_its_people_rather_than_adding_them(app):
    demo.create_demo()
    demo.create_demo()
    actions = Counter(db.session.scalars(select(AuditEvent.action)))
    assert actions["person.created"] == len(demo.demo_data()["people"]) + 1  # and Elena's
    assert len(_workshop().invitations) == len(demo.demo_data()["people"])


@pytest.fixture
def edited(monkeypatch):
    """Change a copy of the demo data: ``edited(lambda data: ...)``."""

    def edit(change):
        data = copy.deepcopy(demo.demo_data())
        change(data)
        monkeypatch.setattr(demo, "demo_data", lambda: data)

    return edit


def test_demo_data_with_overlapping_sessions_is_refused_as_the_editor_refuses_it(app, edited):
    edited(lambda data: data["sessions"][1].update(start="13:30"))
    with pytest.raises(SeedError, match="overlaps"):
        demo.create_demo()


def test_demo_data_naming_an_unknown_prompt_is_refused_with_its_key(app, edited):
    edited(lambda data: data["sessions"][1].update(prompts=["no-such-prompt"]))
    with pytest.raises(SeedError, match="no-such-prompt"):
        demo.create_demo()


def test_demo_command_reports_a_broken_data_file_without_a_traceback(runner, edited):
    edited(lambda data: data["people"][0].update(languages=["klingon"]))
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1 and "klingon" in result.output
    assert "Traceback" not in result.output
