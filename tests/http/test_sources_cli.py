"""`flask --app planner import-source FILE [--json] [--dry-run]` (issue 6, items 1 and 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.models import AuditEvent, SensitiveTopic, Source
from planner.vocabulary import Phase, Severity

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "op-ed-difficult-world-of-building-confidence.txt"
HTML_FIXTURE = ROOT / "tests" / "fixtures" / "articles" / "oped-after-the-war.windows-1252.html"


@pytest.fixture
def catalogue(app):
    topic = SensitiveTopic(
        key="humanitarian-access",
        name="Humanitarian crisis and access to supplies",
        severity=Severity.CRITICAL,
        keywords=["humanitarian", "Lachin corridor", "supplies", "starvation"],
    )
    db.session.add(topic)
    db.session.commit()
    return [topic]


def _sources() -> int:
    return db.session.scalar(select(func.count(Source.id)))


def test_import_source_stores_the_article_and_prints_a_summary(runner, catalogue):
    result = runner.invoke(args=["import-source", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "Author:  Benyamin Poghosyan" in result.output
    assert "Passages:" in result.output and "furniture" in result.output
    assert "humanitarian-access" in result.output
    assert "[Realism]" in result.output
    assert "Stored as source" in result.output
    assert _sources() == 1


def test_import_source_writes_an_audit_event(runner, catalogue):
    runner.invoke(args=["import-source", str(SEED)])
    source = db.session.scalar(select(Source))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "source.imported"))
    assert event.record_uid == source.key
    assert event.actor_label == "system"


def test_import_source_json_is_a_machine_readable_document(runner, catalogue):
    result = runner.invoke(args=["import-source", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["source"]["author"] == "Benyamin Poghosyan"
    passage = document["passages"][0]
    assert set(passage) >= {"index", "kind", "text", "topics"}
    candidate = document["candidates"][0]
    assert set(candidate) >= {"phase", "text", "quote", "passage_index"}
    assert {c["phase"] for c in document["candidates"]} <= {p.value for p in Phase}
    for c in document["candidates"]:
        assert c["quote"] in document["passages"][c["passage_index"]]["text"]


def test_import_source_json_keeps_non_ascii_text_readable(runner, catalogue):
    result = runner.invoke(args=["import-source", str(HTML_FIXTURE), "--json"])
    assert result.exit_code == 0, result.output
    assert "\\u00" not in result.output
    json.loads(result.output)


def test_dry_run_prints_but_stores_nothing(runner, catalogue):
    result = runner.invoke(args=["import-source", str(SEED), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was stored." in result.output
    assert _sources() == 0


def test_refused_file_exits_with_1_and_a_message(runner, catalogue, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    result = runner.invoke(args=["import-source", str(binary)])
    assert result.exit_code == 1
    assert "photo.txt was not imported" in result.output
    assert "binary" in result.output
    assert "Traceback" not in result.output
    assert _sources() == 0


def test_empty_file_is_refused(runner, catalogue, tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    result = runner.invoke(args=["import-source", str(empty)])
    assert result.exit_code == 1
    assert "The file is empty." in result.output


def test_missing_file_exits_with_1_and_a_message(runner, catalogue, tmp_path):
    result = runner.invoke(args=["import-source", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 1
    assert "No such file" in result.output
    assert _sources() == 0
