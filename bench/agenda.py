"""Timing the agenda editor's in-place edits, and counting page loads (issue 17).

``run(app, workshop_uid, email)`` returns ``(label, median milliseconds)`` for one edit
round trip on the large generated workshop, as the editor's script makes it (the request
with ``HX-Request: true`` and the day redrawn in the answer): moving a session a place
(Move up / Move down), changing a duration, and a drag-and-drop reorder (JSON). Times are
in-process server times, like the pages' in ``bench.__main__``; the target is under 30 ms.

``page_loads(app)`` builds the issue's three-day Venice workshop (17 sessions, a dinner
typed at 19:30, no filler session) twice on a fresh workshop each time, signed in as a
facilitator, and counts the full pages the browser loads: with the plain forms (no
script: the session form, "Save and add another", redirects) and with the in-place
editor (the agenda's own add form answered by htmx with the day alone). The browser test
``tests/browser/test_build_workshop.py`` asserts the in-place figure in a real browser.
"""

from __future__ import annotations

import re
import statistics
import time
from datetime import date
from html.parser import HTMLParser

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

REPEAT = 30
HX = {"HX-Request": "true"}
PASSWORD = "bench password 123"  # noqa: S105 - a throwaway account of the bench database

#: The three-day Venice workshop: (day 1-3, title, minutes, format, typed start or "").
VENICE = (
    (1, "Opening and ground rules", 60, "opening", "14:00"),
    (1, "Introductions in pairs", 60, "bilateral", ""),
    (1, "What brings us here", 90, "plenary", ""),
    (1, "Welcome dinner", 120, "informal", "19:30"),
    (2, "How we see each other", 90, "small_groups", "09:00"),
    (2, "Coffee", 20, "break", ""),
    (2, "Caucus", 60, "caucus", ""),
    (2, "Lunch together", 70, "informal", ""),
    (2, "The hard conversation", 90, "plenary", ""),
    (2, "Coffee", 20, "break", ""),
    (2, "What we heard", 60, "plenary", ""),
    (2, "Dinner near the Rialto", 120, "informal", "19:30"),
    (3, "The hard conversation, second session", 90, "plenary", "09:00"),
    (3, "Coffee", 20, "break", ""),
    (3, "Looking forward: joint next steps", 90, "plenary", ""),
    (3, "Closing and reflection", 45, "closing", ""),
    (3, "Farewell lunch", 60, "informal", ""),
)
FIRST_DAY = date(2027, 5, 12)


def _signed_in(app, email: str):
    from planner.extensions import db
    from planner.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.set_password(PASSWORD)
        db.session.commit()
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"cannot sign in as {email}")
    return client


def _day_sessions(app, uid: str):
    """(day, [(session uid, version)] in order) for each day of the workshop."""
    from planner.extensions import db
    from planner.models import Session, Workshop

    with app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
        rows = db.session.execute(
            select(Session.day, Session.uid, Session.version)
            .where(Session.workshop_id == workshop.id)
            .order_by(Session.day, Session.position)
        ).all()
    days: dict[date, list[tuple[str, int]]] = {}
    for day, sid, version in rows:
        days.setdefault(day, []).append((sid, version))
    return days


def _version(app, sid: str) -> int:
    from planner.extensions import db
    from planner.models import Session

    with app.app_context():
        return db.session.scalar(select(Session.version).where(Session.uid == sid))


def _succeeded(response) -> bool:
    body = response.get_data(as_text=True)
    return (
        response.status_code == 200
        and 'class="is-error"' not in body
        and "error" not in (response.get_json(silent=True) or {})
    )


