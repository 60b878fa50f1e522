"""A neutrality check on every prompt (issue 16, item 6): a candidate or an edited wording
that names one community as the one that must act is flagged on the review page and on
accept, with the reason — the same check as readiness rule R21."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from planner.extensions import db
from planner.models import Prompt, Source
from planner.readiness.neutrality import neutrality_problems
from planner.vocabulary import Role

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "seeds" / "op-ed-difficult-world-of-building-confidence.txt").read_text("utf-8")


def _page(response) -> str:
    return response.get_data(as_text=True)


def _import(client) -> Source:
    assert client.post("/sources/new", data={"text": SEED}).status_code == 302
    return db.session.scalars(select(Source).order_by(Source.id.desc())).first()


def _first_candidate(client, source) -> str:
    page = _page(client.get(f"/sources/{source.id}/candidates"))
    return re.search(r'name="candidate" value="([0-9a-f]+)"', page).group(1)


def test_accepting_a_one_sided_wording_warns_with_the_reason(client, make, login) -> None:
    login(make.user(Role.FACILITATOR))
    source = _import(client)
    key = _first_candidate(client, source)
    wording = "Why should Armenians finally accept that the old process is over?"
    response = client.post(
        f"/sources/{source.id}/candidates",
        data={"candidate": key, "text": wording, "accept": "1"},
        follow_redirects=True,
    )
    page = _page(response)
    assert "may not be neutral" in page
    assert "names the Armenian side as the one that must act or yield" in page
    # Accepting is still allowed: the facilitator decides.
    assert db.session.scalar(select(Prompt).where(Prompt.text == wording)) is not None


def test_accepting_a_neutral_wording_gives_no_warning(client, make, login) -> None:
    login(make.user(Role.FACILITATOR))
    source = _import(client)
    key = _first_candidate(client, source)
    response = client.post(
        f"/sources/{source.id}/candidates",
        data={
            "candidate": key,
            "text": "What would each community need to hear before talks resume?",
            "accept": "1",
        },
        follow_redirects=True,
    )
    assert "may not be neutral" not in _page(response)


def test_the_mirror_image_gets_the_same_answer() -> None:
    one = neutrality_problems("Why should Armenians finally accept that the war is over?")
    other = neutrality_problems("Why should Azerbaijanis finally accept that the war is over?")
    assert len(one) == len(other) == 1


def test_the_authors_long_quotation_is_not_the_prompts_stance() -> None:
    derived = (
        "The author writes: “Azerbaijan must accept the loss of this route, as many in the "
        "region now say.” What would each community need to hear about it?"
    )
    assert neutrality_problems(derived) == ()
    # A short scare-quoted fragment is still the prompt's own words.
    assert neutrality_problems("Why should Armenians “finally accept” it?")


def test_derived_candidates_of_the_corpus_are_neutral() -> None:
    from bench.sources import corpus, corpus_catalogue
    from planner.sources import analyse, decode_upload

    for article in corpus():
        document = decode_upload(article.data, article.filename)
        analysis = analyse(document.text, is_html=document.is_html, catalogue=corpus_catalogue())
        for candidate in analysis.candidates:
            assert neutrality_problems(candidate.text) == (), candidate.text
