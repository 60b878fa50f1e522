"""The evaluation corpus (issue 16, item 8): on ten articles from other dialogue processes
and on the seed in every layout, the body is found, quotes are whole and verbatim, no
verb presupposes truth, no question repeats within a source, and title and authors are
read — whatever the layout."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from bench.sources import CATALOGUE as SEED_CATALOGUE
from bench.sources import corpus, corpus_catalogue, evaluate, score, seed_layouts

ARTICLES = corpus()
LAYOUTS = seed_layouts()


@pytest.fixture(scope="module")
def results():
    return evaluate()


def test_the_corpus_has_ten_articles_in_varied_layouts() -> None:
    assert len(ARTICLES) >= 10
    names = " ".join(a.filename for a in ARTICLES)
    assert ".html" in names and ".txt" in names and ".md" in names
    layouts = " ".join(a.layout for a in ARTICLES)
    for layout in (
        "bio first",
        "teasers first",
        "pull-quote",
        "two authors",
        "interview",
        "comments",
    ):
        assert layout in layouts, layout


def test_body_recall_and_precision_are_at_least_95_percent(results) -> None:
    found = sum(r.true_found for r in results)
    right = sum(r.body_right for r in results)
    assert found / sum(r.true_total for r in results) >= 0.95
    assert right / sum(r.body_total for r in results) >= 0.95


def test_nine_quotes_in_ten_are_whole_and_all_are_verbatim(results) -> None:
    quotes = sum(r.quotes for r in results)
    assert quotes >= 100
    assert sum(r.whole for r in results) / quotes >= 0.90
    assert sum(r.verbatim for r in results) == quotes


def test_no_verb_presupposes_the_author_is_right(results) -> None:
    assert sum(r.presupposing for r in results) == 0


def test_no_question_repeats_within_a_source(results) -> None:
    for r in results:
        assert r.distinct_questions == r.questions, r.name


def test_every_article_gets_candidates_for_most_phases(results) -> None:
    for r in results:
        assert r.phases >= 4, r.name


@pytest.mark.parametrize("article", ARTICLES + LAYOUTS, ids=lambda a: a.name)
def test_each_article_gives_exactly_its_true_body(article) -> None:
    catalogue = SEED_CATALOGUE if article in LAYOUTS else corpus_catalogue()
    result = score(article, catalogue)
    assert result.true_found == result.true_total, article.name
    assert result.body_right == result.body_total, article.name


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.name)
def test_title_and_authors_are_found(article) -> None:
    result = score(article, corpus_catalogue())
    assert result.title_ok, article.name
    assert result.authors_ok, article.name


@pytest.mark.parametrize("article", LAYOUTS, ids=lambda a: a.name)
def test_the_seed_in_every_layout_gives_the_same_body(article) -> None:
    result = score(article, SEED_CATALOGUE)
    assert result.recall == 1.0 and result.precision == 1.0, article.name
    assert result.title_ok and result.authors_ok


def _pasted(text: str, how: str) -> str:
    if how == "without blank lines":
        return text.replace("\n\n", "\n")
    # Hard-wrapped at 72 columns, as an e-mail or a terminal gives it.
    return "\n\n".join(
        "\n".join(textwrap.fill(line, 72) for line in chunk.split("\n"))
        for chunk in text.split("\n\n")
    )


TEXT_ARTICLES = [a for a in ARTICLES if not a.filename.endswith(".html")]


@pytest.mark.parametrize("how", ["without blank lines", "wrapped at 72 columns"])
@pytest.mark.parametrize("article", TEXT_ARTICLES, ids=lambda a: a.name)
def test_a_paste_without_blank_lines_or_hard_wrapped_gives_the_same_body(article, how) -> None:
    encoding = "windows-1252" if "1252" in article.filename else "utf-8"
    text = _pasted(article.data.decode(encoding), how)
    changed = dataclasses.replace(article, data=text.encode("utf-8"), filename="pasted.txt")
    result = score(changed, corpus_catalogue())
    assert result.recall == 1.0 and result.precision == 1.0, (article.name, how)
    assert result.title_ok and result.authors_ok, (article.name, how)
