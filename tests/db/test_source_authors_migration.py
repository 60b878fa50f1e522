"""Migration c4e8a2f6b1d9 (issue 16): sources keep a list of authors and a date; an
existing source's author becomes the first of its authors; downgrading removes both."""

from __future__ import annotations

import json

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from planner.extensions import db

REVISION = "c4e8a2f6b1d9"
BEFORE = "b9d4f2a6c8e1"


def _columns() -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("sources")}


def test_upgrade_fills_authors_from_the_author_and_downgrade_removes_the_columns(empty_app):
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sources (key, title, author, outlet, attribution, raw_text,"
                " imported_at) VALUES ('s1', 'T', 'Ани Акопян', '', '', 'x', CURRENT_TIMESTAMP),"
                " ('s2', 'U', '', '', '', 'y', CURRENT_TIMESTAMP)"
            )
        )
    upgrade(revision=REVISION)
    assert {"authors", "published_on"} <= _columns()
    with db.engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT key, authors FROM sources")).all())
    decoded = {
        key: value if isinstance(value, list) else json.loads(value) for key, value in rows.items()
    }
    assert decoded == {"s1": ["Ани Акопян"], "s2": []}
    downgrade(revision=BEFORE)
    assert not {"authors", "published_on"} & _columns()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sources")).scalar() == 2
