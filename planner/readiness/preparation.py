"""Readiness rules on preparing people (issue 20, item 6): R23 and R24.

Pure functions over :class:`~planner.workshop_data.WorkshopData`, like ``rules.py``. A
preparation record (``InvitationData.preparation``) says whether the pre-workshop
conversation was held, the person's risk assessed, their consent to be listed asked, and
travel and visa arranged. Facilitator-only: these findings appear in the team's review only.
"""

from __future__ import annotations

from planner.i18n import gettext as _
from planner.i18n import ngettext
from planner.readiness.findings import Finding, FindingSeverity
from planner.vocabulary import ACTIVE_INVITATION_STATUSES, RiskLevel
from planner.workshop_data import WorkshopData


def _person_uids(invitations) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.person.uid for i in invitations))


def unprepared_participants(workshop: WorkshopData) -> list[Finding]:
    """R23: a confirmed participant with no pre-workshop conversation recorded: warning.

    Why: the conversation before a workshop is where a facilitator learns what each person
    risks by coming, expects, and needs (travel, visa, interpretation), and where the
    person hears what the confidentiality rule protects and what it cannot. Someone who
    arrives unprepared is the one most likely to be hurt by, or to break, the rules.
    """
    unprepared = [
        i
        for i in workshop.confirmed_participants
        if i.preparation is None or not i.preparation.conversation_held
    ]
    if not unprepared:
        return []
    return [
        Finding(
            rule_id="R23",
            severity=FindingSeverity.WARNING,
            title=_("Participants not prepared"),
            message=ngettext(
                "%(num)d person confirmed had no pre-workshop conversation recorded.",
                "%(num)d people confirmed had no pre-workshop conversation recorded.",
                len(unprepared),
            ),
            why=_(
                "The pre-workshop conversation is where the team learns what each person "
                "risks, expects and needs, and where the person learns what the "
                "confidentiality rule protects and what it cannot."
            ),
            person_uids=_person_uids(unprepared),
        )
    ]


def high_risk_unprepared(workshop: WorkshopData) -> list[Finding]:
    """R24: a high-risk person invited with no preparation record, or one whose risk was
    not assessed: error.

    Why: a high-risk person can be prosecuted at home for taking part; the team must have
    talked with them and weighed what coming means for them (travel routes, what their
    phone may carry, who may know) before they come.
    """
    exposed = [
        i
        for i in workshop.invitations
        if i.person.risk_level is RiskLevel.HIGH
        and i.status in ACTIVE_INVITATION_STATUSES
        and (i.preparation is None or not i.preparation.risk_assessed)
    ]
    if not exposed:
        return []
    return [
        Finding(
            rule_id="R24",
            severity=FindingSeverity.ERROR,
            title=_("High-risk person not prepared"),
            message=ngettext(
                "%(num)d person at high risk has no preparation record with the risk assessed.",
                "%(num)d people at high risk have no preparation record with the risk assessed.",
                len(exposed),
            ),
            why=_(
                "People at high risk can be prosecuted at home for taking part: the team "
                "must have talked with them and weighed what coming means for them before "
                "they travel."
            ),
            person_uids=_person_uids(exposed),
        )
    ]
