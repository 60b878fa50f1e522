"""The workshop page says when the agenda changed since it was published; the publish page
sums up the readiness review (issue 17, item 4). The agenda editor links to the publish page;
it does not compare (a full comparison doubled its cost)."""

from __future__ import annotations

import re

import pytest

from planner.extensions import db
from planner.models import Session
from planner.vocabulary import Role

BANNER = "Unpublished changes"


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def workshop(make, owner):
    workshop = make.workshop(owner=owner)
    make.session(workshop, title="Opening circle", position=0)
    return workshop


@pytest.fixture
def signed_in(login, owner):
    login(owner)
    return owner


def _pages(client, workshop) -> dict[str, str]:
    return {
        "workshop": client.get(f"/workshops/{workshop.uid}").get_data(as_text=True),
    }


def _publish(client, workshop):
    assert client.post(f"/workshops/{workshop.uid}/publish").status_code == 302


def _rename_first_session(workshop, title: str):
    session = db.session.query(Session).filter_by(workshop_id=workshop.id).first()
    session.title = title
    db.session.commit()


def test_no_banner_before_the_first_publication(client, workshop, signed_in):
    for page in _pages(client, workshop).values():
        assert BANNER not in page


def test_no_banner_when_the_published_agenda_is_the_current_one(client, workshop, signed_in):
    _publish(client, workshop)
    for page in _pages(client, workshop).values():
        assert BANNER not in page


def test_a_change_after_publishing_shows_the_banner_linking_to_the_diff(
    client, workshop, signed_in
):
    _publish(client, workshop)
    _rename_first_session(workshop, "Listening circle")
    for name, page in _pages(client, workshop).items():
        assert BANNER in page, name
        assert "since version 1 was published" in page, name
        assert f'href="/workshops/{workshop.uid}/publications#pending-h"' in page, name


def test_the_banner_is_live_although_the_page_body_is_remembered(client, workshop, signed_in):
    _publish(client, workshop)
    _rename_first_session(workshop, "Listening circle")
    assert BANNER in _pages(client, workshop)["workshop"]
    _publish(client, workshop)
    assert BANNER not in _pages(client, workshop)["workshop"]
    _rename_first_session(workshop, "Opening circle")
    assert BANNER in _pages(client, workshop)["workshop"]


def test_the_publish_page_sums_up_the_readiness_review_with_a_link(client, workshop, signed_in):
    page = client.get(f"/workshops/{workshop.uid}/publications").get_data(as_text=True)
    summary = re.search(r'<section[^>]*id="readiness-summary".*?</section>', page, re.S)
    assert summary, "no readiness summary"
    text = summary.group(0)
    assert re.search(r"\d+ errors?", text) and re.search(r"\d+ warnings?", text)
    assert f'href="/workshops/{workshop.uid}/readiness"' in text
