"""Methodology templates (issue 17, item 3): shipped as seed data, checked when read, and
each one gives an agenda the readiness review finds no error in once people are invited."""

from __future__ import annotations

from datetime import date, time

import pytest
import yaml
from sqlalchemy import func, select

from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import AuditEvent, SensitiveTopic, Session, Workshop
from planner.readiness import FindingSeverity, review
from planner.vocabulary import (
    Community,
    Confidentiality,
    SessionFormat,
    Severity,
    WorkshopFormat,
)
from planner.workshop_loading import load_workshop_page_data
from planner.workshops import methodology
from planner.workshops.methodology import TemplateError, parse_template, plan
from tests.planning.conftest import invite_balanced, workshop_values

SHIPPED = {
    "kelman-problem-solving": None,
    "sustained-dialogue": (1, 2, 3, 4, 5),
    "confidence-building-one-day": None,
    "confidence-building-three-day": None,
}
VARIANTS = [(key, stage) for key, stages in SHIPPED.items() for stage in (stages or (None,))]


def _start(facilitator, key, stage=None, **values):
    template = methodology.find_template(key)
    days = values.pop("days", template.days)
    workshop = methodology.start_from_template(
        facilitator, template, workshop_values(days=days, **values), stage
    )
    db.session.commit()
    return workshop


def test_the_four_methodologies_ship_as_templates():
    templates = {t.key: t for t in methodology.load_templates()}
    assert set(templates) == set(SHIPPED)
    assert [s.number for s in templates["sustained-dialogue"].stages] == [1, 2, 3, 4, 5]
    assert templates["kelman-problem-solving"].format == WorkshopFormat.PROBLEM_SOLVING
    assert templates["confidence-building-one-day"].days == 1
    assert templates["confidence-building-three-day"].days == 3


@pytest.mark.parametrize(("key", "stage"), VARIANTS)
def test_template_agenda_has_no_readiness_error_once_people_are_invited(
    seeded, facilitator, key, stage
):
    workshop = _start(facilitator, key, stage)
    invite_balanced(workshop)
    db.session.commit()
    findings = review(load_workshop_page_data(workshop.uid))
    errors = [f for f in findings if f.severity == FindingSeverity.ERROR]
    assert errors == []
    # Nor do the rules about the agenda's own shape warn: trust first, pre-briefs, closing,
    # timing, ground rules, a forward-looking end, joint analysis before constraints.
    shaped = {"R3", "R4", "R6", "R7", "R13", "R16", "R17"}
    assert [f for f in findings if f.rule_id in shaped] == []


@pytest.mark.parametrize(("key", "stage"), VARIANTS)
def test_each_hard_session_is_already_prepared_by_both_caucuses(seeded, facilitator, key, stage):
    """Flagging the critical topic on a template's hard sessions raises no R3 or R4."""
    workshop = _start(facilitator, key, stage)
    invite_balanced(workshop)
    critical = db.session.scalar(
        select(SensitiveTopic).where(SensitiveTopic.severity == Severity.CRITICAL).limit(1)
    )
    hard_titles = {
        p.title
        for p in plan(methodology.find_template(key), workshop.confidentiality, stage)
        if p.hard
    }
    hard = [s for s in workshop.sessions if s.title in hard_titles]
    assert hard, "every shipped template has a hard session"
    for session in hard:
        session.topics = [critical]
    db.session.commit()
    findings = review(load_workshop_page_data(workshop.uid))
    assert [f for f in findings if f.rule_id in {"R3", "R4"}] == []


def test_kelman_workshop_follows_the_phases_in_order(seeded, facilitator):
    workshop = _start(facilitator, "kelman-problem-solving")
    titles = [s.title for s in workshop.sessions]
    phases = [
        next(i for i, t in enumerate(titles) if t.startswith(f"Phase {n}")) for n in range(1, 6)
    ]
    assert phases == sorted(phases)
    first_two = workshop.sessions[:2]
    assert {s.audience_community for s in first_two} == {Community.ARMENIAN, Community.AZERBAIJANI}
    assert all(s.format == SessionFormat.CAUCUS for s in first_two)
    assert workshop.format == WorkshopFormat.PROBLEM_SOLVING
    assert workshop.end_date - workshop.start_date == date(2027, 5, 12) - date(2027, 5, 10)


def test_dinner_keeps_the_start_the_template_gives_it(seeded, facilitator):
    workshop = _start(facilitator, "confidence-building-three-day")
    dinner = next(s for s in workshop.sessions if s.title == "Welcome dinner")
    assert dinner.start_time == time(19, 30)
    assert dinner.fixed_start is True
    assert not any(s.title.lower().startswith("free time") for s in workshop.sessions)
    opening = workshop.sessions[0]
    assert (opening.day, opening.start_time, opening.fixed_start) == (
        date(2027, 5, 10),
        time(14, 0),
        False,
    )


def test_sustained_dialogue_sessions_follow_the_chosen_stage(seeded, facilitator):
    workshop = _start(facilitator, "sustained-dialogue", 4)
    titles = [s.title for s in workshop.sessions]
    assert "Stage 4: building scenarios" in titles
    assert "What stands in the way" in titles
    opening = workshop.sessions[0]
    assert "stage 4, Scenario-building" in opening.description
    attached = {p.key for s in workshop.sessions for p in s.prompts}
    assert {"realism-no-miracles", "realism-expectations"} <= attached


