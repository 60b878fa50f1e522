"""``make bench``: measure the pages, the rules and the exports; print one table.

Every figure comes from this run: two generated databases (small and large), the
pages timed in-process with the test client (median and 95th percentile of the
server time), each as a ratio to a bare route of the same app measured in the same
run, the SQL statements each page issues at both sizes, and peak memory. It exits
non-zero only when it cannot run — never because of a figure.
"""

from __future__ import annotations

import gc
import importlib
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event, select

SIZES = {"small": (100, 1_000), "large": (10_000, 100_000)}
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
#: Issue 23: every main page's first view (nothing remembered) within this many bare routes.
FIRST_VIEW_TARGET = 10
WARM_UP = 10


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    statements: int


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _measure(
    client, url: str, counter: list[int], before: Callable[[], object] | None = None
) -> Timing:
    """Median and 95th percentile of ``REPEAT`` GETs; ``before`` runs (untimed) before each."""
    for _ in range(WARM_UP):  # compile templates, fill caches, let the interpreter settle
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    samples = []
    for _ in range(REPEAT):
        if before is not None:
            before()
        counter[0] = 0
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(statistics.median(samples), _percentile(samples, 0.95), counter[0])


def _forgetting(app, remembered) -> Callable[[], None]:
    """Forget everything remembered (in the app's cache) before a timed request."""

    def forget() -> None:
        with app.app_context():
            remembered.forget_all()

    return forget


def _sign_in(app, client, email: str) -> None:
    from planner.extensions import db
    from planner.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.set_password("bench password 123")
        db.session.commit()
    response = client.post("/login", data={"email": email, "password": "bench password 123"})
    if response.status_code != 302:
        raise RuntimeError(f"cannot sign in as {email}")


def _build(size: str, folder: str):
    from flask_migrate import upgrade

    from planner import create_app
    from planner.demo import create_demo
    from planner.extensions import db
    from planner.generator.programme import generate

    workshops, people = SIZES[size]
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/{size}.db"})
    app.add_url_rule("/__bare", "bench_bare", lambda: "ok")
    _add_floor_routes(app)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        generated = generate(workshops=workshops, people=people, seed=7)
        elapsed = time.perf_counter() - started
        accounts = {role: email for role, email, _password in create_demo()}
        _publish(generated.large_workshop_uid)
        db.session.commit()
    return app, generated, accounts, elapsed


#: What every signed-in page pays before its own content (issue 23's first-view target is
#: a multiple of the bare route): the sign-in check alone, and the layout around nothing.
FLOOR_ROUTES = {
    "signed in, the check alone": "/__signed_in",
    "signed in, the layout around nothing": "/__layout",
}


def _add_floor_routes(app) -> None:
    from flask import render_template
    from flask_login import login_required

    # Compiled once, as every template of the app is.
    layout = app.jinja_env.from_string(
        '{% extends "base.html" %}{% block content %}<h1>Bench</h1>{% endblock %}'
    )
    app.add_url_rule("/__signed_in", "bench_signed_in", login_required(lambda: "ok"))
    app.add_url_rule("/__layout", "bench_layout", login_required(lambda: render_template(layout)))


def _publish(uid: str) -> None:
    """Publish the large workshop's agenda, so the participant page has something to show."""
    from planner.agenda.publishing import publish_agenda
    from planner.extensions import db
    from planner.models import User
    from planner.workshop_loading import load_workshop_head, workshop_page_data

    head = load_workshop_head(uid)
    publish_agenda(head, workshop_page_data(head), db.session.get(User, head.owner_id))


def _pages(app, generated, accounts) -> dict[str, tuple[str, str]]:
    """page label → (account email, URL); pages missing from this build are left out."""
    uid = generated.large_workshop_uid
    endpoints = app.view_functions
    pages = {
        f"workshops list ({role})": (email, "/workshops/")
        for role, email in _list_viewers(generated, accounts).items()
    }
    pages |= {
        "workshop page (large)": (accounts["organiser"], f"/workshops/{uid}"),
        "prompt library": (accounts["organiser"], "/prompts/"),
    }
    if "agenda.edit" in endpoints:
        pages["agenda page (large)"] = (accounts["organiser"], f"/workshops/{uid}/agenda")
    if "participant.agenda" in endpoints:
        pages["participant agenda (large)"] = (generated.participant_email, f"/my/workshops/{uid}")
    from bench import live

    pages |= live.pages(app, generated, accounts)
    return pages


