"""The interface's catalogues compiled before these tests, as ``make test`` does.

The ``.mo`` files are built, never committed (see the Makefile's ``translations``): a test
run started with plain ``pytest`` compiles those that are missing or older than their
``.po``, under a lock so that parallel workers do not write the same file at once.
"""

from __future__ import annotations

import fcntl

import pytest
from babel.messages.frontend import CommandLineInterface

from planner.i18n import LANGUAGES, TRANSLATIONS


def compile_catalogues() -> None:
    with open(TRANSLATIONS / ".compile.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for code in LANGUAGES:
            folder = TRANSLATIONS / code / "LC_MESSAGES"
            po, mo = folder / "messages.po", folder / "messages.mo"
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                CommandLineInterface().run(
                    ["pybabel", "--quiet", "compile", "-i", str(po), "-o", str(mo), "-l", code]
                )


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    compile_catalogues()
