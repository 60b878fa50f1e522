"""Readiness rules on fairness, size and inclusion (issue 21, items 6-8): R18-R20 and R22.

Pure functions over :class:`~planner.workshop_data.WorkshopData`, like ``rules.py`` (same
shared definitions: *participants* are confirmed or attended participants; *the sides* are
the workshop's ``parity_sides``, by default ``SIDES``). Gender, age band and what people
receive are facilitator-only: these findings appear in the team's review only, never in a
participant output.
"""

from __future__ import annotations

from planner.i18n import gettext as _
from planner.i18n import ngettext
from planner.readiness.findings import Finding, FindingSeverity
from planner.readiness.wording import N_, community_name, joined, language
from planner.vocabulary import AgeBand, Community
from planner.workshop_data import InvitationData, WorkshopData

#: R18: averages differing by more than this share of the larger one are unequal (rounding
#: and a late change of plan aside, what each side receives should be the same).
FAIRNESS_TOLERANCE = 0.1
#: R18: what is compared, and how a message names it.
RESOURCES = (
    ("per_diem", N_("Unequal per diem")),
    ("travel_support", N_("Unequal travel support")),
    ("room", N_("Unequal rooms provided")),
)
#: R20: self-described genders counted as women (case-insensitive, trimmed).
WOMEN_WORDS = frozenset({"woman", "women", "female", "f", "w", "femme", "kadın", "կին", "женщина"})


def _person_uids(invitations) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.person.uid for i in invitations))


def _value(invitation: InvitationData, name: str) -> float:
    value = getattr(invitation, name)
    return 0.0 if value is None else float(value)


def _average(invitations: list[InvitationData], name: str) -> float:
    return sum(_value(i, name) for i in invitations) / len(invitations)


def _shown(average: float, name: str) -> str:
    if name == "room":
        return _("%(percent)d %%", percent=round(average * 100))
    return f"{average:.2f}".rstrip("0").rstrip(".")


def _format_name(label: str) -> str:
    """ "problem-solving workshop": the format's name without its figures, as a sentence
    names it (English writes it in lower case there; the other languages as labelled)."""
    name = _(label).split(" (")[0]
    return name.lower() if language() == "en" else name


def resource_fairness(workshop: WorkshopData) -> list[Finding]:
    """R18 resource fairness: each side's confirmed participants receive the same on average.

    For the per diem, the travel support and the rooms provided (the share of people given
    one), recorded on each invitation: a warning when the sides' (``parity_sides``) averages
    differ by more than ``FAIRNESS_TOLERANCE`` of the largest average. Once anything of a kind is recorded
    for anyone, a participant with nothing recorded counts as receiving nothing. Silent when
    a side has no confirmed participant (R1 says so) or nothing of that kind is recorded.

    Why: Mary B. Anderson's *Do No Harm: How Aid Can Support Peace — or War* (1999) names
    "resource transfers" as one of the ways outside help feeds division: when one group
    receives more, the other reads it as favouritism and the help itself becomes a grievance.
    """
    sides = workshop.parity_sides
    by_side = {side: [] for side in sides}
    for invitation in workshop.confirmed_participants:
        if invitation.person.community in by_side:
            by_side[invitation.person.community].append(invitation)
    if not all(by_side.values()):
        return []
    findings = []
    for name, title in RESOURCES:
        if all(getattr(i, name) is None for side in sides for i in by_side[side]):
            continue
        averages = {side: _average(by_side[side], name) for side in sides}
        larger = max(averages.values())
        if larger - min(averages.values()) <= FAIRNESS_TOLERANCE * larger:
            continue
        more = max(sides, key=lambda side: averages[side])
        stated = joined(
            [
                _(
                    "%(amount)s for %(community)s participants",
                    amount=_shown(averages[side], name),
                    community=community_name(side),
                )
                for side in sides
            ]
        )
        findings.append(
            Finding(
                rule_id="R18",
                severity=FindingSeverity.WARNING,
                title=_(title),
                message=_(
                    "On average %(stated)s: %(community)s participants receive more.",
                    stated=stated,
                    community=community_name(more),
                ),
                why=_(
                    "What people receive is seen by everyone: when one community gets more "
                    "(Do No Harm's “resource transfers”, M. B. Anderson, 1999), the other "
                    "reads it as favouritism and the support itself becomes a grievance."
                ),
                person_uids=_person_uids(i for side in sides for i in by_side[side]),
            )
        )
    return findings


def size_and_length(workshop: WorkshopData) -> list[Finding]:
    """R19 size and length: as many participants and days as the workshop's format declares.

    ``WorkshopData.format`` declares a range of confirmed participants and a fewest number
    of days (``WorkshopFormat.participants`` and ``min_days``; the problem-solving workshop:
    12-20 participants, two days or more). A warning when the confirmed participants are
    outside the range (silent while nobody is confirmed: a draft is normal), and one when
    the workshop is shorter than the format needs. An open format declares nothing.

    Why: Herbert C. Kelman's problem-solving workshops bring together about 12-20
    participants over two days or more (H. C. Kelman, "Interactive problem solving", 1996):
    fewer and the range of views is too narrow; more and people stop speaking freely; less
    time and the joint analysis never reaches solutions.
    """
    findings = []
    declared = workshop.format.participants
    count = len(workshop.confirmed_participants)
    if declared is not None and count:
        fewest, most = declared
        if not fewest <= count <= most:
            findings.append(
                Finding(
                    rule_id="R19",
                    severity=FindingSeverity.WARNING,
                    title=_("Too few participants")
                    if count < fewest
                    else _("Too many participants"),
                    message=ngettext(
                        "%(num)d confirmed participant, while a %(format)s works with "
                        "%(fewest)d–%(most)d.",
                        "%(num)d confirmed participants, while a %(format)s works with "
                        "%(fewest)d–%(most)d.",
                        count,
                        format=_format_name(workshop.format.label),
                        fewest=fewest,
                        most=most,
                    ),
                    why=_(
                        "Kelman's problem-solving workshops work with about 12–20 "
                        "participants: fewer narrows the range of views, more stops people "
                        "speaking freely."
                    ),
                )
            )
    days = len(workshop.days)
    needed = workshop.format.min_days
    if needed is not None and days < needed:
        findings.append(
            Finding(
                rule_id="R19",
                severity=FindingSeverity.WARNING,
                title=_("Workshop too short"),
                message=ngettext(
                    "The workshop lasts %(num)d day, while its format needs %(needed)d or more.",
                    "The workshop lasts %(num)d days, while its format needs %(needed)d or more.",
                    days,
                    needed=needed,
                ),
                why=_(
                    "Kelman's problem-solving workshops run over two days or more: joint "
                    "analysis needs time before it can turn to solutions."
                ),
            )
        )
    return findings