#: Who the workshops list is measured for: one of each role.
LIST_ROLES = ("organiser", "facilitator", "participant")


def _list_viewers(generated, accounts) -> dict[str, str]:
    """role → account email for the workshops list: the demo organiser and facilitator, and
    the generated participant (invited to the large workshop and a few generated ones)."""
    return {
        "organiser": accounts["organiser"],
        "facilitator": accounts["facilitator"],
        "participant": generated.participant_email,
    }


def _timed(label: str, fn: Callable[[], object], repeat: int = 10) -> tuple[str, float]:
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return label, statistics.median(samples)


def main() -> int:
    from bench import serving as bench_serving
    from planner import remembered
    from planner.extensions import db

    rows: dict[str, dict[str, Timing]] = {}
    first_views: dict[str, dict[str, Timing]] = {}
    serving: list[tuple[str, Timing, Timing]] = []
    plans: dict[str, str] = {}
    bare: dict[str, Timing] = {}
    floors: dict[str, dict[str, Timing]] = {}
    generation: dict[str, float] = {}
    extra: list[tuple[str, float]] = []
    agenda_lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        for size in SIZES:
            app, generated, accounts, elapsed = _build(size, folder)
            generation[size] = elapsed
            counter = [0]

            def _count(*_args, counter=counter, **_kwargs) -> None:
                counter[0] += 1

            with app.app_context():
                event.listen(db.engine, "before_cursor_execute", _count)
            # As gunicorn.conf.py does before forking workers: start-up objects are frozen
            # out of the garbage collector's reach, so full collections stay short.
            gc.collect()
            gc.freeze()
            clients = {}
            pages = _pages(app, generated, accounts)
            for label, (email, url) in pages.items():
                if email not in clients:
                    clients[email] = app.test_client()
                    _sign_in(app, clients[email], email)
                try:
                    rows.setdefault(label, {})[size] = _measure(clients[email], url, counter)
                except RuntimeError as error:
                    print(f"  ({label}: {error})", file=sys.stderr)
            # Every page when nothing is remembered from an earlier view (a fresh worker, or
            # the first view after any change): everything remembered is computed again.
            for label, (email, url) in pages.items():
                try:
                    first_views.setdefault(label, {})[size] = _measure(
                        clients[email], url, counter, before=_forgetting(app, remembered)
                    )
                except RuntimeError as error:
                    print(f"  ({label}, first view: {error})", file=sys.stderr)
            bare[size] = _measure(app.test_client(), "/__bare", counter)
            for label, url in FLOOR_ROUTES.items():
                floors.setdefault(label, {})[size] = _measure(
                    clients[accounts["organiser"]], url, counter
                )
            serving.extend(
                (f"{label} ({size})", timing, bare[size])
                for label, timing in bench_serving.measure(
                    app, generated, clients, accounts, counter, Timing, REPEAT
                )
            )
            if size == "large":
                plans = _list_query_plans(app, _list_viewers(generated, accounts))
            if size == "large":
                extra.extend(_rule_and_export_benchmarks(app, generated))
                agenda_lines.extend(_agenda_benchmarks(app, generated, accounts, extra))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"Generation: small {generation['small']:.1f} s, large {generation['large']:.1f} s "
        f"({SIZES['large'][0]} workshops, {SIZES['large'][1]} people)"
    )
    print(
        f"Bare route median: small {bare['small'].median_ms:.3f} ms, large {bare['large'].median_ms:.3f} ms"
    )
    _table(rows, bare)
    print()
    print(f"First views, nothing remembered (target: each ≤ {FIRST_VIEW_TARGET}× the bare route)")
    _table(first_views, bare, verdict=True)
    print()
    print("The floor: what any signed-in page costs before its own content")
    _table(floors, bare)
    print()
    print("Serving (issue 23): conditional polls and remembered briefs, in-process")
    for label, timing, against in serving:
        print(
            f"{label:<52} {timing.median_ms:>10.2f} ms {timing.median_ms / against.median_ms:>8.1f}"
            f"× bare {timing.statements:>4} SQL"
        )
    print(
        f"(targets: a 304 feed poll ≤ {bench_serving.POLL_TARGET}× the bare route, as "
        f"`make load` measures it served; a repeated facilitator PDF < "
        f"{bench_serving.PDF_TARGET_MS} ms)"
    )
    for role in LIST_ROLES:
        by_size = rows.get(f"workshops list ({role})", {})
        if len(by_size) == 2:
            ratio = by_size["large"].median_ms / by_size["small"].median_ms
            print(f"workshops list ({role}), large / small: {ratio:.2f}×")
    for label, ms in extra:
        print(f"{label:<48} {ms:>10.2f} ms")
    for line in agenda_lines:
        print(line)
    for who, plan in plans.items():
        print(f"Query plan of the workshops list ({who}, SQLite): {plan}")
    print(f"Peak memory (max RSS): {peak_mb:.0f} MiB")
    return 0


