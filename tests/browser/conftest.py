"""Headless Chromium drives the session's real app (``app_process`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app_process import AppProcess
from tests.browser.pages import DESKTOP, SIZES, open_page
from tests.paths import OUT as TEST_OUTPUT

CHROMIUM = Path("/usr/bin/chromium")
OUT = TEST_OUTPUT / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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
def page(browser, app_process: AppProcess):  # type: ignore[no-untyped-def]
    """A fresh page of the app (Spanish browser, 1400×1000), loaded and ready for a question."""
    with open_page(browser, app_process.url, DESKTOP) as page:
        yield page


@pytest.fixture(params=list(SIZES))
def sized(request, browser, app_process: AppProcess):  # type: ignore[no-untyped-def]
    """(name, page): the app at each width, 'desktop' (1400×1000) and 'phone' (420×900)."""
    with open_page(browser, app_process.url, SIZES[request.param]) as page:
        yield request.param, page


@pytest.fixture
def shot():  # type: ignore[no-untyped-def]
    """``shot(page, name)``: a full-page screenshot under test-output/browser/."""

    OUT.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = True) -> Path:  # type: ignore[no-untyped-def]
        path = OUT / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
