"""The page as a migrant uses it, at 1400×1000 and on a 420×900 phone (issue 15): the title
and the three tabs in view at load, a new answer shown from its first line, staff tools
collapsed, feedback only under answers, the coverage verdict in view on a phone, the chat by
keyboard alone, a first start that says why it waits, and no serious or critical axe-core
violation on any tab. Screenshots of each state go to test-output/browser/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ssassist.ui.labels import t
from tests.browser.pages import (
    COVERAGE_QUESTION,
    PHONE,
    RAG_QUESTION,
    ask,
    open_accordion,
    open_page,
    pick,
)
from tests.paths import OUT as TEST_OUTPUT

CHROMIUM = Path("/usr/bin/chromium")
OUT = TEST_OUTPUT / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"
    ),
    pytest.mark.timeout(300),
]

TABS = ("tab_chat", "tab_coverage", "tab_sources")


def fully_in_view(page: Page, selector: str) -> bool:
    """The element's box lies inside the window, and what shows at its centre is itself (no
    floating label or panel over it)."""
    return bool(
        page.evaluate(
            """(sel) => {
              const el = document.querySelector(sel);
              if (!el) return false;
              const r = el.getBoundingClientRect();
              if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
                return false;
              const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return !!hit && (el === hit || el.contains(hit));
            }""",
            selector,
        )
    )


def last_badge(page: Page) -> str:
    """A selector for the route badge of the latest answer."""
    n = page.locator("#ss-chat .ss-answer").count()
    page.evaluate(
        """(n) => { document.querySelectorAll('#ss-chat .ss-answer').forEach((a, i) =>
             a.toggleAttribute('data-latest', i === n - 1)); }""",
        n,
    )
    return "#ss-chat .ss-answer[data-latest] .ss-badge"


def test_at_load_the_title_and_three_tabs_are_in_view_and_tools_wait(sized, shot):
    name, page = sized
    page.wait_for_timeout(1500)  # the page script has run; nothing scrolled the page
    assert page.evaluate("window.scrollY") == 0
    expect(page.locator("#ss-title h1")).to_be_in_viewport(ratio=1)
    expect(page.locator("#ss-title h1")).to_have_text(t("title", "es"))
    for key in TABS:  # each tab a button of its own, none in an overflow menu
        tab = page.get_by_role("tab", name=t(key, "es"), exact=True)
        expect(tab).to_be_visible()
        expect(tab).to_be_in_viewport(ratio=1)
    expect(page.locator("#ss-tabs .overflow-menu button")).to_have_count(0)
    # no feedback before an answer exists; the staff tools are collapsed
    expect(page.locator("#ss-feedback-heading")).to_be_hidden()
    expect(page.locator("#ss-up")).to_be_hidden()
    expect(page.locator("#ss-draft-button")).to_be_hidden()
    expect(page.locator("#ss-staff")).to_be_visible()
    if name == "desktop":  # ready to type; a phone's keyboard would cover the page, so no focus
        expect(page.locator("#ss-question textarea")).to_be_focused()
    else:
        expect(page.locator("#ss-question textarea")).to_be_in_viewport()
    shot(page, f"10-load-{name}", full_page=False)


def test_after_a_question_the_answers_first_line_is_in_view(sized, shot):
    """Two Spanish questions: each answer is shown from its badge and first line, however
    long the answer (the second comes under the first); feedback sits under the answers."""
    name, page = sized
    for i, question in enumerate((COVERAGE_QUESTION, RAG_QUESTION), 1):
        ask(page, question)
        page.wait_for_timeout(700)  # the page script scrolls once the answer is drawn
        badge = last_badge(page)
        assert fully_in_view(page, badge), f"answer {i}'s badge is not in view"
        first_line = f"{badge.rsplit(' ', 1)[0]} .ss-body > :first-child"
        expect(page.locator(first_line)).to_be_in_viewport()
        shot(page, f"11-answer-{i}-{name}", full_page=False)
    # feedback exists only under the answers: thumbs on each, the comment under the chat
    expect(page.locator("#ss-chat .ss-answer")).to_have_count(2)
    thumbs = page.locator("#ss-chat").locator(
        "button[aria-label='Me gusta'], button[aria-label='Like']"
    )
    expect(thumbs).to_have_count(2)
    expect(page.locator("#ss-up")).to_be_visible()
    expect(page.locator("#ss-feedback-heading")).to_contain_text(t("feedback_n", "es", n=2))
    chat = page.locator("#ss-chat").bounding_box()
    under = page.locator("#ss-feedback-heading").bounding_box()["y"]
    assert under > chat["y"] + chat["height"] - 1
    # the staff tools stay collapsed, one click away
    expect(page.locator("#ss-draft-button")).to_be_hidden()
    open_accordion(page, "ss-staff", t("staff", "es"))
    expect(page.locator("#ss-draft-button")).to_be_visible()
    expect(page.locator("#ss-selected")).to_contain_text(RAG_QUESTION)
    shot(page, f"12-staff-opened-{name}")


def test_the_coverage_verdict_is_in_view_and_the_map_fits_the_screen(sized, shot):
    name, page = sized
    page.get_by_role("tab", name=t("tab_coverage", "es")).click()
    pick(page, "ss-country-a", "argen", "Argentina")
    pick(page, "ss-country-b", "peru", "Perú · Peru")
    pick(page, "ss-benefit", "vej", "Vejez")
    page.locator("#ss-check").click()
    verdict = page.locator("#ss-coverage-result .ss-verdict-box")
    expect(verdict).to_contain_text(t("badge_covered", "es"), timeout=30_000)
    page.wait_for_timeout(700)
    expect(verdict).to_be_in_viewport(ratio=1)  # without the person scrolling
    partners = page.locator("#ss-partners")
    if name == "phone":  # a list of partners with their benefits instead of the heat map
        expect(page.locator("#ss-map")).to_be_hidden()
        expect(partners).to_be_visible(timeout=30_000)
        picked = partners.locator("li.ss-picked")
        expect(picked).to_contain_text("Perú")
        expect(picked.locator(".ss-v-covered")).to_have_count(1)
        expect(picked).to_contain_text("vejez")
        box = partners.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    else:
        expect(page.locator("#ss-map img")).to_be_visible(timeout=60_000)
        expect(partners).to_be_hidden()
    shot(page, f"13-coverage-{name}", full_page=False)
    shot(page, f"13-coverage-{name}-full")


def test_the_sources_tab_speaks_to_people(sized, assistant, shot):
    name, page = sized
    page.get_by_role("tab", name=t("tab_sources", "es")).click()
    docs = page.locator("#ss-documents")
    expect(docs.locator("li.ss-doc")).to_have_count(len(assistant.documents))
    expect(docs).to_contain_text("Nota técnica de la CISS (2024), en inglés")
    text = docs.inner_text()
    for meta in assistant.documents.values():  # no hash ids, no raw kinds
        assert meta.id not in text and meta.kind not in text
    table = page.locator("#ss-matrix table")
    rows = page.locator("#ss-matrix tr.ss-row")
    expect(rows.first).to_be_visible()
    quotes = [q.strip() for q in page.locator("#ss-matrix blockquote").all_inner_texts()]
    assert len(quotes) == len(set(quotes)) < rows.count()  # a shared quote shows once
    fonts = table.evaluate("t => getComputedStyle(t.querySelector('td')).fontFamily")
    assert "mono" not in fonts.lower()
    page.locator("#ss-matrix-search textarea, #ss-matrix-search input").first.fill("peru vejez")
    expect(page.locator("#ss-matrix-count")).not_to_contain_text(f"{rows.count()} de")
    shot(page, f"14-sources-{name}", full_page=False)


def test_the_chat_works_with_the_keyboard_alone(page: Page, shot):
    """Tab to the question box, type, Enter to send; Tab to the first source, Enter opens it."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    box = page.locator("#ss-question textarea")
    for _ in range(40):
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    expect(box).to_be_focused()
    page.keyboard.type(RAG_QUESTION)
    page.keyboard.press("Enter")
    answer = page.locator("#ss-chat .ss-answer").last
    expect(answer).to_be_visible(timeout=90_000)
    expect(page.locator("#ss-chat .ss-pending")).to_have_count(0, timeout=90_000)
    summary = answer.locator("details.ss-cite summary").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    expect(summary).to_be_focused()
    outline = summary.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")  # the focus is visible
    page.keyboard.press("Enter")
    expect(answer.locator("details.ss-cite").first.locator("blockquote")).to_be_visible()
    shot(page, "15-keyboard", full_page=False)


