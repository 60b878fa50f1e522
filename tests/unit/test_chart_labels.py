"""A chart label too long for its room keeps the longest beginning that fits, with "…"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.charts import fit_width, text_width

# Latin, Azerbaijani, Armenian and Cyrillic letters, spaces and dashes, and one the font lacks.
LETTERS = "abcXYZ əğışƏĞİŞ Հայերեն Кириллица-–,.\u4e2d"


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=LETTERS, max_size=60),
    room=st.floats(min_value=0, max_value=400),
    size=st.sampled_from([10, 11, 12, 13]),
    bold=st.booleans(),
)
def test_a_label_keeps_the_longest_beginning_that_fits(text, room, size, bold):
    shown = fit_width(text, room, size, bold=bold)
    if text_width(text, size, bold=bold) <= room:
        assert shown == text
        return
    assert shown.endswith("…")
    kept = shown[:-1]
    assert text.startswith(kept) and kept == kept.rstrip()
    if kept:
        assert text_width(shown, size, bold=bold) <= room + 1e-9
    # One more character of the text would not fit (whatever spaces it ends with).
    longer = text[: len(kept) + 1]
    while longer != text and longer.rstrip() == kept:
        longer = text[: len(longer) + 1]
    if longer.rstrip() != kept:
        assert text_width(longer.rstrip() + "…", size, bold=bold) > room - 1e-9
