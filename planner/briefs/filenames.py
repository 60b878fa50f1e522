"""Download file names that are safe on every system (issue 5, point 4).

The plain ``filename`` is an ASCII slug of the workshop title with its start date; the
RFC 5987 ``filename*`` carries the real, Unicode title for the clients that read it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
#: Letters NFKD cannot take apart into ASCII (Azerbaijani ə, Turkish ı, Cyrillic…), spelled
#: out; other scripts (Armenian) are dropped, and the Unicode name keeps them.
_TRANSLITERATION = str.maketrans(
    {"ə": "e", "Ə": "E", "ı": "i", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "ł": "l", "Ł": "L"}
    | _CYRILLIC
    | {k.upper(): v.capitalize() for k, v in _CYRILLIC.items()}
)
#: Characters no file system or shell should see in a name.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
#: Unicode categories no name keeps (issue 14): controls (Cc); format characters (Cf) such as
#: the bidirectional overrides and isolates, which can make "…\u202efdp.exe" read as
#: "…exe.pdf", and zero-width spaces; line and paragraph separators (Zl, Zp).
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _visible(text: str) -> str:
    """``text`` without invisible characters: format characters dropped, controls and
    separators (which stood between words) turned into spaces."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category not in _INVISIBLE:
            kept.append(char)
        elif category != "Cf":
            kept.append(" ")
    return "".join(kept)


def ascii_slug(text: str, *, max_length: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens; ``"workshop"`` when nothing is left."""
    folded = unicodedata.normalize("NFKD", _visible(text).translate(_TRANSLITERATION))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "workshop"


def unicode_name(text: str, *, max_length: int = 120) -> str:
    """The title kept in its own script, without path, control or invisible characters."""
    cleaned = _UNSAFE.sub(" ", _visible(text))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    return cleaned[:max_length].strip() or "workshop"


def brief_filenames(title: str, day: date, suffix: str, extension: str) -> tuple[str, str]:
    """(ASCII name, Unicode name) for one download, e.g. ``…-2027-05-10-facilitator-brief.pdf``."""
    ascii_name = f"{ascii_slug(title)}-{day.isoformat()}-{ascii_slug(suffix)}.{extension}"
    unicode = f"{unicode_name(title)} {day.isoformat()} {suffix}.{extension}"
    return ascii_name, unicode


def content_disposition(ascii_name: str, unicode: str) -> str:
    """An ``attachment`` header value with both the ASCII and the RFC 5987 UTF-8 name."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode, safe='')}"