def _timed(send) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``REPEAT`` round trips (after five more
    that fill caches and compile templates). The CPU figure is this process's own time: on
    a machine shared with other work it is the steadier of the two."""
    wall, cpu = [], []
    for i in range(REPEAT + 5):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = send(i)
        elapsed = (time.perf_counter() - started) * 1000
        elapsed_cpu = (time.process_time() - started_cpu) * 1000
        if not _succeeded(response):
            raise RuntimeError(f"an agenda edit was refused ({response.status_code})")
        if i >= 5:
            wall.append(elapsed)
            cpu.append(elapsed_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _movable(app, client, uid: str) -> tuple[str, str] | None:
    """A session of the large workshop that may move down and back (no clash either way)."""
    days = _day_sessions(app, uid)
    for day in sorted(days):
        for index in range(len(days[day]) - 1):
            sid = _day_sessions(app, uid)[day][index][0]
            for direction in ("down", "up"):
                response = client.post(
                    f"/workshops/{uid}/sessions/{sid}/move",
                    data={"direction": direction, "version": _version(app, sid)},
                    headers=HX,
                )
                if not _succeeded(response):
                    break
            else:
                return sid, day.isoformat()
    return None


def run(app, uid: str, email: str) -> list[tuple[str, float]]:
    client = _signed_in(app, email)
    found = _movable(app, client, uid)
    if found is None:
        raise RuntimeError("no session of the large workshop can move without a clash")
    sid, day = found
    results = []

    def move(i):
        return client.post(
            f"/workshops/{uid}/sessions/{sid}/move",
            data={"direction": "down" if i % 2 == 0 else "up", "version": _version(app, sid)},
            headers=HX,
        )

    results.extend(_rows("move (Move down / up)", _timed(move)))
    original = next(
        v for s, v in _durations(app, uid) if s == sid
    )  # put the duration back afterwards

    def duration(i):
        minutes = original + 5 if i % 2 == 0 else original
        return client.post(
            f"/workshops/{uid}/sessions/{sid}/duration",
            data={"minutes": str(minutes), "version": _version(app, sid)},
            headers=HX,
        )

    results.extend(_rows("duration change", _timed(duration)))
    order = [s for s, _ in _day_sessions(app, uid)[date.fromisoformat(day)]]
    index = order.index(sid)
    swapped = list(order)
    swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]

    def drag(i):
        return client.post(
            f"/workshops/{uid}/agenda/{day}/order",
            json={"order": swapped if i % 2 == 0 else order, "moved": sid},
        )

    results.extend(_rows("drag and drop (JSON)", _timed(drag)))
    return results


def _rows(what: str, timing: tuple[float, float]) -> list[tuple[str, float]]:
    wall, cpu = timing
    return [
        (f"agenda edit, large: {what}", wall),
        (f"agenda edit, large: {what}, CPU", cpu),
    ]


def _durations(app, uid: str):
    from planner.extensions import db
    from planner.models import Session, Workshop

    with app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
        return db.session.execute(
            select(Session.uid, Session.duration_minutes).where(Session.workshop_id == workshop.id)
        ).all()


class _PageCounter:
    """Counts full pages (HTML documents) a browser would load, following redirects."""

    def __init__(self, client) -> None:
        self.client = client
        self.pages = 0

    def _count(self, response) -> None:
        if response.status_code >= 400:
            raise RuntimeError(f"page answered {response.status_code}")
        if response.get_data(as_text=True).lstrip().lower().startswith("<!doctype html"):
            self.pages += 1

    def get(self, url: str):
        response = self.client.get(url, follow_redirects=True)
        self._count(response)
        return response

    def post(self, url: str, data: dict, headers: dict | None = None):
        response = self.client.post(url, data=data, headers=headers or {}, follow_redirects=True)
        self._count(response)
        return response


class _FormDefaults(HTMLParser):
    """The (name, value) pairs a form would post untouched: inputs' values, checked boxes,
    and each select's selected (or first) option."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._option: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.pairs.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self.pairs.append((name, ""))
        elif tag == "select" and name:
            self._select, self._option = name, None
        elif tag == "option" and self._select and ("selected" in a or self._option is None):
            self._option = (self._select, a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if self._option is not None:
                self.pairs.append(self._option)
            self._select = None


def _new_workshop(counter: _PageCounter, venue_value: str) -> str:
    page = counter.get("/workshops/new").get_data(as_text=True)
    form = _FormDefaults()
    form.feed(page[page.index("<main") :])
    typed = {
        "title": "Venice confidence-building workshop",
        "venue": venue_value,
        "start_date": FIRST_DAY.isoformat(),
        "end_date": date(2027, 5, 14).isoformat(),
        "template": "",
    }
    data = MultiDict([(k, v) for k, v in form.pairs if k not in typed])
    for key, value in typed.items():
        data.add(key, value)
    response = counter.post("/workshops/new", data)
    uid = response.request.path.rsplit("/", 1)[-1]
    if "/workshops/" not in response.request.path or uid == "new":
        errors = re.findall(r'id="([^"]+)-error">([^<]*)', response.get_data(as_text=True))
        raise RuntimeError(f"the bench could not create its workshop: {errors}")
    return uid


def page_loads(app, email: str) -> list[str]:
    """Page loads to build the Venice workshop, without script and with the in-place editor."""
    from planner.extensions import db
    from planner.models import Venue

    # The counts are about pages, not tokens: the forms are posted without their CSRF token.
    csrf = app.config.get("WTF_CSRF_ENABLED", True)
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        with app.app_context():
            venue = db.session.scalar(select(Venue.key).where(Venue.city == "Venice"))
        venue_value = str(venue) if venue is not None else ""
        plain = _PageCounter(_signed_in(app, email))
        plain.pages = 2  # the sign-in page and the page after it
        uid = _new_workshop(plain, venue_value)
        plain.get(f"/workshops/{uid}/agenda")
        plain.get(f"/workshops/{uid}/sessions/new?day={FIRST_DAY.isoformat()}")
        for index, (day, title, minutes, format_, start) in enumerate(VENICE):
            last = index == len(VENICE) - 1
            the_day = date.fromordinal(FIRST_DAY.toordinal() + day - 1)
            data = {
                "title": title,
                "day": the_day.isoformat(),
                "duration_minutes": str(minutes),
                "format": format_,
                "audience": "everyone",
                "audience_community": "",
                "start_time": start or _proposed_start(app, uid, the_day),
            }
            if not last:
                data["add_another"] = "1"
            plain.post(f"/workshops/{uid}/sessions/new", data)
        _check_built(app, uid)

        in_place = _PageCounter(_signed_in(app, email))
        in_place.pages = 2
        uid = _new_workshop(in_place, venue_value)
        in_place.get(f"/workshops/{uid}/agenda")
        for day, title, minutes, format_, start in VENICE:
            the_day = date.fromordinal(FIRST_DAY.toordinal() + day - 1)
            in_place.post(
                f"/workshops/{uid}/agenda/{the_day.isoformat()}/sessions",
                {
                    "title": title,
                    "duration_minutes": str(minutes),
                    "format": format_,
                    "start_time": start,
                },
                headers=HX,
            )
        _check_built(app, uid)
    finally:
        app.config["WTF_CSRF_ENABLED"] = csrf
    return [
        f"page loads to build the 3-day Venice workshop (17 sessions): plain forms "
        f"{plain.pages}, in-place editor {in_place.pages}",
    ]


def _proposed_start(app, uid: str, day: date) -> str:
    """What the session form proposes: when the day's last session ends (09:00 if none)."""
    from planner.agenda.operations import flow_end
    from planner.agenda.queries import day_sessions, load_agenda

    with app.app_context():
        end = flow_end(day_sessions(load_agenda(uid), day))
    return f"{end:%H:%M}" if end else "09:00"


def _check_built(app, uid: str) -> None:
    from planner.extensions import db
    from planner.models import Session, Workshop

    with app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
        rows = db.session.execute(
            select(Session.title, Session.start_time).where(Session.workshop_id == workshop.id)
        ).all()
    dinners = [start for title, start in rows if "inner" in title]
    if len(rows) != len(VENICE) or any(f"{d:%H:%M}" != "19:30" for d in dinners):
        raise RuntimeError(f"the bench built a different workshop: {rows}")
