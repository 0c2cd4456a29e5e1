"""The real app (``python app.py``) in a subprocess on a free loopback port, for HTTP tests.

Used by the load and app-security tests: the process is started as a user
starts it, with settings only from ``SSASSIST_*`` variables, and its standard
output and error go to a log file the test can read.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from gradio_client import Client

from tests.paths import ROOT

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
    env: dict[str, str] = field(default_factory=dict)
    """The environment the app runs with."""

    @property
    def feedback_path(self) -> Path:
        """The feedback database the app writes (``SSASSIST_FEEDBACK__PATH``)."""
        return Path(self.env["SSASSIST_FEEDBACK__PATH"])

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_warm(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until the model and index are loaded (answers no longer wait for the warm-up)."""
        deadline = time.monotonic() + timeout
        while READY_LINE not in self.log_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not warm up:\n{self.log_text()[-3000:]}")
            time.sleep(0.25)


_ENV_LOCK = threading.Lock()


def api_session(app: AppProcess, **kwargs: Any) -> Client:
    """A ``gradio_client`` session with the app that sends no telemetry anywhere.

    gradio_client 2.7 sends a ping to Hugging Face unless GRADIO_ANALYTICS_ENABLED
    is "False", whatever its ``analytics_enabled`` argument says; it reads the
    variable when the client is made.
    """
    with _ENV_LOCK, mock.patch.dict(os.environ, {"GRADIO_ANALYTICS_ENABLED": "False"}):
        return Client(
            app.url, verbose=False, download_files=False, analytics_enabled=False, **kwargs
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PortTaken(RuntimeError):
    """Another process took the free port between our check and the app's bind."""


def _wait_until_up(app: AppProcess) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            text = app.log_text()
            if "empty port" in text or "already in use" in text:
                raise PortTaken(text[-500:])
            raise RuntimeError(f"the app exited with {app.process.returncode}:\n{text[-3000:]}")
        try:
            with urllib.request.urlopen(app.url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the app did not start in {START_TIMEOUT}s:\n{app.log_text()[-3000:]}")


def _start(env: dict[str, str], log: Path, args: tuple[str, ...]) -> AppProcess:
    """Start the app on a free port (again on another one if that port was taken meanwhile)."""
    for attempt in range(3):
        port = free_port()
        with log.open("w", encoding="utf-8") as out:
            proc = subprocess.Popen(
                [sys.executable, str(ROOT / "app.py"), "--port", str(port), *args],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        app = AppProcess(url=f"http://127.0.0.1:{port}/", port=port, process=proc, log=log, env=env)
        try:
            _wait_until_up(app)
            return app
        except PortTaken:
            if attempt == 2:
                raise
        except BaseException:
            stop_process(proc)
            raise
    raise AssertionError("unreachable")


def stop_process(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate ``proc``, then kill it if it has not ended within ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def running_app(
    env: dict[str, str | None], log: Path, keep: Path | None = None, args: tuple[str, ...] = ()
) -> Iterator[AppProcess]:
    """``python app.py --port <free port> *args`` with ``env`` added to a clean environment.

    The caller's ``SSASSIST_*`` variables are dropped, so only ``env`` configures
    the app (a ``None`` value removes a variable). Its output goes to ``log``
    (give each run its own, e.g. under ``tmp_path``: runs at the same time must
    not share one), copied to ``keep`` when it stops; its temp folder
    (``TMPDIR``) is ``tmp`` beside the log unless ``env`` names one. The
    process is stopped (terminated, then killed) on exit.
    """
    tmp = log.parent / "tmp"  # the app's temp files (drafts, Gradio's cache) stay with the test
    tmp.mkdir(parents=True, exist_ok=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SSASSIST_")}
    clean.update(
        HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1", TMPDIR=str(tmp)
    )
    for key, value in env.items():
        if value is None:
            clean.pop(key, None)
        else:
            clean[key] = value
    app = _start(clean, log, args)
    try:
        yield app
    finally:
        stop_process(app.process)
        if keep is not None:
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, keep)