def is_woman(gender: str) -> bool:
    """Whether a self-described gender counts as a woman for R20."""
    return gender.strip().casefold() in WOMEN_WORDS


def women_share(workshop: WorkshopData) -> list[Finding]:
    """R20 women's share: at least the target share of confirmed participants are women.

    Only when the workshop sets a target (``women_target_percent``) and someone is
    confirmed. Women are people whose self-described gender is one of ``WOMEN_WORDS``;
    nobody is assumed to be one. A warning when women are fewer than the target share, over
    all confirmed participants and within each side (``parity_sides``) that has confirmed
    participants.

    Why: UN Security Council resolution 1325 (2000) calls for women's equal participation
    in peace processes, and the UN's Guidance on Gender and Inclusive Mediation Strategies
    (2017) asks mediators to plan for it from the start: who is in the room shapes what
    is discussed and what is agreed.
    """
    target = workshop.women_target_percent
    participants = workshop.confirmed_participants
    if not target or not participants:
        return []
    groups: list[tuple[Community | None, list[InvitationData]]] = [(None, list(participants))]
    for side in workshop.parity_sides:
        of_side = [i for i in participants if i.person.community == side]
        if of_side:
            groups.append((Community(side), of_side))
    findings = []
    for community, group in groups:
        women = sum(is_woman(i.person.gender) for i in group)
        if women * 100 >= target * len(group):
            continue
        figures = {
            "women": women,
            "num": len(group),
            "percent": round(100 * women / len(group)),
            "target": target,
        }
        findings.append(
            Finding(
                rule_id="R20",
                severity=FindingSeverity.WARNING,
                title=_("Fewer women than the target"),
                message=_(
                    "%(women)d of %(num)d all participants are women (%(percent)d %%), below "
                    "the target of %(target)d %%.",
                    **figures,
                )
                if community is None
                else _(
                    "%(women)d of %(num)d %(community)s participants are women "
                    "(%(percent)d %%), below the target of %(target)d %%.",
                    community=community_name(community),
                    **figures,
                ),
                why=_(
                    "UN Security Council resolution 1325 calls for women's equal "
                    "participation in peace processes, and the UN's Guidance on Gender and "
                    "Inclusive Mediation Strategies (2017) asks for it to be planned from the "
                    "start."
                ),
                person_uids=_person_uids(group),
            )
        )
    return findings


def youth_on_both_sides(workshop: WorkshopData) -> list[Finding]:
    """R22 youth on every side: when some side's confirmed participants include young
    people (age band 18-29), every side's should.

    Ages are optional and facilitator-only, so nobody is assumed young or not: a side is
    judged only when at least one of its confirmed participants has an age band recorded.
    A warning names each such side with no one aged 18-29 while another side has some.
    (A youth *segment* present on one side only is R2's.)

    Why: UN Security Council resolution 2250 (2015) on youth, peace and security asks
    that young people take part in peace processes; young people from one side only means
    the other side's young generation has no counterpart, and the workshop's youth voice
    belongs to one community.
    """
    sides = workshop.parity_sides
    recorded: dict[Community, list[InvitationData]] = {side: [] for side in sides}
    for invitation in workshop.confirmed_participants:
        if invitation.person.community in recorded and invitation.person.age_band:
            recorded[invitation.person.community].append(invitation)
    young = {
        side: [i for i in recorded[side] if i.person.age_band == AgeBand.YOUTH] for side in sides
    }
    with_youth = [side for side in sides if young[side]]
    if not with_youth:
        return []
    findings = []
    for side in sides:
        if young[side] or not recorded[side]:
            continue
        stated = joined(
            [
                _("%(num)d %(community)s", num=len(young[other]), community=community_name(other))
                for other in with_youth
            ]
        )
        findings.append(
            Finding(
                rule_id="R22",
                severity=FindingSeverity.WARNING,
                title=_("No young %(community)s participants", community=community_name(side)),
                message=_(
                    "%(stated)s confirmed participants are 18–29, and none of the %(num)d "
                    "%(community)s participants whose age band is recorded.",
                    stated=stated,
                    num=len(recorded[side]),
                    community=community_name(side),
                ),
                why=_(
                    "UN Security Council resolution 2250 (2015) asks that young people take "
                    "part in peace processes; young people from one side only have no "
                    "counterparts."
                ),
                person_uids=_person_uids(
                    [i for other in with_youth for i in young[other]] + recorded[side]
                ),
            )
        )
    return findings
