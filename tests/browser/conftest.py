"""The real app in a subprocess over the real corpus and index; headless Chromium drives it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from app_process import running_app

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


@dataclass
class AppServer:
    url: str
    feedback_path: Path
    process: subprocess.Popen


@pytest.fixture(scope="session")
def app_server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """``python app.py`` on a free loopback port, the session's real index, fresh feedback."""
    OUT.mkdir(parents=True, exist_ok=True)
    run = tmp_path_factory.mktemp("browser-app")
    feedback = run / "feedback.sqlite3"
    env = {"SSASSIST_INDEX__PATH": str(corpus_index), "SSASSIST_FEEDBACK__PATH": str(feedback)}
    with running_app(env, run / "app.log", keep=OUT / "app.log") as app:
        yield AppServer(url=app.url, feedback_path=feedback, process=app.process)


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
