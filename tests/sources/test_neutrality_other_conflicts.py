"""Prompt neutrality beyond one conflict (issue 16, item 6; readiness rule R21): the sides
of every conflict in ``seeds/conflict_sides.yaml`` are recognised by the same patterns, so
a prompt that puts one side in the dock is flagged whichever conflict it comes from, and
naming the sides together is left alone."""

from __future__ import annotations

import pytest

from planner.readiness.neutrality import (
    SIDES,
    is_neutral,
    load_sides,
    neutrality_problems,
    prompt_neutrality,
)
from planner.vocabulary import Phase
from planner.workshop_data import PromptData
from tests.unit.builders import session as build_session
from tests.unit.builders import workshop as build_workshop

CONFLICTS: dict[str, list] = {}
for _side in SIDES:
    CONFLICTS.setdefault(_side.conflict, []).append(_side)


def test_the_seed_lists_sides_of_other_dialogue_processes() -> None:
    assert {"Cyprus", "Kosovo–Serbia", "Georgia–Abkhazia", "Moldova–Transnistria"} <= set(CONFLICTS)
    assert all(len(sides) == 2 for sides in CONFLICTS.values())


@pytest.mark.parametrize("side", SIDES, ids=lambda s: s.key)
def test_every_name_of_every_side_singles_that_side_out(side) -> None:
    for name in side.names:
        problems = neutrality_problems(f"What must {name} give up for a settlement?")
        assert {p.side for p in problems} == {side.key}, name
        assert side.label in problems[0].reason


@pytest.mark.parametrize("conflict", sorted(CONFLICTS), ids=str)
def test_both_sides_named_together_are_not_singled_out(conflict) -> None:
    one, other = CONFLICTS[conflict]
    for a in one.names:
        b = other.names[0]
        assert is_neutral(f"What should {a} and {b} do together next year?"), (a, b)
        assert is_neutral(f"What should {b} and {a} do together next year?"), (a, b)


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Why should Turkish Cypriots finally accept the federal plan?", "turkish_cypriot"),
        ("Why should Greek Cypriots finally accept the federal plan?", "greek_cypriot"),
        ("When will Kosovo Serbs admit that the institutions are theirs?", "serbian"),
        ("What must Kosovo give up for the association of municipalities?", "kosovo"),
        ("Why does Tiraspol refuse to reopen the bridge?", "transnistrian"),
        ("How can the Abkhaz stop blocking the crossings?", "abkhaz"),
        ("Why should unionists finally accept a border poll?", "unionist"),
        ("Why do the FARC owe the victims more than the state does?", "farc"),
    ],
)
def test_one_side_in_the_dock_is_flagged_in_other_conflicts(text, side) -> None:
    assert {p.side for p in neutrality_problems(text)} == {side}


@pytest.mark.parametrize(
    "text",
    [
        "What should Greek Cypriots and Turkish Cypriots ask of each other at the crossings?",
        "How do Georgians and Abkhaz remember the summer of 1992?",
        "What would unionists and nationalists each need to hear before a shared school opens?",
        "What do people in Chisinau and Tiraspol say about those who take part in meetings?",
        "Which humanitarian needs should be kept apart from the status question?",
    ],
)
def test_neutral_prompts_of_other_conflicts_are_neutral(text) -> None:
    assert is_neutral(text)


def test_the_longer_name_wins_where_one_holds_another() -> None:
    (problem,) = neutrality_problems("Why must Kosovo Serbs accept the new number plates?")
    assert problem.side == "serbian"
    assert problem.named == "Kosovo Serbs"


def test_a_conflict_added_to_the_yaml_is_read_as_data(tmp_path) -> None:
    path = tmp_path / "sides.yaml"
    path.write_text(
        "- conflict: Example\n  sides:\n"
        "    - {key: north, label: the northern side, names: [Northlander, Northland]}\n"
        "    - {key: south, label: the southern side, names: [Southlander]}\n",
        encoding="utf-8",
    )
    sides = load_sides(path)
    assert [(s.key, s.label, s.names, s.conflict) for s in sides] == [
        ("north", "the northern side", ("Northlander", "Northland"), "Example"),
        ("south", "the southern side", ("Southlander",), "Example"),
    ]


def test_readiness_r21_names_a_side_of_another_conflict() -> None:
    prompt = PromptData(
        key="p1", text="Why should Turkish Cypriots finally give up the guarantees?",
        phase=Phase.OPENING,
    )  # fmt: skip
    (finding,) = prompt_neutrality(
        build_workshop(sessions=(build_session("s1", "Opening", prompts=(prompt,)),))
    )
    assert finding.rule_id == "R21"
    assert "the Turkish Cypriot side" in finding.message
