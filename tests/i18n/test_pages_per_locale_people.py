"""The team's people, outbox, protection and admin pages, the account and two-factor pages
and the error pages in every language (issue 19): no 500, the right ``<html lang>``, no
English of the catalogue left, and words of the translation there.

The facilitator (the workshop's owner) reads the people, outbox and protection pages, the
organiser the admin pages, both in their account's language; a message in the outbox is to a
person who reads that language too, so its text is in it. Pages that answer a bad form
(an empty name, an import with a bad line, a custom message without a subject, a stale
invitation) are read as well.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyotp
import pytest
from flask import abort

from planner.extensions import db
from planner.models import OutboxMessage
from planner.outbox import operations as outbox
from planner.outbox.kinds import MessageKind
from planner.workshop_loading import load_workshop_head
from tests.factories import PASSWORD
from tests.http.test_participant import build_world, publish
from tests.i18n.test_pages_per_locale import (
    LOCALES,
    PHRASES,
    SAME_IN_EVERY_LANGUAGE,
    assert_marker_translated,
    assert_no_english,
    translation,
    visible_text,
)

#: The page's language (the element also says its direction).
HTML_LANG = re.compile(r'<html lang="([a-z]+)"')

#: English these pages show when left untranslated.
MORE_ENGLISH = [
    "People and invitations",
    "Add a person",
    "Import from CSV",
    "Invite someone already registered",
    "Listed to others",
    "Role and status",
    "Uninvite",
    "Find a person",
    "Outbox",
    "Write to participants",
    "Cards of private links",
    "Retention of personal data",
    "Audit log",
    "Accounts",
    "Data held about",
    "Preparation of",
    "Dear ",
    "private agenda link",
    "Something went wrong",
    "Too many attempts",
    "Page not found",
    "You do not have access",
]


def _csv() -> dict:
    # A header and two lines: the second has no community and a bad consent word.
    data = "name,community,consent\nԱնի Հակոբյան,armenian,yes\nRəşad Əliyev,,maybe\n"
    return {"file": (io.BytesIO(data.encode("utf-8")), "roster.csv")}


@dataclass
class TeamPage:
    path: str
    #: A msgid whose translation the page must show.
    marker: str
    status: int = 200
    method: str = "GET"
    data: Callable[[], dict] | dict = field(default_factory=dict)
    # facilitator (the owner), organiser, participant, visitor (switcher)
    who: str = "facilitator"


PEOPLE = "/workshops/{uid}/people"
OUTBOX = "/workshops/{uid}/outbox"

PAGES = {
    "people": TeamPage(PEOPLE, "People and invitations"),
    "add": TeamPage(PEOPLE + "/new", "Invitation status"),
    "add-bad": TeamPage(
        PEOPLE + "/new", "Name is required.", method="POST", data={"name": "", "community": ""}
    ),
    "person": TeamPage(PEOPLE + "/person/{person}/edit", "Save profile"),
    "import": TeamPage(PEOPLE + "/import", "Check the file"),
    "import-bad-line": TeamPage(
        PEOPLE + "/import", "The file cannot be imported", method="POST", data=_csv
    ),
    "invitation": TeamPage(PEOPLE + "/{invitation}/edit", "Role in this workshop"),
    "invitation-stale": TeamPage(
        PEOPLE + "/{invitation}/edit",
        "This invitation",
        status=409,
        method="POST",
        data={"version": "0", "role": "participant", "status": "confirmed"},
    ),
    "search": TeamPage(PEOPLE + "/find?q=Ayg", "Results"),
    "search-nobody": TeamPage(PEOPLE + "/find?q=zzzz", "No one matches."),
    "remove": TeamPage(PEOPLE + "/{invitation}/remove", "Keep the invitation"),
    "preparation": TeamPage(PEOPLE + "/{invitation}/preparation", "Pre-workshop conversation"),
    "outbox": TeamPage(OUTBOX + "/", "Print cards of private links"),
    "compose": TeamPage(OUTBOX + "/compose", "Put the drafts in the outbox"),
    "compose-bad": TeamPage(
        OUTBOX + "/compose",
        "A custom message needs a subject and a text.",
        status=400,
        method="POST",
        data={"kind": "custom", "recipients": "all", "subject": "", "body": ""},
    ),
    "message": TeamPage(OUTBOX + "/{message}", "Change this message"),
    "cards": TeamPage(OUTBOX + "/cards", "Create the links and the PDF"),
    "accounts": TeamPage("/admin/users", "Create account", who="organiser"),
    "audit": TeamPage("/admin/audit", "Audit events, newest first", who="organiser"),
    "admin-people": TeamPage("/admin/people?q=Ayg", "Data held", who="organiser"),
    "erase": TeamPage("/admin/people/{person}/erase", "Erase this person", who="organiser"),
    "erase-unticked": TeamPage(
        "/admin/people/{person}/erase",
        "Tick the box to confirm the erasure.",
        status=400,
        method="POST",
        who="organiser",
    ),
    "retention": TeamPage("/admin/retention", "Save period", who="organiser"),
    "subject-access": TeamPage("/admin/people/{person}/data", "Correct or erase", who="organiser"),
    "account": TeamPage("/account", "Manage two-factor sign-in"),
    "two-factor-setup": TeamPage("/account/two-factor", "Set up two-factor sign-in", who="fresh"),
    "two-factor-wrong-code": TeamPage(
        "/account/two-factor",
        "That code does not match. Check the time on your phone and try again.",
        method="POST",
        data={"code": "000000"},
        who="fresh",
    ),
    "two-factor-status": TeamPage("/account/two-factor", "Turn off two-factor sign-in"),
    "password-bad": TeamPage(
        "/account/password",
        "That is not your current password.",
        method="POST",
        data={"current_password": "wrong", "new_password": "x" * 20, "confirm": "x" * 20},
    ),
    "forbidden": TeamPage(PEOPLE, "You do not have access to this", status=403, who="participant"),
    "not-found": TeamPage(PEOPLE + "/no-such-invitation/edit", "Page not found", status=404),
    "throttled": TeamPage("/_test/throttled", "Too many attempts", status=429, who="visitor"),
    "server-error": TeamPage(
        "/_test/broken", "Something went wrong on our side", status=500, who="visitor"
    ),
}


def _test_routes(app) -> None:
    """A route that is throttled and one that breaks, to draw the 429 and 500 pages."""

    def throttled():
        abort(429)

    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/_test/throttled", "test_throttled", throttled)
    app.add_url_rule("/_test/broken", "test_broken", broken)


def _queue_message(world) -> str:
    head = load_workshop_head(world.workshop.uid)
    invitations = outbox.invitations_for(
        head.id, outbox.Recipients.SELECTION, [world.invitation.uid]
    )
    queued = outbox.queue(head, MessageKind.INVITATION, invitations, actor=world.owner)
    db.session.commit()
    return queued.messages[0].uid


def _prepare(client, make, locale: str, page: TeamPage) -> str:
    _test_routes(client.application)
    world = build_world(make)
    publish(world)
    person = world.participant.person
    # The recipient of the queued message reads this language too.
    person.preferred_language = locale
    db.session.commit()
    path = (
        page.path.replace("{uid}", world.workshop.uid)
        .replace("{invitation}", world.invitation.uid)
        .replace("{person}", person.uid)
    )
    if "{message}" in path:
        path = path.replace("{message}", _queue_message(world))
    if page.who == "visitor":
        client.post("/language", data={"language": locale, "next": "/login"})
        return path
    if page.who == "fresh":
        user = make.user()
    else:
        user = {
            "facilitator": world.owner,
            "organiser": world.organiser,
            "participant": world.participant,
        }[page.who]
    if page.who == "facilitator":
        # Two-factor on: the account page offers to manage it.
        user.totp_secret = pyotp.random_base32()
    user.preferred_language = locale
    db.session.commit()
    signed = client.post("/login", data={"email": user.email, "password": PASSWORD})
    if user.totp_secret:
        code = pyotp.TOTP(user.totp_secret).now()
        signed = client.post("/login/two-factor", data={"code": code})
    assert signed.status_code == 302, signed.get_data(as_text=True)[:300]
    return path


def _read(client, make, locale: str, name: str) -> str:
    page = PAGES[name]
    path = _prepare(client, make, locale, page)
    data = page.data() if callable(page.data) else page.data
    response = client.open(path, method=page.method, data=data)
    assert response.status_code == page.status, response.get_data(as_text=True)[:400]
    body = response.get_data(as_text=True)
    assert HTML_LANG.search(body).group(1) == locale
    return visible_text(body)


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("locale", LOCALES)
def test_team_page_is_wholly_in_the_readers_language(client, make, locale, name):
    text = _read(client, make, locale, name)
    assert_no_english(text, name, locale, MORE_ENGLISH)
    assert_marker_translated(text, locale, PAGES[name].marker)


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("ru", ("Люди и приглашения", "Добавить человека", "Импорт из CSV")),
        ("hy", ("Մարդիկ և հրավերներ", "Ավելացնել անձ", "Ներմուծել CSV-ից")),
        ("az", ("İnsanlar və dəvətlər", "Şəxs əlavə et", "CSV-dən idxal")),
    ],
)
def test_the_people_page_says_it_in_words_of_the_language(client, make, locale, words):
    text = _read(client, make, locale, "people")
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("ru", ("Строка", "Проблема", "community обязателен", "это не «да» или «нет»")),
        ("hy", ("Տող", "Խնդիր", "community-ն պարտադիր է", "ո՛չ «այո» է, ո՛չ «ոչ»")),
        ("az", ("Sətir", "Problem", "community mütləqdir", "nə «bəli», nə də «xeyr» deyil")),
    ],
)
def test_an_import_says_what_is_wrong_with_each_line_in_the_language(client, make, locale, words):
    text = _read(client, make, locale, "import-bad-line")
    for word in words:
        assert word in text


def test_the_message_to_an_armenian_reader_is_in_armenian_on_the_team_page(client, make):
    text = _read(client, make, "hy", "message")
    assert "Հրավիրում ենք ձեզ մասնակցելու «Dialogue in Tbilisi» աշխատաժողովին" in text
    assert db.session.query(OutboxMessage).one().subject.startswith("Հրավեր՝ Dialogue in Tbilisi")


@pytest.mark.parametrize(
    "name", ["people", "import-bad-line", "outbox", "accounts", "server-error", "throttled"]
)
def test_the_english_pages_still_say_it_in_english(client, make, name):
    # The checks above would pass on a page that lost its text: English shows the words.
    page = PAGES[name]
    text = _read(client, make, "en", name)
    assert page.marker in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_recovery_codes_page_is_in_the_language(client, make, locale):
    _prepare(client, make, locale, PAGES["two-factor-setup"])
    setup = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">(\w+)</code>', setup).group(1)
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert HTML_LANG.search(body).group(1) == locale
    text = visible_text(body)
    assert translation(locale, "Two-factor sign-in is on") in text
    assert [p for p in PHRASES if p in text and p not in SAME_IN_EVERY_LANGUAGE] == []
