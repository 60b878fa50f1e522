"""Timing the import pipeline, for a benchmark harness (not a test).

``run()`` returns ``(label, median milliseconds)`` for importing the seed op-ed and for
importing a synthetic text of about 1 MB (the size limit), both with a small catalogue
like the seeded one. Run it directly with ``python -m bench.sources``.

Pure: no Flask, no database.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from planner.sources.decoding import MAX_BYTES, decode_upload
from planner.sources.pipeline import analyse
from planner.vocabulary import Severity
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
    return [
        ("import seed", _median_ms(import_seed, 15)),
        ("import 1 MB text", _median_ms(import_big, 3)),
    ]


if __name__ == "__main__":  # pragma: no cover
    for label, milliseconds in run():
        print(f"{label}: {milliseconds:.1f} ms")
