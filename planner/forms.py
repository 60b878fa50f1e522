"""Form helpers shared by every area."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def select_choices(options: type[enum.StrEnum] | Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Choices for a SelectField from an enumeration (value, label) or from pairs."""
    if isinstance(options, type) and issubclass(options, enum.Enum):
        pairs = [(m.value, getattr(m, "label", m.value)) for m in options]
    else:
        pairs = list(options)
    return [SelectChoice(value, label) for value, label in pairs]
