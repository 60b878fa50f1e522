"""Load the seed data files in ``seeds/`` idempotently (PRODUCT §5).

Every entry has a stable ``key``: running the seed again updates what changed in the
files and creates nothing twice. Every quote is checked against the article before
anything is written; one missing quote refuses the whole seed, naming the entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from planner import audit
from planner.extensions import db
from planner.models import ContextEvent, Prompt, Segment, SensitiveTopic, Source, Venue
from planner.models.sources import Passage
from planner.sources.citations import QuoteNotFound, locate_quote
from planner.sources.operations import store_source
from planner.sources.tagging import CUE_MARK
from planner.timezones import is_known_timezone
from planner.vocabulary import Phase, PromptOrigin, PromptStatus, Severity

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


class SeedError(ValueError):
    """The seed files are inconsistent; the message names the file and entry."""


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated))
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated" for kind in kinds
        ]


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / name
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except FileNotFoundError:
        raise SeedError(f"{path} is missing.") from None
    except yaml.YAMLError as error:
        raise SeedError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and e.get("key") for e in entries
    ):
        raise SeedError(f"{path} must be a list of entries, each with a 'key'.")
    keys = Counter(e["key"] for e in entries)
    duplicates = [k for k, n in keys.items() if n > 1]
    if duplicates:
        raise SeedError(f"{path}: duplicate keys {', '.join(duplicates)}.")
    return entries


def _upsert(model, key: str, values: dict[str, Any], report: SeedReport, kind: str):
    row = db.session.scalar(select(model).where(model.key == key))
    if row is None:
        row = model(key=key, **values)
        db.session.add(row)
        report.created[kind] += 1
        return row
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        report.updated[kind] += 1
    return row


def _by_key(model, keys: list[str], where: str) -> list:
    if not keys:
        return []
    rows = {r.key: r for r in db.session.scalars(select(model).where(model.key.in_(keys)))}
    missing = [k for k in keys if k not in rows]
    if missing:
        raise SeedError(f"{where}: unknown {model.__tablename__} {', '.join(missing)}.")
    return [rows[k] for k in keys]


def load_seeds(folder: Path = SEEDS_DIR) -> SeedReport:
    """Load every seed file in one transaction; raise SeedError and write nothing on a problem."""
    report = SeedReport()
    try:
        _load(folder, report)
        db.session.flush()
    except Exception:
        db.session.rollback()
        raise
    if report.created or report.updated:
        audit.record(
            "seed.loaded",
            "seed",
            details={"created": dict(report.created), "updated": dict(report.updated)},
        )
    db.session.commit()
    return report


def _load(folder: Path, report: SeedReport) -> None:
    for e in _read(folder, "segments.yaml"):
        _upsert(
            Segment,
            e["key"],
            {"name": e["name"], "description": e.get("description", "")},
            report,
            "segments",
        )

    for e in _read(folder, "venues.yaml"):
        values = {
            "name": e["name"],
            "city": e["city"],
            "country": e["country"].upper(),
            "timezone": _timezone(e["timezone"], f"venues.yaml {e['key']}"),
            "neutral_ground": bool(e.get("neutral_ground", True)),
            "capacity": e.get("capacity"),
            "accessibility_notes": e.get("accessibility_notes", ""),
        }
        _upsert(Venue, e["key"], values, report, "venues")

    for e in _read(folder, "topics.yaml"):
        try:
            severity = Severity(e["severity"])
        except (KeyError, ValueError):
            raise SeedError(
                f"topics.yaml {e['key']}: severity must be one of low, medium, high, critical."
            ) from None
        values = {
            "name": e["name"],
            "severity": severity,
            "description": e.get("description", ""),
            "handling_guidance": e.get("handling_guidance", ""),
            "participant_note": e.get("participant_note", ""),
            "keywords": _topic_keywords(e),
        }
        _upsert(SensitiveTopic, e["key"], values, report, "topics")
    db.session.flush()

    catalogue = list(db.session.scalars(select(SensitiveTopic)))
    sources = []
    for e in _read(folder, "sources.yaml"):
        path = folder / e["file"]
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SeedError(f"sources.yaml {e['key']}: {path} is missing.") from None
        existing = db.session.scalar(select(Source).where(Source.key == e["key"]))
        before = (
            (existing.raw_text, existing.title, existing.author, existing.outlet)
            if existing
            else None
        )
        source = store_source(
            key=e["key"],
            raw_text=raw,
            is_html=path.suffix.lower() in (".html", ".htm"),
            catalogue=catalogue,
            overrides={k: e[k] for k in ("title", "author", "outlet") if e.get(k)},
            existing=existing,
        )
        if existing is None:
            report.created["sources"] += 1
        elif before != (source.raw_text, source.title, source.author, source.outlet):
            report.updated["sources"] += 1
        sources.append(source)
    db.session.flush()
    passages = [p for s in sources for p in s.passages]

    for e in _read(folder, "context.yaml"):
        passage, quote = _cite(passages, e, "context.yaml")
        values = {
            "sort_date": _date(e["sort_date"], f"context.yaml {e['key']}"),
            "when": str(e["when"]),
            "title": e["title"],
            "description": e.get("description", ""),
            "passage_id": passage.id,
            "quote": quote,
        }
        _upsert(ContextEvent, e["key"], values, report, "context events")

    for e in _read(folder, "prompts.yaml"):
        where = f"prompts.yaml {e['key']}"
        try:
            phase = Phase(e["phase"])
        except (KeyError, ValueError):
            raise SeedError(
                f"{where}: phase must be one of {', '.join(p.value for p in Phase)}."
            ) from None
        passage, quote = _cite(passages, e, "prompts.yaml")
        text = " ".join(str(e["text"]).split())
        values = {
            "text": text,
            "phase": phase,
            "tags": list(e.get("tags", [])),
            "passage_id": passage.id,
            "quote": quote,
            "origin": PromptOrigin.CURATED,
            "status": PromptStatus(e.get("status", "active")),
        }
        prompt = _upsert(Prompt, e["key"], values, report, "prompts")
        topics = _by_key(SensitiveTopic, list(e.get("topics") or []), where)
        segments = _by_key(Segment, list(e.get("segments") or []), where)
        if [t.key for t in prompt.topics] != [t.key for t in topics]:
            prompt.topics = topics
        if [s.key for s in prompt.segments] != [s.key for s in segments]:
            prompt.segments = segments


def _cite(passages: list[Passage], entry: dict, filename: str) -> tuple[Passage, str]:
    quote = str(entry.get("quote", "")).strip()
    if not quote:
        raise SeedError(f"{filename} {entry['key']}: every entry needs a quote from the article.")
    try:
        return locate_quote(passages, quote)
    except QuoteNotFound:
        raise SeedError(
            f"{filename} {entry['key']}: the quote {quote!r} is not in the article word for word."
        ) from None


def _topic_keywords(entry: dict) -> list[str]:
    """A topics.yaml entry's ``keywords`` (phrases) and ``cues`` (weak words), stored as one
    list with each cue marked "~" (see seeds/README.md and :mod:`planner.sources.tagging`).

    Refused, naming the entry, when a list is not a list of words, a keyword is written
    with the "~" mark (that belongs in ``cues``), a cue is more than one word, or there is
    exactly one cue (a cue needs another cue beside it, so one alone can never match).
    """
    where = f"topics.yaml {entry['key']}"
    lists = {}
    for name in ("keywords", "cues"):
        values = entry.get(name) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise SeedError(f"{where}: {name} must be a list of words or phrases.")
        lists[name] = [" ".join(v.split()) for v in values if v.strip()]
    for keyword in lists["keywords"]:
        if keyword.startswith(CUE_MARK):
            raise SeedError(f"{where}: “{keyword}” belongs under cues:, without the “~”.")
    for cue in lists["cues"]:
        if cue.startswith(CUE_MARK) or " " in cue:
            raise SeedError(
                f"{where}: cue “{cue}” must be a single word; a phrase goes under keywords:."
            )
    if len(lists["cues"]) == 1:
        raise SeedError(f"{where}: a single cue never matches on its own; give two or more.")
    return lists["keywords"] + [CUE_MARK + cue for cue in lists["cues"]]


def _timezone(name: str, where: str) -> str:
    if not is_known_timezone(name):
        raise SeedError(f"{where}: {name!r} is not an IANA timezone.")
    return name


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SeedError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from None
