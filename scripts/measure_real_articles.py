"""Measure the source import on real saved web pages (issue 16): not a test, not for CI.

Reads a copy of the Article Extraction Benchmark (scrapinghub/article-extraction-benchmark:
``html/<id>.html.gz`` pages and ``ground-truth.json`` with each page's true
``articleBody``), either a checked-out folder or a bare git directory, and prints:

* the HTML path — each page as an uploaded ``.html`` file goes through
  :func:`~planner.sources.decoding.decode_upload` and :func:`~planner.sources.pipeline.analyse`
  (what the import page calls); the lead and body passages found are compared with
  ``articleBody``;
* the copy-paste path — the page's whole visible text as a browser's select-all copy gives
  it (navigation, teasers, bios, comments and all: the text of ``<body>``, block elements
  as paragraph breaks, scripts, styles and hidden elements left out) pasted as plain text.

Body recall and precision are measured **by characters**: the words of the found body
and of the true body (Unicode word characters, case-folded) are aligned in order with
:class:`difflib.SequenceMatcher`, and each matched word counts its length. Recall is the
share of the true body's characters found, precision the share of the found body's
characters that are in the true body. Per page and over all characters.

Title found: the page's own title (``og:title``, else its first ``<h1>``) and ours agree
once case, punctuation and a " | Site" tail are set aside, or one contains the other.
Author found (only on pages that name one in ``meta name=author``,
``article:author``, JSON-LD ``author`` or a ``rel=author`` link): one of our authors
shares a name with it.

Usage::

    python scripts/measure_real_articles.py PATH [--sample N] [--worst N] [--derive N]

``--derive N`` also prints the candidates derived on N accepted pages (spread evenly), with
whole-sentence and verbatim shares, distinct questions, presupposing verbs and the
five best and five worst candidates by :func:`bench.sources.reading_score`.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.sources import corpus_catalogue, reading_score  # noqa: E402
from planner.sources.decoding import ImportRefused, decode_paste, decode_upload  # noqa: E402
from planner.sources.derivation import (  # noqa: E402
    PRESUPPOSING_VERBS,
    is_whole_thought,
    normalise_question,
)
from planner.sources.pipeline import analyse  # noqa: E402
from planner.vocabulary import PassageKind  # noqa: E402

WORD = re.compile(r"\w+")


class Corpus:
    """The benchmark's pages, from a folder or a bare git directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bare = not (path / "ground-truth.json").exists()

    def _read(self, name: str) -> bytes:
        if not self.bare:
            return (self.path / name).read_bytes()
        return subprocess.run(
            ["git", f"--git-dir={self.path}", "show", f"HEAD:{name}"],
            check=True,
            capture_output=True,
        ).stdout

    def truth(self) -> dict[str, dict]:
        return json.loads(self._read("ground-truth.json"))

    def page(self, page_id: str) -> bytes:
        return gzip.decompress(self._read(f"html/{page_id}.html.gz"))


# --- the page's own text, title and authors ----------------------------------------------

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_INVISIBLE_TAGS = (
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object",
    "select", "textarea", "button",
)  # fmt: skip


def _root(html: str):
    import lxml.html

    return lxml.html.document_fromstring(html)


def copy_paste_text(html: str) -> str:
    """The visible text of the page as a select-all copy would give it."""
    import lxml.etree

    root = _root(html)
    lxml.etree.strip_elements(root, *_INVISIBLE_TAGS, lxml.etree.Comment, with_tail=False)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        if element.get("hidden") is not None or "display:none" in style:
            element.drop_tree()
    body = root.find("body")
    body = body if body is not None else root
    parts: list[str] = []

    def walk(element) -> None:
        block = isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n\n")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append("\n\n")

    walk(body)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "".join(parts))]
    return "\n\n".join(p for p in paragraphs if p)


