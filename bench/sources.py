"""Timing and evaluating the import pipeline, for a benchmark harness (not a test).

``run()`` returns ``(label, median milliseconds)`` for importing the seed op-ed, a
synthetic text of about 1 MB (the size limit) and the articles of the evaluation corpus,
and prints the corpus figures (issue 16, item 8): over ``tests/fixtures/articles/corpus``
(ten articles from other dialogue processes, each with a sidecar naming its true body
paragraphs) and the seed in every layout (as pasted, bio first, teasers first, a saved
HTML page, windows-1252), body recall and precision, whole-sentence quotes, verbatim
quotes, presupposing verbs, distinct questions within a source, phases covered, title
and authors found, import time, and the five best and five worst candidates by a rough
reading score. Run it directly with ``python -m bench.sources``.

Pure: no Flask, no database.
"""

from __future__ import annotations

import html
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from planner.sources.decoding import MAX_BYTES, decode_upload
from planner.sources.derivation import (
    PRESUPPOSING_VERBS,
    Candidate,
    is_reported_speech,
    is_whole_thought,
    key_phrase,
    normalise_question,
)
from planner.sources.pipeline import analyse
from planner.vocabulary import PassageKind, Phase, Severity
from planner.workshop_data import TopicData

SEED = (
    Path(__file__).resolve().parents[1]
    / "seeds"
    / "op-ed-difficult-world-of-building-confidence.txt"
)

CATALOGUE: tuple[TopicData, ...] = tuple(
    TopicData(key=key, name=name, severity=Severity.HIGH, keywords=keywords)
    for key, name, keywords in (
        (
            "humanitarian_crisis",
            "Humanitarian crisis and access to supplies",
            ("humanitarian", "Lachin corridor", "Aghdam", "starvation", "supplies", "hunger"),
        ),
        (
            "status",
            "Status of Nagorno-Karabakh",
            ("status of Nagorno-Karabakh", "part of Azerbaijan", "borders"),
        ),
        ("war_2020", "The 2020 war and its losses", ("2020 war", "war")),
        ("line_of_contact", "Line of contact", ("line of contact", "troops")),
        (
            "concessions",
            "Painful concessions and expectations",
            ("painful decisions", "concessions", "expectations"),
        ),
        (
            "mediation",
            "Mediation and geopolitics",
            ("Russia", "EU", "OSCE", "Minsk Group", "US", "geopolitic"),
        ),
        (
            "echo_chambers",
            "Echo chambers and core beliefs",
            ("echo chamber", "core beliefs", "perceptions"),
        ),
    )
)


def seed_text() -> str:
    """The seed op-ed, decoded as an upload would be."""
    return decode_upload(SEED.read_bytes(), SEED.name).text


def large_text(target_bytes: int = MAX_BYTES - 4096) -> str:
    """About ``target_bytes`` of op-ed-like text: the seed's paragraphs, numbered so that
    none repeats, with a related-articles tail every few paragraphs."""
    paragraphs = [p for p in seed_text().split("\n\n") if len(p) > 200]
    parts: list[str] = []
    size = 0
    number = 0
    while size < target_bytes:
        number += 1
        paragraph = f"{paragraphs[number % len(paragraphs)]} (Part {number}.)"
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    text = "\n\n".join(parts)
    return text.encode("utf-8")[:target_bytes].decode("utf-8", "ignore")


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    timings: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run() -> list[tuple[str, float]]:
    """Median milliseconds for importing the seed and a 1 MB text."""
    seed = SEED.read_bytes()
    big = large_text().encode("utf-8")

    def import_seed() -> None:
        document = decode_upload(seed, SEED.name)
        analyse(document.text, is_html=False, catalogue=CATALOGUE)

    def import_big() -> None:
        document = decode_upload(big, "large.txt")
        analyse(document.text, is_html=False, catalogue=CATALOGUE)

    import_seed()  # warm the compiled-pattern caches
    results = evaluate()
    # ``make bench`` prints one table of timings; the corpus figures are printed before it.
    print("Source import over the evaluation corpus (issue 16):")
    print(report(results))
    print()
    return [
        ("import seed", _median_ms(import_seed, 15)),
        ("import 1 MB text", _median_ms(import_big, 3)),
        ("import a corpus article (median)", statistics.median(r.milliseconds for r in results)),
    ]


# --- the evaluation corpus ---------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "articles"
CORPUS = FIXTURES / "corpus"


@dataclass(frozen=True)
class Article:
    """One evaluation document: its bytes, its file name and what is true about it."""

    name: str
    filename: str
    data: bytes
    body: tuple[str, ...]  # the first words of each true body paragraph, lead first
    title: str
    authors: tuple[str, ...]
    layout: str


def corpus_catalogue() -> tuple[TopicData, ...]:
    """The catalogue entries the corpus articles need (fixtures only, never seeded)."""
    entries = yaml.safe_load((CORPUS / "catalogue.yaml").read_text(encoding="utf-8"))
    return tuple(
        TopicData(
            key=e["key"],
            name=e["name"],
            severity=Severity(e.get("severity", "high")),
            keywords=tuple(e.get("keywords", ())) + tuple(f"~{c}" for c in e.get("cues", ())),
        )
        for e in entries
    )


