"""The real app (``python app.py``) in a subprocess on a free loopback port, for HTTP tests.

Used by the load and app-security tests: the process is started as a user
starts it, with settings only from ``SSASSIST_*`` variables, and its standard
output and error go to a log file the test can read.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 180
READY_LINE = "model and index loaded"
"""What the app logs (``--verbose``, which ``app.py`` sets) once its warm-up is done."""


@dataclass
class AppProcess:
    """A running app: its URL, port, process and log file."""

    url: str
    port: int
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_warm(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until the model and index are loaded (answers no longer wait for the warm-up)."""
        deadline = time.monotonic() + timeout
        while READY_LINE not in self.log_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not warm up:\n{self.log_text()[-3000:]}")
            time.sleep(0.25)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(app: AppProcess) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(
                f"the app exited with {app.process.returncode}:\n{app.log_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(app.url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the app did not start in {START_TIMEOUT}s:\n{app.log_text()[-3000:]}")


@contextmanager
def running_app(
    env: dict[str, str | None], log: Path, args: tuple[str, ...] = ()
) -> Iterator[AppProcess]:
    """``python app.py --port <free port> *args`` with ``env`` added to a clean environment.

    The caller's ``SSASSIST_*`` variables are dropped, so only ``env`` configures
    the app (a ``None`` value removes a variable); the process is stopped
    (terminated, then killed) on exit.
    """
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SSASSIST_")}
    clean.update(HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    for key, value in env.items():
        if value is None:
            clean.pop(key, None)
        else:
            clean[key] = value
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--port", str(port), *args],
            cwd=ROOT,
            env=clean,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    app = AppProcess(url=f"http://127.0.0.1:{port}/", port=port, process=proc, log=log)
    try:
        _wait_until_up(app)
        yield app
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
