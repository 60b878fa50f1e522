"""Load workshops with everything their pages show, as models or as plain data.

One query helper per page shape (STYLE: queries are planned, not discovered): the
statement count does not grow with the number of sessions or participants.
``load_workshop`` gives the models, for pages that change them; every page and export that
only reads builds its ``WorkshopData`` with the Core loaders below (one way to build it:
``tests/orm_reference.py`` builds the same data from the models, and the tests compare).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import cache
from types import SimpleNamespace

from sqlalchemy import ColumnElement, Row, String, Table, bindparam, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.functions import FunctionElement

from planner.content_translations import as_triples
from planner.extensions import db
from planner.models import (
    Invitation,
    Person,
    Preparation,
    Prompt,
    Segment,
    SensitiveTopic,
    Session,
    SessionPrompt,
    SmallGroup,
    SmallGroupMember,
    Source,
    User,
    Venue,
    Workshop,
    prompt_segments,
    prompt_topics,
    session_topics,
    workshop_co_facilitators,
    workshop_target_segments,
)
from planner.models.agenda import AGENDA_ORDER
from planner.models.sources import Passage
from planner.vocabulary import SIDES, Community
from planner.workshop_data import (
    CitationData,
    FacilitatorData,
    GroupData,
    InvitationData,
    PersonData,
    PreparationData,
    PromptData,
    SessionData,
    TopicData,
    VenueData,
    WorkshopData,
)


def workshop_load_options() -> tuple:
    """Eager-loading options for a workshop with everything its pages show: the same
    queries whatever the number of sessions or people."""
    prompt_load = (
        selectinload(Workshop.sessions)
        .selectinload(Session.prompt_links)
        .joinedload(SessionPrompt.prompt)
    )
    return (
        joinedload(Workshop.venue),
        joinedload(Workshop.owner).selectinload(User.person),
        selectinload(Workshop.co_facilitators).selectinload(User.person),
        selectinload(Workshop.target_segments),
        selectinload(Workshop.invitations).joinedload(Invitation.person).joinedload(Person.segment),
        selectinload(Workshop.sessions).selectinload(Session.topics),
        prompt_load.selectinload(Prompt.topics),
        prompt_load.selectinload(Prompt.segments),
        prompt_load.joinedload(Prompt.passage).joinedload(Passage.source),
        selectinload(Workshop.sessions)
        .selectinload(Session.groups)
        .selectinload(SmallGroup.members),
    )


def load_workshop(uid: str) -> Workshop | None:
    """The workshop with its venue, team, invitations, people, sessions, flags and prompts."""
    return db.session.scalar(
        select(Workshop).where(Workshop.uid == uid).options(*workshop_load_options())
    )


def load_catalogue() -> list[SensitiveTopic]:
    """The topic catalogue's models, by name (for forms that assign topics)."""
    return list(db.session.scalars(select(SensitiveTopic).order_by(SensitiveTopic.name)))


# --- Column maps: one per dataclass, driving both the SELECT and the constructor -----------


def _as_given(value):
    return value


def _as_tuple(value) -> tuple:
    return tuple(value or ())


def _as_text(value) -> str:
    return value or ""


def parity_sides(value) -> tuple[Community, ...]:
    """The communities whose numbers must balance, as stored (a JSON list of values); the
    two sides of the conflict when nothing (or nothing known) is stored."""
    known = tuple(
        dict.fromkeys(Community(v) for v in value or () if v in Community._value2member_map_)
    )
    return known if len(known) >= 2 else SIDES


@dataclass(frozen=True)
class ColumnMap:
    """How one dataclass is read from the database: each plain field and its column.

    ``columns`` writes the field's columns into a SELECT (labelled ``prefix`` + field name,
    so several maps share one statement) and ``build`` calls the constructor from a row of
    it; ``from_model`` reads the same columns from a model. Fields listed in ``given`` come
    from other statements and are passed in. A new plain field therefore needs only its
    column and its dataclass field.
    """

    kind: type
    fields: tuple[tuple[str, ColumnElement, Callable], ...]
    given: frozenset[str]

    def columns(self, prefix: str = "") -> list[ColumnElement]:
        return [column.label(prefix + name) for name, column, _ in self.fields]

    def build(self, row: Row, prefix: str = "", **given):
        values = row._mapping
        return self.kind(
            **{name: convert(values[prefix + name]) for name, _, convert in self.fields},
            **given,
        )

    def from_model(self, model, **given):
        """The dataclass from ``model`` (a row of the map's table); other tables' fields
        are given."""
        table = model.__table__
        values = dict(given)
        for name, column, convert in self.fields:
            if name in values:
                continue
            if column.table is not table:
                raise TypeError(f"{self.kind.__name__}.{name} comes from {column.table.name}")
            values[name] = convert(getattr(model, column.key))
        return self.kind(**values)


