"""Storing an analysed source document: the one way a Source and its Passages are written."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence

from planner import audit
from planner.extensions import db
from planner.models import SensitiveTopic, Source, User
from planner.models.sources import Passage
from planner.workshop_loading import topic_data


def source_key(title: str) -> str:
    """A readable unique key: a slug of the title and a random suffix."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:50] or "source"
    return f"{slug}-{secrets.token_hex(3)}"


def store_source(
    *,
    raw_text: str,
    is_html: bool,
    catalogue: Sequence[SensitiveTopic],
    key: str | None = None,
    overrides: dict[str, str] | None = None,
    existing: Source | None = None,
    user: User | None = None,
) -> Source:
    """Analyse ``raw_text`` and store it as a Source with its passages.

    With ``existing`` (re-seeding), passages are rebuilt only when the text changed, so
    running the seed twice writes nothing the second time.
    """
    from planner.sources import analyse

    analysis = analyse(raw_text, is_html=is_html, catalogue=[topic_data(t) for t in catalogue])
    fields = {
        "title": analysis.title or "Untitled source",
        "author": analysis.author or "",
        "outlet": analysis.outlet or "",
        "attribution": analysis.attribution or "",
    }
    fields.update(overrides or {})
    fields["title"] = fields["title"][:500]

    source = existing
    if source is None:
        source = Source(key=key or source_key(fields["title"]), raw_text=raw_text, imported_by=user)
        db.session.add(source)
    for name, value in fields.items():
        if getattr(source, name) != value:
            setattr(source, name, value)

    new_passages = [(p.index, p.kind, p.text, list(p.topic_keys)) for p in analysis.passages]
    old_passages = [(p.index, p.kind, p.text, list(p.topic_keys or [])) for p in source.passages]
    if existing is None or source.raw_text != raw_text or old_passages != new_passages:
        source.raw_text = raw_text
        for passage in list(source.passages):
            source.passages.remove(passage)
        db.session.flush()
        for index, kind, text, topic_keys in new_passages:
            source.passages.append(
                Passage(index=index, kind=kind, text=text, topic_keys=topic_keys)
            )
        db.session.flush()
        audit.record(
            "source.imported" if existing is None else "source.updated",
            "source",
            source.key,
            details={"passages": len(new_passages)},
            actor=user,
        )
    return source
