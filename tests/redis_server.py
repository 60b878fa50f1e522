"""A throwaway Redis server for the test session (the shared store for rate limits).

Started with the machine's ``redis-server`` on a free loopback port, nothing saved to disk
(MACHINE.md), stopped in the fixture's teardown.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time


class Unavailable(RuntimeError):
    """No Redis can be had here; the message says why (used as the skip reason)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port: int | None = None

    def start(self, timeout: float = 10.0) -> str:
        binary = shutil.which("redis-server")
        if not binary:
            raise Unavailable("redis-server is not installed (apt-get install redis-server)")
        self.port = _free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace").strip()[:300]
                raise Unavailable(f"redis-server exited: {error or self.process.returncode}")
            if self._answers_ping():
                return f"redis://127.0.0.1:{self.port}/0"
            time.sleep(0.05)
        self.stop()
        raise Unavailable(f"redis-server did not answer on port {self.port} in {timeout} s")

    def _answers_ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
