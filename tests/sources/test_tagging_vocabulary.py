"""Tagging beyond the seed's words (issue 16, item 5): lemmas, a richer vocabulary, place
names never alone, "status quo" is not status, wider claim markers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner.sources import find_claims, topic_keys_for
from planner.vocabulary import Severity
from planner.workshop_data import TopicData

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeded() -> tuple[TopicData, ...]:
    entries = yaml.safe_load((ROOT / "seeds" / "topics.yaml").read_text(encoding="utf-8"))
    return tuple(
        TopicData(
            key=e["key"],
            name=e["name"],
            severity=Severity(e["severity"]),
            keywords=tuple(e.get("keywords", ())) + tuple(f"~{c}" for c in e.get("cues", ())),
        )
        for e in entries
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Memories of the Second Karabakh War shape every meeting.", "war-2020"),
        ("The 44-day war left thousands dead.", "war-2020"),
        ("Some call it occupation, others liberation.", "status-nagorno-karabakh"),
        ("Azerbaijani sovereignty is not questioned by anyone here.", "status-nagorno-karabakh"),
        ("Many speak of ethnic cleansing after the exodus of 2023.", "war-2020"),
        ("The blockaded road was closed for months.", "humanitarian-access"),
    ],
)
def test_both_communities_terms_and_inflections_tag_their_topic(seeded, text, key) -> None:
    assert key in topic_keys_for(text, seeded)


def test_a_place_name_alone_tags_no_topic(seeded) -> None:
    assert topic_keys_for("She grew up in Aghdam and studied in Lachin.", seeded) == ()
    assert "humanitarian-access" in topic_keys_for("Supplies could come via Aghdam.", seeded)


def test_status_quo_is_not_status(seeded) -> None:
    text = "The status quo suits the leaders, and the borders stay closed."
    assert "status-nagorno-karabakh" not in topic_keys_for(text, seeded)


def test_lemmas_match_irregular_forms() -> None:
    topic = TopicData(key="t", name="T", severity=Severity.HIGH, keywords=("woman", "fight"))
    assert topic_keys_for("Women's groups kept meeting.", (topic,)) == ("t",)
    assert topic_keys_for("They fought for years.", (topic,)) == ("t",)


def test_a_keyword_with_a_number_is_not_reduced_to_its_word() -> None:
    topic = TopicData(key="t", name="T", severity=Severity.HIGH, keywords=("2020 war",))
    assert topic_keys_for("The pre-war process differs from the post-2020 one.", (topic,)) == ()
    assert topic_keys_for("The 2020 war changed everything.", (topic,)) == ("t",)


@pytest.mark.parametrize(
    ("sentence", "marker"),
    [
        ("Talks resumed, but nothing moved.", "but"),
        ("Contrary to what is said, most people want peace.", "contrary to"),
        ("Only a joint commission can find the missing.", "only"),
        ("It is a myth that the other side wants war.", "myth"),
        ("Both governments must open their archives.", "necessity"),
        ("Despite the war, the choir kept singing together.", "despite"),
    ],
)
def test_wider_claim_markers(sentence, marker) -> None:
    (claim,) = find_claims(sentence)
    assert marker in claim.markers
