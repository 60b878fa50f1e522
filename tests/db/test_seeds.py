"""The seed: idempotent, complete, every citation found in the article (PRODUCT §5)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.models import ContextEvent, Prompt, Segment, SensitiveTopic, Source, Venue
from planner.models.sources import Passage
from planner.seeding import SEEDS_DIR, SeedError, load_seeds
from planner.vocabulary import PassageKind, Phase

SHARED_ARTICLE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "seeds"
    / "op-ed-difficult-world-of-building-confidence.txt"
)


def _counts() -> dict[str, int]:
    return {
        m.__name__: db.session.scalar(select(func.count()).select_from(m))
        for m in (Segment, Venue, SensitiveTopic, Source, Passage, ContextEvent, Prompt)
    }


def test_seed_twice_gives_the_same_counts(app):
    load_seeds()
    first = _counts()
    report = load_seeds()
    assert _counts() == first
    assert not report.created and not report.updated


def test_seed_has_the_segments_and_venues_the_article_names(app):
    load_seeds()
    assert {"experts", "journalists", "business", "youth", "civil-society"} <= set(
        db.session.scalars(select(Segment.key))
    )
    cities = set(db.session.scalars(select(Venue.city)))
    assert {"Tbilisi", "Venice"} <= cities and len(cities) >= 4


def test_seed_topic_catalogue_covers_the_article(app):
    load_seeds()
    topics = {t.key: t for t in db.session.scalars(select(SensitiveTopic))}
    assert len(topics) >= 7
    humanitarian = topics["humanitarian-access"]
    assert humanitarian.severity == "critical"
    # A place name is a cue only (issue 16): it names the topic beside a cue that is not a name.
    assert "Lachin corridor" in humanitarian.keywords and "~Aghdam" in humanitarian.keywords
    assert all(t.handling_guidance and t.participant_note and t.keywords for t in topics.values())


def test_at_least_24_curated_prompts_spread_over_every_phase(app):
    load_seeds()
    phases = Counter(db.session.scalars(select(Prompt.phase)))
    assert sum(phases.values()) >= 24
    assert set(phases) == set(Phase)


def test_every_prompt_and_context_event_quotes_its_passage_word_for_word(app):
    load_seeds()
    for row in [*db.session.scalars(select(Prompt)), *db.session.scalars(select(ContextEvent))]:
        assert row.passage is not None, row.key
        assert row.quote and row.quote in row.passage.text, row.key


def test_prompts_quote_the_authors_own_paragraphs(app):
    load_seeds()
    kinds = set(
        db.session.scalars(select(Passage.kind).join(Prompt, Prompt.passage_id == Passage.id))
    )
    assert kinds <= {PassageKind.BODY, PassageKind.LEAD}


def test_context_timeline_is_in_date_order_from_the_article(app):
    load_seeds()
    keys = list(db.session.scalars(select(ContextEvent.key).order_by(ContextEvent.sort_date)))
    assert (
        keys[0] == "end-of-first-war"
        and "venice-may-2022" in keys
        and keys[-1] == "lachin-corridor-crisis"
    )


def test_article_in_seeds_is_the_unchanged_source():
    if not SHARED_ARTICLE.exists():
        pytest.skip(f"shared seeds not beside the checkout ({SHARED_ARTICLE})")
    assert (SEEDS_DIR / SHARED_ARTICLE.name).read_bytes() == SHARED_ARTICLE.read_bytes()


def _copy_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, folder)
    return folder


def test_a_quote_not_in_the_article_fails_loudly_naming_the_prompt_and_saves_nothing(app, tmp_path):
    folder = _copy_seeds(tmp_path)
    prompts = folder / "prompts.yaml"
    prompts.write_text(
        prompts.read_text(encoding="utf-8").replace(
            "quote: efforts to prevent another war", "quote: efforts to prevent every war"
        ),
        encoding="utf-8",
    )
    with pytest.raises(SeedError, match="forward-prevent-another-war"):
        load_seeds(folder)
    assert _counts()["Prompt"] == 0 and _counts()["Segment"] == 0


def test_editing_a_data_file_updates_the_entry_on_the_next_seed(app, tmp_path):
    folder = _copy_seeds(tmp_path)
    load_seeds(folder)
    venues = folder / "venues.yaml"
    venues.write_text(
        venues.read_text(encoding="utf-8").replace("capacity: 40", "capacity: 44"), encoding="utf-8"
    )
    report = load_seeds(folder)
    assert report.updated["venues"] == 1
    assert db.session.scalar(select(Venue.capacity).where(Venue.key == "tbilisi")) == 44


def test_seed_command_prints_counts_and_is_repeatable(runner):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "prompts: " in first.output
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0 and "nothing changed" in second.output
