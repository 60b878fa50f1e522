"""The interface's four languages (issue 19): English, Russian, Armenian, Azerbaijani (Latin).

Which language a request is answered in (``select_locale``): the signed-in account's
preferred language; else the language chosen with the switcher, kept in the session (so a
private agenda link never carries it); else the best of the four in the browser's
``Accept-Language``; else English. Outside a request — a ``flask`` command — it is the
command line's: ``PLANNER_LANGUAGE``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
so ``hy_AM.UTF-8`` is Armenian), else English.

The switcher (``POST /language``, CSRF) is on every page through ``base.html``; it sets the
session's choice and, for a signed-in account, the account's preferred language, then
goes back to the page it was used on (a same-site path only).

Dates, weekdays, times and numbers are formatted by Babel from CLDR in the request's
language (``format_date``, ``format_time``, ``format_number``, ``date_range``; the Jinja
filters ``date``, ``time``, ``weekday`` and ``number``). English keeps the app's own
British forms ("Monday 14 December 2026", "09:30"), which is what CLDR gives too
for ``en_GB``, without the cost of a pattern lookup on every call.

Catalogues live in ``translations/<code>/LC_MESSAGES/messages.po`` (``make messages``
extracts and updates them, ``make translations`` compiles the ``.mo`` files that
``make run`` and ``make test`` build; the ``.mo`` files are not committed).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.support import NullTranslations
from flask import (
    Blueprint,
    Flask,
    flash,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask.globals import _cv_app
from flask_babel import Babel, get_locale, get_translations, refresh
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"

#: The interface's languages, each named in itself (as the switcher shows them).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "hy": "Հայերեն",
    "az": "Azərbaycanca",
}
DEFAULT = "en"
#: Where the switcher's choice is kept for a visitor (and before signing in).
SESSION_KEY = "language"

babel = Babel()
bp = Blueprint("i18n", __name__)


def supported(code: object) -> str | None:
    """``code`` if it is one of the interface's languages (``"hy"``, ``"HY"``), else None."""
    if isinstance(code, str):
        code = code.strip().lower()
        if code in LANGUAGES:
            return code
    return None


