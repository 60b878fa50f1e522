"""Property tests: any input either imports or is refused, and quotes are always verbatim."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner.sources import (
    Analysis,
    ImportRefused,
    analyse,
    analysis_to_dict,
    decode_upload,
    matches,
)
from planner.sources.derivation import MAX_QUOTE_WORDS, MIN_QUOTE_WORDS
from planner.vocabulary import PassageKind, Severity
from planner.workshop_data import TopicData

CATALOGUE = (
    TopicData(
        "humanitarian_crisis",
        "Humanitarian crisis",
        Severity.CRITICAL,
        keywords=("humanitarian", "Lachin corridor", "starvation", "supplies"),
    ),
    TopicData("war", "The 2020 war", Severity.HIGH, keywords=("2020 war", "war")),
    TopicData("mediation", "Mediation", Severity.MEDIUM, keywords=("EU", "US", "OSCE")),
    TopicData("echo", "Echo chambers", Severity.MEDIUM, keywords=("echo chamber", "perceptions")),
)

FRAGMENTS = [
    "Opinion: The difficult world of building confidence",
    '"Confidence-building measures are necessary", writes Jane Doe in this op-ed for x.eu.',
    "However, this does not mean that each side remained within its core perceptions.",
    "At the same time, the participants are more realistic in their expectations.",
    "Of course, the humanitarian crisis and the supply of goods via the Lachin corridor.",
    "They seek a balance while not rejecting their “echo-chamber”, core beliefs.",
    "Armenia and Azerbaijan resumed negotiations to sign a peace agreement.",
    "source: Jane Doe is a fellow.",
    "photo: A meeting in Venice.",
    "The views expressed do not necessarily reflect those of the outlet.",
    "Related articles",
    "Editor's choice",
    "News",
    "Q: What changed?",
    "A: Everything, of course, changed after the 2020 war.",
    "By Jane Doe",
    "# A heading",
    "- a list item",
    "<p>An HTML paragraph about dialogue.</p>",
    "<nav>Home</nav>",
    "<script>var x = '<p>';</script>",
    "<h1>Title</h1>",
    "<aside>Most read</aside>",
    ", , , ; : – — ( ) “ ” \" ' ",
]

documents = st.one_of(
    st.text(max_size=2000),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80)),
        max_size=30,
    ).flatmap(
        lambda parts: st.sampled_from(["\n", "\n\n", " ", ""]).map(lambda sep: sep.join(parts))
    ),
)


def check_analysis(analysis: Analysis) -> None:
    assert analysis.passages
    assert [p.index for p in analysis.passages] == list(range(len(analysis.passages)))
    for passage in analysis.passages:
        assert isinstance(passage.kind, PassageKind)
        assert passage.text
        for claim in passage.claims:
            assert passage.text[claim.start : claim.end] == claim.text
    for candidate in analysis.candidates:
        passage = analysis.passages[candidate.passage_index]
        assert candidate.quote
        assert candidate.quote in passage.text
        start = candidate.quote_start
        assert passage.text[start : start + len(candidate.quote)] == candidate.quote
        assert MIN_QUOTE_WORDS <= len(candidate.quote.split()) <= MAX_QUOTE_WORDS
        assert candidate.text.endswith("?")
    json.dumps(analysis_to_dict(analysis))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, is_html=st.booleans())
def test_any_text_imports_or_is_refused(text: str, is_html: bool) -> None:
    try:
        analysis = analyse(text, is_html=is_html, catalogue=CATALOGUE)
    except ImportRefused as refused:
        assert refused.message
        return
    check_analysis(analysis)


@settings(max_examples=100, deadline=None)
@given(
    data=st.one_of(st.binary(max_size=600), documents.map(lambda t: t.encode("utf-8", "replace"))),
    filename=st.sampled_from(["a.txt", "a.md", "a.html", "a.htm", "a.pdf", "noext"]),
)
def test_any_upload_decodes_and_imports_or_is_refused(data: bytes, filename: str) -> None:
    try:
        document = decode_upload(data, filename)
        analysis = analyse(document.text, is_html=document.is_html, catalogue=CATALOGUE)
    except ImportRefused as refused:
        assert refused.message
        return
    check_analysis(analysis)


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8),
        min_size=1,
        max_size=3,
    ),
    before=st.sampled_from(["", " ", "“", "(", "the ", "-"]),
    after=st.sampled_from(["", " ", "”", ".", ",", "'s", "’s", "s"]),
    separator=st.sampled_from([" ", "-", "  ", "\n"]),
    upper=st.booleans(),
)
def test_a_keyword_finds_itself_in_any_spelling(
    words: list[str], before: str, after: str, separator: str, upper: bool
) -> None:
    if after == "s":
        assume(words[-1][-1] not in "sxzhy")  # their plurals are not "+s"
    keyword = " ".join(words)
    written = separator.join(words)
    text = before + (written.upper() if upper else written) + after
    assert matches(keyword, text)
    assert not matches(keyword, "x" + written + "x")
