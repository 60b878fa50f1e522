"""Factories for test records: small, explicit, with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, time

from planner.extensions import db
from planner.models import (
    Invitation,
    Person,
    Segment,
    SensitiveTopic,
    Session,
    User,
    Venue,
    Workshop,
)
from planner.vocabulary import (
    Audience,
    Community,
    InvitationRole,
    InvitationStatus,
    Role,
    SessionFormat,
    Severity,
)

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


class Factories:
    def user(
        self,
        role: Role | str = Role.FACILITATOR,
        *,
        email: str | None = None,
        name: str = "",
        active: bool = True,
        password: str = PASSWORD,
    ) -> User:
        n = next(_counter)
        user = User(
            email=email or f"user{n}@example.org",
            name=name or f"User {n}",
            role=Role(role),
            active=active,
        )
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    def venue(self, **kw) -> Venue:
        n = next(_counter)
        values = dict(
            key=f"venue-{n}",
            name=f"Venue {n}",
            city="Tbilisi",
            country="GE",
            timezone="Asia/Tbilisi",
            neutral_ground=True,
            capacity=40,
        )
        values.update(kw)
        venue = Venue(**values)
        db.session.add(venue)
        db.session.commit()
        return venue

    def segment(self, key: str = "experts", name: str = "Experts") -> Segment:
        segment = db.session.query(Segment).filter_by(key=key).one_or_none()
        if segment is None:
            segment = Segment(key=key, name=name)
            db.session.add(segment)
            db.session.commit()
        return segment

    def topic(
        self, key: str = "humanitarian-access", severity: Severity = Severity.CRITICAL, **kw
    ) -> SensitiveTopic:
        values = dict(
            key=key,
            name=key.replace("-", " ").capitalize(),
            severity=severity,
            handling_guidance=f"HANDLING-{key}",
            participant_note=f"NOTE-{key}",
            keywords=[key],
        )
        values.update(kw)
        topic = SensitiveTopic(**values)
        db.session.add(topic)
        db.session.commit()
        return topic

    def workshop(self, owner: User | None = None, **kw) -> Workshop:
        n = next(_counter)
        owner = owner or self.user(Role.FACILITATOR)
        values = dict(
            title=f"Workshop {n}",
            start_date=date(2027, 5, 10),
            end_date=date(2027, 5, 11),
            timezone="Asia/Tbilisi",
            owner=owner,
            context_notes=f"CONTEXT-SECRET-{n}",
        )
        values.update(kw)
        workshop = Workshop(**values)
        db.session.add(workshop)
        db.session.commit()
        return workshop

    def person(
        self, name: str | None = None, community: Community = Community.ARMENIAN, **kw
    ) -> Person:
        n = next(_counter)
        values = dict(
            name=name or f"Person {n}",
            community=community,
            notes=f"PERSON-SECRET-{n}",
            consent_to_list=True,
            languages=["en"],
        )
        values.update(kw)
        person = Person(**values)
        db.session.add(person)
        db.session.commit()
        return person

    def invite(
        self,
        workshop: Workshop,
        person: Person,
        *,
        role: InvitationRole = InvitationRole.PARTICIPANT,
        status: InvitationStatus = InvitationStatus.CONFIRMED,
    ) -> Invitation:
        invitation = Invitation(workshop=workshop, person=person, role=role, status=status)
        db.session.add(invitation)
        db.session.commit()
        return invitation

    def participant_user(
        self, workshop: Workshop | None = None, community: Community = Community.ARMENIAN, **kw
    ) -> User:
        """A participant account linked to a person, invited to ``workshop`` if given."""
        user = self.user(Role.PARTICIPANT, **kw)
        person = self.person(name=user.name, community=community, user=user, email=user.email)
        if workshop is not None:
            self.invite(workshop, person)
        return user

    def session(self, workshop: Workshop, **kw) -> Session:
        n = next(_counter)
        values = dict(
            workshop=workshop,
            day=workshop.start_date,
            start_time=time(9, 0),
            duration_minutes=60,
            title=f"Session {n}",
            format=SessionFormat.PLENARY,
            audience=Audience.EVERYONE,
            facilitator_notes=f"SESSION-SECRET-{n}",
            position=n,
        )
        values.update(kw)
        session = Session(**values)
        db.session.add(session)
        db.session.commit()
        return session
