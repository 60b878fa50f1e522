"""Rendered briefs (PDF, DOCX) are remembered per everything they are made from: a repeated
download is the same file without rendering it again, still audited each time; any change
to the workshop, or another reader's copy, is rendered anew (planner.briefs.exporting)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner import remembered
from planner.briefs import exporting
from planner.extensions import db
from planner.models import AuditEvent
from planner.vocabulary import Community
from tests.http.workshop_fixtures import make_cast


@pytest.fixture
def cast(make):
    cast = make_cast(make)
    make.session(cast.workshop, title="Opening circle")
    db.session.commit()
    return cast


@pytest.fixture
def renders(monkeypatch):
    """The briefs really rendered to DOCX (rendering a PDF takes a second; DOCX is as
    remembered, and quick)."""
    rendered = []
    content_type, render = exporting._BRIEF_FORMATS["docx"]

    def counted(brief):
        rendered.append(brief.audience)
        return render(brief)

    monkeypatch.setitem(exporting._BRIEF_FORMATS, "docx", (content_type, counted))
    return rendered


def _downloads() -> int:
    return len(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "brief.exported")).all()
    )


def test_a_repeated_download_is_the_same_file_rendered_once_and_audited_twice(
    client, cast, login, renders
):
    login(cast.owner)
    url = f"/workshops/{cast.uid}/brief.docx?audience=facilitator"
    first, again = client.get(url), client.get(url)
    assert first.status_code == again.status_code == 200
    assert first.data == again.data
    assert first.headers["Content-Disposition"] == again.headers["Content-Disposition"]
    assert len(renders) == 1
    assert _downloads() == 2


def test_a_change_to_the_workshop_renders_the_brief_again(client, cast, login, make, renders):
    login(cast.owner)
    url = f"/workshops/{cast.uid}/brief.docx?audience=facilitator"
    before = client.get(url).data
    make.invite(cast.workshop, make.person("Anahit Petrosyan", Community.ARMENIAN))
    db.session.commit()
    after = client.get(url).data
    assert len(renders) == 2 and before != after


def test_each_audience_gets_its_own_file(client, cast, login, renders):
    login(cast.owner)
    facilitator = client.get(f"/workshops/{cast.uid}/brief.docx?audience=facilitator")
    participant = client.get(f"/workshops/{cast.uid}/brief.docx?audience=participant")
    assert facilitator.data != participant.data
    assert [a.value for a in renders] == ["facilitator", "participant"]


def test_quick_formats_are_not_remembered(client, cast, login, monkeypatch):
    rendered = []
    content_type, render = exporting._BRIEF_FORMATS["md"]
    monkeypatch.setitem(
        exporting._BRIEF_FORMATS, "md", (content_type, lambda b: rendered.append(1) or render(b))
    )
    login(cast.owner)
    client.get(f"/workshops/{cast.uid}/brief.md?audience=facilitator")
    client.get(f"/workshops/{cast.uid}/brief.md?audience=facilitator")
    assert len(rendered) == 2


def test_forgetting_everything_forgets_the_briefs_too(client, cast, login, renders):
    login(cast.owner)
    url = f"/workshops/{cast.uid}/brief.docx?audience=facilitator"
    client.get(url)
    remembered.forget_all()
    client.get(url)
    assert len(renders) == 2
