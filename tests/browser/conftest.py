"""The real app in a subprocess over the real corpus and index; headless Chromium drives it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
OUT = ROOT / "test-output" / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 150


@dataclass
class AppServer:
    url: str
    feedback_path: Path
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the app did not start in {START_TIMEOUT}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def app_server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """``python app.py`` on a free loopback port, the session's real index, fresh feedback."""
    OUT.mkdir(parents=True, exist_ok=True)
    feedback = tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSASSIST_")}
    env.update(
        SSASSIST_INDEX__PATH=str(corpus_index),
        SSASSIST_FEEDBACK__PATH=str(feedback),
        HF_HUB_OFFLINE="1",
        GRADIO_ANALYTICS_ENABLED="False",
        PYTHONUNBUFFERED="1",
    )
    log = OUT / "app.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, proc, log)
        yield AppServer(url=url, feedback_path=feedback, process=proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing (install Debian's chromium package: apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_server: AppServer):  # type: ignore[no-untyped-def]
    """A fresh page of the app (Spanish browser), loaded and ready for a question."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="es-ES", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app_server.url, wait_until="domcontentloaded")
    page.wait_for_selector("#ss-question textarea")
    yield page
    context.close()


@pytest.fixture
def shot():  # type: ignore[no-untyped-def]
    """``shot(page, name)``: a full-page screenshot under test-output/browser/."""

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = OUT / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
