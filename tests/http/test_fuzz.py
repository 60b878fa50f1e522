"""Fuzzing every form (issue 9.9): arbitrary text and values never give a 500, and a request
that is refused (any answer but a redirect) saves nothing.

Every POST route of the app is driven with Hypothesis, on SQLite and PostgreSQL (which is
stricter: it refuses NUL characters and over-long strings). Field names come from the form
on the route's own page; for routes without a page, from every form class of the app. The
world is the access matrix's: the organiser asks (the role that reaches every form), and
the sign-in steps are asked anonymously.
"""

from __future__ import annotations

import inspect
import io
import pkgutil
import re
from importlib import import_module

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from wtforms.fields.core import UnboundField

from planner.extensions import db
from planner.models import Session, Workshop
from tests.factories import PASSWORD
from tests.http.test_access_matrix import _RULES, ORGANISER, Case, _build_world, _url

#: The forms people use most, asked more often.
MAIN_FORMS = {
    "auth.login",
    "workshops.new",
    "workshops.edit",
    "people.add",
    "people.import_csv",
    "agenda.new_session",
    "agenda.edit_session",
    "briefs.import_page",
    "sources.new",
    "admin.create_account",
    "auth.change_password_page",
}
ANONYMOUS_FORMS = {"auth.login", "auth.two_factor"}
#: Routes a random form cannot usefully reach (it would only sign the organiser out).
SKIPPED = {"auth.logout"}
#: Forms with no field but the CSRF token (off in tests): any POST is a valid request, and
#: the answer is the page that shows what was made, once (a 200, not a redirect).
FIELDLESS = {"participant.private_calendar_link"}

AWKWARD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eRTL override",
    "\u200f\u200e",
    "Անի Հակոբյան",
    "Aygün Məmmədova Toğrul Bağırov",
    "Ольга Смирнова",
    "x" * 20_000,
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "../../etc/passwd",
    "%s%n{0}{{7*7}}",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2027-02-30",
    "2027-05-10",
    "9999-12-31",
    "25:61",
    "09:00",
    "true",
    "on",
    "\ud7ff\ue000\U0010ffff",
]

text_values = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=600),
)
file_contents = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=400).map(lambda t: t.encode("utf-8")),
    st.text(max_size=200).map(lambda t: t.encode("utf-16")),
    st.just(b"name,community,segment\n\xd4\xb1\xd5\xb6\xd5\xab,armenian,experts\n"),
)


def _all_form_field_names() -> list[str]:
    names: set[str] = set()
    import planner

    for area in pkgutil.iter_modules(planner.__path__):
        if not area.ispkg:
            continue
        for part in ("forms", "views"):
            try:
                module = import_module(f"planner.{area.name}.{part}")
            except ImportError:
                continue
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, FlaskForm):
                    names.update(n for n in dir(cls) if isinstance(getattr(cls, n), UnboundField))
    return sorted(names - {"csrf_token"})


_FIELD_NAMES = _all_form_field_names()
_FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.DOTALL | re.IGNORECASE)
_NAME = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.IGNORECASE)


def _fields_on_page(html: str) -> tuple[list[str], list[str]]:
    """(text field names, file field names) of the page's POST forms."""
    texts: set[str] = set()
    files: set[str] = set()
    for form in _FORM.findall(html):
        for _, attributes in _NAME.findall(form):
            name = re.search(r'\bname="([^"]+)"', attributes)
            if not name or name.group(1) == "csrf_token":
                continue
            (files if 'type="file"' in attributes else texts).add(name.group(1))
    return sorted(texts), sorted(files)


def _post_routes():
    for rule in _RULES:
        if "POST" in (rule.methods or ()) and rule.endpoint not in SKIPPED:
            yield pytest.param(rule.endpoint, rule.rule, id=f"{rule.endpoint}-{rule.rule}")


def _fingerprint() -> tuple:
    """Row counts of every table and the versions of the locked records: a refused request
    must leave all of them as they were."""
    db.session.remove()
    counts = tuple(
        db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    )
    versions = (
        db.session.scalar(select(func.coalesce(func.sum(Workshop.version), 0))),
        db.session.scalar(select(func.coalesce(func.sum(Session.version), 0))),
    )
    return counts + versions


@pytest.mark.parametrize(("endpoint", "rule_text"), list(_post_routes()))
def test_form_survives_arbitrary_input(app, endpoint, rule_text):
    world = _build_world()
    rule = next(
        r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule_text
    )
    url = _url(app, rule, world, Case({}))
    client = app.test_client()
    if endpoint not in ANONYMOUS_FORMS:
        user = world.users[ORGANISER]
        assert (
            client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code
            == 302
        )

    text_fields, file_fields = [], []
    if "GET" in (rule.methods or ()):
        text_fields, file_fields = _fields_on_page(client.get(url).get_data(as_text=True))
    if text_fields or file_fields:
        data_strategy = st.fixed_dictionaries(
            {name: text_values for name in text_fields},
            optional={name: text_values for name in _FIELD_NAMES if name not in text_fields},
        )
    else:
        data_strategy = st.dictionaries(st.sampled_from(_FIELD_NAMES), text_values, max_size=8)
    files_strategy = st.fixed_dictionaries({name: file_contents for name in file_fields})

    examples = 12 if endpoint in MAIN_FORMS else 3

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=data_strategy, files=files_strategy)
    def post_arbitrary_form(data, files):
        before = _fingerprint()
        payload = dict(data)
        for name, content in files.items():
            payload[name] = (io.BytesIO(content), "upload.csv")
        response = client.post(url, data=payload, content_type="multipart/form-data")
        assert response.status_code < 500, f"{endpoint} answered {response.status_code} to {data!r}"
        if response.status_code not in (301, 302, 303) and endpoint not in FIELDLESS:
            assert _fingerprint() == before, f"{endpoint} saved something while refusing {data!r}"

    post_arbitrary_form()
