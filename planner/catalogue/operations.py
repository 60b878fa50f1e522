"""Catalogue operations: create and update venues, segments and topics, with an audit event each."""

from __future__ import annotations

import re
import secrets
import unicodedata

from sqlalchemy import select

from planner import audit
from planner.extensions import db
from planner.models import Segment, SensitiveTopic, Venue


def _key(model, name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "entry"
    key = base
    while db.session.scalar(select(model.id).where(model.key == key)) is not None:
        key = f"{base}-{secrets.token_hex(2)}"
    return key


def _save(model, record, values: dict, record_type: str):
    created = record is None
    if created:
        record = model(key=_key(model, values["name"]), **values)
        db.session.add(record)
    else:
        changed = [name for name, value in values.items() if getattr(record, name) != value]
        for name in changed:
            setattr(record, name, values[name])
    db.session.flush()
    audit.record(
        f"{record_type}.{'created' if created else 'updated'}",
        record_type,
        record.key,
        details={"fields": sorted(values) if created else changed},
    )
    return record


def save_venue(venue: Venue | None, values: dict) -> Venue:
    values = dict(values, country=values["country"].upper())
    return _save(Venue, venue, values, "venue")


def save_segment(segment: Segment | None, values: dict) -> Segment:
    return _save(Segment, segment, values, "segment")


def save_topic(topic: SensitiveTopic | None, values: dict) -> SensitiveTopic:
    return _save(SensitiveTopic, topic, values, "topic")
