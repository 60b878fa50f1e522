"""Which small groups draw on one side only: the judgement R15 and the groups editor share.

The readiness review (R15 mixed groups) and the warning on the small-groups editor page
ask the same question, so they ask it here: first who is expected in the room
(:func:`expected_members`), then which groups of those people are one-sided
(:func:`one_sided_groups`). Pure: imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from planner.vocabulary import SIDES, Community, InvitationRole, InvitationStatus
from planner.vocabulary import is_confirmed_participant as _is_confirmed_participant


class _Person(Protocol):
    @property
    def community(self) -> Community: ...


class Invitee(Protocol):
    """What an invitation must tell: ``InvitationData`` and the ORM ``Invitation`` both do."""

    @property
    def uid(self) -> str: ...
    @property
    def role(self) -> InvitationRole: ...
    @property
    def status(self) -> InvitationStatus: ...
    @property
    def person(self) -> _Person: ...


@dataclass(frozen=True)
class ExpectedMembers:
    """The people a group can count on seeing: each confirmed participant's community, by
    invitation uid. Built by :func:`expected_members`, so that no caller counts someone who
    declined or withdrew."""

    communities: Mapping[str, Community]
    #: Whether both sides have someone expected: otherwise no group could mix them.
    both_sides: bool


def expected_members(invitations: Iterable[Invitee]) -> ExpectedMembers:
    """Who is expected in the room: the *confirmed participants* (role participant, status
    confirmed or attended — ``planner.vocabulary.is_confirmed_participant``), the people
    small groups are made of. Invited people who have not answered, and people who declined
    or withdrew, are not expected."""
    communities = {
        i.uid: i.person.community
        for i in invitations
        if _is_confirmed_participant(i.role, i.status)
    }
    return ExpectedMembers(communities, set(SIDES) <= set(communities.values()))


@dataclass(frozen=True)
class OneSidedGroup:
    """A group whose expected members from the two sides all come from ``side``."""

    number: int
    #: The group's expected members, in the group's order.
    member_keys: tuple[str, ...]
    side: Community

    @property
    def missing_side(self) -> Community:
        """The side the group has nobody from."""
        return SIDES[1] if self.side == SIDES[0] else SIDES[0]


def one_sided_groups(
    groups: Iterable[tuple[int, Sequence[str]]], expected: ExpectedMembers
) -> list[OneSidedGroup]:
    """The numbered ``groups`` whose expected members from the two sides come from one side.

    Only ``expected`` people count (:func:`expected_members`): a member who declined or
    withdrew, or a key nobody knows, is not in the room and mixes nothing. Nothing is
    reported unless both sides have expected participants: with one side absent no group
    could mix them. A group of fewer than two expected members is not reported — one person
    is not a group that could have been mixed — and neither is a group with nobody from
    either side.
    """
    if not expected.both_sides:
        return []
    communities = expected.communities
    found = []
    for number, keys in groups:
        members = tuple(key for key in keys if key in communities)
        if len(members) < 2:
            continue
        sides = {communities[key] for key in members} & set(SIDES)
        if len(sides) == 1:
            found.append(OneSidedGroup(number, members, sides.pop()))
    return found
