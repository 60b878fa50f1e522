"""Segmenting articles into passages of a kind (planner.sources.segmentation)."""

from __future__ import annotations

from planner.sources import Analysis, analyse, decode_upload
from planner.sources.segmentation import blocks_from_html, blocks_from_text, segment
from planner.vocabulary import PassageKind
from tests.unit.source_fixtures import ARTICLES, CATALOGUE, SEED


def load(name: str) -> Analysis:
    path = ARTICLES / name if name != "seed" else SEED
    document = decode_upload(path.read_bytes(), path.name)
    return analyse(document.text, is_html=document.is_html, catalogue=CATALOGUE)


def texts(analysis: Analysis, kind: PassageKind) -> list[str]:
    return [p.text for p in analysis.passages if p.kind == kind]


def count(analysis: Analysis, kind: PassageKind) -> int:
    return len(texts(analysis, kind))


# --- the seed op-ed -----------------------------------------------------------------------


def test_seed_title_lead_and_seven_body_paragraphs() -> None:
    analysis = load("seed")
    assert analysis.title == (
        "Opinion: The difficult world of building confidence between Armenians and Azerbaijanis"
    )
    assert analysis.passages[0].kind == PassageKind.TITLE
    assert analysis.passages[0].text == analysis.title
    assert texts(analysis, PassageKind.TITLE) == [analysis.title]
    (lead,) = texts(analysis, PassageKind.LEAD)
    assert lead.startswith('"Confidence-building measures are a necessary element')
    assert "writes Benyamin Poghosyan in this op-ed for commonspace.eu" in lead
    body = texts(analysis, PassageKind.BODY)
    assert len(body) == 7
    assert [b.split()[0] for b in body] == [
        "Confidence-building",
        "Nevertheless,",
        "The",
        "Armenia",
        "The",
        "In",
        "However,",
    ]
    assert body[-1].endswith("will make it extremely challenging to pursue that course.")


def test_seed_attribution_caption_disclaimer_and_furniture() -> None:
    analysis = load("seed")
    assert analysis.author == "Benyamin Poghosyan"
    assert analysis.outlet == "commonspace.eu"
    (attribution,) = texts(analysis, PassageKind.ATTRIBUTION)
    assert attribution.startswith("source: Benyamin Poghosyan is a Senior Fellow")
    assert analysis.attribution == attribution
    (caption,) = texts(analysis, PassageKind.CAPTION)
    assert caption.startswith("photo: The Council of Europe")
    (disclaimer,) = texts(analysis, PassageKind.DISCLAIMER)
    assert disclaimer.startswith("The views expressed in opinion pieces")
    furniture = texts(analysis, PassageKind.FURNITURE)
    for label in ("Related articles", "Editor's choice", "News", "Popular"):
        assert label in furniture
    # Everything after the disclaimer is furniture.
    at = next(i for i, p in enumerate(analysis.passages) if p.kind == PassageKind.DISCLAIMER)
    assert all(p.kind == PassageKind.FURNITURE for p in analysis.passages[at + 1 :])


def test_seed_unrelated_news_items_are_never_lead_or_body() -> None:
    analysis = load("seed")
    for passage in analysis.passages:
        if any(word in passage.text for word in ("Borrell", "Germany", "German", "Afghan")):
            assert passage.kind == PassageKind.FURNITURE, passage.text


def test_seed_passages_are_numbered_and_whitespace_is_clean() -> None:
    analysis = load("seed")
    assert [p.index for p in analysis.passages] == list(range(len(analysis.passages)))
    for passage in analysis.passages:
        assert passage.text == passage.text.strip()
        assert (
            "  " not in passage.text and "\u00a0" not in passage.text and "\n" not in passage.text
        )
    assert (
        "thus bringing the settlement of the conflict closer"
        in texts(analysis, PassageKind.BODY)[0]
    )


def test_seed_topics() -> None:
    analysis = load("seed")
    by_start = {p.text[:30]: set(p.topic_keys) for p in analysis.passages}
    humanitarian = next(t for t in by_start if t.startswith("In this delicate situation"))
    assert {"humanitarian_crisis", "status"} <= by_start[humanitarian]
    post_2020 = next(t for t in by_start if t.startswith("The post-2020"))
    assert {"concessions", "echo_chambers", "war"} <= by_start[post_2020]
    assert "echo_chambers" in set(analysis.passages[1].topic_keys)  # the lead: “echo-chamber”
    assert set(analysis.topic_keys) == {c.key for c in CATALOGUE}
    # Furniture, attribution and disclaimer are not tagged (the news items mention Russia).
    for passage in analysis.passages:
        if passage.kind in (PassageKind.FURNITURE, PassageKind.DISCLAIMER):
            assert passage.topic_keys == ()


