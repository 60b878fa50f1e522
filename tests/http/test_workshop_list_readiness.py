"""The workshop list's readiness counts: for workshops still being prepared, for the team."""

from __future__ import annotations

from planner.extensions import db
from planner.vocabulary import Role, WorkshopStatus


def test_held_and_cancelled_workshops_are_not_reviewed(client, make, login):
    owner = make.user(Role.FACILITATOR)
    make.workshop(owner=owner, title="Still planning", status=WorkshopStatus.PLANNED)
    make.workshop(owner=owner, title="Already held", status=WorkshopStatus.HELD)
    login(owner)
    page = client.get("/workshops/").get_data(as_text=True)
    planning_row = page[page.index("Still planning") :].split("</tr>")[0]
    held_row = page[page.index("Already held") :].split("</tr>")[0]
    assert "error" in planning_row and "warning" in planning_row
    assert "Not reviewed (held)" in held_row and "error" not in held_row


def test_counts_follow_the_review(client, make, login):
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner, title="Lopsided")
    for _ in range(3):  # only one side confirmed: R1 parity is an error
        make.invite(workshop, make.person())
    db.session.commit()
    login(owner)
    page = client.get("/workshops/").get_data(as_text=True)
    row = page[page.index("Lopsided") :].split("</tr>")[0]
    assert "✖</span> 0 errors" not in row and "error" in row


def test_an_absurd_page_number_is_not_found_not_an_error(client, make, login):
    login(make.user(Role.ORGANISER))
    assert client.get("/workshops/?page=99999999999999999999").status_code == 404
    assert client.get("/workshops/?page=0").status_code == 404


def test_an_absurd_audit_page_number_is_not_found(client, make, login):
    login(make.user(Role.ORGANISER))
    assert client.get("/admin/audit?page=99999999999999999999").status_code == 404


def test_readiness_is_shown_where_the_facilitator_runs_the_workshop_only(client, make, login):
    facilitator = make.user(Role.FACILITATOR)
    make.workshop(owner=facilitator, title="Owned here")
    make.workshop(title="Co-facilitated here", co_facilitators=[facilitator])
    observed = make.workshop(title="Observed here")
    make.invite(observed, make.person(user=facilitator))
    login(facilitator)
    page = client.get("/workshops/").get_data(as_text=True)
    rows = {
        t: page[page.index(t) :].split("</tr>")[0] for t in ("Owned", "Co-facilitated", "Observed")
    }
    assert "warning" in rows["Owned"] and "warning" in rows["Co-facilitated"]
    # Invited as an observer, the facilitator is a participant there: no readiness review.
    assert "warning" not in rows["Observed"] and "error" not in rows["Observed"]