def _table(
    timings: dict[str, dict[str, Timing]], bare: dict[str, Timing], *, verdict: bool = False
) -> None:
    """One table of pages by size, each against the bare route of its database; with
    ``verdict``, whether it meets the first-view target."""
    header = f"{'page':<40} {'size':<6} {'median ms':>10} {'p95 ms':>8} {'× bare':>8} {'SQL':>5}"
    print(header)
    print("-" * len(header))
    for label, by_size in timings.items():
        for size, timing in by_size.items():
            ratio = timing.median_ms / bare[size].median_ms
            met = ("  met" if ratio <= FIRST_VIEW_TARGET else "  NOT met") if verdict else ""
            print(
                f"{label:<40} {size:<6} {timing.median_ms:>10.2f} {timing.p95_ms:>8.2f} "
                f"{ratio:>8.1f} {timing.statements:>5}{met}"
            )


def _list_query_plans(app, viewers: dict[str, str]) -> dict[str, str]:
    """EXPLAIN QUERY PLAN of the list's page query for each role (role → email)."""
    from sqlalchemy import text

    from planner import access
    from planner.extensions import db
    from planner.models import User, Workshop

    plans = {}
    with app.app_context():
        for role, email in viewers.items():
            user = db.session.scalar(select(User).where(User.email == email))
            query = (
                access.visible_workshops(user)
                .order_by(Workshop.start_date.desc(), Workshop.id.desc())
                .limit(50)
            )
            compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
            rows = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
            plans[role] = "; ".join(row[-1] for row in rows)
    return plans


def _agenda_benchmarks(app, generated, accounts, extra: list[tuple[str, float]]) -> list[str]:
    """bench.agenda: one in-place agenda edit's round trip on the large workshop (into
    ``extra``), and the page loads to build the three-day Venice workshop (returned)."""
    try:
        agenda = importlib.import_module("bench.agenda")
    except ImportError:
        return []
    extra.extend(agenda.run(app, generated.large_workshop_uid, accounts["organiser"]))
    return agenda.page_loads(app, accounts["facilitator"])


def _rule_and_export_benchmarks(app, generated) -> list[tuple[str, float]]:
    from planner import remembered
    from planner.charts import composition_matrix, composition_svg, timeline_svg
    from planner.readiness import review
    from planner.workshop_loading import load_workshop_page_data

    results = []
    with app.app_context():
        data = load_workshop_page_data(generated.large_workshop_uid)
        results.append(
            _timed("readiness review, 5 days / 60 sessions / 80 people", lambda: review(data), 50)
        )
        results.append(
            _timed("timelines of the 5 days", lambda: [timeline_svg(data, d) for d in data.days])
        )
        results.append(
            _timed(
                "composition chart (matrix and picture)",
                lambda: composition_svg(composition_matrix(data)),
            )
        )
        # What a page pays when the same workshop is viewed again: equal data, built anew.
        again = load_workshop_page_data(generated.large_workshop_uid)
        remembered.readiness(data)
        results.append(
            _timed(
                "remembered review, same workshop viewed again",
                lambda: remembered.readiness(again),
                50,
            )
        )
    for module in ("bench.sources", "bench.briefs", "bench.outbox"):
        try:
            bench = importlib.import_module(module)
        except ImportError:
            continue
        results.extend(bench.run())
    return results


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # the harness could not run: say why, exit non-zero
        print(f"bench could not run: {error}", file=sys.stderr)
        raise