def corpus() -> list[Article]:
    """Every article of ``tests/fixtures/articles/corpus`` with its sidecar."""
    articles = []
    for sidecar in sorted(CORPUS.glob("*.yaml")):
        if sidecar.name == "catalogue.yaml":
            continue
        truth = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        document = next(p for p in CORPUS.glob(sidecar.stem + ".*") if p.suffix != ".yaml")
        articles.append(
            Article(
                name=sidecar.stem,
                filename=document.name,
                data=document.read_bytes(),
                body=tuple(truth["body"]),
                title=truth.get("title", ""),
                authors=tuple(truth.get("authors", ())),
                layout=truth.get("layout", ""),
            )
        )
    return articles


def seed_layouts() -> list[Article]:
    """The seed op-ed as pasted (its own layout), bio first, teasers first, as a saved
    HTML page, and as windows-1252 text."""
    truth = yaml.safe_load((FIXTURES / "seed-layouts.yaml").read_text(encoding="utf-8"))
    text = seed_text()
    paragraphs = [p for p in text.split("\n\n")]
    bio_at = next(i for i, p in enumerate(paragraphs) if p.startswith("source:"))
    related_at = next(i for i, p in enumerate(paragraphs) if p.strip() == "Related articles")
    head, body, bio, tail = (
        paragraphs[:1],
        paragraphs[1:bio_at],
        paragraphs[bio_at:related_at],
        paragraphs[related_at:],
    )
    layouts = {
        "seed": text,
        "seed bio first": "\n\n".join(bio + head + body + tail),
        "seed teasers first": "\n\n".join(tail + head + body + bio),
    }
    escape = html.escape
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>commonspace.eu</title>"
        "<meta name='author' content='Benyamin Poghosyan'>"
        "<meta property='og:site_name' content='commonspace.eu'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/opinion'>Opinion</a></nav>"
        f"<article><h1>{escape(head[0])}</h1>"
        + "".join(f"<p>{escape(p)}</p>" for p in body)
        + "".join(f"<p class='note'>{escape(p)}</p>" for p in bio)
        + "</article><aside class='related'>"
        + "".join(f"<p>{escape(p)}</p>" for p in tail)
        + "</aside><footer>© commonspace.eu</footer></body></html>"
    )
    articles = [
        Article(
            name,
            "seed.txt",
            value.encode("utf-8"),
            tuple(truth["body"]),
            truth["title"],
            tuple(truth["authors"]),
            name,
        )
        for name, value in layouts.items()
    ]
    articles.append(
        Article(
            "seed html",
            "seed.html",
            page.encode("utf-8"),
            tuple(truth["body"]),
            truth["title"],
            tuple(truth["authors"]),
            "saved HTML page",
        )
    )
    articles.append(
        Article(
            "seed windows-1252",
            "seed.txt",
            text.encode("windows-1252"),
            tuple(truth["body"]),
            truth["title"],
            tuple(truth["authors"]),
            "windows-1252",
        )
    )
    return articles


def _starts(text: str, prefix: str) -> bool:
    return " ".join(text.split()).startswith(" ".join(prefix.split()))


@dataclass
class Scores:
    """What the bench measures on one article."""

    name: str
    true_found: int = 0
    true_total: int = 0
    body_right: int = 0
    body_total: int = 0
    quotes: int = 0
    whole: int = 0
    verbatim: int = 0
    questions: int = 0
    distinct_questions: int = 0
    phases: int = 0
    presupposing: int = 0
    milliseconds: float = 0.0
    title_ok: bool = False
    authors_ok: bool = False
    candidates: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.true_found / self.true_total if self.true_total else 1.0

    @property
    def precision(self) -> float:
        return self.body_right / self.body_total if self.body_total else 0.0


def score(article: Article, catalogue: Sequence[TopicData]) -> Scores:
    """Import one article and measure it against its truth."""
    started = time.perf_counter()
    document = decode_upload(article.data, article.filename)
    analysis = analyse(document.text, is_html=document.is_html, catalogue=catalogue)
    elapsed = (time.perf_counter() - started) * 1000
    body = analysis.passages_of(PassageKind.LEAD, PassageKind.BODY)
    result = Scores(article.name, milliseconds=elapsed)
    result.true_total = len(article.body)
    result.true_found = sum(
        1 for prefix in article.body if any(_starts(p.text, prefix) for p in body)
    )
    result.body_total = len(body)
    result.body_right = sum(
        1 for p in body if any(_starts(p.text, prefix) for prefix in article.body)
    )
    for candidate in analysis.candidates:
        passage = analysis.passages[candidate.passage_index]
        start = candidate.quote_start
        end = start + len(candidate.quote)
        result.quotes += 1
        result.verbatim += passage.text[start:end] == candidate.quote
        result.whole += is_whole_thought(passage.text, start, end)
        # The verb that introduces the author's words (not the author's own words).
        introduction = candidate.text.split("“", 1)[0].lower()
        result.presupposing += any(
            f" {verb} " in f" {introduction} " for verb in PRESUPPOSING_VERBS
        )
        result.candidates.append((reading_score(candidate, passage.text), article.name, candidate))
    questions = [normalise_question(c.question) for c in analysis.candidates]
    result.questions = len(questions)
    result.distinct_questions = len(set(questions))
    result.phases = len({c.phase for c in analysis.candidates})
    result.title_ok = " ".join(analysis.title.split()) == " ".join(article.title.split())
    result.authors_ok = set(analysis.authors) == set(article.authors)
    return result


