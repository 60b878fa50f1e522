"""Gender and age band per community (issue 21, item 6): what the composition shows.

A pure count over the workshop's data, for the team's workshop page only: gender and age
band are facilitator-only and never reach a participant output. Counted like the
composition: participants whose invitation is still open or accepted (declined and
withdrawn people say nothing about who will be in the room).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from planner.languages import N_
from planner.readiness.inclusion import is_woman
from planner.vocabulary import ACTIVE_INVITATION_STATUSES, SIDES, AgeBand, Community, InvitationRole
from planner.workshop_data import WorkshopData

WOMEN = "women"
OTHER_GENDER = "other"
NOT_RECORDED = "not_recorded"


@dataclass(frozen=True)
class InclusionSummary:
    """Counts per community: ``gender[(community, WOMEN|OTHER_GENDER|NOT_RECORDED)]`` and
    ``ages[(community, AgeBand value or NOT_RECORDED)]``."""

    communities: tuple[Community, ...]
    gender: Counter = field(default_factory=Counter)
    ages: Counter = field(default_factory=Counter)

    @property
    def is_recorded(self) -> bool:
        """Whether anyone's gender or age band is recorded (else the table says nothing)."""
        return any(
            k[1] != NOT_RECORDED and n for k, n in (*self.gender.items(), *self.ages.items())
        )

    def count(self, counter: str, community: Community, key: str) -> int:
        return getattr(self, counter)[(community, key)]


GENDER_ROWS = (
    (WOMEN, N_("Women")),
    (OTHER_GENDER, N_("Other genders")),
    (NOT_RECORDED, N_("Not recorded")),
)
AGE_ROWS = (*((band.value, band.label) for band in AgeBand), (NOT_RECORDED, N_("Not recorded")))


def inclusion_summary(workshop: WorkshopData) -> InclusionSummary:
    gender: Counter = Counter()
    ages: Counter = Counter()
    present: set[Community] = set()
    for invitation in workshop.invitations:
        if invitation.role != InvitationRole.PARTICIPANT:
            continue
        if invitation.status not in ACTIVE_INVITATION_STATUSES:
            continue
        person = invitation.person
        present.add(person.community)
        if not person.gender.strip():
            gender[(person.community, NOT_RECORDED)] += 1
        else:
            kind = WOMEN if is_woman(person.gender) else OTHER_GENDER
            gender[(person.community, kind)] += 1
        band = person.age_band.value if person.age_band else NOT_RECORDED
        ages[(person.community, band)] += 1
    communities = tuple(c for c in Community if c in SIDES or c in present)
    return InclusionSummary(communities=communities, gender=gender, ages=ages)
