"""Which small groups draw on one side only: the judgement R15 and the groups editor share.

The readiness review (R15 mixed groups) and the warning on the small-groups editor page
ask the same question, so they ask it here, over plain member keys and communities.
Pure: imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planner.vocabulary import SIDES, Community


@dataclass(frozen=True)
class OneSidedGroup:
    """A group whose members from the two sides all come from ``side``."""

    number: int
    #: The group's known members, in the group's order.
    member_keys: tuple[str, ...]
    side: Community

    @property
    def missing_side(self) -> Community:
        """The side the group has nobody from."""
        return SIDES[1] if self.side == SIDES[0] else SIDES[0]


def one_sided_groups(
    groups: Iterable[tuple[int, Sequence[str]]],
    communities: Mapping[str, Community],
    participating: Iterable[Community],
) -> list[OneSidedGroup]:
    """The numbered ``groups`` whose members from the two sides come from one side only.

    ``communities`` maps each known member key to its community; other keys are ignored.
    Nothing is reported unless both sides are among ``participating`` (the communities of
    the confirmed participants): with one side absent no group could mix them. A group of
    fewer than two known members is not reported — one person is not a group that could
    have been mixed — and neither is a group with nobody from either side.
    """
    if not set(SIDES) <= set(participating):
        return []
    found = []
    for number, keys in groups:
        members = tuple(key for key in keys if key in communities)
        if len(members) < 2:
            continue
        sides = {communities[key] for key in members} & set(SIDES)
        if len(sides) == 1:
            found.append(OneSidedGroup(number, members, sides.pop()))
    return found