def column_map(
    kind: type,
    table: Table,
    *,
    given: Sequence[str] = (),
    renamed: dict[str, str] | None = None,
    elsewhere: dict[str, ColumnElement] | None = None,
    converters: dict[str, Callable] | None = None,
) -> ColumnMap:
    """Map every field of ``kind`` not ``given`` to ``table``'s column of the same name
    (or the one ``renamed`` names, or a column of another table ``elsewhere``).

    Refuses, at import time, a field with no column: a field added to the dataclass must
    be given or stored. A field defaulting to ``()`` is read as a tuple (the JSON columns'
    lists), one defaulting to ``""`` as text (a nullable column's None); ``converters``
    name any other conversion.
    """
    renamed = renamed or {}
    converters = converters or {}
    elsewhere = elsewhere or {}
    mapped = []
    for f in dataclass_fields(kind):
        if f.name in given:
            continue
        column = elsewhere.get(f.name)
        if column is None:
            column = table.c.get(renamed.get(f.name, f.name))
        if column is None:
            raise LookupError(f"{kind.__name__}.{f.name} has no column in {table.name}")
        convert = converters.get(f.name) or {(): _as_tuple, "": _as_text}.get(f.default, _as_given)
        mapped.append((f.name, column, convert))
    return ColumnMap(kind, tuple(mapped), frozenset(given))


_segments = Segment.__table__
_passages = Passage.__table__
_sources = Source.__table__
_prompts = Prompt.__table__

TOPIC = column_map(TopicData, SensitiveTopic.__table__)
VENUE = column_map(VenueData, Venue.__table__)
FACILITATOR = column_map(FacilitatorData, User.__table__, given=("community",))
PERSON = column_map(
    PersonData,
    Person.__table__,
    elsewhere={"segment_key": _segments.c.key, "segment_name": _segments.c.name},
)
INVITATION = column_map(InvitationData, Invitation.__table__, given=("person", "preparation"))
PREPARATION = column_map(PreparationData, Preparation.__table__)
GROUP = column_map(GroupData, SmallGroup.__table__, given=("invitation_uids",))
CITATION = column_map(
    CitationData,
    _passages,
    renamed={"passage_index": "index", "passage_kind": "kind", "passage_text": "text"},
    elsewhere={
        "source_title": _sources.c.title,
        "author": _sources.c.author,
        "outlet": _sources.c.outlet,
        "quote": _prompts.c.quote,
    },
)
PROMPT = column_map(PromptData, _prompts, given=("topic_keys", "segment_keys", "citation"))
SESSION = column_map(
    SessionData,
    Session.__table__,
    renamed={"start": "start_time"},
    given=("topics", "prompts", "groups"),
    converters={"translations": as_triples},
)
WORKSHOP = column_map(
    WorkshopData,
    Workshop.__table__,
    given=(
        "venue",
        "target_segments",
        "owner",
        "co_facilitators",
        "invitations",
        "sessions",
        "catalogue",
    ),
    converters={"parity_sides": parity_sides, "translations": as_triples},
)


def topic_data(topic: SensitiveTopic) -> TopicData:
    """A catalogue topic's plain data (from its model)."""
    return TOPIC.from_model(topic)


# --- The workshop page's loader: plain rows straight into WorkshopData ----------------------
#
# ``load_workshop_page_data`` builds the workshop's data without ORM objects: one Core
# SELECT per table, returning tuples, assembled here. Each statement orders its rows as the
# model's relationship orders that collection, so the data equals what the models hold
# (``tests/orm_reference.py``), on SQLite and PostgreSQL, for one workshop or many. The
# statements are built once; their number does not depend on the size or number of
# workshops.