def test_seed_claims_are_flagged_with_exact_spans() -> None:
    analysis = load("seed")
    body = [p for p in analysis.passages if p.kind == PassageKind.BODY]
    markers = {m for p in body for c in p.claims for m in c.markers}
    assert {"however", "nevertheless", "at the same time", "does not mean", "of course"} <= markers
    assert {"while", "instead", "expectations", "responsibility", "realism"} <= markers
    for passage in analysis.passages:
        for claim in passage.claims:
            assert passage.text[claim.start : claim.end] == claim.text
    post_2020 = next(p for p in body if p.text.startswith("The post-2020"))
    however = next(c for c in post_2020.claims if "however" in c.markers)
    assert however.text.startswith("However, this understanding also does not mean")
    assert "does not mean" in however.markers


def test_seed_without_end_matter_still_stops_at_related_articles() -> None:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("source: Benyamin")
    end = text.index("Related articles")
    analysis = analyse(text[:start] + text[end:], is_html=False, catalogue=CATALOGUE)
    assert count(analysis, PassageKind.BODY) == 7
    assert count(analysis, PassageKind.LEAD) == 1


# --- an HTML page with navigation, sidebars and a footer ----------------------------------


def test_html_page_kinds() -> None:
    analysis = load("oped-after-the-war.windows-1252.html")
    assert analysis.title == "After the war, can Armenians and Azerbaijanis still talk?"
    assert analysis.author == "Leyla Mammadova"
    assert analysis.outlet == "Caucasus Dialogue Review"
    assert texts(analysis, PassageKind.TITLE) == [analysis.title]
    assert texts(analysis, PassageKind.ATTRIBUTION) == ["By Leyla Mammadova"]
    (lead,) = texts(analysis, PassageKind.LEAD)
    assert lead.startswith("Dialogue between the two societies did not end with the 2020 war")
    body = texts(analysis, PassageKind.BODY)
    assert len(body) == 7  # six paragraphs and the article's own subheading
    assert "Lower expectations, harder questions" in body
    assert body[0].startswith("For almost three decades – since the late 1990s – meetings")
    assert body[-1].startswith("What comes next depends on whether the governments")
    (caption,) = texts(analysis, PassageKind.CAPTION)
    assert caption.startswith("Participants at a dialogue workshop in Tbilisi, 2019.")
    (disclaimer,) = texts(analysis, PassageKind.DISCLAIMER)
    assert "do not necessarily reflect" in disclaimer
    furniture = texts(analysis, PassageKind.FURNITURE)
    for text in ("Home", "Most read", "Related articles"):
        assert text in furniture
    assert any(t.startswith("© 2023 Caucasus Dialogue Review") for t in furniture)
    assert "“Being realistic does not mean giving up one’s principles.”" in furniture  # aside
    assert any(t.startswith("EU monitoring mission") for t in furniture)


def test_html_scripts_and_styles_are_ignored() -> None:
    analysis = load("oped-after-the-war.windows-1252.html")
    everything = " ".join(p.text for p in analysis.passages)
    for leaked in ("dataLayer", "Injected paragraph", "font-family", "trackPageView", "{"):
        assert leaked not in everything


def test_html_topics_come_from_the_article_only() -> None:
    analysis = load("oped-after-the-war.windows-1252.html")
    assert set(analysis.topic_keys) == {
        "war",
        "line_of_contact",
        "concessions",
        "echo_chambers",
        "humanitarian_crisis",
    }
    # The sidebar mentions the EU, the OSCE and Russia; the navigation "Humanitarian crisis".
    assert "mediation" not in analysis.topic_keys
    humanitarian = [p for p in analysis.passages if "humanitarian_crisis" in p.topic_keys]
    assert [p.kind for p in humanitarian] == [PassageKind.BODY]


def test_html_title_falls_back_to_the_head() -> None:
    page = (
        "<html><head><title>Talks resume | Some Outlet</title>"
        '<meta property="og:site_name" content="Some Outlet"></head>'
        "<body><p>The negotiations resumed today in Brussels after a long pause.</p></body></html>"
    )
    analysis = analyse(page, is_html=True, catalogue=())
    assert analysis.title == "Talks resume"
    assert analysis.outlet == "Some Outlet"
    assert [p.kind for p in analysis.passages] == [PassageKind.BODY]


def test_html_unclosed_paragraphs_and_breaks() -> None:
    blocks, _ = blocks_from_html(
        "<body><p>First paragraph here.<p>Second one.<br>source: A. Writer<br>photo: B</body>"
    )
    assert [b.text for b in blocks] == [
        "First paragraph here.",
        "Second one.",
        "source: A. Writer",
        "photo: B",
    ]


