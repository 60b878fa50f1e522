"""The interface's catalogues (issue 19, item 1): complete, not fuzzy, with the right plural
forms and placeholders, and up to date with the strings marked in the code and templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from planner.i18n import LANGUAGES, ROOT, TRANSLATIONS

TRANSLATED = [code for code in LANGUAGES if code != "en"]
PLURAL_FORMS = {"ru": 3, "hy": 2, "az": 2, "en": 2}


def catalogue(code: str):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=code)


def entries(code: str):
    return [message for message in catalogue(code) if message.id]


def _text(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_entry_is_translated(code):
    untranslated = [
        _text(m)
        for m in entries(code)
        if not m.string or (not isinstance(m.string, str) and not all(m.string))
    ]
    assert untranslated == [], f"{len(untranslated)} untranslated in {code}: {untranslated[:5]}"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_no_entry_is_fuzzy(code):
    fuzzy = [_text(m) for m in entries(code) if m.fuzzy]
    assert fuzzy == [], f"fuzzy in {code}: {fuzzy[:5]}"
    assert not catalogue(code).fuzzy, f"the header of {code} is marked fuzzy"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_plural_forms_are_the_languages_own(code):
    found = catalogue(code)
    assert found.num_plurals == PLURAL_FORMS[code]
    for message in entries(code):
        if message.pluralizable and code != "en":
            assert len(message.string) == found.num_plurals, _text(message)


def test_russian_has_three_plural_forms():
    header = (TRANSLATIONS / "ru" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert "nplurals=3;" in header


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder(code):
    # Babel's checkers: python-format placeholders the same in msgid and msgstr.
    problems = [(_text(m), [str(e) for e in errors]) for m, errors in catalogue(code).check()]
    assert problems == []


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]|\{\w*\}", text))


@pytest.mark.parametrize("code", TRANSLATED)
def test_named_placeholders_are_the_same_in_every_translation(code):
    # Also for strings without python-format flags (Jinja's _() with keyword arguments).
    different = []
    for message in entries(code):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = _placeholders(ids[-1])
        for string in strings:
            if (
                string
                and _placeholders(string) != wanted
                and _placeholders(string) != sorted(set(wanted))
            ):
                different.append((ids[0], string))
    assert different == []


def _extracted(tmp_path: Path) -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    keywords = re.search(r"^EXTRACT_KEYWORDS := (.+)$", makefile, re.M).group(1).split()
    output = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "--quiet", "extract", "-F", str(ROOT / "babel.cfg"), *keywords]
        + ["--no-location", "-o", str(output), str(ROOT)]
    )
    with open(output, "rb") as handle:
        return {_text(m) for m in read_po(handle) if m.id}


def test_catalogues_are_up_to_date_with_the_sources(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    marked = _extracted(tmp_path)
    assert len(marked) > 100
    for code in LANGUAGES:
        known = {_text(m) for m in entries(code)}
        missing, stale = sorted(marked - known), sorted(known - marked)
        assert not missing, f"run `make messages`: {code} lacks {missing[:5]}"
        assert not stale, f"run `make messages`: {code} still has {stale[:5]}"