class id_list(FunctionElement):  # noqa: N801 - a SQL function, named like one
    """The ids of a group of rows as one comma-separated string (an aggregate).

    A small group's members come back as one row per group instead of one per person:
    hundreds of rows fewer for a workshop with several small-group sessions.
    """

    type = String()
    inherit_cache = True


@compiles(id_list)
def _id_list(element, compiler, **kw) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)})"


@compiles(id_list, "postgresql")
def _id_list_postgresql(element, compiler, **kw) -> str:
    return f"string_agg(CAST({compiler.process(element.clauses, **kw)} AS TEXT), ',')"


def _ids(joined: str | None) -> list[int]:
    """The ids of an ``id_list``, in increasing order (the order of the ORM's collection)."""
    return sorted(int(part) for part in joined.split(",")) if joined else []


def _topics_by_session(
    session_ids: dict[str, list[int]], topic_by_id: dict[int, TopicData]
) -> dict[int, list[TopicData]]:
    """Each session's flagged topics, as the catalogue's TopicData (by ``_catalogue``)."""
    topics_by_session: dict[int, list[TopicData]] = {}
    for session_id, topic_id in db.session.execute(
        _page_statements().session_topic_ids, session_ids
    ):
        topics_by_session.setdefault(session_id, []).append(topic_by_id[topic_id])
    return topics_by_session


@cache
def _page_statements() -> SimpleNamespace:
    """The workshop page's SELECTs, with ``uid`` or expanding ``ids`` parameters."""
    ids = bindparam("ids", expanding=True)
    t = SensitiveTopic.__table__
    segments = _segments
    users = User.__table__
    people = Person.__table__

    w = Workshop.__table__
    venue = Venue.__table__
    workshop = select(
        w.c.id,
        w.c.owner_id,
        w.c.version,
        w.c.venue_id,
        *WORKSHOP.columns(),
        *VENUE.columns("venue_"),
        users.c.name.label("owner_name"),
    ).select_from(
        w.outerjoin(venue, venue.c.id == w.c.venue_id).outerjoin(users, users.c.id == w.c.owner_id)
    )
    workshops = workshop.where(w.c.id.in_(ids))
    workshop = workshop.where(w.c.uid == bindparam("uid"))

    cf = workshop_co_facilitators
    co_facilitators = (
        select(cf.c.workshop_id, users.c.id, *FACILITATOR.columns())
        .select_from(cf.join(users, users.c.id == cf.c.user_id))
        .where(cf.c.workshop_id.in_(ids))
        .order_by(users.c.id)
    )
    communities = select(people.c.user_id, people.c.community).where(people.c.user_id.in_(ids))
    ts = workshop_target_segments
    target_segments = (
        select(ts.c.workshop_id, segments.c.key, segments.c.name)
        .select_from(ts.join(segments, segments.c.id == ts.c.segment_id))
        .where(ts.c.workshop_id.in_(ids))
        .order_by(segments.c.id)
    )

    inv = Invitation.__table__
    prep = Preparation.__table__
    invitations = (
        select(
            inv.c.workshop_id,
            inv.c.id,
            *INVITATION.columns(),
            *PERSON.columns("person_"),
            prep.c.id.label("prep_id"),
            *PREPARATION.columns("prep_"),
        )
        .select_from(
            inv.outerjoin(people, people.c.id == inv.c.person_id)
            .outerjoin(segments, segments.c.id == people.c.segment_id)
            .outerjoin(prep, prep.c.invitation_id == inv.c.id)
        )
        .where(inv.c.workshop_id.in_(ids))
        .order_by(inv.c.id)
    )

    se = Session.__table__
    sessions = (
        select(se.c.workshop_id, se.c.id, *SESSION.columns())
        .where(se.c.workshop_id.in_(ids))
        .order_by(*AGENDA_ORDER)
    )
    st = session_topics
    # Which topics each session flags; the topics themselves come from the catalogue.
    session_topic_ids = (
        select(st.c.session_id, st.c.topic_id)
        .where(st.c.session_id.in_(ids))
        .order_by(st.c.topic_id)
    )
    sp = SessionPrompt.__table__
    # Which prompts each session has, in order; then each prompt once, with its citation.
    prompt_links = (
        select(sp.c.session_id, sp.c.prompt_id)
        .where(sp.c.session_id.in_(ids))
        .order_by(sp.c.position)
    )
    prompts = (
        select(
            _prompts.c.id.label("prompt_id"),
            _passages.c.id.label("passage_id"),
            *PROMPT.columns(),
            *CITATION.columns("citation_"),
        )
        .select_from(
            _prompts.outerjoin(_passages, _passages.c.id == _prompts.c.passage_id).outerjoin(
                _sources, _sources.c.id == _passages.c.source_id
            )
        )
        .where(_prompts.c.id.in_(ids))
    )
    sg = SmallGroup.__table__
    groups = (
        select(sg.c.session_id, sg.c.id, *GROUP.columns())
        .where(sg.c.session_id.in_(ids))
        .order_by(sg.c.number)
    )
    pt = prompt_topics
    prompt_topic_rows = (
        select(pt.c.prompt_id, t.c.key)
        .select_from(pt.join(t, t.c.id == pt.c.topic_id))
        .where(pt.c.prompt_id.in_(ids))
        .order_by(t.c.id)
    )
    ps = prompt_segments
    prompt_segment_rows = (
        select(ps.c.prompt_id, segments.c.key)
        .select_from(ps.join(segments, segments.c.id == ps.c.segment_id))
        .where(ps.c.prompt_id.in_(ids))
        .order_by(segments.c.id)
    )
    m = SmallGroupMember.__table__
    members = (
        select(m.c.group_id, id_list(m.c.invitation_id))
        .where(m.c.group_id.in_(ids))
        .group_by(m.c.group_id)
    )
    catalogue = select(t.c.id, *TOPIC.columns()).order_by(t.c.name)

    # The agenda editor's outline: the sessions with their versions, and how many prompts
    # each has (the prompts themselves are not shown there).
    outline_sessions = (
        select(*sessions.selected_columns, se.c.version)
        .where(se.c.workshop_id == bindparam("workshop_id"))
        .order_by(*AGENDA_ORDER)
    )
    prompt_counts = (
        select(sp.c.session_id, func.count())
        .where(sp.c.session_id.in_(ids))
        .group_by(sp.c.session_id)
    )
    return SimpleNamespace(
        workshops=workshops,
        outline_sessions=outline_sessions,
        prompt_counts=prompt_counts,
        workshop=workshop,
        co_facilitators=co_facilitators,
        communities=communities,
        target_segments=target_segments,
        invitations=invitations,
        sessions=sessions,
        prompt_links=prompt_links,
        prompts=prompts,
        groups=groups,
        prompt_topic_rows=prompt_topic_rows,
        session_topic_ids=session_topic_ids,
        prompt_segment_rows=prompt_segment_rows,
        members=members,
        catalogue=catalogue,
    )


