"""The readiness review on the workshop page (first findings of each rule) and on its own page
(every finding), and the agenda links the workshop page builds once for all sessions."""

from __future__ import annotations

import re
from datetime import time

import pytest
from flask import url_for

from planner.extensions import db
from planner.templating import url_for_each
from planner.vocabulary import Severity
from tests.http.workshop_fixtures import make_cast, page


@pytest.fixture
def cast(make):
    return make_cast(make)


def _many_unflagged(make, workshop, count: int) -> list:
    """``count`` sessions that mention a topic without flagging it: one R10 finding each."""
    make.topic("borders", severity=Severity.HIGH, keywords=["border"])
    return [
        make.session(
            workshop,
            title=f"Border story {n} <i>",
            start_time=time(9 + n % 8),
            day=workshop.start_date,
        )
        for n in range(count)
    ]


def _r10_items(body: str) -> int:
    block = body.split('id="rule-suggestion-R10"', 1)[1].split("</ul>", 1)[0]
    return block.count('<li class="finding">')


def test_the_workshop_page_shows_the_first_findings_of_a_rule_and_links_to_the_rest(
    client, cast, login, make
):
    _many_unflagged(make, cast.workshop, 8)
    login(cast.owner)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert _r10_items(body) == 5
    assert (
        f'<a href="/workshops/{cast.uid}/readiness#rule-suggestion-R10">3 more R10 findings' in body
    )
    assert f'<a href="/workshops/{cast.uid}/readiness">The full readiness review</a>' in body
    # The rule says why it matters once, not once per finding.
    assert body.count("Why this matters") == body.count('class="finding-rule"')


def test_the_full_review_lists_every_finding_with_links_back_to_the_workshop_page(
    client, cast, login, make
):
    sessions = _many_unflagged(make, cast.workshop, 8)
    login(cast.co)
    response = client.get(f"/workshops/{cast.uid}/readiness")
    assert response.status_code == 200
    body = page(response)
    assert _r10_items(body) == 8
    assert "more R10 findings" not in body
    for session in sessions:
        assert f'href="/workshops/{cast.uid}#session-{session.uid}"' in body
    assert "Border story 0 &lt;i&gt;" in body and "Border story 0 <i>" not in body


def test_a_workshop_with_few_findings_does_not_point_to_the_full_review(client, cast, login, make):
    _many_unflagged(make, cast.workshop, 2)
    login(cast.owner)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert _r10_items(body) == 2
    assert "/readiness" not in body


@pytest.mark.parametrize("who", ["invited", "stranger", "outsider"])
def test_only_the_team_reads_the_full_review(client, cast, login, make, who):
    _many_unflagged(make, cast.workshop, 1)
    login(getattr(cast, who))
    response = client.get(f"/workshops/{cast.uid}/readiness")
    assert response.status_code == (403 if who == "invited" else 404)
    assert "Border story" not in page(response)


def test_the_review_follows_an_edit_at_once(client, cast, login, make):
    """Remembered reviews are keyed by the workshop's data: a change shows on the next view."""
    [session] = _many_unflagged(make, cast.workshop, 1)
    login(cast.owner)
    assert _r10_items(page(client.get(f"/workshops/{cast.uid}"))) == 1
    session.title = "Coffee"
    db.session.commit()
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert 'id="rule-suggestion-R10"' not in body


@pytest.mark.parametrize("value", ["abc", "a b", "ü-ğ", "x/y", "%41", "?#&"])
def test_url_for_each_builds_what_url_for_builds(app, value):
    with app.test_request_context():
        build = url_for_each("agenda.edit_session", "sid", uid="W 1")
        assert build(value) == url_for("agenda.edit_session", uid="W 1", sid=value)


def test_url_for_each_when_the_key_is_not_in_the_path(app):
    with app.test_request_context():
        build = url_for_each("workshops.index", "page")
        assert build("2") == url_for("workshops.index", page="2")
        assert re.search(r"page=2", build("2"))
