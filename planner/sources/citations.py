"""Finding a quoted span in a source's passages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from planner.vocabulary import PassageKind


class QuoteNotFound(LookupError):
    """The quote is not, word for word, in any passage."""


class _PassageLike(Protocol):
    kind: PassageKind
    text: str


# Where a quote is looked for first: the author's own words before anything around them.
_PREFERENCE = [
    PassageKind.BODY,
    PassageKind.LEAD,
    PassageKind.CAPTION,
    PassageKind.ATTRIBUTION,
    PassageKind.TITLE,
    PassageKind.DISCLAIMER,
    PassageKind.FURNITURE,
]


P = TypeVar("P", bound=_PassageLike)


def quote_pattern(quote: str) -> re.Pattern[str]:
    """Words in order, any run of whitespace between them (the article may hold non-breaking spaces)."""
    return re.compile(r"\s+".join(re.escape(word) for word in quote.split()))


def locate_quote(passages: Sequence[P], quote: str) -> tuple[P, str]:
    """The passage holding ``quote`` and the exact span as it is written there."""
    pattern = quote_pattern(quote)
    ordered = sorted(passages, key=lambda p: _PREFERENCE.index(PassageKind(p.kind)))
    for passage in ordered:
        found = pattern.search(passage.text)
        if found:
            return passage, found.group(0)
    raise QuoteNotFound(quote)