def load_catalogue_data() -> tuple[TopicData, ...]:
    """The topic catalogue as plain data, in the order of ``load_catalogue``."""
    return _catalogue()[0]


def _catalogue() -> tuple[tuple[TopicData, ...], dict[int, TopicData]]:
    """The catalogue in order, and the same topics by id."""
    by_id = {row.id: TOPIC.build(row) for row in db.session.execute(_page_statements().catalogue)}
    return tuple(by_id.values()), by_id


def load_workshop_head(uid: str) -> Row | None:
    """The workshop's own row (with its venue and owner's name), or None.

    Enough for ``access`` (it has ``id`` and ``owner_id``) and for the status forms
    (``version``); ``workshop_page_data`` reads the rest.
    """
    return db.session.execute(_page_statements().workshop, {"uid": uid}).one_or_none()


def load_workshop_page_data(uid: str) -> WorkshopData | None:
    """The workshop's data with its agenda and the topic catalogue, from Core rows (no ORM
    objects), or None if there is no such workshop."""
    head = load_workshop_head(uid)
    return None if head is None else workshop_page_data(head)


def workshop_page_data(head: Row) -> WorkshopData:
    """``load_workshop_page_data`` for a workshop whose row ``load_workshop_head`` read."""
    return _remembered("page", head, lambda: _assemble([head])[0])


