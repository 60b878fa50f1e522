"""Load test of the production shape on loopback: nginx → several gunicorn instances → one
PostgreSQL and one Redis, driven by wrk for a bounded time.

    make load            (or: .venv/bin/python scripts/load_test.py --seconds 30 --instances 2)

Starts a throwaway PostgreSQL cluster (or uses DATABASE_URL) and a throwaway Redis (the
shared store of the sign-in limits), migrates, generates a programme, starts ``--instances``
gunicorn instances exactly as `make serve` does (gunicorn.conf.py, PLANNER_ENV=production)
on their own loopback ports, and puts nginx in front of them (round robin, X-Forwarded-For
and X-Forwarded-Proto passed, one trusted proxy hop). Then, in one run, it measures through
nginx for ``--seconds`` each:

- a bare route (``/healthz``: routing, one ``SELECT 1``, JSON), and
- a mix of signed-in pages (workshops list, workshop page, agenda, prompt library,
  participant agenda) as the demo organiser, facilitator and participant,

and prints requests per second, p50/p90/p99 latency, their throughput ratio, how many
requests each instance served, and the errors (non-2xx responses, wrk socket errors). Last,
it checks that the sign-in throttle is shared: five failed sign-ins for one account,
alternating between instance A and instance B (straight at their ports, with the same
X-Forwarded-For address), and a sixth attempt must be refused (429) by each instance.

Exits non-zero on any error or if the throttle check fails. Every process it started
(nginx, gunicorn, Redis, PostgreSQL) is stopped at the end, whatever happened. Traffic goes
to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.postgres_cluster import Cluster  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
NGINX = "/usr/sbin/nginx"
REDIS = "/usr/bin/redis-server"
# A documentation address (RFC 5737) as the client of the throttle check, so that its
# per-address count is its own and the load's sign-ins (from 127.0.0.1) do not touch it.
CHECK_CLIENT = "203.0.113.7"
CHECK_EMAIL = "throttle-check@example.org"

# Prints the demo workshop's public id: the workshop every demo account may see.
DEMO_UID = (
    "from planner import create_app; from planner.demo import DEMO_TITLE; "
    "from planner.extensions import db; from planner.models import Workshop; "
    "app = create_app(); ctx = app.app_context(); ctx.push(); "
    "print(db.session.scalar(db.select(Workshop.uid).where(Workshop.title == DEMO_TITLE)))"
)

ANALYZE = (
    "from sqlalchemy import text; from planner import create_app; "
    "from planner.extensions import db; app = create_app(); ctx = app.app_context(); "
    "ctx.push(); db.session.execute(text('ANALYZE')); db.session.commit()"
)

# Issues (or rotates) the demo participant's calendar link; prints the token.
ISSUE_CALENDAR_LINK = (
    "import sys; from sqlalchemy import select; from planner import create_app; "
    "from planner.demo import DEMO_TITLE; from planner.extensions import db; "
    "from planner.models import Invitation, Person, User, Workshop; "
    "from planner.participant.operations import issue_link; "
    "from planner.participant.tokens import LinkKind; "
    "app = create_app(); ctx = app.app_context(); ctx.push(); "
    "invitation = db.session.scalar(select(Invitation).join(Workshop).join(Person)"
    ".join(User, User.id == Person.user_id)"
    ".where(Workshop.title == DEMO_TITLE, User.email == sys.argv[1])); "
    "token = issue_link(invitation, LinkKind.CALENDAR, "
    "db.session.get(User, invitation.workshop.owner_id)); db.session.commit(); print(token)"
)

# Arguments: pairs of (header or "-", path), requested in turn; a header is "Name: value"
# (the session cookie, or If-None-Match for a conditional poll). 200 and 304 are answers;
# anything else counts as an error. done() prints one line that main() parses, so the
# figures do not depend on the layout of wrk's own report.
LUA = r"""
local paths = {}
local headers = {}
local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
end
init = function(args)
  local i = 1
  while args[i] do
    headers[#headers + 1] = args[i]
    paths[#paths + 1] = args[i + 1]
    i = i + 2
  end
end
local n = 0
request = function()
  n = n + 1
  local k = (n % #paths) + 1
  if headers[k] == "-" then
    return wrk.format("GET", paths[k])
  end
  local name, value = headers[k]:match("^([^:]+): (.*)$")
  return wrk.format("GET", paths[k], {[name] = value})
end
response = function(status, headers, body)
  if status ~= 200 and status ~= 304 then
    wrk.thread:set("not_ok", (wrk.thread:get("not_ok") or 0) + 1)
  end
end
done = function(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + (thread:get("not_ok") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d not_ok=%d "
      .. "connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), not_ok, e.connect, e.read, e.write, e.timeout, e.status))
end
"""

NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path {dir}/client_body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  upstream planner {{
{servers}
    keepalive 32;  # shorter-lived than gunicorn's keep-alive (75 s), so nginx closes first
  }}
  server {{
    listen 127.0.0.1:{port};
    # Static files straight from the disk: hashed names (planner.static_files) for a year,
    # plain names for an hour.
    location ~ "^/static/(?<stem>.+)\\.[0-9a-f]{{8}}(?<ext>\\.[A-Za-z0-9]+)$" {{
      alias {static}/$stem$ext;
      add_header Cache-Control "public, max-age=31536000, immutable";
      add_header X-Content-Type-Options nosniff;
    }}
    location /static/ {{
      alias {static}/;
      expires 1h;
      add_header X-Content-Type-Options nosniff;
    }}
    location / {{
      proxy_pass http://planner;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


@dataclass
class Instance:
    name: str
    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def requests_logged(self) -> int:
        """Requests in the access log so far (one line per request)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return len(re.findall(r'"(?:GET|POST|HEAD) ', text))


@dataclass
class Figures:
    label: str
    requests: int
    seconds: float
    p50: float
    p90: float
    p99: float
    not_ok: int
    socket_errors: dict[str, int]
    #: Each round's p99, in order (the first round starts with nothing remembered).
    round_p99: tuple[float, ...] = ()

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    result = subprocess.run(
        cmd, env=env, cwd=ROOT, capture_output=True, text=True, input=stdin, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[1:])} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def wait_until(ready, what: str, process: subprocess.Popen, log: Path, seconds: float = 60):
    """Poll ``ready()`` until it is true; fail with the log's tail if the process dies first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise SystemExit(f"{what} did not come up:\n{tail}")


def redis_answers(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")


def healthy(base: str) -> bool:
    with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
        return response.status == 200


def opener_with_jar() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def csrf_token(page: str) -> str:
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    return token.group(1) if token else ""


def sign_in(base: str, email: str, password: str) -> str:
    opener, jar = opener_with_jar()
    page = opener.open(f"{base}/login").read().decode()
    data = {"email": email, "password": password, "csrf_token": csrf_token(page)}
    opener.open(f"{base}/login", urllib.parse.urlencode(data).encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def failed_sign_in(instance: Instance, email: str) -> int:
    """One sign-in with a wrong password straight at ``instance``; returns the HTTP status."""
    opener, _ = opener_with_jar()
    opener.addheaders = [("X-Forwarded-For", CHECK_CLIENT)]
    page = opener.open(f"{instance.base}/login", timeout=10).read().decode()
    data = {"email": email, "password": "not-the-password", "csrf_token": csrf_token(page)}
    try:
        with opener.open(
            f"{instance.base}/login", urllib.parse.urlencode(data).encode(), timeout=10
        ) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def throttle_is_shared(a: Instance, b: Instance) -> bool:
    """Five failed sign-ins alternating A, B, A, B, A; then a sixth must be refused by both."""
    print(f"\nSign-in throttle across instances ({CHECK_EMAIL}, X-Forwarded-For {CHECK_CLIENT}):")
    ok = True
    for attempt in range(1, 6):
        instance = a if attempt % 2 else b
        status = failed_sign_in(instance, CHECK_EMAIL)
        print(f"  failed sign-in {attempt}: instance {instance.name} answered {status}")
        ok &= status == 200
    sixth = {instance.name: failed_sign_in(instance, CHECK_EMAIL) for instance in (a, b)}
    refused = all(status == 429 for status in sixth.values())
    verdict = "refused" if refused else "NOT refused"
    answers = " and ".join(f"instance {name} ({status})" for name, status in sixth.items())
    print(f"sixth failed sign-in: {verdict} by {answers}")
    return ok and refused


def load(
    label: str,
    base: str,
    pairs: list[tuple[str, str]],
    args,
    script: Path,
    instances,
    seconds: int,
) -> tuple[Figures, dict[str, int]]:
    """Run wrk through nginx; returns the figures and the requests each instance served."""
    before = {i.name: i.requests_logged() for i in instances}
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
            "--",
            *[a for pair in pairs for a in pair],
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    line = re.search(r"^RESULT (.*)$", result.stdout, re.MULTILINE)
    if not line:
        raise SystemExit(f"wrk failed ({label}):\n{result.stdout}\n{result.stderr}")
    values = {k: int(v) for k, v in (item.split("=") for item in line.group(1).split())}
    time.sleep(0.5)  # let the access logs catch up
    served = {i.name: i.requests_logged() - before[i.name] for i in instances}
    figures = Figures(
        label=label,
        requests=values["requests"],
        seconds=values["duration_us"] / 1e6,
        p50=values["p50_us"] / 1000,
        p90=values["p90_us"] / 1000,
        p99=values["p99_us"] / 1000,
        not_ok=max(values["not_ok"], values["status"]),
        socket_errors={k: values[k] for k in ("connect", "read", "write", "timeout")},
    )
    return figures, served


def interleaved(
    workloads: list[tuple[str, Callable[[], list[tuple[str, str]]]]],
    base,
    args,
    script,
    instances,
) -> list[tuple[Figures, dict[str, int]]]:
    """Each workload for ``args.seconds`` in all, in ``args.rounds`` turns taken in rotation,
    so that a busy spell of the machine falls on every workload alike; each turn asks for
    its requests anew. Requests and time add up; p50 and p90 are the median of the
    rounds', p99 the worst round's."""
    seconds = max(1, args.seconds // args.rounds)
    rounds: dict[str, list[tuple[Figures, dict[str, int]]]] = {}
    for _ in range(args.rounds):
        for label, requests in workloads:
            rounds.setdefault(label, []).append(
                load(label, base, requests(), args, script, instances, seconds)
            )
    results = []
    for label, _pairs in workloads:
        figures = [f for f, _ in rounds[label]]
        served: dict[str, int] = {}
        for _, counts in rounds[label]:
            for name, count in counts.items():
                served[name] = served.get(name, 0) + count
        results.append(
            (
                Figures(
                    label=label,
                    requests=sum(f.requests for f in figures),
                    seconds=sum(f.seconds for f in figures),
                    p50=statistics.median(f.p50 for f in figures),
                    p90=statistics.median(f.p90 for f in figures),
                    p99=max(f.p99 for f in figures),
                    round_p99=tuple(f.p99 for f in figures),
                    not_ok=sum(f.not_ok for f in figures),
                    socket_errors={
                        kind: sum(f.socket_errors[kind] for f in figures)
                        for kind in figures[0].socket_errors
                    },
                ),
                served,
            )
        )
    return results


def stop(process: subprocess.Popen | None, seconds: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _data_key() -> str:
    """A Fernet key for the sensitive fields at rest (required in production)."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def conditional_poll(base: str, path: str) -> tuple[str, int]:
    """A first GET of ``path`` and a second with its ETag: (the ETag, the second's status)."""
    with urllib.request.urlopen(f"{base}{path}", timeout=10) as response:
        etag = response.headers["ETag"]
    request = urllib.request.Request(f"{base}{path}", headers={"If-None-Match": etag})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return etag, response.status
    except urllib.error.HTTPError as answer:  # urllib treats 304 as an error
        return etag, answer.code


def static_from_nginx(base: str, instances) -> tuple[str, str, bool]:
    """A hashed static URL from a page, fetched through nginx: (its URL, its Cache-Control,
    whether no gunicorn instance saw the request)."""
    with urllib.request.urlopen(f"{base}/login", timeout=10) as response:
        page = response.read().decode()
    link = re.search(r'href="(/static/[^"]+\.[0-9a-f]{8}\.css)"', page)
    if not link:
        return "(no hashed static link on /login)", "", False
    time.sleep(0.3)
    before = sum(i.requests_logged() for i in instances)
    with urllib.request.urlopen(f"{base}{link.group(1)}", timeout=10) as response:
        cache_control = response.headers.get("Cache-Control", "")
    time.sleep(0.3)
    return link.group(1), cache_control, sum(i.requests_logged() for i in instances) == before


def _workers_of(instance: Instance) -> list[int]:
    """The process ids of the gunicorn workers of ``instance`` (its master's children)."""
    master = instance.process.pid
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _summary(stacks: Path, top: int = 30) -> str:
    """The functions of py-spy's collapsed ``stacks`` by share of the samples: on the stack
    (inclusive) and at its top (own), the samples of every thread added up."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in stacks.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if not frames or not count.isdigit():
            continue
        n = int(count)
        total += n
        names = frames.split(";")
        for name in set(names):
            inclusive[name] = inclusive.get(name, 0) + n
        own[names[-1]] = own.get(names[-1], 0) + n
    if not total:
        return "(no samples)\n"
    lines = [f"{total} samples"]
    for title, table in (("inclusive", inclusive), ("own", own)):
        lines.append(f"\n{title}:")
        for name, n in sorted(table.items(), key=lambda item: -item[1])[:top]:
            lines.append(f"  {100 * n / total:5.1f}%  {name}")
    return "\n".join(lines) + "\n"


def _cpu_seconds_by_program() -> dict[str, float]:
    """CPU time (user + system) used so far by every process on the machine, added up by
    program name (gunicorn, postgres, redis-server, nginx, wrk, ...)."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        used[name] = used.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return used


def profiled(folder: Path, workloads, base, args, script, instances) -> None:
    """Each workload once more for ``args.seconds`` while py-spy records every worker;
    writes DIR/<workload>-<pid>.txt (collapsed stacks) and DIR/<workload>-summary.txt."""
    spy = VENV_BIN / "py-spy"
    if not spy.exists():
        print("\nprofile: py-spy is not installed (pip install -r requirements-dev.txt)")
        return
    folder.mkdir(parents=True, exist_ok=True)
    for label, requests in workloads:
        recorders = []
        for instance in instances:
            for pid in _workers_of(instance):
                out = folder / f"{label}-{pid}.txt"
                recorders.append(
                    (
                        out,
                        subprocess.Popen(
                            [str(spy), "record", "--pid", str(pid), "--format", "raw"]
                            + [
                                "--rate",
                                "200",
                                "--function",
                                "--gil",
                                "--duration",
                                str(args.seconds + 2),
                            ]
                            + ["--output", str(out), "--nonblocking"],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                        ),
                    )
                )
        time.sleep(1)
        cpu_before = _cpu_seconds_by_program()
        figures, _ = load(label, base, requests(), args, script, instances, args.seconds)
        cpu_after = _cpu_seconds_by_program()
        for _, recorder in recorders:
            recorder.wait(timeout=args.seconds + 60)
        cpu = {
            name: (cpu_after[name] - cpu_before.get(name, 0.0)) * 1000 / max(1, figures.requests)
            for name in cpu_after
            if cpu_after[name] - cpu_before.get(name, 0.0) > 0.05
        }
        combined = folder / f"{label}-all.txt"
        combined.write_text("".join(out.read_text() for out, _ in recorders if out.exists()))
        summary = folder / f"{label}-summary.txt"
        summary.write_text(
            f"{label}: {figures.rate:.1f} requests/s while profiled\n"
            + "CPU ms per request, by program (every process on the machine): "
            + ", ".join(f"{name} {ms:.2f}" for name, ms in sorted(cpu.items(), key=lambda i: -i[1]))
            + "\n"
            + _summary(combined)
        )
        print(f"\nprofile of {label}: {summary}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=30, help="duration of each workload")
    parser.add_argument("--instances", type=int, default=2, help="gunicorn instances (≥ 2)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=3, help="turns each workload's time is split into"
    )
    parser.add_argument("--workshops", type=int, default=2000)
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="after the measured runs, run each workload again while "
        "py-spy samples every gunicorn worker; collapsed stacks and a summary go to DIR",
    )
    args = parser.parse_args()
    if args.instances < 2:
        parser.error("--instances must be at least 2 (the throttle check needs two)")
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    missing = [tool for tool in ("wrk", NGINX, REDIS) if not shutil.which(tool)]
    if missing:
        print(f"missing: {', '.join(missing)} (apt-get install wrk nginx redis-server)")
        return 2

    # A terminated run (CI's timeout, kill) still stops what it started: see `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scratch = Path(tempfile.mkdtemp(prefix="planner-load-"))
    scratch.chmod(0o755)  # nginx's workers (nobody) enter it for their temporary files
    cluster = None
    redis = nginx = None
    instances: list[Instance] = []
    try:
        url = os.environ.get("DATABASE_URL")
        if not url:
            cluster = Cluster()
            url = cluster.start()
        redis_port = free_port()
        redis_log = scratch / "redis.log"
        redis = subprocess.Popen(
            [REDIS, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--daemonize", "no", "--logfile", str(redis_log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: redis_answers(redis_port), "redis-server", redis, redis_log)

        env = dict(
            os.environ,
            DATABASE_URL=url,
            PLANNER_ENV="production",
            SECRET_KEY=secrets.token_hex(32),  # shared: a session signed by A is valid on B
            SESSION_COOKIE_SECURE="0",  # plain HTTP on loopback
            RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{redis_port}/0",
            PLANNER_PROXY_HOPS="1",  # nginx is the one trusted hop
            PLANNER_INSTANCE_DIR=str(scratch / "instance"),
            # The shared cache (planner.caching) on the same Redis, a database of its own.
            CACHE_REDIS_URL=f"redis://127.0.0.1:{redis_port}/1",
            # The feed poll below comes from one address, as fast as wrk can: the private
            # links' brute-force limit (60 a minute per address) would answer it 429.
            PRIVATE_LINK_LIMIT="1000000 per minute",
        )
        env.setdefault("PLANNER_DATA_KEY", _data_key())
        # The instances share this machine's cores out (gunicorn.conf.py: one worker per core).
        env.setdefault(
            "WEB_CONCURRENCY", str(max(1, multiprocessing.cpu_count() // args.instances))
        )
        flask = [str(VENV_BIN / "flask"), "--app", "planner"]
        run([*flask, "db", "upgrade"], env)
        print(
            run(
                [*flask, "generate", "--workshops", str(args.workshops)]
                + ["--people", str(args.people)],
                env,
            ).strip()
        )
        accounts = [line.split() for line in run([*flask, "demo"], env).strip().splitlines()]
        # Fresh statistics for the planner, as autovacuum keeps them on a database in use:
        # just after the bulk load its estimates are a twentieth of the rows, and it joins
        # the people table in full for one page of invitations (20 ms instead of 1).
        run([str(VENV_BIN / "python"), "-c", ANALYZE], env)
        check_password = secrets.token_urlsafe(24)
        run([*flask, "user-add", CHECK_EMAIL, "--role", "participant"], env, stdin=check_password)
        uid = run([str(VENV_BIN / "python"), "-c", DEMO_UID], env).strip()
        participant_email = next(email for role, email, _ in accounts if role == "participant")
        feed = "/c/{}.ics".format(
            run(
                [str(VENV_BIN / "python"), "-c", ISSUE_CALENDAR_LINK, participant_email], env
            ).strip()
        )

        for name in string.ascii_uppercase[: args.instances]:
            port = free_port()
            instance = Instance(name, port, scratch / f"gunicorn-{name}.log")
            with instance.log.open("w") as log:
                instance.process = subprocess.Popen(
                    [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py"]
                    + ["planner:create_app()"],
                    env=dict(env, BIND=f"127.0.0.1:{port}"),
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            instances.append(instance)
        for instance in instances:
            wait_until(
                lambda i=instance: healthy(i.base),
                f"gunicorn instance {instance.name}",
                instance.process,
                instance.log,
            )

        nginx_port = free_port()
        servers = "\n".join(f"    server 127.0.0.1:{i.port};" for i in instances)
        conf = scratch / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(dir=scratch, servers=servers, port=nginx_port, static=ROOT / "static")
        )
        nginx_log = scratch / "error.log"
        nginx = subprocess.Popen(
            [NGINX, "-p", str(scratch), "-e", str(nginx_log), "-c", str(conf)]
            + ["-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{nginx_port}"
        wait_until(lambda: healthy(base), "nginx", nginx, nginx_log)

        # The demo accounts sign in through nginx before the throttle check, and succeed:
        # only failed attempts count towards the limits.
        cookies = {
            role: f"Cookie: {sign_in(base, email, password)}" for role, email, password in accounts
        }
        mix = [
            (cookies["organiser"], "/workshops/"),
            (cookies["organiser"], f"/workshops/{uid}"),
            (cookies["facilitator"], f"/workshops/{uid}"),
            (cookies["facilitator"], f"/workshops/{uid}/agenda"),
            (cookies["facilitator"], "/prompts/"),
            (cookies["participant"], "/workshops/"),
            (cookies["participant"], f"/my/workshops/{uid}"),
        ]
        script = scratch / "mix.lua"
        script.write_text(LUA)

        workers = int(env["WEB_CONCURRENCY"])
        threads = env.get("GUNICORN_THREADS", "4")  # gunicorn.conf.py's default
        print(
            f"\nnginx 127.0.0.1:{nginx_port} → {len(instances)} gunicorn instances ("
            + ", ".join(f"{i.name} :{i.port}" for i in instances)
            + f"; {workers} workers × {threads} threads each) → one PostgreSQL, one Redis"
        )
        print(
            f"wrk: {args.connections} connections, {args.seconds} s per workload in "
            f"{args.rounds} interleaved rounds, via nginx"
        )
        polled: list[int] = []

        def feed_poll() -> list[tuple[str, str]]:
            # The calendar app's copy as of now: the participant's own visits in the mixed
            # load change their invitation (the publication they last saw), and with it the
            # feed's validator, once.
            etag, second = conditional_poll(base, feed)
            polled.append(second)
            return [(f"If-None-Match: {etag}", feed)]

        static_url, static_cache, by_nginx = static_from_nginx(base, instances)
        print(
            f"static file {static_url}: Cache-Control {static_cache!r}, "
            + ("served by nginx alone" if by_nginx else "NOT served by nginx alone")
        )
        (bare, bare_served), (mixed, mixed_served), (polls, polls_served) = interleaved(
            [
                ("bare /healthz", lambda: [("-", "/healthz")]),
                ("mixed signed-in pages", lambda: mix),
                ("feed poll, 304", feed_poll),
            ],
            base,
            args,
            script,
            instances,
        )

        print(f"calendar feed: the poll with its ETag was answered {sorted(set(polled))}")
        print(
            f"\n{'workload':<24}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
            f"{'requests':>10}{'non-2xx':>9}{'socket err':>12}  served by"
        )
        for figures, served in (
            (bare, bare_served),
            (mixed, mixed_served),
            (polls, polls_served),
        ):
            print(
                f"{figures.label:<24}{figures.rate:>9.1f}{figures.p50:>9.1f}{figures.p90:>9.1f}"
                f"{figures.p99:>9.1f}{figures.requests:>10}{figures.not_ok:>9}"
                f"{sum(figures.socket_errors.values()):>12}  "
                + ", ".join(f"{name} {count}" for name, count in served.items())
            )
        print(
            "p99 of each round (the first starts with nothing remembered, and the participant's"
            " first visit, a write, makes every page's next view a first view): "
            + "; ".join(
                f"{f.label} " + " / ".join(f"{p:.0f}" for p in f.round_p99) + " ms"
                for f in (bare, mixed, polls)
            )
        )
        ratio = mixed.rate / bare.rate if bare.rate else 0.0
        print(
            f"throughput ratio: mixed pages / bare route = {ratio:.2f}"
            f" (the bare route serves {1 / ratio:.1f}× as many requests per second)"
            if ratio
            else "throughput ratio: n/a"
        )
        errors = sum(f.not_ok for f in (bare, mixed, polls))
        socket_errors = {
            kind: sum(f.socket_errors[kind] for f in (bare, mixed, polls))
            for kind in bare.socket_errors
        }
        print(
            f"errors: {errors} non-2xx responses; wrk socket errors: "
            + ", ".join(f"{kind} {n}" for kind, n in socket_errors.items())
        )
        idle = [name for name, count in mixed_served.items() if count == 0]
        if idle:
            print(f"instance(s) {', '.join(idle)} served none of the mixed load")

        poll_cost = bare.rate / polls.rate if polls.rate else float("inf")
        targets = [
            (f"mixed pages ≥ 0.2× the bare route's throughput: {ratio:.2f}×", ratio >= 0.2),
            (f"mixed pages p99 ≤ 250 ms: {mixed.p99:.0f} ms", mixed.p99 <= 250),
            (
                f"a 304 feed poll costs ≤ 2× the bare route: {poll_cost:.2f}× "
                f"(p50 {polls.p50:.1f} ms against {bare.p50:.1f} ms)",
                poll_cost <= 2 and set(polled) == {304},
            ),
            (
                f"0 errors: {errors} non-2xx/304, {sum(socket_errors.values())} socket errors",
                errors == 0 and sum(socket_errors.values()) == 0,
            ),
            (
                "static files from nginx with a year's cache",
                by_nginx and "immutable" in static_cache,
            ),
        ]
        print("\nTargets (issue 23):")
        for label, met in targets:
            print(f"  {'met    ' if met else 'NOT met'}  {label}")

        if args.profile:
            profiled(
                Path(args.profile),
                [("bare", lambda: [("-", "/healthz")]), ("mixed", lambda: mix)]
                + [("feed-poll", feed_poll)],
                base,
                args,
                script,
                instances,
            )

        shared = throttle_is_shared(instances[0], instances[1])
        failed = errors > 0 or sum(socket_errors.values()) > 0 or bool(idle) or not shared
        print("\nload test " + ("FAILED" if failed else "passed"))
        return 1 if failed else 0
    finally:
        stop(nginx)
        for instance in instances:
            stop(instance.process)
        stop(redis)
        if cluster:
            cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