def page_title(html: str) -> str:
    root = _root(html)
    for value in root.xpath("//meta[@property='og:title']/@content"):
        if value.strip():
            return value.strip()
    for h1 in root.xpath("//h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    return ""


def page_authors(html: str) -> list[str]:
    root = _root(html)
    found: list[str] = []
    for value in root.xpath(
        "//meta[@name='author']/@content | //meta[@property='article:author']/@content"
    ):
        if value.strip() and not value.strip().startswith("http"):
            found.append(value.strip())
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                author = item.get("author")
                for a in author if isinstance(author, list) else [author]:
                    if isinstance(a, dict) and isinstance(a.get("name"), str):
                        found.append(a["name"])
                    elif isinstance(a, str) and not a.startswith("http"):
                        found.append(a)
                stack.extend(v for k, v in item.items() if k == "@graph")
    for link in root.xpath("//a[@rel='author']"):
        text = " ".join(link.text_content().split())
        if text:
            found.append(text)
    return [a for a in dict.fromkeys(found) if WORD.search(a)]


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def title_found(ours: str, theirs: str) -> bool:
    if not theirs:
        return False
    a, b = _key(ours), _key(theirs)
    if not a:
        return False
    # " | Site" tails on either side.
    head = _key(re.split(r"\s+[|–—-]\s+", theirs)[0])
    return a in (b, head) or len(a) > 15 and (a in b or head in a)


def author_found(ours: tuple[str, ...], theirs: list[str]) -> bool:
    names = {w for a in theirs for w in WORD.findall(a.casefold()) if len(w) > 2}
    return any(w in names for a in ours for w in WORD.findall(a.casefold()) if len(w) > 2)


# --- scores ------------------------------------------------------------------------------


def char_overlap(found: str, truth: str) -> tuple[int, int, int]:
    """``(matched, found, true)`` characters: words aligned in order, each weighted by
    its length."""
    a = WORD.findall(found.casefold())
    b = WORD.findall(truth.casefold())
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(sum(len(w) for w in a[m.a : m.a + m.size]) for m in matcher.get_matching_blocks())
    return matched, sum(map(len, a)), sum(map(len, b))


@dataclass
class PageScore:
    page_id: str
    url: str
    matched: int = 0
    found: int = 0
    true: int = 0
    refused: str = ""
    title_ok: bool = False
    has_author: bool = False
    author_ok: bool = False
    milliseconds: float = 0.0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.true if self.true else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0


def _passage_report(analysis, truth: str, score: PageScore) -> None:
    truth_key = f" {_key(truth)} "
    for p in analysis.passages:
        key = _key(p.text)
        if not key or len(key) < 30:
            continue
        in_truth = f" {key} " in truth_key
        if p.kind in (PassageKind.LEAD, PassageKind.BODY) and not in_truth:
            score.extra.append(p.text[:100])
        elif p.kind not in (PassageKind.LEAD, PassageKind.BODY) and in_truth:
            score.missed.append(f"[{p.kind.value}] {p.text[:100]}")


def measure(page_id: str, url: str, data: bytes, truth: str, *, paste: bool, catalogue):
    score = PageScore(page_id, url)
    started = time.perf_counter()
    try:
        # The page as a browser reads it (its own charset): what a select-all copy copies.
        page = decode_upload(data, "page.html")
        document = decode_paste(copy_paste_text(page.text), is_html=False) if paste else page
        analysis = analyse(document.text, is_html=document.is_html, catalogue=catalogue)
    except ImportRefused as refused:
        score.refused = str(refused)
        score.true = char_overlap("", truth)[2]
        return score, None
    score.milliseconds = (time.perf_counter() - started) * 1000
    body = "\n\n".join(p.text for p in analysis.passages_of(PassageKind.LEAD, PassageKind.BODY))
    score.matched, score.found, score.true = char_overlap(body, truth)
    score.title_ok = title_found(analysis.title, page_title(page.text))
    reference = page_authors(page.text)
    score.has_author = bool(reference)
    score.author_ok = bool(reference) and author_found(analysis.authors, reference)
    _passage_report(analysis, truth, score)
    return score, analysis


def _percentiles(values: list[float]) -> str:
    values = sorted(values)
    q = statistics.quantiles(values, n=10, method="inclusive")
    return (
        f"min {values[0]:.0%}  p10 {q[0]:.0%}  p25 {statistics.quantiles(values, n=4)[0]:.0%}  "
        f"median {statistics.median(values):.0%}  mean {statistics.mean(values):.1%}"
    )


def report(label: str, scores: list[PageScore], worst: int) -> None:
    accepted = [s for s in scores if not s.refused]
    matched = sum(s.matched for s in accepted)
    found = sum(s.found for s in accepted)
    true = sum(s.true for s in accepted)
    print(f"== {label}: {len(scores)} pages, {len(scores) - len(accepted)} refused")
    for s in scores:
        if s.refused:
            print(f"   refused {s.page_id[:10]} {s.url[:60]}: {s.refused}")
    print(
        f"   body recall (characters, all pages' characters) {matched / true:.1%}, "
        f"precision {matched / max(1, found):.1%}"
    )
    print(f"   recall per page:    {_percentiles([s.recall for s in accepted])}")
    print(f"   precision per page: {_percentiles([s.precision for s in accepted])}")
    for threshold in (0.95, 0.8, 0.5):
        print(
            f"   pages with recall and precision >= {threshold:.0%}: "
            f"{sum(s.recall >= threshold and s.precision >= threshold for s in accepted)}"
            f"/{len(accepted)}"
        )
    with_author = [s for s in accepted if s.has_author]
    print(
        f"   title found {sum(s.title_ok for s in accepted)}/{len(accepted)}; "
        f"author found {sum(s.author_ok for s in with_author)}/{len(with_author)} pages naming one"
    )
    print(f"   import median {statistics.median(s.milliseconds for s in accepted):.0f} ms")
    print(f"   worst {worst} (by min(recall, precision)):")
    for s in sorted(accepted, key=lambda s: min(s.recall, s.precision))[:worst]:
        print(f"   - {s.page_id[:10]} R {s.recall:.0%} P {s.precision:.0%} {s.url[:80]}")
        for line in s.missed[:3]:
            print(f"       missed {line}")
        for line in s.extra[:3]:
            print(f"       extra  {line}")


def derive_report(analyses) -> None:
    quotes = whole = verbatim = presupposing = questions = distinct = 0
    rated = []
    for page_id, analysis in analyses:
        for c in analysis.candidates:
            passage = analysis.passages[c.passage_index]
            start, end = c.quote_start, c.quote_start + len(c.quote)
            quotes += 1
            ok_whole = is_whole_thought(passage.text, start, end)
            whole += ok_whole
            verbatim += passage.text[start:end] == c.quote
            intro = c.text.split("“", 1)[0].lower()
            presupposing += any(f" {v} " in f" {intro} " for v in PRESUPPOSING_VERBS)
            rated.append((reading_score(c, passage.text), page_id, c))
        qs = [normalise_question(c.question) for c in analysis.candidates]
        questions += len(qs)
        distinct += len(set(qs))
    print(f"== candidates on {len(analyses)} pages: {quotes} quotes")
    print(
        f"   whole sentences/clauses {whole / max(1, quotes):.1%}, verbatim "
        f"{verbatim / max(1, quotes):.1%}, distinct questions {distinct / max(1, questions):.1%}, "
        f"presupposing verbs {presupposing}"
    )
    rated = sorted({c.text: (v, p, c) for v, p, c in rated}.values(), key=lambda r: -r[0])
    for label, chosen in (("best", rated[:5]), ("worst", rated[-5:])):
        print(f"   five {label}:")
        for value, page_id, c in chosen:
            print(f"   - [{value:+.0f}] {page_id[:8]} {c.phase.value}: {c.text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the benchmark: a folder or a bare git dir")
    parser.add_argument("--sample", type=int, default=0, help="only the first N pages")
    parser.add_argument("--worst", type=int, default=12)
    parser.add_argument("--derive", type=int, default=0)
    parser.add_argument("--no-paste", action="store_true", help="skip the copy-paste path")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML path")
    args = parser.parse_args(argv)
    corpus = Corpus(args.path)
    truth = corpus.truth()
    ids = sorted(truth)[: args.sample or None]
    catalogue = corpus_catalogue()
    analyse("Warm up the libraries. However, this is a sentence.", is_html=False)
    html_scores, paste_scores, analyses = [], [], []
    stride = max(1, len(ids) // max(1, args.derive))
    for page_id in ids:
        data = corpus.page(page_id)
        body, url = truth[page_id]["articleBody"], truth[page_id]["url"]
        if not args.no_html:
            score, analysis = measure(page_id, url, data, body, paste=False, catalogue=catalogue)
            html_scores.append(score)
            if analysis is not None and args.derive:
                analyses.append((page_id, analysis))
        if not args.no_paste:
            paste_scores.append(
                measure(page_id, url, data, body, paste=True, catalogue=catalogue)[0]
            )
    if html_scores:
        report("HTML path (saved page uploaded)", html_scores, args.worst)
    if paste_scores:
        report("copy-paste path (select-all text pasted)", paste_scores, args.worst)
    if analyses:
        # Every stride-th page the import accepted, so that refused pages leave no gap.
        derive_report(analyses[::stride][: args.derive])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