def workshop_people_data(head: Row) -> WorkshopData:
    """The workshop's data **without its agenda** (no sessions, no catalogue), for a
    workshop whose row ``load_workshop_head`` read.

    For the participant pages, whose agenda comes from a published snapshot: only the live
    participant list and rules are read from the workshop. Equal to
    ``load_workshop_page_data`` with ``sessions`` and ``catalogue`` left empty.
    """
    return _remembered("people", head, lambda: _assemble([head], agenda=False)[0])


def _remembered(kind: str, head: Row, assemble: Callable[[], WorkshopData]) -> WorkshopData:
    """``assemble()``, remembered for the committed data as it is (``planner.caching.
    remember_committed``: any change to any row gives a new entry; on SQLite, or in a
    request that has written, it is assembled each time), with its fingerprint, so that
    the results remembered per data (``planner.remembered``) need not digest it again."""
    from planner import caching

    version = caching.committed_version()
    if version is None:
        return assemble()

    def assembled() -> tuple[WorkshopData, str]:
        data = assemble()
        return data, caching.fingerprint(data)

    data, digest = caching.remember_committed(f"workshop-data:{kind}", head.id, assembled, version)
    caching.fingerprinted(data, digest)
    return data


def load_workshops_data(workshop_ids: Sequence[int]) -> dict[int, WorkshopData]:
    """Each workshop's data as ``load_workshop_page_data`` builds it, keyed by id.

    For the workshop list's readiness counts: the same statements whatever the number of
    workshops (each filters on all of them at once).
    """
    if not workshop_ids:
        return {}
    heads = db.session.execute(
        _page_statements().workshops, {"ids": list(dict.fromkeys(workshop_ids))}
    ).all()
    return {head.id: data for head, data in zip(heads, _assemble(heads), strict=True)}


def _assemble(heads: Sequence[Row], *, agenda: bool = True) -> list[WorkshopData]:
    """The data of the workshops whose rows are ``heads``, in their order.

    Every statement covers all of them; rows are then shared out by workshop (or session,
    prompt and group), keeping the order the database gave within each. With ``agenda``
    False, sessions and the topic catalogue are neither read nor included.
    """
    q = _page_statements()
    execute = db.session.execute
    workshop_ids = {"ids": [head.id for head in heads]}

    # The teams: co-facilitators (in the ORM's order), then everyone's person in one go.
    co_rows = execute(q.co_facilitators, workshop_ids).all()
    team_ids = {head.owner_id for head in heads} | {r.id for r in co_rows}
    community_by_user = dict(execute(q.communities, {"ids": sorted(team_ids)}).all())
    co_by_workshop: dict[int, list[FacilitatorData]] = {}
    for r in co_rows:
        co_by_workshop.setdefault(r.workshop_id, []).append(
            FACILITATOR.build(r, community=community_by_user.get(r.id))
        )
    segments_by_workshop: dict[int, list[tuple[str, str]]] = {}
    for r in execute(q.target_segments, workshop_ids):
        segments_by_workshop.setdefault(r.workshop_id, []).append((r.key, r.name))

    invitations_by_workshop: dict[int, list[InvitationData]] = {}
    invitation_uid_by_id: dict[int, str] = {}
    for row in execute(q.invitations, workshop_ids):
        invitation_uid_by_id[row.id] = row.uid
        invitations_by_workshop.setdefault(row.workshop_id, []).append(
            INVITATION.build(
                row,
                person=PERSON.build(row, "person_"),
                preparation=None if row.prep_id is None else PREPARATION.build(row, "prep_"),
            )
        )

    catalogue, topic_by_id = _catalogue() if agenda else ((), {})
    sessions_by_workshop = (
        _sessions_by_workshop(workshop_ids, invitation_uid_by_id, topic_by_id) if agenda else {}
    )
    return [
        WORKSHOP.build(
            head,
            venue=None if head.venue_id is None else VENUE.build(head, "venue_"),
            target_segments=tuple(segments_by_workshop.get(head.id, ())),
            owner=FacilitatorData(
                name=head.owner_name, community=community_by_user.get(head.owner_id)
            ),
            co_facilitators=tuple(co_by_workshop.get(head.id, ())),
            invitations=tuple(invitations_by_workshop.get(head.id, ())),
            sessions=tuple(sessions_by_workshop.get(head.id, ())),
            catalogue=catalogue,
        )
        for head in heads
    ]


