"""Load workshops with everything their pages show, as models or as plain data.

One query helper per page shape (STYLE: queries are planned, not discovered): the
statement count does not grow with the number of sessions or participants.
``load_workshop`` gives the models, for pages that change them; every page and export that
only reads builds its ``WorkshopData`` with the Core loaders below (one way to build it:
``tests/orm_reference.py`` builds the same data from the models, and the tests compare).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from sqlalchemy import Row, String, bindparam, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.functions import FunctionElement

from planner.extensions import db
from planner.models import (
    Invitation,
    Person,
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
from planner.models.sources import Passage
from planner.workshop_data import (
    CitationData,
    FacilitatorData,
    GroupData,
    InvitationData,
    PersonData,
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
    return list(db.session.scalars(select(SensitiveTopic).order_by(SensitiveTopic.name)))


def topic_data(topic: SensitiveTopic) -> TopicData:
    return TopicData(
        key=topic.key,
        name=topic.name,
        severity=topic.severity,
        description=topic.description,
        handling_guidance=topic.handling_guidance,
        participant_note=topic.participant_note,
        keywords=tuple(topic.keywords or ()),
    )


# --- The workshop page's loader: plain rows straight into WorkshopData ----------------------
#
# ``load_workshop_page_data`` builds the workshop's data without ORM objects: one Core
# SELECT per table, returning tuples, assembled here. Each statement orders its rows as the
# model's relationship orders that collection, so the data equals what the models hold
# (``tests/orm_reference.py``), on SQLite and PostgreSQL, for one workshop or many. The statements are built once; their number does not depend on the size
# or number of workshops.


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


def _topic_from_row(row) -> TopicData:
    return TopicData(
        key=row.key,
        name=row.name,
        severity=row.severity,
        description=row.description,
        handling_guidance=row.handling_guidance,
        participant_note=row.participant_note,
        keywords=tuple(row.keywords or ()),
    )


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


def _session_from_row(row, topics, prompts, groups) -> SessionData:
    return SessionData(
        uid=row.uid,
        day=row.day,
        start=row.start_time,
        duration_minutes=row.duration_minutes,
        title=row.title,
        format=row.format,
        audience=row.audience,
        audience_community=row.audience_community,
        description=row.description,
        facilitator_notes=row.facilitator_notes,
        position=row.position,
        alongside_previous=row.alongside_previous,
        topics=topics,
        prompts=prompts,
        groups=groups,
    )


@cache
def _page_statements() -> SimpleNamespace:
    """The workshop page's SELECTs, with ``uid`` or expanding ``ids`` parameters."""
    ids = bindparam("ids", expanding=True)
    t = SensitiveTopic.__table__
    topic_columns = (
        t.c.id,
        t.c.key,
        t.c.name,
        t.c.severity,
        t.c.description,
        t.c.handling_guidance,
        t.c.participant_note,
        t.c.keywords,
    )
    segments = Segment.__table__
    segment_columns = tuple(segments.c)
    users = User.__table__

    w = Workshop.__table__
    venue = Venue.__table__.alias("venues_1")
    owner = users.alias("users_1")
    workshop = select(
        w.c.id,
        w.c.uid,
        w.c.title,
        w.c.objectives,
        w.c.context_notes,
        w.c.start_date,
        w.c.end_date,
        w.c.timezone,
        w.c.track,
        w.c.confidentiality,
        w.c.status,
        w.c.working_languages,
        w.c.owner_id,
        w.c.version,
        venue.c.id.label("venue_id"),
        venue.c.name.label("venue_name"),
        venue.c.city,
        venue.c.country,
        venue.c.timezone.label("venue_timezone"),
        venue.c.neutral_ground,
        venue.c.capacity,
        venue.c.accessibility_notes,
        owner.c.name.label("owner_name"),
    ).select_from(
        w.outerjoin(venue, venue.c.id == w.c.venue_id).outerjoin(owner, owner.c.id == w.c.owner_id)
    )
    workshops = workshop.where(w.c.id.in_(ids))
    workshop = workshop.where(w.c.uid == bindparam("uid"))

    cf = workshop_co_facilitators
    co_facilitators = (
        select(cf.c.workshop_id, users.c.id, users.c.name)
        .select_from(cf.join(users, users.c.id == cf.c.user_id))
        .where(cf.c.workshop_id.in_(ids))
        .order_by(users.c.id)
    )
    people = Person.__table__
    communities = select(people.c.user_id, people.c.community).where(people.c.user_id.in_(ids))
    ts = workshop_target_segments
    target_segments = (
        select(ts.c.workshop_id, *segment_columns)
        .select_from(ts.join(segments, segments.c.id == ts.c.segment_id))
        .where(ts.c.workshop_id.in_(ids))
        .order_by(segments.c.id)
    )

    inv = Invitation.__table__
    person = people.alias("people_1")
    person_segment = segments.alias("segments_1")
    invitations = (
        select(
            inv.c.workshop_id,
            inv.c.id,
            inv.c.uid,
            inv.c.role,
            inv.c.status,
            person.c.uid.label("person_uid"),
            person.c.name,
            person.c.community,
            person.c.affiliation,
            person.c.languages,
            person.c.consent_to_list,
            person.c.notes,
            person.c.email,
            person_segment.c.id.label("segment_id"),
            person_segment.c.key.label("segment_key"),
            person_segment.c.name.label("segment_name"),
        )
        .select_from(
            inv.outerjoin(person, person.c.id == inv.c.person_id).outerjoin(
                person_segment, person_segment.c.id == person.c.segment_id
            )
        )
        .where(inv.c.workshop_id.in_(ids))
        .order_by(inv.c.id)
    )

    se = Session.__table__
    sessions = (
        select(
            se.c.workshop_id,
            se.c.id,
            se.c.uid,
            se.c.day,
            se.c.start_time,
            se.c.duration_minutes,
            se.c.title,
            se.c.format,
            se.c.audience,
            se.c.audience_community,
            se.c.description,
            se.c.facilitator_notes,
            se.c.position,
            se.c.alongside_previous,
        )
        .where(se.c.workshop_id.in_(ids))
        .order_by(se.c.day, se.c.position, se.c.id)
    )
    st = session_topics
    # Which topics each session flags; the topics themselves come from the catalogue.
    session_topic_ids = (
        select(st.c.session_id, st.c.topic_id)
        .where(st.c.session_id.in_(ids))
        .order_by(st.c.topic_id)
    )
    sp = SessionPrompt.__table__
    prompt = Prompt.__table__.alias("prompts_1")
    passage = Passage.__table__.alias("passages_1")
    source = Source.__table__.alias("sources_1")
    # Which prompts each session has, in order; then each prompt once, with its citation.
    prompt_links = (
        select(sp.c.session_id, sp.c.prompt_id)
        .where(sp.c.session_id.in_(ids))
        .order_by(sp.c.position)
    )
    prompts = (
        select(
            prompt.c.id.label("prompt_id"),
            prompt.c.key,
            prompt.c.text,
            prompt.c.phase,
            prompt.c.origin,
            prompt.c.quote,
            passage.c.id.label("passage_id"),
            passage.c.index,
            passage.c.kind,
            passage.c.text.label("passage_text"),
            source.c.title,
            source.c.author,
            source.c.outlet,
        )
        .select_from(
            prompt.outerjoin(passage, passage.c.id == prompt.c.passage_id).outerjoin(
                source, source.c.id == passage.c.source_id
            )
        )
        .where(prompt.c.id.in_(ids))
    )
    sg = SmallGroup.__table__
    groups = (
        select(sg.c.session_id, sg.c.id, sg.c.number)
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
    catalogue = select(*topic_columns).order_by(t.c.name)

    # The agenda editor's outline: sessions in editing order with their versions, and how
    # many prompts each has (the prompts themselves are not shown there).
    outline_sessions = (
        select(*sessions.selected_columns, se.c.version)
        .where(se.c.workshop_id == bindparam("workshop_id"))
        .order_by(se.c.day, se.c.position, se.c.start_time, se.c.id)
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
    by_id: dict[int, TopicData] = {}
    for row in db.session.execute(_page_statements().catalogue):
        by_id[row.id] = _topic_from_row(row)
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
    return _assemble([head])[0]


def workshop_people_data(head: Row) -> WorkshopData:
    """The workshop's data **without its agenda** (no sessions, no catalogue), for a
    workshop whose row ``load_workshop_head`` read.

    For the participant pages, whose agenda comes from a published snapshot: only the live
    participant list and rules are read from the workshop. Equal to
    ``load_workshop_page_data`` with ``sessions`` and ``catalogue`` left empty.
    """
    return _assemble([head], agenda=False)[0]


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
            FacilitatorData(name=r.name, community=community_by_user.get(r.id))
        )
    segments_by_workshop: dict[int, list[tuple[str, str]]] = {}
    for r in execute(q.target_segments, workshop_ids):
        segments_by_workshop.setdefault(r.workshop_id, []).append((r.key, r.name))

    invitations_by_workshop: dict[int, list[InvitationData]] = {}
    invitation_uid_by_id: dict[int, str] = {}
    for row in execute(q.invitations, workshop_ids):
        has_segment = row.segment_id is not None
        invitation_uid_by_id[row.id] = row.uid
        invitations_by_workshop.setdefault(row.workshop_id, []).append(
            InvitationData(
                uid=row.uid,
                person=PersonData(
                    uid=row.person_uid,
                    name=row.name,
                    community=row.community,
                    segment_key=row.segment_key if has_segment else None,
                    segment_name=row.segment_name if has_segment else "",
                    affiliation=row.affiliation,
                    languages=tuple(row.languages or ()),
                    consent_to_list=row.consent_to_list,
                    notes=row.notes,
                    email=row.email or "",
                ),
                role=row.role,
                status=row.status,
            )
        )

    catalogue, topic_by_id = _catalogue() if agenda else ((), {})
    sessions_by_workshop = (
        _sessions_by_workshop(workshop_ids, invitation_uid_by_id, topic_by_id) if agenda else {}
    )
    return [
        WorkshopData(
            uid=head.uid,
            title=head.title,
            start_date=head.start_date,
            end_date=head.end_date,
            timezone=head.timezone,
            confidentiality=head.confidentiality,
            track=head.track,
            status=head.status,
            objectives=head.objectives,
            context_notes=head.context_notes,
            venue=None
            if head.venue_id is None
            else VenueData(
                name=head.venue_name,
                city=head.city,
                country=head.country,
                timezone=head.venue_timezone,
                neutral_ground=head.neutral_ground,
                capacity=head.capacity,
                accessibility_notes=head.accessibility_notes,
            ),
            working_languages=tuple(head.working_languages or ()),
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

    prompt_by_id: dict[int, PromptData] = {}
    for row in execute(q.prompts, prompt_ids):
        prompt_by_id[row.prompt_id] = PromptData(
            key=row.key,
            text=row.text,
            phase=row.phase,
            origin=row.origin,
            topic_keys=tuple(topic_keys_by_prompt.get(row.prompt_id, ())),
            segment_keys=tuple(segment_keys_by_prompt.get(row.prompt_id, ())),
            citation=None
            if row.passage_id is None
            else CitationData(
                source_title=row.title,
                author=row.author,
                outlet=row.outlet,
                passage_index=row.index,
                passage_kind=row.kind,
                passage_text=row.passage_text,
                quote=row.quote,
            ),
        )
    prompts_by_session: dict[int, list[PromptData]] = {}
    for session_id, prompt_id in link_rows:
        prompts_by_session.setdefault(session_id, []).append(prompt_by_id[prompt_id])

    groups_by_session: dict[int, list[GroupData]] = {}
    for row in group_rows:
        groups_by_session.setdefault(row.session_id, []).append(
            GroupData(number=row.number, invitation_uids=tuple(members_by_group.get(row.id, ())))
        )

    sessions_by_workshop: dict[int, list[SessionData]] = {}
    for row in session_rows:
        sessions_by_workshop.setdefault(row.workshop_id, []).append(
            _session_from_row(
                row,
                tuple(topics_by_session.get(row.id, ())),
                tuple(prompts_by_session.get(row.id, ())),
                tuple(groups_by_session.get(row.id, ())),
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
        """One day's sessions in editing order (position, then start)."""
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
    data = WorkshopData(
        uid=workshop.uid,
        title=workshop.title,
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        timezone=workshop.timezone,
        confidentiality=workshop.confidentiality,
        sessions=tuple(
            _session_from_row(row, tuple(topics_by_session.get(row.id, ())), (), ()) for row in rows
        ),
    )
    return AgendaOutline(data=data, versions={r.uid: r.version for r in rows}, prompt_counts=counts)
