"""Importing a source article and deriving discussion prompts from it (PRODUCT §7).

A pure pipeline — no Flask, no database — in four steps:

1. :mod:`.decoding` checks and decodes an upload (text, HTML, .docx, .pdf) or a paste
   (:func:`decode_upload`, :func:`decode_paste`), refusing bad input with
   :class:`ImportRefused`;
2. :mod:`.segmentation` splits the text into passages of a
   :class:`~planner.vocabulary.PassageKind` and finds title, author and outlet;
3. :mod:`.tagging` tags passages with catalogue topics (:func:`matches`) and finds claims;
4. :mod:`.derivation` proposes candidate prompts for each phase, each quoting its passage.

Typical use::

    document = decode_upload(data, "article.html")
    analysis = analyse(document.text, is_html=document.is_html, catalogue=topics)
    for candidate in analysis.candidates:
        citation = analysis.citation(candidate)

:func:`analysis_to_dict` and :func:`summary_text` render an :class:`Analysis` for
``import-source FILE [--json]``.
"""

from __future__ import annotations

from planner.sources.decoding import (
    ACCEPTED_EXTENSIONS,
    EXTENSIONS,
    MAX_BYTES,
    DecodedDocument,
    ImportRefused,
    check_text,
    decode_paste,
    decode_upload,
    looks_like_html,
)
from planner.sources.derivation import Candidate, derive_candidates
from planner.sources.pipeline import (
    Analysis,
    Passage,
    analyse,
    analyse_paste,
    analyse_upload,
    analysis_to_dict,
    summary_text,
)
from planner.sources.tagging import Claim, find_claims, find_matches, matches, topic_keys_for

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "EXTENSIONS",
    "MAX_BYTES",
    "Analysis",
    "Candidate",
    "Claim",
    "DecodedDocument",
    "ImportRefused",
    "Passage",
    "analyse",
    "analyse_paste",
    "analyse_upload",
    "analysis_to_dict",
    "check_text",
    "decode_paste",
    "decode_upload",
    "derive_candidates",
    "find_claims",
    "find_matches",
    "looks_like_html",
    "matches",
    "summary_text",
    "topic_keys_for",
]
