"""Prompt neutrality (issue 21, item 10): a prompt must not single out one side.

PRODUCT §5: a good prompt is an open question that a participant from either community
can answer from their own experience. Every case is asked of both sides: the check has
one set of patterns for the two.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner.readiness import rule
from planner.readiness.findings import FindingSeverity
from planner.readiness.neutrality import is_neutral, neutrality_problems, prompt_neutrality
from planner.vocabulary import Community, Phase
from planner.workshop_data import PromptData, SessionData, WorkshopData
from tests.unit.builders import session as build_session
from tests.unit.builders import workshop as build_workshop

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

#: The same names, side for side: a text and its mirror image.
MIRROR = {
    "Karabakh Armenians": "Azerbaijanis from Karabakh",
    "the Armenian side": "the Azerbaijani side",
    "Armenians": "Azerbaijanis",
    "Armenia": "Azerbaijan",
    "Yerevan": "Baku",
}


def mirrored(text: str) -> str:
    """``text`` with the sides swapped: Armenian names become Azerbaijani and back."""
    pairs = list(MIRROR.items()) + [(b, a) for a, b in MIRROR.items()]
    out, i = [], 0
    while i < len(text):
        for old, new in sorted(pairs, key=lambda p: -len(p[0])):
            if text.startswith(old, i):
                out.append(new)
                i += len(old)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


PRESUPPOSING = [
    "Why should Armenians finally accept that the war is over?",
    "What must Armenia give up for a peace agreement?",
    "How can the Armenian side stop the escalation?",
    "Why does Armenia refuse to sign?",
    "When will Karabakh Armenians admit what happened?",
    "What does Yerevan have to concede?",
    "Armenians owe the other side an apology, don't they?",
]
NEUTRAL = [
    "What should Armenians and Azerbaijanis do together next year?",
    "How do Armenians and Azerbaijanis remember the autumn of 2020?",
    "Both Armenia and Azerbaijan resumed negotiations; what would a peace agreement need?",
    "What would a realistic but acceptable next step look like from where you stand?",
    "Which humanitarian needs should be kept apart from political disagreement?",
    "How do you stay open to the other side's arguments without giving up your beliefs?",
    "What do people in Armenia say about those who take part in meetings like this one?",
]


@pytest.mark.parametrize("text", PRESUPPOSING)
def test_a_prompt_that_puts_one_side_in_the_dock_is_flagged_for_either_side(text):
    for version, side in ((text, Community.ARMENIAN), (mirrored(text), Community.AZERBAIJANI)):
        problems = neutrality_problems(version)
        assert problems, version
        assert {p.side for p in problems} == {side}
        assert all(p.reason.startswith("it names the") for p in problems)


@pytest.mark.parametrize("text", NEUTRAL)
def test_a_prompt_about_both_sides_or_neither_is_neutral(text):
    assert is_neutral(text)
    assert is_neutral(mirrored(text))


def test_the_reason_names_the_side_and_the_words():
    (problem,) = neutrality_problems("What must Azerbaijan give up for peace?")
    assert problem.side == Community.AZERBAIJANI
    assert "the Azerbaijani side" in problem.reason
    assert "“must”" in problem.reason and "“Azerbaijan”" in problem.reason


def test_names_are_found_whatever_their_case_and_possessive():
    assert not is_neutral("WHY SHOULD AZERIS FINALLY ACCEPT THAT?")
    assert not is_neutral("What must Armenia’s government give up?")


def test_every_curated_seed_prompt_is_neutral():
    texts = [
        entry["text"]
        for path in sorted(SEEDS.glob("prompts*.yaml"))
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    assert len(texts) >= 26
    assert {text: neutrality_problems(text) for text in texts if not is_neutral(text)} == {}


def _session(uid: str, *texts: str) -> SessionData:
    prompts = tuple(
        PromptData(key=f"{uid}-{n}", text=text, phase=Phase.OPENING) for n, text in enumerate(texts)
    )
    return build_session(uid, uid, prompts=prompts)


def _workshop(*sessions: SessionData) -> WorkshopData:
    return build_workshop(sessions=sessions)


def test_r21_warns_once_per_attached_prompt_that_takes_a_side():
    findings = prompt_neutrality(
        _workshop(_session("s1", NEUTRAL[0], PRESUPPOSING[1]), _session("s2", NEUTRAL[1]))
    )
    (finding,) = findings
    assert finding.rule_id == "R21"
    assert finding.severity == FindingSeverity.WARNING
    assert finding.session_uids == ("s1",)
    assert "PRODUCT §5" in finding.why
    assert "the Armenian side" in finding.message


def test_r21_is_the_same_for_a_prompt_and_its_mirror_image():
    one = prompt_neutrality(_workshop(_session("s1", PRESUPPOSING[0])))
    other = prompt_neutrality(_workshop(_session("s1", mirrored(PRESUPPOSING[0]))))
    assert len(one) == len(other) == 1
    assert mirrored(one[0].message) == other[0].message


def test_r21_is_silent_on_neutral_prompts():
    assert prompt_neutrality(_workshop(_session("s1", *NEUTRAL))) == []


def test_r21_is_registered_as_a_warning_rule():
    entry = rule("R21")
    assert entry.function is prompt_neutrality
    assert "R21" in (prompt_neutrality.__doc__ or "")