def _sessions_by_workshop(
    workshop_ids: dict[str, list[int]],
    invitation_uid_by_id: dict[int, str],
    topic_by_id: dict[int, TopicData],
) -> dict[int, list[SessionData]]:
    """Sessions with their topics, prompts (with citations) and small groups, by workshop."""
    q = _page_statements()
    execute = db.session.execute
    session_rows = execute(q.sessions, workshop_ids).all()
    session_ids = {"ids": [r.id for r in session_rows]}
    topics_by_session = _topics_by_session(session_ids, topic_by_id)
    link_rows = execute(q.prompt_links, session_ids).all()
    group_rows = execute(q.groups, session_ids).all()

    prompt_ids = {"ids": list(dict.fromkeys(r.prompt_id for r in link_rows))}
    topic_keys_by_prompt: dict[int, list[str]] = {}
    for row in execute(q.prompt_topic_rows, prompt_ids):
        topic_keys_by_prompt.setdefault(row.prompt_id, []).append(row.key)
    segment_keys_by_prompt: dict[int, list[str]] = {}
    for row in execute(q.prompt_segment_rows, prompt_ids):
        segment_keys_by_prompt.setdefault(row.prompt_id, []).append(row.key)

    members_by_group = {
        group_id: [invitation_uid_by_id[i] for i in _ids(joined) if i in invitation_uid_by_id]
        for group_id, joined in execute(q.members, {"ids": [r.id for r in group_rows]})
    }

    prompt_by_id = {
        row.prompt_id: PROMPT.build(
            row,
            topic_keys=tuple(topic_keys_by_prompt.get(row.prompt_id, ())),
            segment_keys=tuple(segment_keys_by_prompt.get(row.prompt_id, ())),
            citation=None if row.passage_id is None else CITATION.build(row, "citation_"),
        )
        for row in execute(q.prompts, prompt_ids)
    }
    prompts_by_session: dict[int, list[PromptData]] = {}
    for session_id, prompt_id in link_rows:
        prompts_by_session.setdefault(session_id, []).append(prompt_by_id[prompt_id])

    groups_by_session: dict[int, list[GroupData]] = {}
    for row in group_rows:
        groups_by_session.setdefault(row.session_id, []).append(
            GROUP.build(row, invitation_uids=tuple(members_by_group.get(row.id, ())))
        )

    sessions_by_workshop: dict[int, list[SessionData]] = {}
    for row in session_rows:
        sessions_by_workshop.setdefault(row.workshop_id, []).append(
            SESSION.build(
                row,
                topics=tuple(topics_by_session.get(row.id, ())),
                prompts=tuple(prompts_by_session.get(row.id, ())),
                groups=tuple(groups_by_session.get(row.id, ())),
            )
        )
    return sessions_by_workshop


@dataclass(frozen=True)
class AgendaOutline:
    """What the agenda editor's overview shows: the sessions as plain data (topics, no
    prompts or groups), with each session's version (for its Move forms) and prompt count."""

    data: WorkshopData
    versions: dict[str, int]
    prompt_counts: dict[str, int]

    def day_sessions(self, day) -> list[SessionData]:
        """One day's sessions, in agenda order."""
        return [s for s in self.data.sessions if s.day == day]


def load_agenda_outline_data(workshop: Workshop) -> AgendaOutline:
    """The agenda outline of ``workshop`` (a loaded row), from four Core statements."""
    q = _page_statements()
    execute = db.session.execute
    rows = execute(q.outline_sessions, {"workshop_id": workshop.id}).all()
    session_ids = {"ids": [r.id for r in rows]}
    uid_by_id = {r.id: r.uid for r in rows}
    counts = {uid_by_id[session_id]: n for session_id, n in execute(q.prompt_counts, session_ids)}
    topics_by_session = _topics_by_session(session_ids, _catalogue()[1])
    sessions = tuple(
        SESSION.build(row, topics=tuple(topics_by_session.get(row.id, ())), prompts=(), groups=())
        for row in rows
    )
    # The workshop's own fields only: the outline shows no venue, team or people.
    data = WORKSHOP.from_model(
        workshop,
        venue=None,
        target_segments=(),
        owner=None,
        co_facilitators=(),
        invitations=(),
        sessions=sessions,
        catalogue=(),
    )
    return AgendaOutline(data=data, versions={r.uid: r.version for r in rows}, prompt_counts=counts)
