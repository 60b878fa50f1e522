"""Domain exceptions: operations raise them, views turn them into messages for people."""

from __future__ import annotations


class DomainError(ValueError):
    """A request the rules refuse; ``str(error)`` is a message a person can act on."""


class EditConflict(DomainError):
    """Someone else saved a newer version since the form was opened (optimistic locking)."""

    def __init__(self, what: str = "This") -> None:
        super().__init__(_conflict_message(what))


def _conflict_message(what: str) -> str:
    """The conflict in the reader's language: a whole sentence for each record the planner
    names, so that a translation agrees with its subject; any other subject is quoted."""
    from planner.i18n import gettext

    if what == "This workshop":
        return gettext(
            "This workshop was changed by someone else since you opened it. Your changes were "
            "not saved; the page now shows the current version — review it and make your "
            "change again."
        )
    if what == "This session":
        return gettext(
            "This session was changed by someone else since you opened it. Your changes were "
            "not saved; the page now shows the current version — review it and make your "
            "change again."
        )
    if what == "This":
        return gettext(
            "This was changed by someone else since you opened it. Your changes were not "
            "saved; the page now shows the current version — review it and make your change "
            "again."
        )
    return gettext(
        "%(what)s was changed by someone else since you opened it. Your changes were not "
        "saved; the page now shows the current version — review it and make your change again.",
        what=what,
    )


def check_version(record, submitted_version: int | str | None, what: str = "This") -> None:
    """Raise EditConflict unless the form was opened on the record's current version."""
    try:
        submitted = int(submitted_version)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise EditConflict(what) from None
    if submitted != record.version:
        raise EditConflict(what)
