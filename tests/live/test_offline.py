"""The participant agenda offline: its service worker, "last updated", sign-out clearing, and
the facilitator's self-contained offline copy."""

from __future__ import annotations

import html as html_module
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.support import Translations

from planner.extensions import db
from planner.i18n import TRANSLATIONS
from planner.participant.operations import issue_link, publish, revoke_link
from planner.participant.tokens import LinkKind
from planner.redaction import GENERIC_PARTICIPANT, forbidden_strings
from planner.vocabulary import Confidentiality
from planner.workshop_loading import load_workshop_head, load_workshop_page_data


def _publish(day):
    publish(load_workshop_head(day.workshop.uid), day.owner)
    db.session.commit()


def test_the_agenda_worker_is_served_from_the_root_for_the_agenda_pages(client):
    response = client.get("/agenda-sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    script = response.get_data(as_text=True)
    # The copy is deleted when the page answers 404 or 410 (a revoked link).
    assert "response.status === 404 || response.status === 410" in script
    assert "caches.delete(CACHE)" in script


def test_the_private_agenda_registers_the_worker_and_says_when_it_was_updated(client, live_day):
    _publish(live_day)
    token = issue_link(live_day.invitation, LinkKind.AGENDA, live_day.owner)
    db.session.commit()
    html = client.get(f"/a/{token}").get_data(as_text=True)
    assert re.search(r'src="/static/js/offline-agenda(\.[0-9a-f]+)?\.js"', html)
    assert 'data-worker="/agenda-sw.js?unsaved=' in html
    assert re.search(r"Page last updated \d+ \w+ \d{4} at \d\d:\d\d \(Asia/Tbilisi time\)", html)


def test_a_revoked_link_answers_404_so_the_worker_deletes_its_copy(client, live_day):
    _publish(live_day)
    token = issue_link(live_day.invitation, LinkKind.AGENDA, live_day.owner)
    db.session.commit()
    assert client.get(f"/a/{token}").status_code == 200
    revoke_link(live_day.invitation, LinkKind.AGENDA, live_day.owner)
    db.session.commit()
    assert client.get(f"/a/{token}").status_code == 404


def test_the_signed_in_agenda_works_offline_too(client, login, live_day):
    _publish(live_day)
    login(live_day.participant)
    html = client.get(f"/my/workshops/{live_day.workshop.uid}").get_data(as_text=True)
    assert 'data-worker="/agenda-sw.js?unsaved=' in html and "Page last updated" in html


def test_the_worker_is_given_its_one_sentence_in_the_readers_language(client, live_day):
    _publish(live_day)
    token = issue_link(live_day.invitation, LinkKind.AGENDA, live_day.owner)
    db.session.commit()
    client.post("/language", data={"language": "hy", "next": "/login"})
    html = client.get(f"/a/{token}").get_data(as_text=True)
    worker = html_module.unescape(re.search(r'data-worker="([^"]+)"', html).group(1))
    sentence = parse_qs(urlsplit(worker).query)["unsaved"][0]
    assert sentence == Translations.load(str(TRANSLATIONS), ["hy"]).gettext(
        "You are offline and this page was not saved yet."
    )
    assert re.search("[\u0531-\u058f]", sentence)  # Armenian script
    # The worker reads it from its own address, with the English only as a fallback.
    script = client.get("/agenda-sw.js").get_data(as_text=True)
    assert 'searchParams.get("unsaved")' in script and "new Response(UNSAVED" in script


def test_the_workers_copy_leaves_the_message_for_the_persons_own_view(client, live_day):
    # The worker fetches its copy in the background, at any moment: were it to take the
    # waiting message, the person answering would never see "Thank you: you are confirmed".
    _publish(live_day)
    token = issue_link(live_day.invitation, LinkKind.AGENDA, live_day.owner)
    db.session.commit()
    assert client.get(f"/a/{token}").status_code == 200
    answered = client.post(f"/a/{token}/respond", data={"answer": "confirm"})
    assert answered.status_code == 302
    copy = client.get(f"/a/{token}", headers={"X-Offline-Copy": "1"}).get_data(as_text=True)
    assert "Thank you: you are confirmed" not in copy
    assert "Thank you: you are confirmed" in client.get(f"/a/{token}").get_data(as_text=True)
    script = client.get("/agenda-sw.js").get_data(as_text=True)
    assert '"X-Offline-Copy": "1"' in script


def test_signing_out_clears_what_the_device_kept(client, login, live_day):
    login(live_day.participant)
    response = client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_the_offline_copy_waits_for_a_publication(client, login, live_day):
    login(live_day.owner)
    response = client.get(f"/workshops/{live_day.workshop.uid}/live/offline-agenda.html")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "has not been published yet" in page


def test_the_offline_copy_is_one_self_contained_file_with_nothing_confidential(
    client, login, live_day
):
    _publish(live_day)
    login(live_day.co)
    response = client.get(f"/workshops/{live_day.workshop.uid}/live/offline-agenda.html")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    html = response.get_data(as_text=True)
    assert "<style>" in html and "Plenary: perceptions" in html and "Site visit" in html
    assert "Վստահություն · Etimad · Доверие" in html
    assert "<script" not in html
    assert not re.search(r"""\b(src|href)\s*=""", html), "no link to any other file"
    assert "@import" not in html and "url(" not in html
    data = load_workshop_page_data(live_day.workshop.uid)
    leaked = [s for s in forbidden_strings(data, GENERIC_PARTICIPANT) if s and s in html]
    assert leaked == []
    # No participant is named by default: a file travels further than a page.
    assert "Aygün Məmmədova" not in html and "Անի Հակոբյան" not in html


@pytest.mark.parametrize(
    ("rule", "named"),
    [(Confidentiality.CHATHAM_HOUSE, True), (Confidentiality.OFF_THE_RECORD, False)],
)
def test_names_appear_only_when_the_workshops_settings_allow_them(
    client, login, live_day, rule, named
):
    live_day.workshop.names_in_files = True
    live_day.workshop.confidentiality = rule
    db.session.commit()
    _publish(live_day)
    login(live_day.owner)
    html = client.get(f"/workshops/{live_day.workshop.uid}/live/offline-agenda.html").get_data(
        as_text=True
    )
    assert ("Aygün Məmmədova" in html) is named
