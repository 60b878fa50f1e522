"""The access matrix (issue 9.1): every route of the app, asked by every kind of visitor.

Each endpoint in the URL map is classified below with the answer each role must get. A route
that nobody classified fails ``test_every_route_is_classified`` (and its own cases) with
"classify <endpoint>": adding a page means deciding, here, who may see it.

The world: workshop W owned by facilitator A and co-facilitated by facilitator C; facilitator
B is not on W's team; participant P is invited to W, participant Q is not; an organiser.
Requests that change things (POST) run with an empty form: an allowed role gets past the
access check (its answer is a page, a redirect or a 400 for the missing input), a refused
role gets 403/404, and an anonymous visitor is sent to sign in.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import pytest

from planner import create_app
from planner.extensions import db
from planner.models import OutboxMessage, Prompt, SessionPrompt, Source, workshop_co_facilitators
from planner.outbox.kinds import MessageKind
from planner.participant.tokens import hash_token
from planner.vocabulary import Audience, Phase, PromptOrigin, Role, SessionFormat
from tests.factories import PASSWORD, Factories

# Roles and answers -----------------------------------------------------------------------

ANONYMOUS = "anonymous"
PARTICIPANT_INVITED = "participant_invited"
PARTICIPANT_NOT_INVITED = "participant_not_invited"
FACILITATOR_OWNER = "facilitator_owner"
FACILITATOR_CO = "facilitator_co"
FACILITATOR_OTHER = "facilitator_not_on_team"
ORGANISER = "organiser"
ROLES = (
    ANONYMOUS,
    PARTICIPANT_NOT_INVITED,
    PARTICIPANT_INVITED,
    FACILITATOR_OTHER,
    FACILITATOR_CO,
    FACILITATOR_OWNER,
    ORGANISER,
)

OK = "ok"  # a page, a download, a redirect elsewhere than sign-in, or a 400 for bad input
LOGIN = "login"  # redirected to the sign-in page
FORBIDDEN = "403"
NOT_FOUND = "404"


def _answers(
    anonymous: str,
    participant_not_invited: str,
    participant_invited: str,
    facilitator_not_on_team: str,
    facilitator_co: str,
    facilitator_owner: str,
    organiser: str,
) -> dict[str, str]:
    return {
        ANONYMOUS: anonymous,
        PARTICIPANT_NOT_INVITED: participant_not_invited,
        PARTICIPANT_INVITED: participant_invited,
        FACILITATOR_OTHER: facilitator_not_on_team,
        FACILITATOR_CO: facilitator_co,
        FACILITATOR_OWNER: facilitator_owner,
        ORGANISER: organiser,
    }


#                        anon   part.out   part.in    fac.other  fac.co     fac.owner  organiser
PUBLIC = _answers(OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = _answers(LOGIN, OK, OK, OK, OK, OK, OK)
SENT_TO_SIGN_IN = _answers(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)
LIBRARY = _answers(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK, OK)
ORGANISERS = _answers(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
VIEW = _answers(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)
EDIT = _answers(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, OK, OK, OK)
OWNER = _answers(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, OK, OK)
OWN_INVITATION = _answers(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
HAS_PROFILE = _answers(LOGIN, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
STAFF = _answers(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK, OK)


@dataclass(frozen=True)
class Case:
    """How to ask one endpoint: extra query string, and the answers per method."""

    answers: dict[str, dict[str, str]]  # method -> role -> answer
    query: str = ""
    label: str = ""
    data: dict[str, str] = field(default_factory=dict)  # the form of a POST (default: empty)


def case(
    both: dict[str, str] | None = None,
    *,
    GET: dict[str, str] | None = None,  # noqa: N803 - named after the HTTP method
    POST: dict[str, str] | None = None,  # noqa: N803
    query: str = "",
    label: str = "",
    data: dict[str, str] | None = None,
) -> Case:
    answers = {}
    if GET or both:
        answers["GET"] = GET or both
    if POST or both:
        answers["POST"] = POST or both
    return Case(answers, query, label, data or {})


#: endpoint -> the cases that ask it. Keep in step with PRODUCT §2.
MATRIX: dict[str, list[Case]] = {
    "static": [case(PUBLIC)],
    "main.index": [case(SIGNED_IN)],
    "main.healthz": [case(PUBLIC)],
    # Signing in and one's own account.
    "auth.login": [case(PUBLIC)],
    "auth.two_factor": [case(SENT_TO_SIGN_IN)],  # nothing pending: back to the password step
    "auth.logout": [case(_answers(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN))],
    "auth.account": [case(SIGNED_IN)],
    "auth.change_password_page": [case(SIGNED_IN)],
    "auth.two_factor_setup": [case(STAFF)],
    "auth.two_factor_disable": [case(STAFF)],
    # The language switcher: anyone chooses the language of their own session (issue 19).
    "i18n.choose": [case(POST=PUBLIC), case(POST=PUBLIC, label="hy", data={"language": "hy"})],
    # Organiser administration.
    "admin.users": [case(ORGANISERS)],
    "admin.create_account": [case(ORGANISERS)],
    "admin.deactivate_account": [case(ORGANISERS)],
    "admin.reactivate_account": [case(ORGANISERS)],
    "admin.reset_account_sessions": [case(ORGANISERS)],
    "admin.audit": [case(ORGANISERS)],
    "admin.erase_person": [case(ORGANISERS)],
    "admin.people": [case(ORGANISERS)],
    # Protecting participants (issue 20); the exports are asked as JSON (fmt below).
    "protection.retention_page": [case(ORGANISERS)],
    "protection.subject_access_page": [case(ORGANISERS)],
    "protection.subject_access_export": [case(ORGANISERS)],
    "protection.own_data": [case(HAS_PROFILE)],
    "protection.preparation_record": [case(EDIT)],
    # Catalogue and library: organisers and facilitators.
    "catalogue.venues": [case(LIBRARY)],
    "catalogue.segments": [case(LIBRARY)],
    "catalogue.topics": [case(LIBRARY)],
    "catalogue.edit_venue": [case(ORGANISERS)],
    "catalogue.edit_segment": [case(ORGANISERS)],
    "catalogue.edit_topic": [case(ORGANISERS)],
    "prompts.index": [case(LIBRARY)],
    "prompts.show": [case(LIBRARY)],
    "sources.index": [case(LIBRARY)],
    "sources.new": [case(LIBRARY)],
    "sources.show": [case(LIBRARY)],
    "sources.review": [case(LIBRARY)],
    # The world's source was imported by no one in it: only organisers may delete it.
    "sources.delete": [case(POST=ORGANISERS)],
    # Correcting a source (issue 16): like deleting it, organisers and its importer.
    "sources.correct_details": [case(POST=ORGANISERS)],
    "sources.change_kind": [case(POST=ORGANISERS)],
    "sources.merge": [case(POST=ORGANISERS)],
    "sources.split": [case(POST=ORGANISERS)],
    # Workshops.
    "workshops.index": [case(SIGNED_IN)],
    "workshops.new": [case(LIBRARY)],
    "workshops.show": [case(VIEW)],
    "workshops.readiness": [case(EDIT)],
    "workshops.edit": [case(EDIT)],
    "workshops.change_status": [case(EDIT)],
    "workshops.delete": [case(OWNER)],
    "workshops.team": [case(GET=EDIT, POST=OWNER)],
    # A copy carries the team's notes: the team (and organisers) only.
    "workshops.clone": [case(EDIT)],
    "translating.edit": [case(EDIT)],
    # People and invitations: the facilitation team.
    "people.index": [case(EDIT)],
    "people.add": [case(EDIT)],
    "people.search": [case(EDIT)],
    "people.invite": [case(EDIT)],
    "people.edit_invitation": [case(EDIT)],
    "people.edit_person": [case(EDIT)],
    "people.remove_invitation": [case(EDIT)],
    "people.import_csv": [case(EDIT)],
    # Agenda: the facilitation team.
    "agenda.edit": [case(EDIT)],
    "agenda.reorder": [case(EDIT)],
    "agenda.move": [case(EDIT)],
    "agenda.change_duration": [case(EDIT)],
    "agenda.duplicate": [case(EDIT)],
    "agenda.copy_day": [case(EDIT)],
    "agenda.insert_form": [case(EDIT)],
    "agenda.quick_add": [case(EDIT)],
    "agenda.session_actions": [case(EDIT)],
    "agenda.new_session": [case(EDIT)],
    "agenda.edit_session": [case(EDIT)],
    "agenda.delete_session": [case(EDIT)],
    "agenda.attach_prompt": [case(EDIT, data={"prompt": "matrix-prompt"})],
    "agenda.detach_prompt": [case(EDIT)],
    "agenda.move_prompt": [case(EDIT)],
    "agenda.write_prompt": [case(EDIT)],
    "agenda.groups": [case(EDIT)],
    # Participants' own pages and private links.
    "participant.home": [case(SIGNED_IN)],
    "participant.agenda": [case(OWN_INVITATION)],
    "participant.respond": [case(OWN_INVITATION)],
    "participant.profile": [case(HAS_PROFILE)],
    "participant.publications": [case(EDIT)],
    "participant.publish": [case(EDIT)],
    "participant.links": [case(EDIT)],
    "participant.private_agenda": [case(PUBLIC)],  # the token is the key; no account needed
    "participant.calendar_feed": [case(PUBLIC)],
    # Answering, downloading and a new calendar address from the private link (issue 18).
    "participant.private_respond": [case(POST=PUBLIC)],
    "participant.private_download": [case(PUBLIC)],
    "participant.private_calendar_link": [case(POST=PUBLIC)],
    # Exports.
    "briefs.index": [case(VIEW)],
    "briefs.workshop_brief": [
        case(VIEW, query="audience=participant", label="participant"),
        case(EDIT, query="audience=facilitator", label="facilitator"),
    ],
    "briefs.session_brief": [
        case(VIEW, query="audience=participant", label="participant"),
        case(EDIT, query="audience=facilitator", label="facilitator"),
    ],
    "briefs.calendar": [case(VIEW)],
    "briefs.roster": [case(EDIT)],
    "briefs.import_page": [case(LIBRARY)],
    # The outbox and cards of private links (issue 18): the facilitation team.
    "outbox.index": [case(EDIT)],
    "outbox.compose": [case(EDIT)],
    "outbox.message": [case(EDIT)],
    "outbox.act": [case(POST=EDIT)],
    "outbox.cards_page": [case(EDIT)],
    # The live day (issue 22): the facilitation team; the agenda worker is a public script.
    "live.run_sheet": [case(EDIT)],
    "live.late": [case(POST=EDIT)],
    "live.extend": [case(POST=EDIT)],
    "live.skip": [case(POST=EDIT)],
    "live.swap": [case(POST=EDIT)],
    "live.publish": [case(POST=EDIT)],
    "live.offline_agenda": [case(EDIT)],
    "live.record": [case(EDIT)],
    "live.record_session": [case(POST=EDIT)],
    "live.mark_held": [case(POST=EDIT)],
    "live.service_worker": [case(PUBLIC)],
}


# The world -------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, object] = field(default_factory=dict)
    url_values: dict[str, str] = field(default_factory=dict)
    # Values whose meaning depends on the endpoint (e.g. ``record_id`` of a venue or a topic).
    endpoint_values: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def _build_world() -> World:
    make = Factories()
    world = World()
    owner = make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    co = make.user(Role.FACILITATOR, name="Ольга Смирнова")
    other = make.user(Role.FACILITATOR)
    organiser = make.user(Role.ORGANISER)
    workshop = make.workshop(owner=owner, start_date=date(2027, 5, 10), end_date=date(2027, 5, 11))
    db.session.execute(
        workshop_co_facilitators.insert().values(workshop_id=workshop.id, user_id=co.id)
    )
    invited = make.participant_user(workshop, name="Անի Հակոբյան")
    not_invited = make.participant_user(None, name="Aygün Məmmədova")
    session = make.session(workshop, format=SessionFormat.SMALL_GROUPS, audience=Audience.EVERYONE)
    prompt = Prompt(
        key="matrix-prompt",
        text="What changed?",
        phase=Phase.PERCEPTIONS,
        origin=PromptOrigin.WRITTEN,
    )
    db.session.add(prompt)
    db.session.flush()
    db.session.add(SessionPrompt(session_id=session.id, prompt_id=prompt.id, position=1))
    venue = make.venue()
    source = Source(key="matrix-source", title="An op-ed", raw_text="However, talks resumed.")
    db.session.add(source)
    segment = make.segment()
    topic = make.topic()
    invitation = invited.person.invitations[0]
    agenda_token, calendar_token = "a" * 43, "c" * 43
    invitation.agenda_token_hash = hash_token(agenda_token)
    invitation.calendar_token_hash = hash_token(calendar_token)
    message = OutboxMessage(
        workshop_id=workshop.id,
        invitation_id=invitation.id,
        kind=MessageKind.CUSTOM,
        subject="Hello",
        body="Hello",
        message_id="<matrix@planner.test>",
    )
    db.session.add(message)
    db.session.commit()

    world.users = {
        PARTICIPANT_INVITED: invited,
        PARTICIPANT_NOT_INVITED: not_invited,
        FACILITATOR_OWNER: owner,
        FACILITATOR_CO: co,
        FACILITATOR_OTHER: other,
        ORGANISER: organiser,
    }
    world.url_values = {
        "uid": workshop.uid,
        "sid": session.uid,
        "invitation_uid": invitation.uid,
        "person_uid": invited.person.uid,
        "key": prompt.key,
        "day": workshop.start_date.isoformat(),
        "prompt_id": str(prompt.id),
        "fmt": "md",
        "filename": "css/app.css",
        "user_id": str(other.id),
        "source_id": str(source.id),
        "index": "0",
        "message_uid": message.uid,
    }
    world.endpoint_values = {
        "catalogue.edit_venue": {"record_id": str(venue.id)},
        "catalogue.edit_segment": {"record_id": str(segment.id)},
        "catalogue.edit_topic": {"record_id": str(topic.id)},
        "protection.subject_access_export": {"fmt": "json"},
        "protection.own_data": {"fmt": "json"},
    }
    world.tokens = {
        "participant.private_agenda": agenda_token,
        "participant.calendar_feed": calendar_token,
        "participant.private_respond": agenda_token,
        "participant.private_download": agenda_token,
        "participant.private_calendar_link": agenda_token,
    }
    return world


def _url(app, rule, world: World, case_: Case) -> str:
    values = {}
    for name in rule.arguments:
        if name in (rule.defaults or {}):
            continue  # e.g. /venues/new, whose record_id is None
        if name in world.endpoint_values.get(rule.endpoint, {}):
            values[name] = world.endpoint_values[rule.endpoint][name]
        elif name == "token":
            values[name] = world.tokens[rule.endpoint]
        elif name in world.url_values:
            values[name] = world.url_values[name]
        else:
            pytest.fail(f"the access matrix has no value for <{name}> in {rule.rule}")
    with app.test_request_context():
        path = rule.build(values, append_unknown=False)[1]
    return path + (f"?{case_.query}" if case_.query else "")


def _answer(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(response.headers["Location"]).path
        return LOGIN if target == "/login" else OK
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code >= 500 or response.status_code == 405:
        return str(response.status_code)
    return OK  # 2xx, or 400 for the empty form after the access check passed


# Collection ------------------------------------------------------------------------------


def _rules():
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted(application.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule))


_RULES = _rules()


def _parameters():
    for rule in _RULES:
        methods = sorted((rule.methods or set()) & {"GET", "POST"})
        for index, case_ in enumerate(MATRIX.get(rule.endpoint, [None])):
            for method in methods:
                label = f"-{case_.label}" if case_ and case_.label else ""
                yield pytest.param(
                    rule.endpoint,
                    rule.rule,
                    method,
                    index,
                    id=f"{rule.endpoint}{label}-{method}-{rule.rule}",
                )


def test_every_route_is_classified():
    unclassified = sorted({rule.endpoint for rule in _RULES} - set(MATRIX))
    assert not unclassified, "classify " + ", ".join(unclassified)


def test_matrix_names_no_route_that_is_gone():
    gone = sorted(set(MATRIX) - {rule.endpoint for rule in _RULES})
    assert not gone, "no longer a route: " + ", ".join(gone)


@dataclass
class Matrix:
    app: object
    world: World
    clients: dict[str, object]
    cookies: dict[str, str]
    restore: object


@pytest.fixture(scope="module")
def matrix():
    """One app and world for the module; every request starts from the same snapshot."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with application.app_context():
        db.create_all()
        world = _build_world()
        clients = {ANONYMOUS: application.test_client()}
        cookies = {}
        for role, user in world.users.items():
            client = application.test_client()
            signed_in = client.post("/login", data={"email": user.email, "password": PASSWORD})
            assert signed_in.status_code == 302, f"{role} could not sign in"
            clients[role] = client
            cookies[role] = client.get_cookie("session").value
        db.session.remove()
        # In-memory SQLite keeps one connection (a static pool): snapshot it with the
        # backup API, and copy the snapshot back before each request.
        raw = db.engine.raw_connection()
        raw.driver_connection.commit()
        snapshot = sqlite3.connect(":memory:")
        raw.driver_connection.backup(snapshot)

        def restore() -> None:
            db.session.remove()
            raw.driver_connection.commit()
            snapshot.backup(raw.driver_connection)

        yield Matrix(application, world, clients, cookies, restore)
        raw.close()
        snapshot.close()
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(("endpoint", "rule_text", "method", "case_index"), list(_parameters()))
def test_route_answers_each_role_as_classified(matrix, endpoint, rule_text, method, case_index):
    if endpoint not in MATRIX:
        pytest.fail(f"classify {endpoint}")
    case_ = MATRIX[endpoint][case_index]
    expected = case_.answers.get(method)
    if expected is None:
        pytest.fail(f"classify {endpoint} for {method}")
    rule = next(
        r for r in matrix.app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule_text
    )
    url = _url(matrix.app, rule, matrix.world, case_)
    wrong = []
    for role in ROLES:
        matrix.restore()
        client = matrix.clients[role]
        # A request may sign out or start a new session: each starts from the same cookie.
        if role == ANONYMOUS:
            client.delete_cookie("session")
        else:
            client.set_cookie("session", matrix.cookies[role])
        data = case_.data if method == "POST" else None
        response = client.open(url, method=method, data=data)
        got = _answer(response)
        if got != expected[role]:
            wrong.append(f"{role}: expected {expected[role]}, got {got} ({response.status_code})")
    assert not wrong, f"{method} {url}\n" + "\n".join(wrong)