def axe_serious(page: Page, name: str) -> list[str]:
    """axe-core over the page; the serious and critical violations (full report kept)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"axe-{name}.json").write_text(
        json.dumps(violations, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_core_finds_no_serious_or_critical_violation_on_any_tab(sized, shot):
    name, page = sized
    found = {"chat-empty": axe_serious(page, f"{name}-chat-empty")}
    ask(page, COVERAGE_QUESTION)
    found["chat"] = axe_serious(page, f"{name}-chat")
    page.get_by_role("tab", name=t("tab_coverage", "es")).click()
    pick(page, "ss-country-a", "argen", "Argentina")
    pick(page, "ss-country-b", "peru", "Perú · Peru")
    page.locator("#ss-check").click()
    expect(page.locator("#ss-coverage-result .ss-verdict-box")).to_be_visible(timeout=30_000)
    page.wait_for_timeout(1000)
    found["coverage"] = axe_serious(page, f"{name}-coverage")
    page.get_by_role("tab", name=t("tab_sources", "es")).click()
    expect(page.locator("#ss-matrix tr.ss-row").first).to_be_visible()
    found["sources"] = axe_serious(page, f"{name}-sources")
    assert {tab: v for tab, v in found.items() if v} == {}


def test_a_first_start_says_why_the_first_question_waits(browser, start_app, shot):
    """Until the model and index are loaded, the page says so and roughly for how long, and a
    question asked meanwhile says why it waits; then it is answered. (The app's warm-up is
    held back 25 s, so the page is seen while it runs, however fast the model loads.)"""
    hook = Path(__file__).parent / "slow_start"
    env = {
        "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]),
        "SSASSIST_TEST_WARM_DELAY": "25",
    }
    with (
        start_app("app-cold", env=env, warm=False) as app,
        open_page(browser, app.url, PHONE) as page,
    ):
        warming = page.locator("#ss-warming .ss-warming")
        expect(warming).to_be_visible(timeout=15_000)
        expect(warming).to_contain_text("segundos")
        expect(page.get_by_role("tab", name=t("tab_chat", "es"))).to_be_in_viewport()
        shot(page, "16-first-start-page", full_page=False)
        box = page.locator("#ss-question textarea")
        box.fill(RAG_QUESTION)
        box.press("Enter")
        pending = page.locator("#ss-chat .ss-pending")
        expect(pending).to_contain_text(t("pending_warming", "es", s=0).split(":")[0])
        expect(page.locator("#ss-chat .message-buttons-left").last).to_be_hidden()  # no thumbs
        shot(page, "16-first-start-question", full_page=False)
        expect(page.locator("#ss-chat .ss-answer")).to_be_visible(timeout=240_000)
        expect(warming).to_be_hidden(timeout=10_000)
        assert "model and index loaded" in app.log_text()
