"""The PDF brief, read back with pdftotext (issue 5, point 6). Each render costs ~1 s."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from planner.briefs.assemble import BriefAudience
from planner.briefs.render_pdf import render_html, render_pdf
from tests.unit.test_briefs import AYGUN, HOSTILE, _brief, _secrets, _workshop

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) missing")


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    # pdftotext wraps long lines: compare texts with their whitespace folded.
    return " ".join(result.stdout.decode("utf-8").split())


def test_participant_pdf_contains_no_confidential_text_and_the_listed_names():
    text = _text(render_pdf(_brief(audience=BriefAudience.PARTICIPANT)))
    assert [s for s in _secrets() if " ".join(s.split()) in text] == []
    assert "Անի Հակոբյան" in text and AYGUN.name in text


def test_pdf_prints_a_hostile_title_as_text():
    text = _text(render_pdf(_brief(_workshop(title=HOSTILE))))
    assert "<script>alert(1)</script>" in text and '=HYPERLINK("http://x")' in text


def test_pdf_html_escapes_markup_and_names_dejavu_sans():
    html = render_html(_brief(_workshop(title=HOSTILE)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    from planner.briefs.render_pdf import STYLESHEET

    assert '"DejaVu Sans"' in STYLESHEET.read_text(encoding="utf-8")


def test_session_pdf_holds_the_session_and_its_prompt_citation():
    from datetime import datetime

    from planner.briefs.assemble import assemble_session_brief

    brief = assemble_session_brief(
        _workshop(),
        "s-human",
        BriefAudience.FACILITATOR,
        viewer=None,
        generated_at=datetime(2027, 4, 1),
    )
    text = _text(render_pdf(brief))
    assert "Humanitarian needs" in text and "no miracles are possible" in text
    assert "HANDLING-SECRET-GUIDANCE" in text and "Opening and ground rules" not in text
