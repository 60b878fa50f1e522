"""Timing the live run sheet, for the benchmark harness (not a test).

``pages(generated, accounts)`` names the page for ``make bench`` to measure like the
others (median and 95th percentile of the server time through the test client, SQL
statements at both sizes): the run sheet of the large generated workshop, shown for 10:15
on its first day (``?at=``), as its owner's team sees it. The issue's target is under 20 ms.
``python -m bench.live`` builds the large database alone and prints that figure, with the
bare route and the workshop page of the same run for scale.
"""

from __future__ import annotations

import sys


def pages(app, generated, accounts) -> dict[str, tuple[str, str]]:
    """page label → (account email, URL) for the harness; empty without the live pages."""
    if "live.run_sheet" not in app.view_functions:
        return {}
    from sqlalchemy import select

    from planner.extensions import db
    from planner.models import Workshop

    uid = generated.large_workshop_uid
    with app.app_context():
        first_day = db.session.scalar(select(Workshop.start_date).where(Workshop.uid == uid))
    url = f"/workshops/{uid}/live?at={first_day.isoformat()}T10:15"
    return {"run sheet (large)": (accounts["organiser"], url)}


def main() -> int:
    import tempfile

    from bench.__main__ import _build, _measure, _sign_in

    with tempfile.TemporaryDirectory(prefix="planner-bench-live-") as folder:
        app, generated, accounts, _elapsed = _build("large", folder)
        counter = [0]
        from sqlalchemy import event

        from planner.extensions import db

        with app.app_context():
            event.listen(
                db.engine,
                "before_cursor_execute",
                lambda *_a, **_k: counter.__setitem__(0, counter[0] + 1),
            )
        bare = _measure(app.test_client(), "/__bare", counter)
        print(f"bare route: median {bare.median_ms:.3f} ms")
        measured = dict(pages(app, generated, accounts))
        # For scale on a busy machine: the workshop page of the same workshop, same run.
        uid = generated.large_workshop_uid
        measured["workshop page (large)"] = (accounts["organiser"], f"/workshops/{uid}")
        for label, (email, url) in measured.items():
            client = app.test_client()
            _sign_in(app, client, email)
            timing = _measure(client, url, counter)
            print(
                f"{label}: median {timing.median_ms:.2f} ms, p95 {timing.p95_ms:.2f} ms, "
                f"{timing.median_ms / bare.median_ms:.0f}× bare, {timing.statements} SQL statements"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
