"""Small-group allocation for a small-groups session (PRODUCT §9).

The app proposes groups that mix both communities and spread segments; a facilitator
then moves people by hand (:func:`move_member`). Nothing here imports Flask or
SQLAlchemy; members are identified by opaque keys (invitation uids).

The algorithm (:func:`propose_groups`) — a dealt deck of cards:

1. Sort the members by (community — Armenian, Azerbaijani, international, other —,
   segment with "no segment" last, key). Nothing else is used, so the result does not
   depend on the order the members were given in.
2. Lay them out in one row of *places* ``0 … n-1``, and deal place ``p`` to group
   ``p mod k``. The Armenian members take places ``0 … a-1``. The Azerbaijani members
   take the next ``z`` places — except that when each side has fewer than ``k`` members
   (but at least one), up to ``k - a`` international/other members are put in between first, so
   that the Azerbaijani side starts a fresh round at group 0 (or as near to it as there
   are such members) and so lands in the groups the Armenian side is in. The remaining
   international/other members take the last places.
3. Each group's keys are listed in the sort order of step 1.

Guarantees (``n`` members, ``k`` groups, ``a`` Armenian, ``z`` Azerbaijani):

* every member is in exactly one group, and group sizes differ by at most one (the
  places are ``0 … n-1`` without holes);
* each side, and each (side, segment), is a run of consecutive places, so its members
  are spread evenly: per group, counts differ by at most one. In particular a side with
  at least ``k`` members is in every group, and a side with fewer is in as many groups
  as it has members (one each);
* so when both sides have at least ``k`` members, every group has both; in general
  exactly ``min(a, z, k, max(0, n - k))`` groups have both sides, which is the most any
  allocation with balanced sizes can achieve (a mixed group needs two places);
* international/other members (and their segments) are spread the same way, unless
  some of them were put in between the sides in step 2 and some were not (that is,
  ``0 < a < k``, ``0 < z < k`` and more than ``k - a`` of them): then their spread gives way
  to mixing the sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.i18n import gettext, ngettext
from planner.vocabulary import Community

_COMMUNITY_ORDER = {community: rank for rank, community in enumerate(Community)}


class GroupingError(ValueError):
    """Groups cannot be made or changed as asked; the message is fit to show a facilitator."""


@dataclass(frozen=True)
class Member:
    """A confirmed participant to place in a group."""

    key: str
    community: Community
    segment: str | None


def _sort_key(member: Member) -> tuple[int, bool, str, str]:
    return (
        _COMMUNITY_ORDER[member.community],
        member.segment is None,
        member.segment or "",
        member.key,
    )


def propose_groups(members: Sequence[Member], k: int) -> list[list[str]]:
    """Propose ``k`` small groups of member keys (see the module docstring for the rules).

    Raises :class:`GroupingError` when there are no members, when a key is repeated, or
    when ``k`` is not between 1 and the number of members.
    """
    if not members:
        raise GroupingError(gettext("There are no confirmed participants to group."))
    keys = [m.key for m in members]
    if len(set(keys)) != len(keys):
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        raise GroupingError(
            gettext(
                "Each participant can be grouped only once: %(names)s", names=", ".join(repeated)
            )
        )
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise GroupingError(gettext("There must be at least one group."))
    if k > len(members):
        raise GroupingError(
            ngettext(
                "Cannot make %(groups)d groups from %(num)d participant: each group needs at "
                "least one.",
                "Cannot make %(groups)d groups from %(num)d participants: each group needs at "
                "least one.",
                len(members),
                groups=k,
            )
        )

    ordered = sorted(members, key=_sort_key)
    armenian = [m for m in ordered if m.community == Community.ARMENIAN]
    azerbaijani = [m for m in ordered if m.community == Community.AZERBAIJANI]
    others = [m for m in ordered if m.community not in (Community.ARMENIAN, Community.AZERBAIJANI)]

    between = 0
    if 0 < len(armenian) < k and 0 < len(azerbaijani) < k:
        between = min(len(others), k - len(armenian))
    places = armenian + others[:between] + azerbaijani + others[between:]

    groups: list[list[Member]] = [[] for _ in range(k)]
    for place, member in enumerate(places):
        groups[place % k].append(member)
    return [[m.key for m in sorted(group, key=_sort_key)] for group in groups]


def group_of(groups: Sequence[Sequence[str]], key: str) -> int | None:
    """Return the index of the (first) group containing ``key``, or ``None`` if it is in none."""
    for index, group in enumerate(groups):
        if key in group:
            return index
    return None


def move_member(groups: Sequence[Sequence[str]], key: str, to_group: int) -> list[list[str]]:
    """Return new groups with ``key`` moved to the end of group ``to_group`` (0-based).

    Moving a member to the group it is already in changes nothing. A group may be left
    empty: that is the facilitator's call. Raises :class:`GroupingError` if ``key`` is in
    no group or ``to_group`` is not a group index.
    """
    if isinstance(to_group, bool) or not isinstance(to_group, int):
        raise GroupingError(gettext("The group to move to must be a group number."))
    if not 0 <= to_group < len(groups):
        raise GroupingError(
            ngettext(
                "There is no group %(number)d: there is %(num)d group.",
                "There is no group %(number)d: there are %(num)d groups.",
                len(groups),
                number=to_group + 1,
            )
        )
    current = group_of(groups, key)
    if current is None:
        raise GroupingError(gettext("“%(key)s” is not in any group.", key=key))
    new_groups = [list(group) for group in groups]
    if current == to_group:
        return new_groups
    new_groups = [[k for k in group if k != key] for group in new_groups]
    new_groups[to_group].append(key)
    return new_groups
