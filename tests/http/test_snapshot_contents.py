"""A published snapshot keeps only what participants may see (issue 15, item 4).

It holds no facilitator-only text, and every participant's page and download made from it
is what it was when snapshots held the whole workshop.
"""

from __future__ import annotations

import dataclasses
import json
import re

from planner.agenda import publishing
from planner.extensions import db
from planner.models import AgendaPublication, SmallGroup, SmallGroupMember
from planner.redaction import EVERY_PARTICIPANT, forbidden_strings
from planner.workshop_loading import load_workshop_page_data
from tests.http.test_participant import agenda_url, build_world, publish

_DOWNLOADS = ("brief.md?audience=participant", "brief.json?audience=participant", "agenda.ics")


def _world_with_a_small_group(make):
    world = build_world(make)
    humanitarian = next(s for s in world.workshop.sessions if s.title == "Humanitarian needs")
    group = SmallGroup(session=humanitarian, number=1)
    db.session.add(group)
    db.session.flush()
    for invitation in world.workshop.invitations:
        db.session.add(SmallGroupMember(group_id=group.id, invitation_id=invitation.id))
    db.session.commit()
    return world


def _whole_snapshot(uid: str) -> dict:
    """A snapshot as publishing stored it before this issue: the whole workshop data."""
    data = load_workshop_page_data(uid)
    snapshot = publishing._to_json(dataclasses.replace(data, catalogue=()))
    snapshot["_format"] = 1
    return snapshot


def _stable(text: str) -> str:
    """``text`` without the moment it was made (download times, calendar stamps)."""
    text = re.sub(r"\d{4}-?\d{2}-?\d{2}T?\d{2}:?\d{2}:?\d{2}\S*", "<time>", text)
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "<time>", text)  # "Generated …" of a brief


def _participant_sees(client, world) -> list[str]:
    base = f"/workshops/{world.workshop.uid}/"
    pages = [client.get(agenda_url(world))] + [client.get(base + path) for path in _DOWNLOADS]
    assert all(page.status_code == 200 for page in pages)
    return [_stable(page.get_data(as_text=True)) for page in pages]


def test_a_new_snapshot_holds_no_facilitator_only_text(make):
    world = _world_with_a_small_group(make)
    data = load_workshop_page_data(world.workshop.uid)
    publication = publish(world)
    stored = json.dumps(publication.snapshot, ensure_ascii=False)
    secrets = forbidden_strings(data, EVERY_PARTICIPANT)
    assert {"TEAM-ONLY-TITLE", "NOT-CONSENTING-NAME"} <= secrets
    assert any(s.startswith("SESSION-SECRET-") for s in secrets)
    assert [s for s in secrets if s in stored] == []
    # What some participant may see is still there: both caucuses and the whole group.
    assert "ARMENIAN-CAUCUS-TITLE" in stored and "AZERBAIJANI-CAUCUS-TITLE" in stored
    (group,) = next(s for s in publication.snapshot["sessions"] if s["groups"])["groups"]
    assert len(group["invitation_uids"]) == len(world.workshop.invitations)


def test_participant_pages_and_downloads_are_what_the_whole_snapshot_gave(client, login, make):
    world = _world_with_a_small_group(make)
    whole = _whole_snapshot(world.workshop.uid)
    publication = publish(world)
    login(world.participant)
    _participant_sees(client, world)  # the first look records the version seen
    from_new_snapshot = _participant_sees(client, world)

    db.session.get(AgendaPublication, publication.id).snapshot = whole
    db.session.commit()
    assert _participant_sees(client, world) == from_new_snapshot
