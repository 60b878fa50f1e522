"""One unit of work per request (planner.transactions): committed once, or undone."""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy import event, select

from planner import transactions
from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import AuditEvent, Workshop
from tests.http.workshop_fixtures import form_data, make_cast, page, reload


@pytest.fixture
def cast(make):
    return make_cast(make)


def _routes(app, cast):
    """Test-only routes that write to the workshop, then answer in different ways."""

    def _rename():
        workshop = db.session.get(Workshop, cast.workshop.id)
        workshop.title = "Half-done"
        db.session.flush()

    def _refuse():
        raise DomainError("Refused.")

    def write_then_fail():
        _rename()
        raise RuntimeError("a bug after the write")

    def write_then_refuse():
        _rename()
        _, refusal = transactions.attempt(_refuse)
        return refusal.message

    def write_then_not_found():
        _rename()
        abort(404)

    def write_then_bad_request():
        _rename()
        return "no", 400

    def write_on_get():
        _rename()
        return "ok"

    for view in (
        write_then_fail,
        write_then_refuse,
        write_then_not_found,
        write_then_bad_request,
        write_on_get,
    ):
        app.add_url_rule(f"/_test/{view.__name__}", view.__name__, view)
    transactions.init_app(app)


@pytest.fixture
def commits(app):
    counted: list[int] = []

    def count(_connection):
        counted.append(1)

    event.listen(db.engine, "commit", count)
    yield counted
    event.remove(db.engine, "commit", count)


def test_every_route_is_one_unit_of_work(app):
    unwrapped = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not getattr(view, "_unit_of_work", False)
    ]
    assert unwrapped == []


def test_a_successful_post_is_committed_once(client, cast, login, commits):
    login(cast.owner)
    commits.clear()
    response = client.post(f"/workshops/{cast.uid}/edit", data=form_data(title="Renamed"))
    assert response.status_code == 302
    assert len(commits) == 1
    assert reload(cast.workshop).title == "Renamed"


def test_a_refused_operation_inside_a_request_leaves_nothing_saved(client, cast, login):
    login(cast.owner)
    response = client.post(
        f"/workshops/{cast.uid}/edit", data=form_data(title="Never", end_date="2027-01-01")
    )
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in page(response)
    assert reload(cast.workshop).title == "Tbilisi dialogue"
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "workshop.updated" not in actions


def test_a_conflict_shows_the_current_version_and_saves_nothing(client, cast, login):
    login(cast.owner)
    client.post(f"/workshops/{cast.uid}/edit", data=form_data(title="First", version="1"))
    response = client.post(
        f"/workshops/{cast.uid}/edit", data=form_data(title="Second", version="1")
    )
    assert response.status_code == 409
    assert "was changed by someone else since you opened it" in page(response)
    assert 'value="First"' in page(response)
    assert 'name="version" type="hidden" value="2"' in page(response)
    assert reload(cast.workshop).title == "First"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("write_then_fail", 500),
        ("write_then_not_found", 404),
        ("write_then_bad_request", 400),
    ],
)
def test_a_write_followed_by_an_error_is_rolled_back(app, client, cast, path, status):
    _routes(app, cast)
    assert client.get(f"/_test/{path}").status_code == status
    assert reload(cast.workshop).title == "Tbilisi dialogue"


def test_a_refusal_shown_on_the_page_undoes_the_request_s_earlier_writes(app, client, cast):
    _routes(app, cast)
    response = client.get("/_test/write_then_refuse")
    assert (response.status_code, page(response)) == (200, "Refused.")
    assert reload(cast.workshop).title == "Tbilisi dialogue"


def test_a_get_that_writes_is_saved(app, client, cast, commits):
    _routes(app, cast)
    commits.clear()
    assert client.get("/_test/write_on_get").status_code == 200
    assert len(commits) == 1
    assert reload(cast.workshop).title == "Half-done"