#: An opening that leans on a sentence outside the quote: a pronoun or a contrast.
_LEANS_BACK = re.compile(r"(?:it|this|that|these|those|they|he|she|such|but|yet|however)\b", re.I)


def reading_score(candidate: Candidate, passage_text: str) -> float:
    """A rough reading score, to rank candidates for a person to look at (best and worst
    five): a whole sentence (+2), of a readable length (+1 for 12–40 words, −1 beyond 45
    or under 8), the question filled with the passage's own key phrase (+1); an opening
    pronoun or contrast that leans on a sentence outside the quote (−1), someone else's
    words (−1)."""
    start = candidate.quote_start
    end = start + len(candidate.quote)
    words = len(candidate.quote.split())
    value = 2.0 if is_whole_thought(passage_text, start, end) else 0.0
    value += 1.0 if 12 <= words <= 40 else 0.0
    value -= 1.0 if words > 45 or words < 8 else 0.0
    phrase = key_phrase(candidate.quote)
    value += 1.0 if phrase and phrase in candidate.question else 0.0
    value -= 1.0 if _LEANS_BACK.match(candidate.quote) else 0.0
    value -= 1.0 if is_reported_speech(candidate.quote) else 0.0
    return value


def best_and_worst(results: Sequence[Scores], n: int = 5) -> tuple[list, list]:
    """The ``n`` best and ``n`` worst candidates over ``results`` by :func:`reading_score`,
    as ``(score, article, candidate)``, each wording once (ties in corpus order)."""
    distinct = {c[2].text: c for r in results for c in r.candidates}  # the seed's layouts
    ranked = sorted(distinct.values(), key=lambda c: c[0], reverse=True)
    return ranked[:n], ranked[-n:][::-1]


def evaluate() -> list[Scores]:
    """Scores for the corpus and the seed's layouts (seed ones with the bench catalogue)."""
    catalogue = corpus_catalogue()
    analyse("warm up: load the libraries once. However, this is a sentence.", is_html=False)
    results = [score(a, catalogue) for a in corpus()]
    results += [score(a, CATALOGUE) for a in seed_layouts()]
    return results


def report(results: Sequence[Scores]) -> str:
    """The table ``make bench`` prints, and the totals."""
    lines = [
        f"{'article':34} {'recall':>7} {'prec.':>7} {'whole':>7} {'verb.':>6} "
        f"{'dist.q':>7} {'phases':>6} {'title':>5} {'auth.':>5} {'ms':>7}"
    ]
    for r in results:
        lines.append(
            f"{r.name:34} {r.recall:7.0%} {r.precision:7.0%} "
            f"{(r.whole / r.quotes if r.quotes else 1):7.0%} "
            f"{(r.verbatim / r.quotes if r.quotes else 1):6.0%} "
            f"{(r.distinct_questions / r.questions if r.questions else 1):7.0%} "
            f"{r.phases:6d} {'yes' if r.title_ok else 'no':>5} {'yes' if r.authors_ok else 'no':>5} "
            f"{r.milliseconds:7.1f}"
        )
    found = sum(r.true_found for r in results)
    true = sum(r.true_total for r in results)
    right = sum(r.body_right for r in results)
    total = sum(r.body_total for r in results)
    quotes = sum(r.quotes for r in results)
    lines.append("")
    lines.append(
        f"body recall {found / true:.1%} ({found}/{true}), precision "
        f"{right / total:.1%} ({right}/{total})"
    )
    lines.append(
        f"whole-sentence quotes {sum(r.whole for r in results) / quotes:.1%}, verbatim "
        f"{sum(r.verbatim for r in results) / quotes:.1%} of {quotes} quotes; "
        f"presupposing verbs {sum(r.presupposing for r in results)}"
    )
    lines.append(
        f"distinct questions within a source "
        f"{sum(r.distinct_questions for r in results) / max(1, sum(r.questions for r in results)):.1%}; "
        f"phases covered {statistics.mean(r.phases for r in results):.1f} of {len(Phase)} "
        f"on average; median import {statistics.median(r.milliseconds for r in results):.0f} ms"
    )
    best, worst = best_and_worst(results)
    for label, chosen in (("best", best), ("worst", worst)):
        lines.append(f"five {label} candidates (reading score):")
        lines.extend(f"  [{value:+.0f}] {name}: {c.text}" for value, name, c in chosen)
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    for label, milliseconds in run():
        print(f"{label}: {milliseconds:.1f} ms")
