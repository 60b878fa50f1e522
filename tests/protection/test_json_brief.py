"""The JSON brief (issue 20): the facilitator copy carries risk levels, their reasons and
preparation records, and imports back with them; the participant copy carries none."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from sqlalchemy import select

from planner import demo
from planner.briefs.render_json import load_schema
from planner.extensions import db
from planner.models import Person, Workshop
from planner.seeding import load_seeds
from planner.vocabulary import Community, RiskLevel, Role

HIGH_RISK = "Günel İsmayılova"


def _demo_uid() -> str:
    demo.create_demo()
    return db.session.scalar(select(Workshop.uid).where(Workshop.title == demo.DEMO_TITLE))


def _entry(brief: dict) -> dict:
    return next(i for i in brief["invitations"] if i["name"] == HIGH_RISK)


def test_the_participant_json_carries_no_risk_or_preparation(client, login, app, make):
    uid = _demo_uid()
    login(make.user(Role.ORGANISER))
    brief = json.loads(client.get(f"/workshops/{uid}/brief.json?audience=participant").data)
    Draft202012Validator(load_schema()).validate(brief)
    assert all(i["name"] != HIGH_RISK for i in brief["invitations"])
    for entry in brief["invitations"]:
        assert entry["risk_level"] == "standard"
        assert entry["risk_reason"] == "" and entry["preparation"] is None


def test_the_facilitator_json_round_trips_risk_and_preparation(
    client, login, runner, app, make, tmp_path
):
    uid = _demo_uid()
    login(make.user(Role.ORGANISER))
    brief = json.loads(client.get(f"/workshops/{uid}/brief.json?audience=facilitator").data)
    Draft202012Validator(load_schema()).validate(brief)
    entry = _entry(brief)
    assert entry["risk_level"] == "high"
    assert entry["risk_reason"].startswith("Her foundation")
    assert entry["preparation"]["conversation_by"] == "Elena Varga"
    assert entry["preparation"]["risk_assessed"] is True

    db.session.remove()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    load_seeds()
    importer = make.user(Role.FACILITATOR, name="Elena Varga")
    make.person(name="Elena Varga", community=Community.INTERNATIONAL, user=importer)
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(brief), encoding="utf-8")
    result = runner.invoke(args=["import-workshop", str(path), "--owner", importer.email])
    assert result.exit_code == 0, result.output

    person = db.session.scalar(select(Person).where(Person.name == HIGH_RISK))
    assert person.risk_level == RiskLevel.HIGH
    assert person.risk_reason == entry["risk_reason"]
    (invitation,) = person.invitations
    assert invitation.preparation.risk_assessed
    assert invitation.preparation.conversation_by == "Elena Varga"
