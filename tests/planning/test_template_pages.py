"""Starting from a template and copying to new dates, through the pages and the CLI
(issue 17, item 3), with the permission asked of every kind of visitor."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import Workshop
from planner.vocabulary import InvitationStatus, Role
from planner.workshops import methodology
from tests.planning.conftest import workshop_values

FORM = {
    "title": "Yerevan–Baku: Երկխոսություն, dialoq",
    "venue": "venice",
    "start_date": "2027-05-10",
    "end_date": "",
    "timezone": "",
    "track": "track_two",
    "confidentiality": "chatham_house",
    "working_languages": "en, ru",
}


def _only(title: str) -> Workshop:
    return db.session.scalars(select(Workshop).where(Workshop.title == title)).one()


def test_new_workshop_page_offers_the_templates_and_stages(seeded, facilitator, client, login):
    login(facilitator)
    page = client.get("/workshops/new").get_data(as_text=True)
    assert '<label for="template">Start from</label>' in page
    for template in methodology.load_templates():
        assert template.name in page
    assert "Stage 3: Probing problems and relationships to choose a direction" in page
    assert '<label for="stage">Stage of the dialogue</label>' in page


def test_new_workshop_page_starts_a_workshop_from_a_template(seeded, facilitator, client, login):
    login(facilitator)
    response = client.post(
        "/workshops/new", data={**FORM, "template": "confidence-building-three-day"}
    )
    assert response.status_code == 302
    workshop = _only(FORM["title"])
    assert response.headers["Location"].endswith(f"/workshops/{workshop.uid}")
    assert (workshop.start_date, workshop.end_date) == (date(2027, 5, 10), date(2027, 5, 12))
    assert workshop.owner_id == facilitator.id
    assert len(workshop.sessions) == len(
        methodology.find_template("confidence-building-three-day").sessions
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "created as a draft from the template “Three-day confidence-building workshop”" in page
    assert "Welcome dinner" in page


def test_a_staged_template_needs_its_stage_on_the_page(seeded, facilitator, client, login):
    login(facilitator)
    response = client.post("/workshops/new", data={**FORM, "template": "sustained-dialogue"})
    assert response.status_code == 200
    assert "Choose the stage of the sustained dialogue meeting." in response.get_data(as_text=True)
    assert db.session.scalar(select(Workshop)) is None
    response = client.post(
        "/workshops/new", data={**FORM, "template": "sustained-dialogue", "stage": "2"}
    )
    assert response.status_code == 302
    titles = [s.title for s in _only(FORM["title"]).sessions]
    assert "Stage 2: naming the problems that matter most" in titles


def test_dates_shorter_than_the_template_are_refused_on_the_page(
    seeded, facilitator, client, login
):
    login(facilitator)
    response = client.post(
        "/workshops/new",
        data={**FORM, "template": "kelman-problem-solving", "end_date": "2027-05-11"},
    )
    assert response.status_code == 200
    assert "takes 3 days; the dates chosen give 2" in response.get_data(as_text=True)
    assert db.session.scalar(select(Workshop)) is None


def test_a_blank_workshop_still_needs_its_last_day(seeded, facilitator, client, login):
    login(facilitator)
    response = client.post("/workshops/new", data={**FORM, "template": ""})
    assert "Enter the last day." in response.get_data(as_text=True)
    assert db.session.scalar(select(Workshop)) is None
    response = client.post(
        "/workshops/new", data={**FORM, "template": "", "end_date": "2027-05-11"}
    )
    assert response.status_code == 302
    assert _only(FORM["title"]).sessions == []


def test_an_unknown_template_is_refused_by_the_form(seeded, facilitator, client, login):
    login(facilitator)
    response = client.post("/workshops/new", data={**FORM, "template": "../../etc/passwd"})
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(select(Workshop)) is None


def test_a_broken_template_file_leaves_the_blank_workshop_available(
    seeded, facilitator, client, login, tmp_path, monkeypatch
):
    (tmp_path / "broken.yaml").write_text("key: broken\nname: Broken\ndays: 1\nsessions: []\n")
    monkeypatch.setattr(methodology, "TEMPLATES_DIR", tmp_path)
    login(facilitator)
    response = client.get("/workshops/new")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "broken.yaml: “sessions” must list at least one session." in page
    assert "A blank workshop" in page


# Copying to new dates through the page.


@pytest.fixture
def planned(seeded, facilitator):
    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-one-day"),
        workshop_values(days=1),
    )
    db.session.commit()
    return workshop


def test_workshop_page_links_to_copying_it(planned, facilitator, client, login):
    login(facilitator)
    page = client.get(f"/workshops/{planned.uid}").get_data(as_text=True)
    assert page.count(f'href="/workshops/{planned.uid}/clone">Copy to new dates</a>') == 1


def test_clone_page_copies_to_new_dates(planned, facilitator, client, login):
    login(facilitator)
    form = client.get(f"/workshops/{planned.uid}/clone").get_data(as_text=True)
    assert 'value="Venice, spring"' in form
    response = client.post(
        f"/workshops/{planned.uid}/clone",
        data={"title": "Venice, autumn", "start_date": "2027-10-04"},
    )
    assert response.status_code == 302
    copied = _only("Venice, autumn")
    assert response.headers["Location"].endswith(f"/workshops/{copied.uid}")
    assert copied.start_date == date(2027, 10, 4)
    assert [(s.start_time, s.title) for s in copied.sessions] == [
        (s.start_time, s.title) for s in planned.sessions
    ]
    assert copied.sessions[0].start_time == time(9, 0)


def test_clone_page_refuses_a_missing_day_saving_nothing(planned, facilitator, client, login):
    login(facilitator)
    response = client.post(f"/workshops/{planned.uid}/clone", data={"title": "X", "start_date": ""})
    assert response.status_code == 200
    assert "Enter the first day." in response.get_data(as_text=True)
    assert db.session.scalars(select(Workshop)).all() == [planned]


def _roles(make, workshop):
    owner = workshop.owner
    co = make.user(Role.FACILITATOR)
    workshop.co_facilitators.append(co)
    db.session.commit()
    invited = make.participant_user(workshop)
    return {
        "owner": (owner, 302),
        "co_facilitator": (co, 302),
        "organiser": (make.user(Role.ORGANISER), 302),
        "other_facilitator": (make.user(Role.FACILITATOR), 404),
        "participant": (invited, 403),
    }


@pytest.mark.parametrize(
    "role", ["owner", "co_facilitator", "organiser", "other_facilitator", "participant"]
)
def test_clone_is_asked_of_access_for_each_role(planned, make, client, login, role):
    user, expected = _roles(make, planned)[role]
    login(user)
    before = db.session.scalars(select(Workshop.id)).all()
    response = client.post(
        f"/workshops/{planned.uid}/clone", data={"title": "Copy", "start_date": "2027-10-04"}
    )
    assert response.status_code == expected
    after = db.session.scalars(select(Workshop.id)).all()
    assert len(after) == len(before) + (1 if expected == 302 else 0)
    if expected == 302:
        assert _only("Copy").owner_id == user.id


def test_clone_sends_an_anonymous_visitor_to_sign_in(planned, client):
    response = client.get(f"/workshops/{planned.uid}/clone")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_participant_of_the_workshop_sees_no_copy_link(planned, make, client, login):
    user = make.participant_user(planned)
    login(user)
    page = client.get(f"/workshops/{planned.uid}", follow_redirects=True).get_data(as_text=True)
    assert "Copy to new dates" not in page


# The command line.


def test_cli_lists_the_templates_and_their_stages(seeded, runner):
    result = runner.invoke(args=["workshop", "templates"])
    assert result.exit_code == 0, result.output
    assert "kelman-problem-solving" in result.output
    assert "--stage 5: Acting together" in result.output


def test_cli_starts_a_workshop_from_a_template(seeded, facilitator, runner):
    result = runner.invoke(
        args=[
            "workshop",
            "from-template",
            "sustained-dialogue",
            "--stage",
            "3",
            "--title",
            "Tbilisi: Диалог",
            "--start",
            "2027-06-01",
            "--venue",
            "tbilisi",
            "--owner",
            facilitator.email,
        ]
    )
    assert result.exit_code == 0, result.output
    workshop = _only("Tbilisi: Диалог")
    assert workshop.uid in result.output
    assert workshop.owner_id == facilitator.id
    assert workshop.timezone == "Asia/Tbilisi"
    assert "Stage 3: probing the problems we named" in [s.title for s in workshop.sessions]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-template"], "There is no methodology template “no-such-template”"),
        (["sustained-dialogue"], "Choose the stage of Sustained Dialogue meeting"),
        (
            ["kelman-problem-solving", "--end", "2027-06-01"],
            "takes 3 days; the dates chosen give 1",
        ),
        (["kelman-problem-solving", "--venue", "atlantis"], "No venue has the key “atlantis”"),
        (["kelman-problem-solving", "--start", "01/06/2027"], "is not a date such as"),
    ],
)
def test_cli_refuses_with_a_message_and_saves_nothing(seeded, facilitator, runner, args, message):
    base = ["workshop", "from-template", *args[:1], "--title", "T", "--owner", facilitator.email]
    if "--start" not in args:
        base += ["--start", "2027-06-01"]
    if "--venue" not in args:
        base += ["--venue", "venice"]
    result = runner.invoke(args=[*base, *args[1:]])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(Workshop)) is None


def test_cli_clones_a_workshop(planned, facilitator, runner):
    result = runner.invoke(
        args=[
            "workshop",
            "clone",
            planned.uid,
            "--start",
            "2027-11-08",
            "--title",
            "Again",
            "--owner",
            facilitator.email,
        ]
    )
    assert result.exit_code == 0, result.output
    copied = _only("Again")
    assert copied.start_date == date(2027, 11, 8)
    assert len(copied.sessions) == len(planned.sessions)
    assert copied.invitations == []


def test_cli_clone_of_an_unknown_workshop_says_so(seeded, runner):
    result = runner.invoke(args=["workshop", "clone", "nope", "--start", "2027-11-08"])
    assert result.exit_code == 1
    assert "No workshop has the id 'nope'" in result.output


def test_people_of_a_cloned_workshop_are_not_invited_again(planned, make, facilitator, runner):
    make.participant_user(planned)
    assert [i.status for i in planned.invitations] == [InvitationStatus.CONFIRMED]
    runner.invoke(
        args=[
            "workshop",
            "clone",
            planned.uid,
            "--start",
            "2027-11-08",
            "--title",
            "Again",
            "--owner",
            facilitator.email,
        ]
    )
    assert _only("Again").invitations == []
