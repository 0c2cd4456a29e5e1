"""Pages of the app at the widths it is checked at (a desktop window, a phone held upright)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, expect

RAG_QUESTION = "¿Qué es el programa Salvadoreño Seguro?"
COVERAGE_QUESTION = "¿Hay convenio de seguridad social entre Perú y Argentina?"
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 420, "height": 900}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
"""The two widths the app is checked at: a desktop window and a phone held upright."""


@contextmanager
def open_page(browser, url: str, viewport: dict[str, int]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page of the app at ``viewport`` (Spanish browser), loaded and ready."""
    context = browser.new_context(viewport=viewport, locale="es-ES", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#ss-question textarea")
    try:
        yield page
    finally:
        context.close()


def squash(text: str) -> str:
    return " ".join(text.split())


def ask(page: Page, question: str) -> None:
    """Type a question, send it, and wait for its answer (or error) to replace the spinner."""
    before = page.locator("#ss-chat .ss-answer, #ss-chat .ss-error").count()
    box = page.locator("#ss-question textarea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator("#ss-chat .ss-answer, #ss-chat .ss-error")).to_have_count(
        before + 1, timeout=90_000
    )
    expect(page.locator("#ss-chat .ss-pending")).to_have_count(0)


def pick(page: Page, elem_id: str, typed: str, option: str) -> None:
    """Choose a dropdown option by typing part of its name (search as you type)."""
    field = page.locator(f"#{elem_id} input")
    field.click()
    field.fill(typed)
    page.locator(f"#{elem_id}").get_by_role("option", name=option, exact=True).click()


def open_accordion(page: Page, elem_id: str, label: str) -> None:
    """Open a collapsed accordion by clicking its label."""
    page.locator(f"#{elem_id}").get_by_text(label, exact=True).click()
