"""Sign-in hardening (issue 14, findings 8 and 12).

Throttling holds across processes (a Redis store shared by every worker), a wrong guess from
one address does not lock the account holder out from another, production refuses a
per-process store with several workers, and production refuses a short SECRET_KEY.

The throttling tests run against both stores: ``memory://`` and a real Redis server
(tests/redis_server.py; skipped when redis-server is absent, failed with REQUIRE_REDIS=1).
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from planner import create_app
from planner.config import ConfigError, ProductionConfig
from planner.extensions import db
from tests.factories import PASSWORD, Factories

ROOT = Path(__file__).resolve().parents[2]
WRONG = "wrong guess 123"
ATTACKER = "203.0.113.7"
HOLDER = "198.51.100.20"


# Production refuses what cannot work ---------------------------------------------------


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-test-secret-key-0123456789")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PLANNER_DATA_KEY", Fernet.generate_key().decode())
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    return monkeypatch


def test_production_refuses_a_short_secret_key(production_env):
    production_env.setenv("SECRET_KEY", "abc")
    with pytest.raises(ConfigError, match="at least 32 bytes") as refused:
        ProductionConfig()
    assert "secrets.token_hex(32)" in str(refused.value)


def test_production_accepts_a_generated_secret_key(production_env):
    production_env.setenv("SECRET_KEY", "0123456789abcdef" * 4)
    assert ProductionConfig().SECRET_KEY == "0123456789abcdef" * 4


def test_production_refuses_a_per_process_limits_store_with_several_workers(production_env):
    production_env.setenv("WEB_CONCURRENCY", "5")
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI=redis://"):
        ProductionConfig()


def test_production_takes_a_shared_limits_store_with_several_workers(production_env):
    production_env.setenv("WEB_CONCURRENCY", "5")
    production_env.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    assert ProductionConfig().RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379"


def test_production_with_one_worker_may_keep_the_memory_store(production_env):
    production_env.setenv("WEB_CONCURRENCY", "1")
    assert ProductionConfig().RATELIMIT_STORAGE_URI == "memory://"


def _gunicorn_check_config(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY"}
    }
    environment.update(
        PLANNER_ENV="production",
        SECRET_KEY="0123456789abcdef" * 4,
        PLANNER_DATA_KEY=Fernet.generate_key().decode(),
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
        PLANNER_INSTANCE_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--check-config",
            "planner:create_app()",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serving_with_several_workers_and_the_memory_store_refuses_to_start(tmp_path):
    """`make serve` runs gunicorn with gunicorn.conf.py; the default worker count is > 1."""
    refused = _gunicorn_check_config(tmp_path)
    assert refused.returncode != 0
    assert "RATELIMIT_STORAGE_URI=redis://" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_serving_with_several_workers_and_a_shared_store_starts(tmp_path):
    accepted = _gunicorn_check_config(
        tmp_path, WEB_CONCURRENCY="3", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379"
    )
    assert accepted.returncode == 0, accepted.stderr


# Throttling, against memory:// and Redis -----------------------------------------------


@pytest.fixture(params=["memory", "redis"])
def limits_store(request) -> str:
    """The limits storage URI, empty at the start of the test."""
    if request.param == "memory":
        return "memory://"
    url = request.getfixturevalue("redis_url")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def throttled(limits_store):
    """An app with throttling on: 3 failures per account from one address, 6 per address,
    8 per account from anywhere."""
    application = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": limits_store,
            "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
            "LOGIN_LIMIT_PER_ADDRESS": "6 per minute",
            "LOGIN_LIMIT_PER_ACCOUNT_ANY_ADDRESS": "8 per minute",
        }
    )
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_in(client, email: str, password: str) -> int:
    return client.post("/login", data={"email": email, "password": password}).status_code


def test_failures_from_one_address_do_not_lock_the_holder_out_elsewhere(throttled):
    user = Factories().user()
    attacker = _client_at(throttled, ATTACKER)
    for _ in range(3):
        assert _sign_in(attacker, user.email, WRONG) == 200
    assert _sign_in(attacker, user.email, PASSWORD) == 429
    assert _sign_in(_client_at(throttled, HOLDER), user.email, PASSWORD) == 302


def test_failures_spread_over_many_addresses_meet_the_account_ceiling(throttled):
    user = Factories().user()
    for n in range(4):
        guesser = _client_at(throttled, f"203.0.113.{10 + n}")
        for _ in range(2):
            assert _sign_in(guesser, user.email, WRONG) == 200
    assert _sign_in(_client_at(throttled, HOLDER), user.email, WRONG) == 429


def test_the_limit_on_one_address_still_holds_across_accounts(throttled):
    client = _client_at(throttled, ATTACKER)
    for n in range(6):
        assert _sign_in(client, f"guess{n}@example.org", WRONG) == 200
    assert _sign_in(client, "another@example.org", WRONG) == 429


def test_a_throttled_sign_in_gets_a_page_for_people(throttled):
    user = Factories().user()
    client = _client_at(throttled, ATTACKER)
    for _ in range(3):
        _sign_in(client, user.email, WRONG)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page
    assert "Wait a few minutes" in page
    assert "Traceback" not in page and "per minute" not in page


def test_a_throttled_unknown_account_looks_like_a_throttled_real_one(throttled):
    user = Factories().user()
    pages = []
    for email in (user.email, "nobody-here@example.org"):
        client = _client_at(throttled, ATTACKER)
        for _ in range(3):
            _sign_in(client, email, WRONG)
        response = client.post("/login", data={"email": email, "password": WRONG})
        pages.append((response.status_code, response.get_data(as_text=True)))
    assert pages[0] == pages[1]
    assert pages[0][0] == 429


# Across processes: two servers, one store ------------------------------------------------

_SERVER = """
import json, os
from werkzeug.serving import make_server
from planner import create_app
app = create_app(json.loads(os.environ["PLANNER_TEST_OVERRIDES"]))
server = make_server("127.0.0.1", 0, app)
print(server.server_port, flush=True)
server.serve_forever()
"""


@pytest.fixture
def two_servers(tmp_path):
    """Start two separate processes serving the app on one database and one limits store, as
    two gunicorn workers (or two instances behind nginx) would; give their ports and the
    email of an account."""
    processes: list[subprocess.Popen] = []

    def start(storage_uri: str) -> tuple[list[int], str]:
        overrides = {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.db'}",
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": storage_uri,
            "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
        }
        setup = create_app(overrides)
        with setup.app_context():
            db.create_all()
            email = Factories().user().email
            db.session.remove()
            db.engine.dispose()
        env = dict(os.environ, PLANNER_TEST_OVERRIDES=json.dumps(overrides))
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-c", _SERVER],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            )
        return [int(process.stdout.readline()) for process in processes], email

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def _post_sign_in(port: int, email: str, password: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/login",
            body=urllib.parse.urlencode({"email": email, "password": password}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return connection.getresponse().status
    finally:
        connection.close()


def test_two_processes_sharing_redis_count_failures_together(two_servers, redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    (first, second), email = two_servers(redis_url)
    for port in (first, second, first, second, first):
        assert _post_sign_in(port, email, WRONG) == 200
    assert _post_sign_in(second, email, PASSWORD) == 429
    assert _post_sign_in(first, email, PASSWORD) == 429


def test_two_processes_with_memory_stores_each_count_alone(two_servers):
    """Why production needs Redis: with memory:// each process keeps its own count, so five
    failures split over two processes reach the limit of neither."""
    (first, second), email = two_servers("memory://")
    for port in (first, second, first, second, first):
        assert _post_sign_in(port, email, WRONG) == 200
    assert _post_sign_in(second, email, PASSWORD) == 302


def test_sign_in_keeps_working_and_throttled_when_redis_stops_answering(tmp_path):
    """A store that does not answer (Redis down) falls back to counting in the process: the
    holder still signs in, and guesses are still limited, with no server error."""
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    application = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{dead_port}/0",
            "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
        }
    )
    with application.app_context():
        db.create_all()
        user = Factories().user()
        attacker = _client_at(application, ATTACKER)
        assert [_sign_in(attacker, user.email, WRONG) for _ in range(3)] == [200, 200, 200]
        assert _sign_in(attacker, user.email, WRONG) == 429
        assert _sign_in(_client_at(application, HOLDER), user.email, PASSWORD) == 302
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
