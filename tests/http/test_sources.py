"""Source import and prompt derivation pages (issue 6): import, read, review candidates."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from planner.extensions import db
from planner.models import AuditEvent, CandidateReview, Prompt, SensitiveTopic, Source
from planner.models.sources import Passage
from planner.sources.decoding import MAX_BYTES
from planner.sources.operations import store_source
from planner.vocabulary import CandidateDecision, PromptOrigin, Role, Severity
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = (ROOT / "seeds" / "op-ed-difficult-world-of-building-confidence.txt").read_text(
    encoding="utf-8"
)
FIXTURES = sorted(
    path
    for path in (ROOT / "tests" / "fixtures" / "articles").rglob("*")
    if path.suffix in (".txt", ".md", ".html")
)

SHORT_ARTICLE = """Opinion: Talking across the line

By Անի Հակոբյան and Aygün Məmmədova

For years, journalists from both sides met in Tbilisi. However, each side remained within
its core perceptions, and expectations of a quick settlement were never realistic.

At the same time, the humanitarian situation requires painful decisions from both
governments. Ольга Смирнова, who mediated several meetings, says trust grows slowly.

Dialogue does not mean agreement. It means listening to the other side's fears.
"""


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _source_count() -> int:
    return db.session.scalar(select(func.count(Source.id)))


def _paste(client, text: str, **fields):
    return client.post("/sources/new", data={"text": text, **fields})


def _upload(client, data: bytes, filename: str):
    return client.post(
        "/sources/new",
        data={"document": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _import_seed(client) -> Source:
    response = _paste(client, SEED_TEXT)
    assert response.status_code == 302, _page(response)[:2000]
    return db.session.scalars(select(Source).order_by(Source.id.desc())).first()


def _candidates(page: str) -> list[tuple[str, str]]:
    """(candidate key, proposed text) of every candidate form on a review page."""
    found = re.findall(
        r'name="candidate" value="([0-9a-f]+)">.*?<textarea[^>]*>(.*?)</textarea>', page, re.S
    )
    return [(key, text.strip()) for key, text in found]


@pytest.fixture
def library(app):
    """The seeded topic catalogue and the seed article, without the rest of the seeds."""
    entries = yaml.safe_load((ROOT / "seeds" / "topics.yaml").read_text(encoding="utf-8"))
    topics = [
        SensitiveTopic(
            key=e["key"],
            name=e["name"],
            severity=Severity(e["severity"]),
            keywords=list(e.get("keywords", [])),
        )
        for e in entries
    ]
    db.session.add_all(topics)
    db.session.flush()
    source = store_source(raw_text=SEED_TEXT, is_html=False, catalogue=topics, key="seed")
    db.session.commit()
    return source


@pytest.fixture
def facilitator(make):
    return make.user(Role.FACILITATOR, name="Toğrul Bağırov")


@pytest.fixture
def as_facilitator(library, login, facilitator):
    login(facilitator)
    return facilitator


# --- who may use the pages ------------------------------------------------------------

PAGES = ["/sources/", "/sources/new", "/sources/{id}", "/sources/{id}/candidates"]


def test_anonymous_visitor_is_sent_to_sign_in_from_every_sources_page(library, client):
    for page in PAGES:
        response = client.get(page.format(id=library.id))
        assert response.status_code == 302, page
        assert "/login" in response.headers["Location"]


def test_participant_is_refused_every_sources_page(library, client, make, login):
    login(make.participant_user(make.workshop()))
    for page in PAGES:
        assert client.get(page.format(id=library.id)).status_code == 403, page


def test_participant_cannot_import_a_source(library, client, make, login):
    login(make.participant_user())
    assert _paste(client, SHORT_ARTICLE).status_code == 403
    assert _source_count() == 1  # only the seed article


def test_participant_cannot_accept_a_candidate(library, client, make, login):
    login(make.participant_user())
    response = client.post(
        f"/sources/{library.id}/candidates", data={"candidate": "0" * 32, "accept": "1"}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(CandidateReview.id))) == 0


def test_facilitator_not_on_any_workshop_can_open_every_sources_page(library, client, make, login):
    make.workshop(owner=make.user(Role.FACILITATOR))  # someone else's workshop
    login(make.user(Role.FACILITATOR))
    for page in PAGES:
        assert client.get(page.format(id=library.id)).status_code == 200, page


def test_workshop_owner_can_open_every_sources_page(library, client, make, login):
    owner = make.user(Role.FACILITATOR)
    make.workshop(owner=owner)
    login(owner)
    for page in PAGES:
        assert client.get(page.format(id=library.id)).status_code == 200, page


def test_organiser_can_open_every_sources_page(library, client, make, login):
    login(make.user(Role.ORGANISER))
    for page in PAGES:
        assert client.get(page.format(id=library.id)).status_code == 200, page


def test_unknown_source_is_not_found(as_facilitator, client):
    assert client.get("/sources/999999").status_code == 404
    assert client.get("/sources/999999/candidates").status_code == 404


def test_navigation_links_to_sources_for_facilitators_only(library, client, make, login):
    login(make.user(Role.FACILITATOR))
    assert 'href="/sources/"' in _page(client.get("/sources/"))
    client.post("/logout")
    login(make.participant_user(make.workshop()))
    assert 'href="/sources/"' not in _page(client.get("/"))


# --- the list and the source page -----------------------------------------------------


def test_sources_list_shows_the_seeded_article_with_counts(as_facilitator, client, library):
    page = _page(client.get("/sources/"))
    assert "The difficult world of building confidence" in page
    source = db.session.get(Source, library.id)
    assert f"<td>{len(source.passages)}</td>" in page


def test_source_page_collapses_furniture_and_tags_topics(as_facilitator, client, library):
    page = _page(client.get(f"/sources/{library.id}"))
    article, _, furniture = page.partition('<details class="furniture">')
    assert "Related articles" in furniture or "Editor" in furniture
    assert "Related articles" not in article
    assert '<span class="topic">' in article  # topic names on tagged passages
    assert '<mark class="claim">' in article


def test_source_page_numbers_passages_with_their_kind(as_facilitator, client, library):
    page = _page(client.get(f"/sources/{library.id}"))
    assert re.search(r"Passage 1</span> <span class=\"badge kind\">(Lead|Body|Title)", page)


# --- importing ------------------------------------------------------------------------


def test_pasting_the_seed_text_imports_it_and_shows_its_passages(as_facilitator, client):
    response = _paste(client, SEED_TEXT)
    assert response.status_code == 302
    page = _page(client.get(response.headers["Location"]))
    assert "Imported “" in page
    assert "candidate prompts to review" in page
    assert "Passage 3" in page
    assert _source_count() == 2


def test_imported_seed_offers_candidates_for_every_phase(as_facilitator, client):
    source = _import_seed(client)
    page = _page(client.get(f"/sources/{source.id}/candidates"))
    for phase in ("Opening", "Perceptions", "Realism", "Humanitarian"):
        assert f">{phase}</h2>" in page
    assert len(_candidates(page)) >= 6
    assert all(text.endswith("?") for _, text in _candidates(page))


def test_import_writes_an_audit_event(as_facilitator, client, facilitator):
    source = _import_seed(client)
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "source.imported", AuditEvent.record_uid == source.key
        )
    )
    assert event is not None and event.actor_id == facilitator.id


def test_typed_title_author_and_outlet_replace_the_ones_found(as_facilitator, client):
    response = _paste(client, SHORT_ARTICLE, title="Переговоры", author="Ольга Смирнова")
    assert response.status_code == 302
    source = db.session.scalars(select(Source).order_by(Source.id.desc())).first()
    assert (source.title, source.author) == ("Переговоры", "Ольга Смирнова")
    assert "Переговоры" in _page(client.get("/sources/"))


def test_unicode_names_survive_import_and_display(as_facilitator, client):
    response = _paste(client, SHORT_ARTICLE)
    page = _page(client.get(response.headers["Location"]))
    for name in ("Անի Հակոբյան", "Aygün Məmmədova", "Ольга Смирнова"):
        assert name in page


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_uploading_each_fixture_article_imports_it(as_facilitator, client, fixture):
    response = _upload(client, fixture.read_bytes(), fixture.name)
    assert response.status_code == 302, _page(response)[:2000]
    source = db.session.scalars(select(Source).order_by(Source.id.desc())).first()
    assert source.body_passages()
    review = _page(client.get(f"/sources/{source.id}/candidates"))
    assert _candidates(review)


def test_uploaded_html_with_declared_charset_keeps_its_accents(as_facilitator, client):
    fixture = next(p for p in FIXTURES if p.suffix == ".html")
    _upload(client, fixture.read_bytes(), fixture.name)
    source = db.session.scalars(select(Source).order_by(Source.id.desc())).first()
    assert "\ufffd" not in source.raw_text


# --- refusals: a clear message, nothing saved -----------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "The file is empty."),
        (b"   \n\n  ", "blank.txt", "The document is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "picture.txt", "binary"),
        (bytes(range(0x80, 0x100)) * 10, "noise.txt", "could not be decoded"),
        (b"a" * (MAX_BYTES + 10), "huge.txt", "1 MB"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "oversized"],
)
def test_bad_upload_is_refused_with_a_message_and_nothing_saved(
    as_facilitator, client, data, filename, message
):
    before = _source_count()
    response = _upload(client, data, filename)
    assert response.status_code == 400
    assert message in _page(response)
    assert "Nothing was imported" in _page(response)
    assert _source_count() == before


def test_blank_paste_is_refused_with_a_message(as_facilitator, client):
    response = _paste(client, "   \n  ")
    assert response.status_code == 400
    assert "The document is empty" in _page(response)
    assert _source_count() == 1


def test_submitting_nothing_asks_for_text_or_a_file(as_facilitator, client):
    response = _paste(client, "")
    assert "Paste the article's text, or choose a file to upload." in _page(response)


def test_unsupported_file_type_is_refused_by_the_form(as_facilitator, client):
    response = _upload(client, b"PK\x03\x04 ...", "article.odt")
    assert response.status_code == 400
    assert "Upload a .txt, .md, .html, .docx or .pdf file" in _page(response)
    assert _source_count() == 1


def test_request_over_the_upload_limit_shows_the_too_large_page(as_facilitator, client):
    response = _upload(client, b"a" * (2 * 1024 * 1024 + 100), "enormous.txt")
    assert response.status_code == 413
    assert "That file is too large" in _page(response)
    assert "at most 1 MB" in _page(response)
    assert _source_count() == 1


# --- reviewing candidates -------------------------------------------------------------


def _review_url(source: Source) -> str:
    return f"/sources/{source.id}/candidates"


def test_accepting_a_candidate_adds_a_derived_prompt_citing_its_passage(
    as_facilitator, client, library, facilitator
):
    source = library
    key, text = _candidates(_page(client.get(_review_url(source))))[0]
    response = client.post(
        _review_url(source), data={"candidate": key, "text": text, "accept": "1"}
    )
    assert response.status_code == 302
    prompt = db.session.scalar(select(Prompt).where(Prompt.origin == PromptOrigin.DERIVED))
    assert prompt.text == text
    assert prompt.passage.source_id == source.id
    assert prompt.quote and prompt.quote in prompt.passage.text
    assert prompt.created_by_id == facilitator.id
    assert {t.key for t in prompt.topics} == set(prompt.passage.topic_keys)


def test_accepted_candidate_is_not_offered_again(as_facilitator, client, library):
    source = library
    key, text = _candidates(_page(client.get(_review_url(source))))[0]
    client.post(_review_url(source), data={"candidate": key, "text": text, "accept": "1"})
    page = _page(client.get(_review_url(source)))
    assert key not in [k for k, _ in _candidates(page)]
    assert "Prompts derived from this source" in page


def test_accepting_writes_an_audit_event(as_facilitator, client, library):
    source = library
    key, text = _candidates(_page(client.get(_review_url(source))))[0]
    client.post(_review_url(source), data={"candidate": key, "text": text, "accept": "1"})
    prompt = db.session.scalar(select(Prompt).where(Prompt.origin == PromptOrigin.DERIVED))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "prompt.derived"))
    assert event.record_uid == prompt.key
    assert event.details["source"] == source.key


def test_edited_open_question_is_accepted_with_the_new_wording(as_facilitator, client, library):
    source = library
    key, _ = _candidates(_page(client.get(_review_url(source))))[0]
    wording = "What would Անի or Aygün want the other side to understand first?"
    client.post(_review_url(source), data={"candidate": key, "text": wording, "accept": "1"})
    prompt = db.session.scalar(select(Prompt).where(Prompt.origin == PromptOrigin.DERIVED))
    assert prompt.text == wording


def test_edited_statement_is_refused_with_a_message(as_facilitator, client, library):
    source = library
    key, _ = _candidates(_page(client.get(_review_url(source))))[0]
    response = client.post(
        _review_url(source),
        data={"candidate": key, "text": "Trust grows slowly between the sides.", "accept": "1"},
    )
    assert response.status_code == 400
    page = _page(response)
    assert "must be an open question ending with “?”" in page
    assert "Trust grows slowly between the sides." in page  # the wording is kept to fix
    assert db.session.scalar(select(func.count(Prompt.id)).where(Prompt.origin == "derived")) == 0


def test_edited_yes_no_question_is_refused(as_facilitator, client, library):
    source = library
    key, _ = _candidates(_page(client.get(_review_url(source))))[0]
    response = client.post(
        _review_url(source),
        data={"candidate": key, "text": "Do you agree with the author?", "accept": "1"},
    )
    assert "rather than one answered with yes or no" in _page(response)
    assert db.session.scalar(select(func.count(CandidateReview.id))) == 0


def test_rejected_candidate_stays_rejected_on_reload(as_facilitator, client, library):
    source = library
    key, text = _candidates(_page(client.get(_review_url(source))))[0]
    response = client.post(
        _review_url(source), data={"candidate": key, "text": text, "reject": "1"}
    )
    assert response.status_code == 302
    assert key not in [k for k, _ in _candidates(_page(client.get(_review_url(source))))]
    review = db.session.scalar(select(CandidateReview))
    assert review.decision == CandidateDecision.REJECTED
    assert db.session.scalar(select(func.count(Prompt.id)).where(Prompt.origin == "derived")) == 0


def test_deciding_twice_on_a_candidate_adds_no_second_prompt(as_facilitator, client, library):
    source = library
    key, text = _candidates(_page(client.get(_review_url(source))))[0]
    data = {"candidate": key, "text": text, "accept": "1"}
    client.post(_review_url(source), data=data)
    response = client.post(_review_url(source), data=data)
    assert "already been reviewed" in _page(response)
    assert db.session.scalar(select(func.count(Prompt.id)).where(Prompt.origin == "derived")) == 1


def test_unknown_candidate_key_shows_a_message(as_facilitator, client, library):
    source = library
    response = client.post(
        _review_url(source), data={"candidate": "f" * 32, "text": "Why?", "accept": "1"}
    )
    assert response.status_code == 400
    assert "no longer proposed" in _page(response)


def test_review_forms_carry_a_working_csrf_token(as_facilitator, client, library, app):
    app.config["WTF_CSRF_ENABLED"] = True
    page = _page(client.get(_review_url(library)))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    key, text = _candidates(page)[0]
    data = {"candidate": key, "text": text, "reject": "1"}
    assert client.post(_review_url(library), data=data).status_code == 400  # no token
    response = client.post(_review_url(library), data={**data, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/candidates#phase-{_phase_of(page, key)}")


def _phase_of(page: str, key: str) -> str:
    before = page[: page.index(f'value="{key}"')]
    return re.findall(r'<h2 id="phase-(\w+)">', before)[-1]


# --- deleting a source: the importer or an organiser, never while something quotes it -----

SECRET_TITLE = "Minutes of the closed meeting — do not circulate"


def _import_titled(client, title: str = SECRET_TITLE) -> Source:
    response = _paste(client, SHORT_ARTICLE, title=title)
    assert response.status_code == 302, _page(response)[:1000]
    source = db.session.scalars(select(Source).order_by(Source.id.desc())).first()
    assert source.title == title
    return source


def _rows(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_importer_deletes_their_source_with_its_passages_and_decisions(
    library, client, make, login
):
    login(make.user(Role.FACILITATOR))
    source = _import_titled(client)
    source_id, key = source.id, source.key
    review = _page(client.get(f"/sources/{source_id}/candidates"))
    candidate, _ = _candidates(review)[0]
    client.post(f"/sources/{source_id}/candidates", data={"candidate": candidate, "reject": "1"})
    assert _rows(CandidateReview, CandidateReview.source_id == source_id) == 1
    assert "Delete this source" in _page(client.get(f"/sources/{source_id}"))

    response = client.post(f"/sources/{source_id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sources/")
    db.session.expire_all()
    assert db.session.get(Source, source_id) is None
    assert _rows(Passage, Passage.source_id == source_id) == 0
    assert _rows(CandidateReview, CandidateReview.source_id == source_id) == 0
    assert "is deleted" in _page(client.get("/sources/"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "source.deleted"))
    assert event.record_uid == key
    # The audit log names the source by its key, never by its (perhaps confidential) title.
    assert SECRET_TITLE not in str(event.details or "")
    assert library.id != source_id and db.session.get(Source, library.id) is not None


def test_another_facilitator_may_not_delete_it(library, client, app, make, login):
    login(make.user(Role.FACILITATOR))
    source = _import_titled(client)
    other = app.test_client()
    someone = make.user(Role.FACILITATOR)
    other.post("/login", data={"email": someone.email, "password": PASSWORD})
    assert "Delete this source" not in _page(other.get(f"/sources/{source.id}"))
    assert other.post(f"/sources/{source.id}/delete").status_code == 403
    assert db.session.get(Source, source.id) is not None


def test_an_organiser_may_delete_any_source(library, client, make, login):
    login(make.user(Role.ORGANISER))
    assert "Delete this source" in _page(client.get(f"/sources/{library.id}"))
    assert client.post(f"/sources/{library.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Source, library.id) is None


def test_a_source_quoted_by_a_prompt_is_kept_with_a_clear_message(library, client, make, login):
    login(make.user(Role.FACILITATOR))
    source = _import_titled(client)
    candidate, text = _candidates(_page(client.get(f"/sources/{source.id}/candidates")))[0]
    client.post(
        f"/sources/{source.id}/candidates",
        data={"candidate": candidate, "text": text, "accept": "1"},
    )
    assert _rows(Prompt, Prompt.passage_id.isnot(None)) >= 1

    response = client.post(f"/sources/{source.id}/delete", follow_redirects=True)
    page = _page(response)
    assert "cannot be deleted: 1 prompt of the library quote" in page
    db.session.expire_all()
    assert db.session.get(Source, source.id) is not None
    assert _rows(Passage, Passage.source_id == source.id) > 0
    assert _rows(AuditEvent, AuditEvent.action == "source.deleted") == 0


def test_participants_never_delete_sources(library, client, make, login):
    login(make.participant_user())
    assert client.post(f"/sources/{library.id}/delete").status_code == 403
    assert db.session.get(Source, library.id) is not None


def test_deleting_an_unknown_source_is_not_found(library, client, make, login):
    login(make.user(Role.ORGANISER))
    assert client.post("/sources/999999/delete").status_code == 404
