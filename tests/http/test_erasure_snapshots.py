"""Erasure reaches every published agenda, including workshops the person already left."""

from __future__ import annotations

import json

from planner.admin.operations import erase_person
from planner.agenda.publishing import publish_agenda
from planner.extensions import db
from planner.models import AgendaPublication, Invitation
from planner.workshop_loading import load_workshop, load_workshop_page_data


def _publish(workshop):
    loaded = load_workshop(workshop.uid)
    publish_agenda(loaded, load_workshop_page_data(loaded.uid), None)
    db.session.commit()


def test_erasure_removes_the_person_from_every_snapshot(make):
    person = make.person(
        name="Erin Erasable", email="erin@example.org", affiliation="ERIN-AFF", notes="ERIN-NOTES"
    )
    current, earlier = make.workshop(), make.workshop()
    make.invite(current, person)
    left = make.invite(earlier, person)
    _publish(current)
    _publish(earlier)
    db.session.delete(db.session.get(Invitation, left.id))  # left the earlier workshop
    db.session.commit()
    uid = person.uid

    erase_person(person)
    db.session.commit()

    for publication in db.session.scalars(db.select(AgendaPublication)):
        text = json.dumps(publication.snapshot, ensure_ascii=False)
        for secret in ("Erin Erasable", "erin@example.org", "ERIN-AFF", "ERIN-NOTES", uid):
            assert secret not in text
        assert all(i["person"]["name"] != "[erased]" for i in publication.snapshot["invitations"])
