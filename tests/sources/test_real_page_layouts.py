"""Layouts met on real saved pages and copied text (issue 16, item 1), each reproduced
in a small page of our own: paragraphs wrapped in a link, whole pages of custom elements,
a "lead" class on the box around the article, and text written without spaces."""

from __future__ import annotations

from planner.sources import analyse
from planner.sources.segmentation import HINT_MAIN, blocks_from_html, blocks_from_text, segment
from planner.vocabulary import PassageKind

PARAGRAPHS = [
    "The committee on missing persons has identified the remains of more than a thousand "
    "people since it began its work, and each identification is a family's answer.",
    "Its investigators come from both communities and work in mixed teams, which is why "
    "families on both sides trust its findings more than those of any government.",
    "However, the committee depends on information about burial sites, and the witnesses "
    "who could give it are growing old without having spoken.",
]


def _page(body: str) -> str:
    return f"<!doctype html><html><head><title>Site</title></head><body>{body}</body></html>"


def test_paragraphs_wrapped_in_a_link_stay_apart() -> None:
    inner = "".join(f"<div><p>{p}</p></div>" for p in PARAGRAPHS)
    blocks, _ = blocks_from_html(_page(f"<h1>Remains and answers</h1><a href='/x'>{inner}</a>"))
    texts = [b.text for b in blocks]
    for paragraph in PARAGRAPHS:
        assert paragraph in texts


def test_a_page_of_custom_elements_gives_its_paragraphs() -> None:
    inner = "".join(f"<story-paragraph>{p}</story-paragraph>" for p in PARAGRAPHS)
    page = _page(f"<story-page><story-title>Remains and answers</story-title>{inner}</story-page>")
    blocks, _ = blocks_from_html(page)
    assert [b.text for b in blocks][-3:] == PARAGRAPHS


def test_a_lead_class_on_the_whole_article_box_marks_no_standfirst() -> None:
    more = [
        "Relatives say that the hardest part is the waiting, and that a name on a list "
        "means little until the remains are returned and buried.",
        "The two leaders have promised to open the military archives, but neither has set "
        "a date, and the families have heard such promises before.",
        "Until then, the committee will go on digging in fields and wells, one site at a "
        "time, with volunteers from both sides of the island.",
    ]
    inner = "".join(f"<p>{p}</p>" for p in PARAGRAPHS + more)
    page = _page(f"<h1>Remains and answers</h1><div class='article article--lead'>{inner}</div>")
    blocks, _ = blocks_from_html(page)
    # Read as the extractor's body paragraphs, not as six standfirsts.
    assert [b.hint for b in blocks if b.text in PARAGRAPHS + more] == [HINT_MAIN] * 6
    analysis = analyse(page, is_html=True)
    assert len(analysis.passages_of(PassageKind.LEAD)) <= 1
    assert len(analysis.passages_of(PassageKind.LEAD, PassageKind.BODY)) == 6


def test_text_written_without_spaces_is_prose() -> None:
    text = "\n\n".join(
        [
            "メニュー",
            "ホーム",
            "対話の記録",
            "住民の対話は十年前に始まり、双方の教師が毎月集まって教科書の違いを話し合ってきました。",
            "しかし、参加者の多くは、政治の交渉が止まるたびに会合も止まることを心配しています。",
            "それでも、彼らは次の世代のために共同の教材を作り続けるつもりだと話しています。",
            "関連記事",
        ]
    )
    segmentation = segment(blocks_from_text(text))
    body = [s.text for s in segmentation.segments if s.kind == PassageKind.BODY]
    assert len(body) == 3
    assert all(t.endswith("。") for t in body)


def test_short_lines_between_the_body_paragraphs_are_the_articles() -> None:
    first, second, third = (" ".join([p, p.replace("committee", "commission")]) for p in PARAGRAPHS)
    third += " Families say they will keep writing to both leaders until the archives open."
    text = "\n\n".join(
        [
            "Home",
            "News",
            "What the families ask for",
            "By Eleni Charalambous",
            first,
            "Their requests, set out in a joint letter to both leaders, are short:",
            "Open the military archives",
            "Protect the known burial sites",
            second,
            "Related articles",
            "Crossings reopen after the holiday",
            "A new mayor for the old town",
            third,
            "Contact us",
        ]
    )
    body = [s.text for s in segment(blocks_from_text(text)).segments if s.kind == PassageKind.BODY]
    for item in (
        "Their requests, set out in a joint letter to both leaders, are short:",
        "Open the military archives",
        "Protect the known burial sites",
    ):
        assert item in body
    for teaser in ("Related articles", "Crossings reopen after the holiday"):
        assert teaser not in body
    assert [first, second, third] == [t for t in body if t in (first, second, third)]
