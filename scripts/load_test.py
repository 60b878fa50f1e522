"""Load test: gunicorn against PostgreSQL on loopback, driven by wrk for a bounded time.

    make load            (or: .venv/bin/python scripts/load_test.py --seconds 30)

Starts a throwaway PostgreSQL cluster (or uses DATABASE_URL), migrates, generates a
programme, starts gunicorn exactly as `make serve` does, signs in as the demo organiser,
facilitator and participant, and runs wrk with a mixed read workload of signed-in users
(workshops list, workshop page, agenda, participant agenda, prompt library). Prints
requests per second, latency percentiles and errors. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.postgres_cluster import Cluster  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
PORT = 8765

# Prints the demo workshop's public id: the workshop every demo account may see.
DEMO_UID = (
    "from planner import create_app; from planner.demo import DEMO_TITLE; "
    "from planner.extensions import db; from planner.models import Workshop; "
    "app = create_app(); ctx = app.app_context(); ctx.push(); "
    "print(db.session.scalar(db.select(Workshop.uid).where(Workshop.title == DEMO_TITLE)))"
)

LUA = r"""
local paths = {}
local cookies = {}
init = function(args)
  local i = 1
  while args[i] do
    cookies[#cookies + 1] = args[i]
    paths[#paths + 1] = args[i + 1]
    i = i + 2
  end
end
local n = 0
request = function()
  n = n + 1
  local k = (n % #paths) + 1
  return wrk.format("GET", paths[k], {["Cookie"] = cookies[k]})
end
response = function(status, headers, body)
  if status ~= 200 then
    wrk.thread:set("errors", (wrk.thread:get("errors") or 0) + 1)
  end
end
"""


def run(cmd: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[1:])} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def sign_in(base: str, email: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    data = {"email": email, "password": password, "csrf_token": token.group(1) if token else ""}
    opener.open(f"{base}/login", urllib.parse.urlencode(data).encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workshops", type=int, default=2000)
    parser.add_argument("--people", type=int, default=20000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    cluster = None
    url = os.environ.get("DATABASE_URL")
    if not url:
        cluster = Cluster()
        url = cluster.start()
    env = dict(
        os.environ,
        DATABASE_URL=url,
        PLANNER_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        SESSION_COOKIE_SECURE="0",
        BIND=f"127.0.0.1:{PORT}",
        PLANNER_INSTANCE_DIR=tempfile.mkdtemp(),
    )
    flask = [str(VENV_BIN / "flask"), "--app", "planner"]
    server = None
    try:
        run([*flask, "db", "upgrade"], env)
        print(
            run(
                [
                    *flask,
                    "generate",
                    "--workshops",
                    str(args.workshops),
                    "--people",
                    str(args.people),
                ],
                env,
            ).strip()
        )
        accounts = [line.split() for line in run([*flask, "demo"], env).strip().splitlines()]
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "planner:create_app()"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        cookies = {role: sign_in(base, email, password) for role, email, password in accounts}
        uid = run([str(VENV_BIN / "python"), "-c", DEMO_UID], env).strip()
        mix = [
            (cookies["organiser"], "/workshops/"),
            (cookies["organiser"], f"/workshops/{uid}"),
            (cookies["facilitator"], f"/workshops/{uid}"),
            (cookies["facilitator"], f"/workshops/{uid}/agenda"),
            (cookies["facilitator"], "/prompts/"),
            (cookies["participant"], "/workshops/"),
            (cookies["participant"], f"/my/workshops/{uid}"),
        ]
        script = Path(tempfile.mkdtemp()) / "mix.lua"
        script.write_text(LUA)
        wrk_args = [a for pair in mix for a in pair]
        print(
            f"gunicorn workers: {os.cpu_count() * 2 + 1}; wrk {args.connections} connections for {args.seconds} s"
        )
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--latency",
                "-s",
                str(script),
                base,
                "--",
                *wrk_args,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        print(result.stdout)
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
        errors = int(non_2xx.group(1)) if non_2xx else 0
        socket_errors = re.search(r"Socket errors: (.*)", result.stdout)
        print(
            f"errors: {errors} non-2xx/3xx responses; socket errors: {socket_errors.group(1) if socket_errors else 'none'}"
        )
        return 0
    finally:
        if server:
            server.terminate()
            server.wait(timeout=20)
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
