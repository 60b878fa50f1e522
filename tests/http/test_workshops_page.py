"""The workshop page (readiness, composition, timeline, links) and the workshop list."""

from __future__ import annotations

import pytest

from planner.vocabulary import Community, InvitationStatus
from tests.http.workshop_fixtures import make_cast, page


@pytest.fixture
def cast(make):
    return make_cast(make)


# --------------------------------------------------------------------------- workshop page panels


def _balanced(make, workshop):
    experts = make.segment("experts", "Experts")
    for community in (Community.ARMENIAN, Community.AZERBAIJANI):
        make.invite(workshop, make.person(community=community, segment=experts))


def test_team_sees_readiness_findings_grouped_with_icon_and_word(client, cast, login, make):
    make.invite(cast.workshop, make.person(community=Community.ARMENIAN))  # one side absent: R1
    login(cast.owner)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert "Readiness review" in body
    assert '<h3 id="readiness-error-h"><span aria-hidden="true">✖</span> Error' in body


def test_readiness_findings_link_to_the_sessions_concerned(client, cast, login, make):
    session = make.session(cast.workshop, title="Lonely session")  # no closing session: R6
    login(cast.owner)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert f'href="#session-{session.uid}"' in body
    assert f'id="session-{session.uid}"' in body


def test_participant_sees_neither_readiness_nor_composition(client, cast, login, make):
    _balanced(make, cast.workshop)
    login(cast.invited)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert "Readiness review" not in body and "Composition" not in body
    assert "CONTEXT-SECRET" not in body


def test_composition_table_counts_confirmed_of_invited(client, cast, login, make):
    experts = make.segment("experts", "Experts")
    make.invite(
        cast.workshop, make.person("Aygün Məmmədova", Community.AZERBAIJANI, segment=experts)
    )
    make.invite(
        cast.workshop,
        make.person(community=Community.AZERBAIJANI, segment=experts),
        status=InvitationStatus.INVITED,
    )
    login(cast.organiser)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert "Composition" in body
    experts_row = body.split('<th scope="row">Experts</th>', 1)[1].split("</tr>", 1)[0]
    # Armenian, Azerbaijani, total: one Azerbaijani expert confirmed, another only invited.
    cells = [c.split(">", 1)[1] for c in experts_row.split("</td>")[:-1]]
    assert cells == ["0 of 0", "1 of 2", "1 of 2"]
    assert "<svg" in body and 'role="img"' in body


def test_chart_on_the_page_escapes_a_segment_named_like_a_script(client, cast, login, make):
    evil = make.segment("evil", "<script>alert(1)</script>")
    make.invite(cast.workshop, make.person(community=Community.ARMENIAN, segment=evil))
    login(cast.owner)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_workshop_page_draws_a_timeline_for_each_day_with_sessions(client, cast, login, make):
    make.session(cast.workshop, title="Opening circle")
    login(cast.owner)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert 'class="timeline"' in body and "Agenda timeline" in body


def test_team_sees_edit_team_and_status_controls(client, cast, login):
    login(cast.co)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert f'href="/workshops/{cast.uid}/edit"' in body
    assert f'href="/workshops/{cast.uid}/team"' in body
    assert "Mark as planned" in body and "Cancel workshop" in body


def test_participant_sees_no_edit_controls(client, cast, login):
    login(cast.invited)
    body = client.get(f"/workshops/{cast.uid}", follow_redirects=True).get_data(as_text=True)
    assert "/edit" not in body and "Mark as planned" not in body


def test_links_to_other_areas_appear_only_for_pages_that_exist(app, client, cast, login):
    if "briefs.roster" not in app.view_functions:
        app.add_url_rule("/workshops/<uid>/roster.csv", "briefs.roster", lambda uid: "")
    login(cast.owner)
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert f"/workshops/{cast.uid}/roster.csv" in body
    for endpoint, path in (("agenda.edit", "agenda"), ("people.index", "people")):
        assert (f'/workshops/{cast.uid}/{path}"' in body) == (endpoint in app.view_functions)


# --------------------------------------------------------------------------- list


def test_list_shows_new_workshop_button_to_facilitators(client, cast, login):
    login(cast.outsider)
    assert 'href="/workshops/new"' in page(client.get("/workshops/"))


def test_list_has_no_new_workshop_button_for_participants(client, cast, login):
    login(cast.invited)
    assert 'href="/workshops/new"' not in page(client.get("/workshops/"))


def test_list_shows_readiness_counts_to_the_team(client, cast, login, make):
    make.invite(cast.workshop, make.person(community=Community.ARMENIAN))  # R1 error
    login(cast.owner)
    body = page(client.get("/workshops/"))
    assert "Readiness" in body
    assert "error" in body and "warning" in body


def test_list_hides_readiness_counts_from_participants(client, cast, login):
    login(cast.invited)
    body = page(client.get("/workshops/"))
    assert "Tbilisi dialogue" in body
    assert "Readiness" not in body and "warning" not in body


def test_list_shows_no_counts_for_a_workshop_a_facilitator_is_only_invited_to(
    client, cast, login, make
):
    person = make.person(user=cast.outsider, email=cast.outsider.email)
    make.invite(cast.workshop, person)
    login(cast.outsider)
    body = page(client.get("/workshops/"))
    assert "Tbilisi dialogue" in body
    assert "error" not in body.split("Tbilisi dialogue", 1)[1].split("</tr>", 1)[0]
