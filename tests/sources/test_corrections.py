"""Correcting an imported source on its page (issue 16, item 2): passage kinds, merges and
splits, title, authors, outlet and date; candidates follow the corrected passages and
accepted prompts keep their citations; who may correct, and CSRF."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent, Prompt, Source
from planner.sources import operations
from planner.vocabulary import PassageKind, Role
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
BIO_FIRST = (
    ROOT / "tests" / "fixtures" / "articles" / "corpus" / "cyprus-bio-first.txt"
).read_bytes()


def _page(response) -> str:
    return response.get_data(as_text=True)


def _import(client) -> Source:
    response = client.post(
        "/sources/new",
        data={"text": BIO_FIRST.decode("utf-8")},
    )
    assert response.status_code == 302, _page(response)[:500]
    return db.session.scalars(select(Source).order_by(Source.id.desc())).first()


def _candidate_keys(client, source: Source) -> list[tuple[str, str]]:
    page = _page(client.get(f"/sources/{source.id}/candidates"))
    found = re.findall(
        r'name="candidate" value="([0-9a-f]+)">.*?<textarea[^>]*>(.*?)</textarea>', page, re.S
    )
    return [(key, text.strip()) for key, text in found]


def _passage(source: Source, start: str):
    return next(p for p in source.passages if p.text.startswith(start))


@pytest.fixture
def importer(make, login):
    user = make.user(Role.FACILITATOR, name="Ελένη Χαραλάμπους")
    login(user)
    return user


def test_changing_a_passage_kind_rederives_the_candidates(importer, client):
    source = _import(client)
    body = _passage(source, "However, the benefits of contact")
    before = _page(client.get(f"/sources/{source.id}/candidates"))
    assert "benefits of contact have stayed within a small circle" in before
    response = client.post(
        f"/sources/{source.id}/passages/{body.index}/kind", data={"kind": "furniture"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert _passage(source, "However, the benefits").kind == PassageKind.FURNITURE
    after = _page(client.get(f"/sources/{source.id}/candidates"))
    assert "benefits of contact have stayed within a small circle" not in after
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "source.passage_changed")
    ).first()
    assert event is not None and event.details["to"] == "furniture"


def test_a_bio_taken_for_body_can_be_marked_attribution_and_back(importer, client):
    source = _import(client)
    bio = _passage(source, "Eleni Charalambous is a senior research fellow")
    assert bio.kind == PassageKind.ATTRIBUTION
    client.post(f"/sources/{source.id}/passages/{bio.index}/kind", data={"kind": "body"})
    db.session.expire_all()
    assert _passage(source, "Eleni Charalambous").kind == PassageKind.BODY
    client.post(f"/sources/{source.id}/passages/{bio.index}/kind", data={"kind": "attribution"})
    db.session.expire_all()
    assert _passage(source, "Eleni Charalambous").kind == PassageKind.ATTRIBUTION


def test_an_unknown_kind_is_refused_and_nothing_changes(importer, client):
    source = _import(client)
    body = _passage(source, "However, the benefits of contact")
    response = client.post(
        f"/sources/{source.id}/passages/{body.index}/kind",
        data={"kind": "propaganda"},
        follow_redirects=True,
    )
    assert "Choose one of the kinds of passage." in _page(response)
    db.session.expire_all()
    assert _passage(source, "However, the benefits").kind == PassageKind.BODY


def test_merging_keeps_the_citation_of_an_accepted_prompt(importer, client):
    source = _import(client)
    second = _passage(source, "The first lesson is that contact")
    first_index = second.index - 1
    key, text = next(
        (k, t)
        for k, t in _candidate_keys(client, source)
        if "contact does not automatically" in t or "Surveys carried out" in t or "passport" in t
    )
    client.post(
        f"/sources/{source.id}/candidates", data={"candidate": key, "text": text, "accept": "1"}
    )
    prompt = db.session.scalars(select(Prompt).order_by(Prompt.id.desc())).first()
    quote = prompt.quote
    count = len(source.passages)

    response = client.post(f"/sources/{source.id}/passages/{first_index}/merge")
    assert response.status_code == 302
    db.session.expire_all()
    source = db.session.get(Source, source.id)
    assert len(source.passages) == count - 1
    assert [p.index for p in source.passages] == list(range(count - 1))
    prompt = db.session.get(Prompt, prompt.id)
    assert prompt.passage.index == first_index
    assert quote in prompt.passage.text
    # The accepted candidate is not offered again after the merge.
    assert all(quote not in t for _, t in _candidate_keys(client, source))


def test_merging_the_last_passage_is_refused_with_a_reason(importer, client):
    source = _import(client)
    last = source.passages[-1].index
    response = client.post(f"/sources/{source.id}/passages/{last}/merge", follow_redirects=True)
    assert "there is none after it to merge with" in _page(response)


def test_splitting_moves_the_citation_to_the_part_that_holds_the_quote(importer, client):
    source = _import(client)
    by_index = {p.index: p for p in source.passages}
    # An accepted candidate quoting a sentence after the first of its passage.
    chosen = None
    for key, text in _candidate_keys(client, source):
        for passage in by_index.values():
            points = operations.split_points(passage.text)
            for offset, _ in points:
                sentence = passage.text[offset:]
                if passage.kind == PassageKind.BODY and f"“{sentence.split('. ')[0]}" in text:
                    chosen = (key, text, passage, offset)
                    break
            if chosen:
                break
        if chosen:
            break
    assert chosen is not None
    key, text, passage, at = chosen
    client.post(
        f"/sources/{source.id}/candidates", data={"candidate": key, "text": text, "accept": "1"}
    )
    prompt = db.session.scalars(select(Prompt).order_by(Prompt.id.desc())).first()
    index, count, whole = passage.index, len(source.passages), passage.text

    response = client.post(f"/sources/{source.id}/passages/{index}/split", data={"at": str(at)})
    assert response.status_code == 302
    db.session.expire_all()
    source = db.session.get(Source, source.id)
    assert len(source.passages) == count + 1
    assert [p.index for p in source.passages] == list(range(count + 1))
    head, tail = source.passages[index], source.passages[index + 1]
    assert head.text == whole[:at].rstrip() and tail.text == whole[at:].strip()
    assert tail.kind == head.kind == PassageKind.BODY
    prompt = db.session.get(Prompt, prompt.id)
    assert prompt.passage_id == tail.id and prompt.quote in tail.text


def test_a_split_outside_a_sentence_boundary_is_refused(importer, client):
    source = _import(client)
    passage = _passage(source, "At the same time, the crossings created a space")
    response = client.post(
        f"/sources/{source.id}/passages/{passage.index}/split",
        data={"at": "3"},
        follow_redirects=True,
    )
    assert "Choose the sentence before which to split" in _page(response)
    db.session.expire_all()
    assert _passage(source, "At the same time").text == passage.text


def test_title_authors_outlet_and_date_are_corrected(importer, client):
    source = _import(client)
    response = client.post(
        f"/sources/{source.id}/details",
        data={
            "title": "Why the crossings still matter",
            "authors": "Eleni Charalambous\nMehmet Yılmaz",
            "outlet": "Mediterranean Review",
            "published": "2023-04-23",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    source = db.session.get(Source, source.id)
    assert source.title == "Why the crossings still matter"
    assert source.authors == ["Eleni Charalambous", "Mehmet Yılmaz"]
    assert source.author == "Eleni Charalambous and Mehmet Yılmaz"
    assert source.published_on == date(2023, 4, 23)
    page = _page(client.get(f"/sources/{source.id}"))
    assert "Eleni Charalambous and Mehmet Yılmaz" in page
    # Two authors: the candidates speak of them in the plural.
    assert any(
        t.startswith(("The authors", "As the authors")) for _, t in _candidate_keys(client, source)
    )


def test_an_empty_title_is_refused_and_nothing_is_saved(importer, client):
    source = _import(client)
    title = source.title
    response = client.post(
        f"/sources/{source.id}/details",
        data={"title": "  ", "authors": "X Y", "outlet": "", "published": ""},
        follow_redirects=True,
    )
    assert "Give the source a title." in _page(response)
    db.session.expire_all()
    assert db.session.get(Source, source.id).title == title


def test_a_malformed_date_is_refused(importer, client):
    source = _import(client)
    response = client.post(
        f"/sources/{source.id}/details",
        data={"title": "T", "authors": "", "outlet": "", "published": "31/31/2023"},
        follow_redirects=True,
    )
    assert "Not a valid date value." in _page(response)
    db.session.expire_all()
    assert db.session.get(Source, source.id).published_on is None


# --- who may correct ----------------------------------------------------------------------

ROUTES = [
    ("details", {"title": "Changed", "authors": "", "outlet": "", "published": ""}),
    ("passages/1/kind", {"kind": "furniture"}),
    ("passages/1/merge", {}),
    ("passages/1/split", {"at": "1"}),
]


@pytest.mark.parametrize(("route", "data"), ROUTES, ids=[r for r, _ in ROUTES])
def test_another_facilitator_may_not_correct(importer, client, app, make, route, data):
    source = _import(client)
    other = app.test_client()
    someone = make.user(Role.FACILITATOR)
    other.post("/login", data={"email": someone.email, "password": PASSWORD})
    assert "Correct the title" not in _page(other.get(f"/sources/{source.id}"))
    assert other.post(f"/sources/{source.id}/{route}", data=data).status_code == 403


@pytest.mark.parametrize(("route", "data"), ROUTES, ids=[r for r, _ in ROUTES])
def test_a_participant_may_not_correct(importer, client, app, make, route, data):
    source = _import(client)
    other = app.test_client()
    participant = make.participant_user()
    other.post("/login", data={"email": participant.email, "password": PASSWORD})
    assert other.post(f"/sources/{source.id}/{route}", data=data).status_code == 403


@pytest.mark.parametrize(("route", "data"), ROUTES, ids=[r for r, _ in ROUTES])
def test_an_anonymous_visitor_is_sent_to_sign_in(importer, client, app, route, data):
    source = _import(client)
    response = app.test_client().post(f"/sources/{source.id}/{route}", data=data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_organiser_may_correct_any_source(importer, client, app, make):
    source = _import(client)
    organiser = app.test_client()
    someone = make.user(Role.ORGANISER)
    organiser.post("/login", data={"email": someone.email, "password": PASSWORD})
    assert "Correct the title" in _page(organiser.get(f"/sources/{source.id}"))
    response = organiser.post(
        f"/sources/{source.id}/details",
        data={"title": "Corrected by an organiser", "authors": "", "outlet": "", "published": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Source, source.id).title == "Corrected by an organiser"


def test_the_importer_sees_the_correction_forms_with_labels(importer, client):
    source = _import(client)
    page = _page(client.get(f"/sources/{source.id}"))
    assert "Correct the title, authors, outlet or date" in page
    for passage in source.passages[:3]:
        assert f'<label for="kind-{passage.index}">' in page
    assert 'for="split-' in page and "Merge passage 0 with passage 1" in page


def test_corrections_need_the_csrf_token(importer, client, app):
    source = _import(client)
    kind = source.passages[1].kind
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.post(
            f"/sources/{source.id}/details",
            data={"title": "Forged", "authors": "", "outlet": "", "published": ""},
        )
        client.post(f"/sources/{source.id}/passages/1/kind", data={"kind": "disclaimer"})
        client.post(f"/sources/{source.id}/passages/1/merge")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    source = db.session.get(Source, source.id)
    assert source.title != "Forged"
    assert source.passages[1].kind == kind
