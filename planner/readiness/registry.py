"""The catalogue of readiness rules and :func:`review`, which runs them all.

``RULES`` lists the sixteen rules of PRODUCT §6, R17–R22 (issue 21) and R23–R24 (issue 20,
preparing people) in order; the
workshop page, the facilitator brief and the tests iterate over it. ``review`` returns every finding,
most serious first (error, warning, suggestion, information), then by rule number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.readiness import inclusion, neutrality, preparation, rules, translations
from planner.readiness.findings import Finding, FindingSeverity
from planner.readiness.wording import N_
from planner.workshop_data import WorkshopData

RuleFunction = Callable[[WorkshopData], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """One readiness rule: its id ("R1"), short name, function and one-line description.

    The name is English, marked for the catalogue: pages show ``_(rule.name)``."""

    id: str
    name: str
    function: RuleFunction
    description: str
    #: The severities its findings can have: every one unless the rule says fewer (a list
    #: that counts errors and warnings runs only the rules that can report them).
    reports: frozenset[FindingSeverity] = frozenset(FindingSeverity)

    @property
    def number(self) -> int:
        return int(self.id.removeprefix("R"))

    def __call__(self, workshop: WorkshopData) -> list[Finding]:
        return self.function(workshop)


SUGGESTIONS_ONLY = frozenset({FindingSeverity.SUGGESTION})

RULES: tuple[Rule, ...] = (
    Rule(
        "R1",
        N_("parity"),
        rules.parity,
        "Confirmed participants of the two communities differ by more than max(1, 10 % of "
        "the total): warning; one community absent: error.",
    ),
    Rule(
        "R2",
        N_("segment mirror"),
        rules.segment_mirror,
        "A target segment has participants from one community only: warning.",
    ),
    Rule(
        "R3",
        N_("trust first"),
        rules.trust_first,
        "A high or critical topic is scheduled before the first informal or trust-building "
        "session, or in the first half-day: warning.",
    ),
    Rule(
        "R4",
        N_("pre-brief"),
        rules.pre_brief,
        "A critical-topic session is not preceded, earlier in the workshop, by a "
        "single-community caucus for each community: warning.",
    ),
    Rule(
        "R5",
        N_("press"),
        rules.press,
        "Journalists present, workshop on the record, and a critical topic on the agenda: "
        "error; journalists under Chatham House: reminder.",
    ),
    Rule(
        "R6",
        N_("closing"),
        rules.closing,
        "The agenda has no closing or reflection session: warning.",
    ),
    Rule(
        "R7",
        N_("timing"),
        rules.timing,
        "Overlapping sessions for the same audience, or a session outside the workshop "
        "dates: error; a day over 9 hours, or over 3 hours without a break: warning.",
    ),
    Rule(
        "R8",
        N_("venue"),
        rules.venue,
        "More confirmed people than capacity: error; venue in the country of one of the "
        "sides: suggestion.",
    ),
    Rule(
        "R9",
        N_("preparation"),
        rules.preparation,
        "A critical-topic session with no prompt or no facilitator notes: warning.",
    ),
    Rule(
        "R10",
        N_("detection"),
        rules.detection,
        "A session's or prompt's text matches a topic's keywords while that topic is not "
        "flagged: suggestion.",
        reports=SUGGESTIONS_ONLY,
    ),
    Rule(
        "R11",
        N_("language"),
        rules.language,
        "Participants with no working language in common and no interpreter invited: warning.",
    ),
    Rule(
        "R12",
        N_("consent"),
        rules.consent,
        "The participant brief will leave out people who did not consent to be listed: "
        "information.",
    ),
    Rule(
        "R13",
        N_("ground rules"),
        rules.ground_rules,
        "The first joint session (everyone) does not set out ground rules and the "
        "confidentiality rule: warning.",
    ),
    Rule(
        "R14",
        N_("impartial team"),
        rules.impartial_team,
        "No facilitator belongs to neither side, and the team is not a cross-community "
        "pair: warning.",
    ),
    Rule(
        "R15",
        N_("mixed groups"),
        rules.mixed_groups,
        "A small-groups session has a group drawn from one community only: error.",
    ),
    Rule(
        "R16",
        N_("forward close"),
        rules.forward_close,
        "The last working session is not about looking forward or joint action: suggestion.",
        reports=SUGGESTIONS_ONLY,
    ),
    Rule(
        "R17",
        N_("joint analysis first"),
        rules.joint_analysis_first,
        "Sessions about concessions or limits come before any joint analysis of the problem "
        "(Kelman): suggestion.",
        reports=SUGGESTIONS_ONLY,
    ),
    Rule(
        "R18",
        N_("resource fairness"),
        inclusion.resource_fairness,
        "One side's confirmed participants receive more per diem, travel support or rooms "
        "on average than the other's (Do No Harm): warning.",
    ),
    Rule(
        "R19",
        N_("size and length"),
        inclusion.size_and_length,
        "Confirmed participants or days outside what the workshop's format declares "
        "(Kelman: 12–20 participants, two days or more): warning.",
    ),
    Rule(
        "R20",
        N_("women's share"),
        inclusion.women_share,
        "Women are fewer than the target share the organiser set, overall or on one side "
        "(UN Security Council resolution 1325): warning.",
    ),
    Rule(
        "R21",
        N_("prompt neutrality"),
        neutrality.prompt_neutrality,
        "An attached prompt names one community as the one that must act or yield, taking "
        "one side's position for granted (PRODUCT §5): warning.",
    ),
    Rule(
        "R22",
        N_("youth on every side"),
        inclusion.youth_on_both_sides,
        "Young people (18–29) confirmed from one side but none from another whose ages are "
        "recorded (UN Security Council resolution 2250): warning.",
    ),
)

RULES += (
    Rule(
        "R23",
        N_("people prepared"),
        preparation.unprepared_participants,
        "A confirmed participant had no pre-workshop conversation recorded: warning.",
    ),
    Rule(
        "R24",
        N_("high-risk person prepared"),
        preparation.high_risk_unprepared,
        "A person at high risk is invited with no preparation record, or with their risk "
        "not assessed: error.",
    ),
)

RULES += (
    Rule(
        "R25",
        N_("untranslated texts"),
        translations.untranslated_texts,
        "A participant-facing text has no translation into a working language that a "
        "confirmed participant reads (issue 19): information.",
    ),
)

_BY_ID = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    """The rule with this id ("R7"); ``KeyError`` if there is none."""
    return _BY_ID[rule_id]


def _rule_number(rule_id: str) -> int:
    return _BY_ID[rule_id].number if rule_id in _BY_ID else 10**6


@dataclass(frozen=True)
class RuleFindings:
    """Consecutive findings of one rule that share one explanation of why it matters."""

    rule: Rule | None
    rule_id: str
    why: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class SeverityFindings:
    """The findings of one severity, by rule."""

    severity: FindingSeverity
    count: int
    rules: tuple[RuleFindings, ...]


def by_severity_and_rule(findings: list[Finding]) -> list[SeverityFindings]:
    """``review``'s findings grouped for reading: by severity, then by rule and explanation.

    A rule that fires for sixty sessions says why it matters once, not sixty times. Order is
    kept: severities most serious first, rules as ``review`` sorted them, findings as given.
    """
    groups: list[SeverityFindings] = []
    for severity in FindingSeverity:
        of_severity = [f for f in findings if f.severity == severity]
        if not of_severity:
            continue
        runs: list[tuple[str, str, list[Finding]]] = []
        for finding in of_severity:
            if runs and runs[-1][0] == finding.rule_id and runs[-1][1] == finding.why:
                runs[-1][2].append(finding)
            else:
                runs.append((finding.rule_id, finding.why, [finding]))
        groups.append(
            SeverityFindings(
                severity=severity,
                count=len(of_severity),
                rules=tuple(
                    RuleFindings(_BY_ID.get(rule_id), rule_id, why, tuple(items))
                    for rule_id, why, items in runs
                ),
            )
        )
    return groups


#: What the workshop list counts of each review.
_COUNTED = frozenset({FindingSeverity.ERROR, FindingSeverity.WARNING})
_COUNTING_RULES = tuple(each for each in RULES if each.reports & _COUNTED)


def errors_and_warnings(workshop: WorkshopData) -> tuple[int, int]:
    """How many errors and warnings ``review(workshop)`` has, from the rules that can
    report them alone (the workshop list shows no more)."""
    errors = warnings = 0
    for each in _COUNTING_RULES:
        for finding in each.function(workshop):
            if finding.severity == FindingSeverity.ERROR:
                errors += 1
            elif finding.severity == FindingSeverity.WARNING:
                warnings += 1
    return errors, warnings


def review(workshop: WorkshopData) -> list[Finding]:
    """Run every rule on ``workshop``: findings by severity, then rule number.

    Within one rule, findings keep the order the rule gave them (agenda order).
    """
    findings = [finding for each in RULES for finding in each.function(workshop)]
    return sorted(findings, key=lambda f: (f.severity.rank, _rule_number(f.rule_id)))