def test_opening_announces_the_workshops_own_confidentiality_rule(seeded, facilitator):
    workshop = _start(
        facilitator, "confidence-building-one-day", confidentiality=Confidentiality.OFF_THE_RECORD
    )
    opening = workshop.sessions[0]
    assert "off-the-record" in opening.title
    assert "Chatham House" not in opening.title + opening.description
    assert not [f for f in review(load_workshop_page_data(workshop.uid)) if f.rule_id == "R13"]


def test_start_is_audited_with_the_template_and_stage(seeded, facilitator):
    workshop = _start(facilitator, "sustained-dialogue", 2)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "workshop.from_template")
    )
    assert event.record_uid == workshop.uid
    assert event.details["template"] == "sustained-dialogue"
    assert event.details["stage"] == 2


def _counts():
    return (
        db.session.scalar(select(func.count()).select_from(Workshop)),
        db.session.scalar(select(func.count()).select_from(Session)),
    )


def test_dates_shorter_than_the_template_are_refused_with_nothing_saved(seeded, facilitator):
    before = _counts()
    with pytest.raises(DomainError, match="takes 3 days; the dates chosen give 2"):
        _start(facilitator, "kelman-problem-solving", days=2)
    db.session.rollback()
    assert _counts() == before


@pytest.mark.parametrize(
    ("stage", "message"), [(None, "Choose the stage"), (6, "one of 1, 2, 3, 4, 5")]
)
def test_sustained_dialogue_needs_a_stage_that_exists(seeded, facilitator, stage, message):
    with pytest.raises(TemplateError, match=message):
        _start(facilitator, "sustained-dialogue", stage)
    db.session.rollback()
    assert _counts() == (0, 0)


def test_a_template_without_stages_refuses_one(seeded, facilitator):
    with pytest.raises(TemplateError, match="has no stages"):
        _start(facilitator, "confidence-building-one-day", 2)


def test_a_template_naming_prompts_the_library_lacks_is_refused(app, facilitator):
    """Without the seeds, the prompts a template names are missing: a message, no workshop."""
    from planner.models import Venue

    db.session.add(
        Venue(
            key="venice",
            name="Venice",
            city="Venice",
            country="IT",
            timezone="Europe/Rome",
            neutral_ground=True,
            capacity=30,
        )
    )
    db.session.commit()
    with pytest.raises(
        TemplateError, match="prompts the library lacks: .*flask --app planner seed"
    ):
        _start(facilitator, "confidence-building-one-day")
    db.session.rollback()
    assert _counts() == (0, 0)


# The checks on a template file, each naming the file and the entry.

GOOD = """
key: test-template
name: Test
days: 1
sessions:
  - {day: 1, start: "09:00", minutes: 60, title: Opening, format: opening}
  - {day: 1, minutes: 45, title: "Caucus A", format: caucus, audience: community, community: armenian}
  - {day: 1, minutes: 45, title: "Caucus B", format: caucus, audience: community, community: azerbaijani, alongside_previous: true}
  - {day: 1, minutes: 90, title: Hard, format: plenary, hard: true}
"""


def _parsed(text: str):
    return parse_template(yaml.safe_load(text), "test.yaml")


def test_a_good_template_file_is_read():
    template = _parsed(GOOD)
    starts = [p.start for p in plan(template, Confidentiality.CHATHAM_HOUSE)]
    assert starts == [time(9), time(10), time(10), time(10, 45)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("format: opening", "format: lecture"),
            r"session 1 \(“Opening”\): “format: lecture” is not one of",
        ),
        (('start: "09:00", ', ""), r"first session of day 1 needs a “start”"),
        (
            ("day: 1, minutes: 90", 'day: 1, start: "10:00", minutes: 90'),
            r"starts at 10:00, before the session before it ends \(10:45\)",
        ),
        (
            ("day: 1, minutes: 90", "day: 2, minutes: 90"),
            r"“day” must be a whole number from 1 to 1",
        ),
        (
            ("community: azerbaijani, ", "community: armenian, "),
            r"the hard session “Hard” needs a caucus of Azerbaijani participants",
        ),
        (
            ("audience: community, community: armenian", "audience: community"),
            r"names its community",
        ),
        (("title: Hard,", "title: Hard, colour: red,"), r"unknown field\(s\): colour"),
        (("key: test-template", "key: Test Template"), r"small letters, digits and hyphens"),
    ],
)
def test_a_template_file_that_cannot_work_is_refused_naming_the_entry(change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(TemplateError, match=message) as refused:
        _parsed(GOOD.replace(old, new, 1))
    assert str(refused.value).startswith("test.yaml")


def test_by_stage_may_name_only_stages_the_template_has():
    text = GOOD.replace("days: 1", "days: 1\nstages:\n  - {number: 1, name: One}").replace(
        "hard: true}", "hard: true, by_stage: {2: {title: Other}}}"
    )
    with pytest.raises(TemplateError, match="names stage 2, which the template lacks"):
        _parsed(text)
    assert (
        plan(_parsed(text.replace("{2: {title", "{1: {title")), Confidentiality.CHATHAM_HOUSE, 1)[
            -1
        ].title
        == "Other"
    )


def test_an_edited_template_file_is_read_again(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert methodology.load_templates(tmp_path)[0].name == "Test"
    import os

    path.write_text(GOOD.replace("name: Test", "name: Edited"), encoding="utf-8")
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert methodology.load_templates(tmp_path)[0].name == "Edited"
