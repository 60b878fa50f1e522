"""Sign in (password, then a two-factor code when enrolled), sign out, and one's own account:
password change and two-factor enrolment."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from planner import access, i18n, transactions
from planner.auth import twofactor
from planner.auth.forms import (
    ChangePasswordForm,
    DisableTwoFactorForm,
    EnrolForm,
    LoginForm,
    TwoFactorCodeForm,
)
from planner.auth.operations import (
    authenticate,
    change_password,
    record_sign_in,
    sign_out_everywhere,
)
from planner.auth.sessions import LAST_SEEN_KEY, two_factor_required
from planner.extensions import db, limiter
from planner.i18n import gettext
from planner.models import User

bp = Blueprint("auth", __name__)

# Session keys: a sign-in waiting for its second factor, and a secret waiting for enrolment.
_PENDING_KEY = "pending_two_factor"
_ENROL_SECRET_KEY = "two_factor_enrol_secret"  # noqa: S105 - the name of a session key
_PENDING_SECONDS = 300


# One message whatever limit was met and whether or not the account exists.
_THROTTLED = lazy_gettext("Too many sign-in attempts. Wait a few minutes, then try again.")


def _typed_email() -> str:
    return request.form.get("email", "").strip().lower()


def _account_and_address_key() -> str:
    # Guesses from one address stop that address, not the holder signing in from another.
    return f"login-account-address:{_typed_email()}:{get_remote_address()}"


def _account_key() -> str:
    return "login-account:" + _typed_email()


def _pending_key() -> str:
    # Only someone who knew the password gets here: the code is limited per account, from
    # any address, so spreading guesses over addresses does not buy more of them.
    pending = session.get(_PENDING_KEY) or {}
    return f"two-factor-account:{pending.get('id', '')}"


def _not_a_redirect(response) -> bool:
    # Only failed attempts count towards the limits.
    return response.status_code != 302


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes to the workshop list."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("workshops.index")


def _start_session(user: User) -> None:
    """A fresh session for ``user`` (no fixation), with the idle clock started."""
    language = session.get(i18n.SESSION_KEY)
    session.clear()
    if language:
        # The language chosen before signing in is not a secret; it stays with the visitor.
        session[i18n.SESSION_KEY] = language
    login_user(user)
    session.permanent = True
    session[LAST_SEEN_KEY] = int(time.time())


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_not_a_redirect,
    error_message=_THROTTLED,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_and_address_key,
    methods=["POST"],
    deduct_when=_not_a_redirect,
    error_message=_THROTTLED,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT_ANY_ADDRESS"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_not_a_redirect,
    error_message=_THROTTLED,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("workshops.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            next_url = _safe_next(request.args.get("next"))
            if user.totp_secret:
                # Not signed in (nor recorded as such) until the second factor is given.
                language = session.get(i18n.SESSION_KEY)
                session.clear()
                if language:
                    session[i18n.SESSION_KEY] = language
                session[_PENDING_KEY] = {
                    "id": user.id,
                    "token": user.session_token,
                    "next": next_url,
                    "at": int(time.time()),
                }
                return redirect(url_for("auth.two_factor"))
            record_sign_in(user)
            _start_session(user)
            return redirect(next_url)
        flash(gettext("That email and password do not match an active account."), "error")
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


def _pending_user() -> tuple[User | None, dict]:
    pending = session.get(_PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > _PENDING_SECONDS:
        return None, {}
    user = db.session.get(User, pending.get("id"))
    if user is None or not user.active or user.session_token != pending.get("token"):
        return None, {}
    return user, pending


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_not_a_redirect,
    error_message=_THROTTLED,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_pending_key,
    methods=["POST"],
    deduct_when=_not_a_redirect,
    error_message=_THROTTLED,
)
def two_factor():
    """The second step of signing in, for accounts with two-factor sign-in."""
    user, pending = _pending_user()
    if user is None:
        session.pop(_PENDING_KEY, None)
        flash(gettext("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if twofactor.verify(user, form.code.data):
            record_sign_in(user)
            _start_session(user)
            return redirect(_safe_next(pending.get("next")))
        form.code.errors.append(
            gettext("That code is not right. Try the current code from your app.")
        )
    return render_template("auth/two_factor.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sign_out_everywhere(current_user._get_current_object())
    language = i18n.current()
    logout_user()
    session.clear()
    # The sign-in page that follows stays in the language the person was reading.
    session[i18n.SESSION_KEY] = language
    flash(gettext("You are signed out."), "info")
    response = redirect(url_for("auth.login"))
    # The agenda pages kept offline on this device go too (static/js/agenda-sw.js).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/account")
@login_required
def account():
    return render_template(
        "auth/account.html",
        may_enrol=access.may_use_two_factor(current_user),
        enrolled=bool(current_user.totp_secret),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password_page():
    user: User = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append(gettext("That is not your current password."))
        else:
            _, refusal = transactions.attempt(lambda: change_password(user, form.new_password.data))
            if refusal is None:
                _start_session(user)  # this session carries the new token; all others end
                flash(
                    gettext("Your password is changed. Every other session is signed out."),
                    "success",
                )
                return redirect(url_for("auth.account"))
            form.new_password.errors.append(refusal.message)
    return render_template("auth/password.html", form=form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    user: User = current_user._get_current_object()
    if not access.may_use_two_factor(user):
        abort(403)
    if user.totp_secret:
        return render_template(
            "auth/two_factor_status.html",
            form=DisableTwoFactorForm(),
            required=access.must_use_two_factor(user),
        )
    secret = session.get(_ENROL_SECRET_KEY) or twofactor.new_secret()
    session[_ENROL_SECRET_KEY] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        codes, refusal = transactions.attempt(lambda: twofactor.enrol(user, secret, form.code.data))
        if refusal is not None:
            form.code.errors.append(refusal.message)
        else:
            session.pop(_ENROL_SECRET_KEY, None)
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = twofactor.provisioning_uri(user, secret)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        secret=secret,
        qr_code=twofactor.qr_code_data_url(uri),
        required=two_factor_required(user),
    )


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
def two_factor_disable():
    user: User = current_user._get_current_object()
    if not access.may_use_two_factor(user):
        abort(403)
    form = DisableTwoFactorForm()
    if access.must_use_two_factor(user):
        flash(gettext("Organisers must keep two-factor sign-in."), "error")
    elif not form.validate_on_submit() or not user.check_password(form.password.data):
        flash(gettext("That is not your password; two-factor sign-in is still on."), "error")
    elif user.totp_secret:
        twofactor.disable(user)
        _start_session(user)
        flash(gettext("Two-factor sign-in is off. Every other session is signed out."), "success")
    return redirect(url_for("auth.two_factor_setup"))
