"""ISO 639-1 language codes, and the one reader of a list of them.

Every place that takes languages — the person form, the participant's profile, the
workshop's working languages, the CSV roster import and the JSON brief import — reads
them here, so all accept exactly the same codes. Pure: no Flask, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from planner.exceptions import DomainError

# The 183 codes of ISO 639-1 (the deprecated "bh", Bihari languages, is not one of them).
_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
"""


def N_(text: str) -> str:  # noqa: N802 - the name `make messages` looks for
    """Mark ``text`` for the interface's catalogues where pure code makes it; whoever shows
    it translates it then, in the reader's language (``gettext(text)``)."""
    return text


#: Every two-letter language code of ISO 639-1.
ISO_639_1 = frozenset(_CODES.split())

# What people type between codes: "hy, ru", "hy ru", "hy; ru", "hy/ru".
_SEPARATORS = re.compile(r"[\s,;/]+")


class LanguageCodeError(DomainError):
    """Some entries are not ISO 639-1 codes; ``bad`` lists them as typed."""

    def __init__(self, bad: list[str]) -> None:
        self.bad = bad
        listed = ", ".join(f"“{entry}”" for entry in bad)
        super().__init__(
            f"Not a two-letter ISO 639-1 language code: {listed}. "
            "Use two-letter language codes such as hy, az, ru, en."
        )


def language_codes(entries: Iterable[str]) -> list[str]:
    """``["HY", " az", "hy"]`` → ``["hy", "az"]``: lower case, in order, without repeats.

    Blank entries are skipped. Raises :class:`LanguageCodeError` naming every entry that
    is not an ISO 639-1 code.
    """
    codes: list[str] = []
    bad: list[str] = []
    for entry in entries:
        typed = unicodedata.normalize("NFC", entry).strip()
        if not typed:
            continue
        code = typed.lower()
        if code not in ISO_639_1:
            bad.append(typed)
        elif code not in codes:
            codes.append(code)
    if bad:
        raise LanguageCodeError(bad)
    return codes


def parse_languages(text: str | None) -> list[str]:
    """``"HY, az ,ru"`` → ``["hy", "az", "ru"]``: codes separated by commas, spaces,
    semicolons or slashes, read as :func:`language_codes` reads them."""
    return language_codes(_SEPARATORS.split(text or ""))
