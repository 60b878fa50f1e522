"""The command line speaks its user's language (issue 19): ``PLANNER_LANGUAGE``, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.

The commands are run with the Click runner the way ``flask --app planner …`` runs them: each
in an application context of its own, where Flask-Babel asks ``planner.i18n.select_locale``.
What a script reads (ids, keys) is the same in every language, and the messages a command
queues are written in each recipient's language, not the command line's.
"""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from planner import create_app
from planner.extensions import db
from planner.i18n import environment_language
from planner.models import OutboxMessage, Person
from tests.conftest import _truncate_all
from tests.factories import Factories
from tests.outbox.conftest import build_seven

#: No locale at all: each test says which variables are set.
CLEAN = {"PLANNER_LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "hy_AM.UTF-8"}, "hy"),
        ({"LANG": "az_AZ.UTF-8@latin"}, "az"),
        ({"LANG": "hy"}, "hy"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "az_AZ.UTF-8"}, "az"),
        ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "az_AZ.UTF-8", "LC_ALL": "hy_AM.UTF-8"}, "hy"),
        # LC_ALL decides as the C library does, even when it names a language we lack.
        ({"LANG": "ru_RU.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}, "ru"),
        ({"LC_ALL": "ru_RU.UTF-8", "PLANNER_LANGUAGE": "hy"}, "hy"),
        ({"LANG": "az_AZ.UTF-8", "PLANNER_LANGUAGE": "AZ"}, "az"),
        # An unknown PLANNER_LANGUAGE is ignored, the locale still counts.
        ({"LANG": "ru_RU.UTF-8", "PLANNER_LANGUAGE": "fr"}, "ru"),
    ],
)
def test_the_command_lines_language_comes_from_the_environment(environ, expected):
    assert environment_language(environ) == expected


@pytest.fixture
def cli_app(backend, request, tmp_path):
    """An app whose commands each open their own application context (as ``flask`` does),
    on a database those contexts share."""
    if backend == "postgres":
        url = request.getfixturevalue("_postgres_schema")
    else:
        url = f"sqlite:///{tmp_path / 'cli.db'}"
    application = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "PUBLIC_URL": "http://planner.test",
            "PLANNER_DATA_KEY": Fernet.generate_key().decode(),
        }
    )
    with application.app_context():
        if backend == "postgres":
            _truncate_all()
        else:
            db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def seven(cli_app):
    with cli_app.app_context():
        world = build_seven(Factories())
        world.people[0].do_not_email = True
        db.session.commit()
        return world.workshop.uid, world.people[0].name, [p.uid for p in world.people]


def _run(app, args, **environ):
    return app.test_cli_runner().invoke(args=args, env={**CLEAN, **environ})


def test_outbox_invite_reports_in_russian_under_a_russian_locale(cli_app, seven):
    uid, skipped, _ = seven
    result = _run(cli_app, ["outbox", "invite", uid], LANG="ru_RU.UTF-8")
    assert result.exit_code == 0, result.output
    assert "В исходящие поставлено 6 приглашений (черновики)." in result.output
    assert f"Пропущено ({skipped}): отмечено не писать по эл. почте." in result.output
    assert "Queued" not in result.output and "Skipped" not in result.output


def test_planner_language_overrides_the_locale(cli_app, seven):
    uid, skipped, _ = seven
    result = _run(cli_app, ["outbox", "invite", uid], LANG="ru_RU.UTF-8", PLANNER_LANGUAGE="hy")
    assert "Ելքային նամակներում սևագրով դրվեց 6 հրավեր։" in result.output
    assert f"Բաց թողնվեց ({skipped})՝ նշված է էլ. նամակ չուղարկել։" in result.output


def test_lc_all_comes_before_lang(cli_app, seven):
    uid, _, _ = seven
    result = _run(cli_app, ["outbox", "invite", uid], LANG="ru_RU.UTF-8", LC_ALL="az_AZ.UTF-8")
    assert "Göndəriləcəklərə qaralama kimi 6 dəvət əlavə edildi." in result.output


def test_without_a_locale_the_commands_speak_english(cli_app, seven):
    uid, skipped, _ = seven
    result = _run(cli_app, ["outbox", "invite", uid], LANG="C.UTF-8")
    assert "Queued 6 invitation(s) as drafts in the outbox." in result.output
    assert f"Skipped {skipped}: marked not to be e-mailed." in result.output


def test_a_refusal_is_in_the_locales_language_and_fails_the_command(cli_app, seven):
    result = _run(cli_app, ["outbox", "invite", "no-such-workshop"], LANG="hy_AM.UTF-8")
    assert result.exit_code == 1
    assert "'no-such-workshop' աշխատաժողով չկա։" in result.output


def test_the_messages_queued_are_in_each_recipients_language_not_the_command_lines(cli_app, seven):
    uid, _, people = seven
    with cli_app.app_context():
        for person in db.session.query(Person).filter(Person.uid.in_(people)):
            person.preferred_language = "hy"
        db.session.commit()
    result = _run(cli_app, ["outbox", "invite", uid], LANG="ru_RU.UTF-8")
    assert "В исходящие поставлено" in result.output
    with cli_app.app_context():
        subjects = {m.subject.split(" ", 1)[0] for m in db.session.query(OutboxMessage)}
    assert subjects == {"Հրավեր՝"}


def test_retention_speaks_the_locales_language(cli_app):
    result = _run(cli_app, ["retention", "apply", "--dry-run"], LANG="ru_RU.UTF-8")
    assert result.exit_code == 0, result.output
    assert "Срок хранения не задан: удалять нечего" in result.output


def test_send_without_a_mail_server_says_so_in_the_locales_language(cli_app, seven):
    result = _run(cli_app, ["outbox", "send"], LANG="az_AZ.UTF-8")
    assert result.exit_code == 1
    assert "Poçt serveri qurulmayıb (MAIL_SERVER)" in result.output


def test_machine_output_is_the_same_in_every_language(cli_app):
    # A key is for PLANNER_DATA_KEY: no words around it, whatever the language.
    for lang in ("ru_RU.UTF-8", "hy_AM.UTF-8", "C.UTF-8"):
        result = _run(cli_app, ["keys", "generate"], LANG=lang)
        key = result.output.strip()
        assert len(key) == 44 and Fernet(key.encode())


def test_the_command_lines_language_does_not_leak_into_the_next_command(cli_app, seven):
    uid, _, _ = seven
    _run(cli_app, ["retention", "apply", "--dry-run"], LANG="hy_AM.UTF-8")
    result = _run(cli_app, ["outbox", "invite", uid], LANG="C.UTF-8")
    assert "Queued 6 invitation(s)" in result.output