def test_html_without_article_element_keeps_nav_as_furniture() -> None:
    page = (
        "<nav><a>Home</a> <a>News</a></nav><h1>A headline about dialogue</h1>"
        "<p>Body text of the piece, long enough to be a paragraph.</p>"
        "<footer>Contact</footer>"
    )
    analysis = analyse(page, is_html=True, catalogue=())
    kinds = [(p.kind, p.text) for p in analysis.passages]
    assert kinds == [
        (PassageKind.FURNITURE, "Home News"),
        (PassageKind.TITLE, "A headline about dialogue"),
        (PassageKind.BODY, "Body text of the piece, long enough to be a paragraph."),
        (PassageKind.FURNITURE, "Contact"),
    ]


# --- a plain-text interview ---------------------------------------------------------------


def test_interview_kinds() -> None:
    analysis = load("interview-youth-dialogue.txt")
    assert analysis.is_interview
    assert analysis.title == 'Interview: "Young people are tired of being told who their enemy is"'
    assert analysis.author == "Tamar Kvaratskhelia"
    assert analysis.outlet == "Caucasus Youth Review"
    (lead,) = texts(analysis, PassageKind.LEAD)
    assert lead.startswith("Anahit Sargsyan has facilitated meetings")
    body = texts(analysis, PassageKind.BODY)
    assert len(body) == 12
    assert sum(t.startswith("Q: ") for t in body) == 6
    assert sum(t.startswith("A: ") for t in body) == 6
    assert texts(analysis, PassageKind.ATTRIBUTION) == [
        "Interview by Tamar Kvaratskhelia",
        "This interview was first published by Caucasus Youth Review.",
    ]
    furniture = texts(analysis, PassageKind.FURNITURE)
    assert furniture[0].startswith("Tags:")
    assert "More interviews" in furniture
    assert any(t.startswith("Students from Tbilisi and Sukhumi") for t in furniture)
    assert not any("Abkhazia" in t for t in body)


def test_interview_topics() -> None:
    analysis = load("interview-youth-dialogue.txt")
    topics = set(analysis.topic_keys)
    assert {"war", "line_of_contact", "echo_chambers", "concessions"} <= topics
    assert {"humanitarian_crisis", "mediation"} <= topics
    answer = next(p for p in analysis.passages if p.text.startswith("A: Partly."))
    assert "echo_chambers" in answer.topic_keys


# --- Markdown, hard-wrapped -----------------------------------------------------------------


def test_markdown_commentary_kinds() -> None:
    analysis = load("commentary-missing-persons.md")
    assert analysis.title == "The one question both sides already agree on"
    assert analysis.author == "Marta Kowalczyk"
    assert analysis.outlet == "peacewatch.example.eu"
    (lead,) = texts(analysis, PassageKind.LEAD)
    assert lead.startswith("Families of the missing in Armenia and Azerbaijan ask the same thing")
    assert lead.endswith("for peacewatch.example.eu.")
    body = texts(analysis, PassageKind.BODY)
    assert len(body) == 4
    assert body[0].startswith("Three decades after the first Karabakh war, thousands of families")
    assert "thousands of families on both sides still do not know" in body[0]  # lines joined
    assert texts(analysis, PassageKind.CAPTION) == [
        "Photo: Relatives of missing persons at a vigil in Yerevan, 2021."
    ]
    assert texts(analysis, PassageKind.ATTRIBUTION) == [
        "By Marta Kowalczyk",
        "Marta Kowalczyk is a researcher on transitional justice based in Warsaw.",
    ]
    furniture = texts(analysis, PassageKind.FURNITURE)
    assert "Why it stays unresolved" in furniture  # a section heading
    assert "Related articles" in furniture
    assert "Why the Minsk Group still matters to some" in furniture
    assert "mediation" not in analysis.topic_keys


def test_text_blocks_keep_labels_apart_and_join_wrapped_lines() -> None:
    blocks = blocks_from_text(
        "Editor's choice\nNews\nA long headline about something that happened today\n\n"
        "This paragraph was wrapped by an editor at about seventy\n"
        "characters, so its lines must be joined back together again\n"
        "before it is used.\n"
    )
    assert [b.text for b in blocks] == [
        "Editor's choice",
        "News",
        "A long headline about something that happened today",
        "This paragraph was wrapped by an editor at about seventy characters, so its lines "
        "must be joined back together again before it is used.",
    ]


def test_repeated_paragraphs_are_furniture() -> None:
    segmentation = segment(
        blocks_from_text(
            "A title\n\nFirst paragraph of the body, which says something.\n\n"
            "Second paragraph.\n\nFirst paragraph of the body, which says something."
        )
    )
    assert [s.kind for s in segmentation.segments] == [
        PassageKind.TITLE,
        PassageKind.BODY,
        PassageKind.BODY,
        PassageKind.FURNITURE,
    ]


def test_byline_by_with_lowercase_words_is_not_attribution() -> None:
    analysis = analyse(
        "Headline here\n\nBy the end of the year, everything had changed.",
        is_html=False,
        catalogue=(),
    )
    assert [p.kind for p in analysis.passages] == [PassageKind.TITLE, PassageKind.BODY]
    assert analysis.author == ""
