"""The command line: user-add and demo."""

from __future__ import annotations

from sqlalchemy import func, select

from planner.extensions import db
from planner.models import Person, Session, User, Workshop
from planner.vocabulary import Audience, Community, SessionFormat


def test_user_add_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=["user-add", "New.Person@example.org", "--role", "facilitator", "--password-stdin"],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "New.Person@example.org"))
    assert user.role == "facilitator" and user.check_password("a long enough passphrase")


def test_user_add_refuses_a_short_password_with_a_message(runner):
    result = runner.invoke(
        args=["user-add", "x@example.org", "--role", "organiser", "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_user_add_refuses_a_duplicate_email_whatever_its_case(runner, make):
    make.user(email="dup@example.org")
    result = runner.invoke(
        args=["user-add", "DUP@example.org", "--role", "organiser", "--password-stdin"],
        input="a long enough passphrase\n",
    )
    assert result.exit_code != 0 and "already exists" in result.output


def test_demo_prints_one_line_per_role_and_the_credentials_work(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.strip().splitlines()]
    assert [line[0] for line in lines] == ["organiser", "facilitator", "participant"]
    for _role, email, password in lines:
        assert db.session.scalar(select(User).where(User.email == email)).check_password(password)


def test_demo_workshop_is_in_tbilisi_balanced_with_caucuses_dinner_and_a_flagged_session(runner):
    runner.invoke(args=["demo"])
    runner.invoke(args=["demo"])  # twice: still one demo workshop
    workshops = db.session.scalars(select(Workshop)).all()
    assert len(workshops) == 1
    workshop = workshops[0]
    assert workshop.venue.city == "Tbilisi" and (workshop.end_date - workshop.start_date).days == 1
    communities = [i.person.community for i in workshop.invitations if i.role == "participant"]
    assert communities.count(Community.ARMENIAN) == communities.count(Community.AZERBAIJANI) >= 4
    names = " ".join(i.person.name for i in workshop.invitations)
    assert any(ch in names for ch in "əğış") and max(names) >= "Ա" and "Ольга" in names
    sessions = db.session.scalars(select(Session).where(Session.workshop_id == workshop.id)).all()
    caucuses = {s.audience_community for s in sessions if s.audience == Audience.COMMUNITY}
    assert caucuses == {Community.ARMENIAN, Community.AZERBAIJANI}
    assert any(s.format == SessionFormat.INFORMAL for s in sessions)
    flagged = [s for s in sessions if any(t.key == "humanitarian-access" for t in s.topics)]
    assert flagged and flagged[0].prompt_links and flagged[0].facilitator_notes
    assert (
        db.session.scalar(
            select(func.count()).select_from(Person).where(Person.user_id.is_not(None))
        )
        >= 2
    )


def test_demo_workshop_has_no_readiness_errors(runner):
    from planner.readiness import FindingSeverity, review
    from planner.workshop_loading import load_workshop_page_data

    runner.invoke(args=["demo"])
    uid = db.session.scalar(select(Workshop.uid))
    findings = review(load_workshop_page_data(uid))
    errors = [f for f in findings if f.severity == FindingSeverity.ERROR]
    assert errors == [], [f"{f.rule_id}: {f.message}" for f in errors]
