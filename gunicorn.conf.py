"""Production serving with gunicorn: `make serve`, behind a reverse proxy, against PostgreSQL.

One worker per core, four threads each (measured, see ``workers`` below); override with
WEB_CONCURRENCY and GUNICORN_THREADS. Sign-in throttling must be counted in one store that every
worker shares: with more than one worker, RATELIMIT_STORAGE_URI=redis://host:port is required
and the server refuses to start on the per-process default, memory://. Bind to loopback and let the proxy (nginx, Caddy) terminate
TLS and forward X-Forwarded-* headers (trusted through ProxyFix: PLANNER_PROXY_HOPS).
"""

import multiprocessing
import os
import sys

from planner.config import ConfigError, check_limits_store

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Chosen from `make load` on a 2-core machine (two instances, 8 connections; issue 23):
# one worker per instance served the mixed pages at 61-63 requests/s, two workers of four
# threads at 41, five of two at 16-28 (each process warms its own caches, and processes
# beyond the cores only contend). So: one worker per core, several threads each (they
# wait on PostgreSQL and Redis), and with several instances on one machine, share the
# cores out: WEB_CONCURRENCY = cores / instances. Measured again once pages were remembered
# per committed data: four threads gave 0.21-0.28x the bare route's throughput, eight 0.19x
# with a worse p99 (more threads only queue on the one core's GIL).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))

try:
    check_limits_store(os.environ.get("RATELIMIT_STORAGE_URI", "memory://"), workers)
except ConfigError as refusal:
    # SystemExit, not an exception: gunicorn prints the message alone, without a traceback.
    sys.exit(f"Refusing to start: {refusal}")
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
graceful_timeout = 20
keepalive = 75  # longer than the proxy's upstream keep-alive, so the proxy closes first
# Recycling workers guards against slow leaks, but each restart leaves a cold worker and,
# while it boots, fewer threads: at 2 000 requests a worker of `make load` restarted every
# few seconds (p99 over a second). 50 000 is hours of a busy day.
max_requests = 50000
max_requests_jitter = 5000
accesslog = "-"
# Private-link tokens are replaced in logged paths (planner.serving.RedactingLogger);
# no query strings, referrers or user agents are logged.
logger_class = "planner.serving.RedactingLogger"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Load the app once in the master and freeze what it allocated out of the garbage
# collector's reach: workers share those pages copy-on-write, and full collections no
# longer walk them (a visible part of page latency otherwise; see `make bench`).
preload_app = True


# Each thread holds at most one database connection: the pool is sized for the threads
# (read by planner.config; the app is loaded after this file).
os.environ.setdefault("DB_POOL_SIZE", str(threads))

_warmed = []


def _warm(app) -> None:
    """Work every worker would otherwise do on its first requests, done once in the master
    and inherited: every template compiled, the page loader's statements built."""
    from contextlib import suppress

    from jinja2 import TemplateError

    for name in app.jinja_env.list_templates():
        # A broken template reports its error when its page is asked for; the rest start.
        with suppress(TemplateError):
            app.jinja_env.get_template(name)
    from planner.workshop_loading import _page_statements

    _page_statements()


def pre_fork(server, worker):
    import gc

    if not _warmed:
        _warm(server.app.wsgi())
        _warmed.append(True)
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    # Never share the master's database connections with a worker.
    from planner.extensions import db

    with server.app.wsgi().app_context():
        db.engine.dispose(close=False)
