"""Shared inputs of the source-import tests: article files and a small topic catalogue."""

from __future__ import annotations

from pathlib import Path

from planner.vocabulary import Severity
from planner.workshop_data import TopicData

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "op-ed-difficult-world-of-building-confidence.txt"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"

CATALOGUE = (
    TopicData(
        "humanitarian_crisis",
        "Humanitarian crisis and access to supplies",
        Severity.CRITICAL,
        keywords=("humanitarian", "Lachin corridor", "Aghdam", "starvation", "supplies", "hunger"),
    ),
    TopicData(
        "status",
        "Status of Nagorno-Karabakh",
        Severity.HIGH,
        keywords=("status of Nagorno-Karabakh", "part of Azerbaijan", "borders"),
    ),
    TopicData("war", "The 2020 war", Severity.HIGH, keywords=("2020 war", "war")),
    TopicData(
        "line_of_contact", "Line of contact", Severity.HIGH, keywords=("line of contact", "troops")
    ),
    TopicData(
        "concessions",
        "Painful concessions and expectations",
        Severity.MEDIUM,
        keywords=("painful decisions", "concessions", "expectations"),
    ),
    TopicData(
        "mediation",
        "Mediation and geopolitics",
        Severity.MEDIUM,
        keywords=("Russia", "EU", "OSCE", "Minsk Group", "US", "geopolitic"),
    ),
    TopicData(
        "echo_chambers",
        "Echo chambers and core beliefs",
        Severity.MEDIUM,
        keywords=("echo chamber", "core beliefs", "perceptions"),
    ),
)
