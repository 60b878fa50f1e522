"""Extraction that does not depend on position (issue 16, item 1): metadata read from HTML,
bios, disclaimers, teasers, pull-quotes and comments recognised wherever they stand."""

from __future__ import annotations

from datetime import date

from planner.sources import analyse
from planner.sources.segmentation import join_names, parse_date, split_names
from planner.vocabulary import PassageKind

BODY = [
    "The talks resumed in Geneva after a pause of two years, and both delegations "
    "described the first session as constructive, though neither made any concession.",
    "However, the families of the missing say they have heard such words before, and "
    "they want to see the archives opened rather than another communiqué.",
    "Local councils on both sides of the line already share water and electricity, "
    "and their officials meet every month without any publicity at all.",
]


def kinds(analysis, kind):
    return [p.text for p in analysis.passages if p.kind == kind]


def test_bio_and_disclaimer_before_the_body_do_not_hide_it() -> None:
    text = "\n\n".join(
        [
            "Maria Ionescu is a researcher at the Institute for Peace Studies in Chisinau.",
            "The views expressed here do not necessarily reflect those of the editors.",
            "The slow return of dialogue",
            *BODY,
        ]
    )
    analysis = analyse(text, is_html=False)
    assert kinds(analysis, PassageKind.BODY) == BODY
    assert analysis.title == "The slow return of dialogue"
    assert analysis.authors == ("Maria Ionescu",)
    assert kinds(analysis, PassageKind.DISCLAIMER)


def test_teasers_before_the_title_are_furniture_and_never_the_title() -> None:
    text = "\n\n".join(
        [
            "Related articles",
            "Leaders meet in Brussels",
            "The two sides discussed energy and trade in a short meeting.",
            "New crossing point opens",
            "Residents can now cross the line near the old market.",
            "The slow return of dialogue",
            "By Ana Ciobanu and Sergei Volkov",
            *BODY,
        ]
    )
    analysis = analyse(text, is_html=False)
    assert analysis.title == "The slow return of dialogue"
    assert analysis.authors == ("Ana Ciobanu", "Sergei Volkov")
    assert kinds(analysis, PassageKind.BODY) == BODY
    quotes = " ".join(c.quote for c in analysis.candidates)
    assert "crossing point opens" not in quotes and "energy and trade" not in quotes


def test_a_pull_quote_repeating_the_body_is_furniture() -> None:
    text = "\n\n".join(
        [
            "The slow return of dialogue",
            BODY[0],
            "“They want to see the archives opened.”",
            *BODY[1:],
        ]
    )
    text = text.replace(
        "they want to see the archives opened rather",
        "they want to see the archives opened. Rather",
    )
    analysis = analyse(text, is_html=False)
    assert "“They want to see the archives opened.”" in kinds(analysis, PassageKind.FURNITURE)


def test_comments_after_the_body_are_never_body() -> None:
    text = "\n\n".join(
        [
            "The slow return of dialogue",
            *BODY,
            "3 comments",
            "Nikos says: This is exactly what the politicians never admit, and I agree.",
            "A long comment that reads like prose, with several sentences. It argues back. "
            "It is still a reader's comment and not the author's text.",
        ]
    )
    analysis = analyse(text, is_html=False)
    assert kinds(analysis, PassageKind.BODY) == BODY


def test_html_metadata_gives_title_authors_outlet_and_date() -> None:
    page = (
        "<html><head><title>Home | Balkan Notes</title>"
        '<meta property="og:title" content="Bridges over the Ibar">'
        '<meta name="author" content="Milica Jovanović; Arben Krasniqi">'
        '<meta property="og:site_name" content="Balkan Notes">'
        '<meta property="article:published_time" content="2024-03-12T10:00:00Z">'
        "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
        "<h1>Bridges over the Ibar</h1>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "</article><aside><h3>Popular</h3><p>Another story entirely, about elections.</p>"
        "</aside></body></html>"
    )
    analysis = analyse(page, is_html=True)
    assert analysis.title == "Bridges over the Ibar"
    assert analysis.authors == ("Milica Jovanović", "Arben Krasniqi")
    assert analysis.outlet == "Balkan Notes"
    assert analysis.published == date(2024, 3, 12)
    assert kinds(analysis, PassageKind.BODY) == BODY
    assert "Another story entirely, about elections." in kinds(analysis, PassageKind.FURNITURE)


def test_a_date_line_near_the_title_is_read() -> None:
    text = "\n\n".join(["The slow return of dialogue", "Published 2 November 2023", *BODY])
    assert analyse(text, is_html=False).published == date(2023, 11, 2)


def test_names_are_split_and_joined() -> None:
    assert split_names("A. B. Smith; Jane Doe") == ("A. B. Smith", "Jane Doe")
    assert split_names("Anna Petrova, Ivan Ivanov and Ani Hakobyan") == (
        "Anna Petrova",
        "Ivan Ivanov",
        "Ani Hakobyan",
    )
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert parse_date("March 12, 2024") == date(2024, 3, 12)
    assert parse_date("no date here") is None


def test_a_read_more_line_inside_the_body_does_not_end_it() -> None:
    long_body = [p + " Observers on both sides said the same in private." for p in BODY]
    text = "\n\n".join(
        [
            "The slow return of dialogue",
            long_body[0],
            "Read more",
            long_body[1],
            "Advertisement",
            long_body[2],
            "Related articles",
            "Leaders meet in Brussels",
            "The two sides discussed energy and trade in a short meeting.",
            "New crossing point opens",
            "Residents can now cross the line near the old market.",
        ]
    )
    analysis = analyse(text, is_html=False)
    article = [p.text for p in analysis.passages if p.kind in (PassageKind.LEAD, PassageKind.BODY)]
    assert article == long_body


def test_html_paragraphs_parted_by_two_line_breaks_are_two_passages() -> None:
    page = (
        "<html><body><div class='post'><h1>The slow return of dialogue</h1>"
        f"<div class='entry-content'><p>{BODY[0]}<br><br>{BODY[1]}</p><div>{BODY[2]}</div>"
        "</div></div></body></html>"
    )
    analysis = analyse(page, is_html=True)
    assert kinds(analysis, PassageKind.BODY) == BODY


def test_a_page_block_is_body_when_most_of_its_words_are_the_extractors() -> None:
    from planner.sources.segmentation import _extracted_share, _norm_key, _shingles

    extracted = _shingles(" ".join(_norm_key(line) for line in BODY[:2]).split())
    assert _extracted_share(_norm_key(BODY[0] + " " + BODY[1]), extracted) == 1.0
    assert _extracted_share(_norm_key(BODY[0] + " " + BODY[2]), extracted) < 0.6