#: Outside a request (the ``flask`` commands): the language asked for the planner, then the
#: POSIX locale variables in the order the C library reads them.
ENVIRONMENT_VARIABLES = ("PLANNER_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of a command line: ``PLANNER_LANGUAGE`` (``hy``), else the first of
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set (``hy_AM.UTF-8`` → ``hy``), as the
    C library decides; English when that one is none of the four (``C``, ``de_DE``)."""
    environ = os.environ if environ is None else environ
    planner_language = supported(environ.get("PLANNER_LANGUAGE"))
    if planner_language:
        return planner_language
    for name in ENVIRONMENT_VARIABLES[1:]:
        value = (environ.get(name) or "").strip()
        if value:
            # language[_territory][.codeset][@modifier]
            return supported(value.split(".")[0].split("@")[0].split("_")[0]) or DEFAULT
    return DEFAULT


def select_locale() -> str:
    """The language of this request (see the module's docstring for the order); outside a
    request, the command line's (:func:`environment_language`)."""
    if not has_request_context():
        return environment_language()
    if current_user.is_authenticated:
        chosen = supported(getattr(current_user, "preferred_language", None))
        if chosen:
            return chosen
    chosen = supported(session.get(SESSION_KEY))
    if chosen:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT)


def current() -> str:
    """The request's language code (``"en"`` outside a request)."""
    locale = get_locale()
    return str(locale.language) if locale is not None else DEFAULT


def text_direction(code: str | None = None) -> str:
    """``"ltr"`` or ``"rtl"`` for ``code`` (the request's language by default), from CLDR
    through Babel. All four of the interface's languages are written left to right; the
    pages and the PDF still say so from the locale, not from a constant."""
    return _direction(code or current())


@functools.cache
def _direction(code: str) -> str:
    # Read once per language: every page asks.
    return Locale.parse(code).text_direction


def participant_language(
    preferred: Iterable[str | None], working_languages: Iterable[str] = ()
) -> str:
    """The language of a participant's own outputs (issue 19): their files, calendar and
    e-mails. The first of ``preferred`` that is one of the interface's languages (most
    explicit first: the person's own ``preferred_language``, a language asked for now such
    as a private page's switcher, their account's), else the workshop's first working
    language among them, else English.

    Pure, and the one rule for it: ``planner.briefs.exporting`` (downloads, private links,
    the calendar feed) and the e-mails of the outbox call it; keep its name and signature.
    """
    for code in (*preferred, *working_languages):
        chosen = supported(code)
        if chosen:
            return chosen
    return DEFAULT


# Formatting ---------------------------------------------------------------------------

# Per style: the app's English form, and the CLDR pattern used for the other languages.
_DATE_PATTERNS = {
    "long": "d MMMM y",  # 14 декабря 2026 · 14 դեկտեմբերի 2026 · 14 dekabr 2026
    "short": "d MMM",
    "weekday": "EEEE, d MMMM y",  # Երկուշաբթի, 14 դեկտեմբերի 2026
    "day": "EEEE",
}


def _capitalised(text: str) -> str:
    # CLDR writes Russian and Armenian weekdays in lower case; they open the line here.
    return text[:1].upper() + text[1:]


def format_date(value: date | datetime | None, style: str = "long") -> str:
    """A date in the request's language: ``long`` (14 December 2026), ``short`` (14 Dec),
    ``weekday`` (Monday 14 December 2026) or ``day`` (Monday)."""
    if value is None:
        return ""
    language = current()
    if language == "en":
        # Not strftime's locale nor a pattern lookup: pages format hundreds of dates.
        if style == "short":
            return f"{value.day} {value:%b}"
        if style == "weekday":
            return f"{value:%A} {value.day} {value:%B %Y}"
        if style == "day":
            return f"{value:%A}"
        return f"{value.day} {value:%B %Y}"
    text = babel_dates.format_date(
        value, _DATE_PATTERNS.get(style, _DATE_PATTERNS["long"]), locale=language
    )
    return _capitalised(text) if style in {"weekday", "day"} else text


def _format(value: date, pattern: str) -> str:
    return babel_dates.format_date(value, pattern, locale=current())


def timezone_city(zone_name: str) -> str:
    """The city that names an IANA zone, in the request's language (Asia/Yerevan → Երևան)."""
    try:
        return babel_dates.get_timezone_location(zone_name, locale=current(), return_city=True)
    except LookupError:
        return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def format_weekday(value: date | datetime | None) -> str:
    """``Երկուշաբթի, 16 դեկտեմբերի 2026``: the weekday and the long date."""
    return format_date(value, "weekday")


def format_time(value: time | datetime | None) -> str:
    """A time of day on the 24-hour clock, as all four languages write it (09:30)."""
    # Not strftime: pages format hundreds of times, and this is several times faster.
    return "" if value is None else f"{value.hour:02d}:{value.minute:02d}"


def format_number(value: int | float | None) -> str:
    """A number with the language's digit grouping and decimal sign (1 234,5 in Russian)."""
    if value is None:
        return ""
    return babel_numbers.format_decimal(value, locale=current())


def date_range(start: date, end: date) -> str:
    """``14–16 December 2026``, ``14–16 դեկտեմբերի 2026``: the long date's own words."""
    if current() != "en":
        if start == end:
            return format_date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{format_date(end)}"
        if start.year == end.year:
            return f"{_format(start, 'd MMMM')} – {format_date(end)}"
        return f"{format_date(start)} – {format_date(end)}"
    if start == end:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{format_date(start)} – {format_date(end)}"


def label(value) -> str:
    """What people read for a vocabulary member (``Role.ORGANISER`` → "Organiser"), in the
    request's language; anything else as text."""
    text = getattr(value, "label", None)
    if text is None:
        return str(value) if value is not None else ""
    return gettext(text)


def extract_vocabulary(fileobj, keywords, comment_tags, options):
    """A Babel extractor (babel.cfg) of the words of ``planner.vocabulary``: each member's
    label, a workshop status as participants read it, and each rule of confidentiality in
    plain words. They are made from the enumerations, so no list of them is kept by hand."""
    import enum

    from planner import vocabulary

    for kind in vars(vocabulary).values():
        if not (isinstance(kind, type) and issubclass(kind, enum.StrEnum)):
            continue
        if kind.__module__ != vocabulary.__name__ or not hasattr(kind, "label"):
            continue
        for member in kind:
            yield 1, "gettext", member.label, [f"{kind.__name__}.{member.name}"]
            for extra in ("participant_label", "plain_words"):
                if hasattr(member, extra):
                    yield 1, "gettext", getattr(member, extra), []


# The switcher ---------------------------------------------------------------------------


class LanguageForm(FlaskForm):
    """The switcher: one button per language, and the page to go back to."""

    language = RadioField(choices=list(LANGUAGES.items()))
    next = HiddenField()


def safe_next(target: str | None) -> str:
    """Only a same-site path (``/a/…?x=1``); anything else is the home page."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("main.index")


def _with_query_from_referrer(back: str) -> str:
    """``back`` with the query string the page had, read from this site's own Referer (the
    page carries only its path, so that no search term is written into it); private pages
    send no Referer and come back without one."""
    referrer = urlsplit(request.referrer or "")
    own = urlsplit(request.host_url)
    if (referrer.scheme, referrer.netloc) == (own.scheme, own.netloc) and referrer.path == back:
        return f"{back}?{referrer.query}" if referrer.query else back
    return back


@bp.route("/language", methods=["POST"])
def choose():
    """Anyone may choose the language they read; only their own session and account change."""
    from planner import access

    form = LanguageForm()
    back = _with_query_from_referrer(safe_next(form.next.data))
    if not form.validate_on_submit():
        flash(gettext("Choose one of the languages offered."), "error")
        return redirect(back)
    code = form.language.data
    session[SESSION_KEY] = code
    if access.may_set_own_language(current_user):
        from planner.auth.operations import set_preferred_language

        set_preferred_language(current_user._get_current_object(), code)
    return redirect(back)


def _switcher_context() -> dict:
    return {
        "languages": LANGUAGES,
        "current_language": current(),
        "text_direction": text_direction(),
    }


def _compiled(folder: Path) -> bool:
    mo = folder / "messages.mo"
    return mo.exists() and mo.stat().st_mtime >= (folder / "messages.po").stat().st_mtime


def _translations():
    """The catalogue of the language in force, looked up once per language per request.

    Flask-Babel finds it again for every string (about 6 µs: the context proxies, the
    domain, the locale, the cache); a page of the agenda editor asks for some 750 strings
    and a readiness review for hundreds. It is kept on Flask-Babel's own per-request
    namespace beside the locale it is for, so a ``force_locale`` block or a ``refresh`` (a
    new locale object) gets its own catalogue. Outside an application context there is no
    catalogue: the strings are their own translation, as with Flask-Babel.
    """
    context = _cv_app.get(None)
    if context is None:
        return _UNTRANSLATED
    space = context.g.__dict__.get("_flask_babel")
    if space is not None:
        kept = space.__dict__.get("planner_translations")
        if kept is not None and kept[0] is space.__dict__.get("babel_locale"):
            return kept[1]
    translations = get_translations()
    space = context.g.__dict__.get("_flask_babel")
    if space is not None:
        space.planner_translations = (getattr(space, "babel_locale", None), translations)
    return translations


_UNTRANSLATED = NullTranslations()


# Flask-Babel's four, with the same meaning (``%(name)s`` filled from the keyword arguments,
# ``num`` given to the plural ones), through the catalogue kept above: the code calls these.
def gettext(string: str, **variables) -> str:
    text = _translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _translations().ungettext(singular, plural, num) % variables


def pgettext(context: str, string: str, **variables) -> str:
    text = _translations().upgettext(context, string)
    return text % variables if variables else text


def npgettext(context: str, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _translations().unpgettext(context, singular, plural, num) % variables


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    from planner.extensions import login_manager

    # "Please sign in to see this page." is flashed in the reader's language.
    login_manager.localize_callback = gettext
    # Each request chooses afresh, even in an application context that outlives it (tests,
    # a CLI command that serves several requests).
    app.before_request(refresh)
    app.register_blueprint(bp)
    app.context_processor(_switcher_context)
    stale = [
        code
        for code in LANGUAGES
        if (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").exists()
        and not _compiled(TRANSLATIONS / code / "LC_MESSAGES")
    ]
    if stale:
        # The pages would quietly fall back to English: say why, once, at start.
        app.logger.warning(
            "Catalogues not compiled or older than their .po (%s): run `make translations`.",
            ", ".join(stale),
        )
    # ``date``, ``time`` and ``date_range`` are these functions too (planner.templating).
    app.jinja_env.filters.update(weekday=format_weekday, number=format_number)
