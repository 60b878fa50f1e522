"""What one instance remembers, the other reads from the shared Redis; a change seen by one
is seen by the other at once (planner.caching, planner.remembered)."""

from __future__ import annotations

import pytest

from planner import caching, create_app, remembered
from planner.extensions import db
from planner.vocabulary import Community
from tests.factories import PASSWORD, Factories
from tests.http.workshop_fixtures import make_cast, page


def _signed_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def reviews(monkeypatch):
    """The workshops whose readiness review was really run (in either instance)."""
    calls = []
    run = remembered.review

    def counted(data):
        calls.append(data.uid)
        return run(data)

    monkeypatch.setattr(remembered, "review", counted)
    return calls


def test_both_instances_use_the_redis_cache(instances):
    a, b = instances
    for app in (a, b):
        with app.app_context():
            assert type(caching.cache.cache).__name__ == "RedisCache"


def test_what_one_instance_computed_the_other_reads(instances, reviews):
    a, b = instances
    cast = make_cast(Factories())
    Factories().session(cast.workshop, title="Opening circle")
    db.session.commit()
    on_a, on_b = _signed_in(a, cast.owner), _signed_in(b, cast.owner)
    assert "Opening circle" in page(on_a.get(f"/workshops/{cast.uid}"))
    assert reviews == [cast.uid]
    assert "Opening circle" in page(on_b.get(f"/workshops/{cast.uid}"))
    assert reviews == [cast.uid]  # B ran no review of its own: it read A's


def test_a_change_made_through_one_instance_shows_on_the_other(instances, reviews):
    a, b = instances
    make = Factories()
    cast = make_cast(make)
    session = make.session(cast.workshop, title="Opening circle")
    db.session.commit()
    on_a, on_b = _signed_in(a, cast.owner), _signed_in(b, cast.owner)
    assert "Opening circle" in page(on_b.get(f"/workshops/{cast.uid}"))
    assert "Opening circle" in page(on_a.get(f"/workshops/{cast.uid}"))

    session.title = "Welcome and introductions"
    make.invite(cast.workshop, make.person("Anahit Petrosyan", Community.ARMENIAN))
    db.session.commit()
    for client in (on_b, on_a):
        body = page(client.get(f"/workshops/{cast.uid}"))
        assert "Welcome and introductions" in body and "Opening circle" not in body
        assert "Anahit Petrosyan" in body
    assert len(reviews) == 2  # once before the change, once after: shared both times


def test_forgetting_through_one_instance_forgets_for_both(instances, reviews):
    a, b = instances
    cast = make_cast(Factories())
    on_a, on_b = _signed_in(a, cast.owner), _signed_in(b, cast.owner)
    on_a.get(f"/workshops/{cast.uid}")
    with a.app_context():
        remembered.forget_all()
    on_b.get(f"/workshops/{cast.uid}")
    assert reviews == [cast.uid, cast.uid]


def test_without_redis_each_instance_remembers_in_its_own_memory(app):
    assert type(caching.cache.cache).__name__ == "SimpleCache"


def test_a_vanished_redis_costs_time_not_errors(tmp_path):
    broken = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'alone.db'}",
            "CACHE_REDIS_URL": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        }
    )
    with broken.app_context():
        db.create_all()
        cast = make_cast(Factories())
        Factories().session(cast.workshop, title="Opening circle")
        db.session.commit()
        signed_in = _signed_in(broken, cast.owner)
        response = signed_in.get(f"/workshops/{cast.uid}")
        assert response.status_code == 200 and "Opening circle" in page(response)
        db.session.remove()
        db.engine.dispose()
