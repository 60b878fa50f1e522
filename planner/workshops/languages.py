"""ISO 639-1 language codes, and reading a comma-separated list of them.

Pure: no Flask, no database. Any form that takes working or spoken languages can use
``parse_language_codes``.
"""

from __future__ import annotations

import re

_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr
    ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw
    ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
    ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr
    ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
    yo za zh zu
"""

#: Every two-letter code of ISO 639-1.
ISO_639_1 = frozenset(_CODES.split())


class LanguageCodeError(ValueError):
    """Some entries are not ISO 639-1 codes; ``bad`` lists them as typed."""

    def __init__(self, bad: list[str]) -> None:
        self.bad = bad
        listed = ", ".join(f"“{b}”" for b in bad)
        super().__init__(
            f"Not a two-letter ISO 639-1 language code: {listed}. Use codes such as hy, az, ru, en."
        )


def parse_language_codes(text: str) -> list[str]:
    """``"HY, az ,ru"`` → ``["hy", "az", "ru"]``: lower case, in order, without repeats.

    Raises LanguageCodeError naming every entry that is not an ISO 639-1 code.
    """
    codes: list[str] = []
    bad: list[str] = []
    for entry in re.split(r"[,;\s]+", text or ""):
        if not entry:
            continue
        code = entry.lower()
        if code not in ISO_639_1:
            bad.append(entry)
        elif code not in codes:
            codes.append(code)
    if bad:
        raise LanguageCodeError(bad)
    return codes
