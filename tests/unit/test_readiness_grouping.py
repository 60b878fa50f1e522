"""Grouping the readiness review for reading: by severity, then by rule (one "why" each)."""

from __future__ import annotations

from planner.readiness import (
    RULES,
    Finding,
    FindingSeverity,
    by_severity_and_rule,
    review,
    rule,
)
from tests.unit.builders import session, workshop


def _finding(rule_id: str, severity: FindingSeverity, n: int, why: str = "because") -> Finding:
    return Finding(rule_id, severity, f"title {n}", f"message {n}", why, (f"s{n}",))


def test_groups_by_severity_then_rule_keeping_order():
    findings = [
        _finding("R1", FindingSeverity.ERROR, 1),
        _finding("R7", FindingSeverity.ERROR, 2),
        _finding("R7", FindingSeverity.ERROR, 3),
        _finding("R1", FindingSeverity.WARNING, 4),
        _finding("R10", FindingSeverity.SUGGESTION, 5),
        _finding("R10", FindingSeverity.SUGGESTION, 6),
        _finding("R10", FindingSeverity.SUGGESTION, 7),
    ]
    groups = by_severity_and_rule(findings)
    assert [g.severity for g in groups] == [
        FindingSeverity.ERROR,
        FindingSeverity.WARNING,
        FindingSeverity.SUGGESTION,
    ]
    assert [g.count for g in groups] == [3, 1, 3]
    errors = groups[0]
    assert [(r.rule_id, len(r.findings)) for r in errors.rules] == [("R1", 1), ("R7", 2)]
    assert errors.rules[1].rule is rule("R7")
    assert [f.title for f in errors.rules[1].findings] == ["title 2", "title 3"]
    assert [f.title for f in groups[2].rules[0].findings] == ["title 5", "title 6", "title 7"]


def test_a_rule_with_two_explanations_is_two_groups():
    findings = [
        _finding("R1", FindingSeverity.ERROR, 1, why="one side is absent"),
        _finding("R1", FindingSeverity.ERROR, 2, why="something else"),
    ]
    [errors] = by_severity_and_rule(findings)
    assert [r.why for r in errors.rules] == ["one side is absent", "something else"]


def test_an_unknown_rule_id_is_kept_without_a_rule():
    [group] = by_severity_and_rule([_finding("X1", FindingSeverity.INFORMATION, 1)])
    assert group.rules[0].rule is None and group.rules[0].rule_id == "X1"


def test_nothing_to_group():
    assert by_severity_and_rule([]) == []


def test_grouping_loses_no_finding_of_a_real_review():
    data = workshop(sessions=(session("s1", "War and losses"), session("s2", "Coffee")))
    findings = review(data)
    assert findings, "the sample workshop should fire some rules"
    grouped = [f for g in by_severity_and_rule(findings) for r in g.rules for f in r.findings]
    assert grouped == findings
    assert {r.id for r in RULES} >= {
        r.rule_id for g in by_severity_and_rule(findings) for r in g.rules
    }
