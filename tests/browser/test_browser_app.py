"""The real app in headless Chromium: a Spanish question with cited sources, a citation opened,
a coverage check, a helpdesk draft, feedback stored in SQLite, and a <script> shown as text.

Expected values come from an Assistant over the same corpus and index in the test
process, so the page is checked against what the public API says.
Screenshots of each step go to test-output/browser/; with SSASSIST_SCREENSHOTS=1 the
README pictures in docs/screenshots/ are refreshed too.
"""

from __future__ import annotations

import os
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ssassist.answering.citations import citation_title
from ssassist.answering.helpdesk import compose_draft
from ssassist.feedback import FeedbackStore, verdict_of
from ssassist.ui.labels import t
from ssassist.ui.matrix_overview import verdict_of as cell_verdict
from ssassist.ui.render import section_path
from tests.browser.pages import (
    COVERAGE_QUESTION,
    DESKTOP,
    PHONE,
    RAG_QUESTION,
    ask,
    open_accordion,
    open_page,
    pick,
    squash,
)
from tests.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"
    ),
    pytest.mark.timeout(240),
]

WATCH_PENDING = """() => {
  window.__sawPending = false;
  const root = document.querySelector('#ss-chat');
  new MutationObserver(() => { if (root.querySelector('.ss-pending')) window.__sawPending = true; })
    .observe(root, {subtree: true, childList: true});
}"""


def test_a_spanish_question_gets_an_answer_with_cited_sources(page: Page, assistant, shot):
    expected = assistant.ask(RAG_QUESTION)
    assert expected.route == "rag" and expected.citations
    page.evaluate(WATCH_PENDING)
    page.locator("#ss-question textarea").fill(RAG_QUESTION)
    page.locator("#ss-question textarea").press("Enter")
    # the question is shown at once, with a progress indicator, while the answer is prepared
    expect(page.locator("#ss-chat .ss-question").last).to_have_text(RAG_QUESTION, timeout=5_000)
    answer = page.locator("#ss-chat .ss-answer").last
    expect(answer).to_be_visible(timeout=90_000)
    assert page.evaluate("window.__sawPending") is True
    shot(page, "01-spanish-question-cited-sources")

    expect(answer.locator(".ss-badge")).to_contain_text(t("route_rag", "es"))
    summaries = answer.locator("details.ss-cite summary")
    expect(summaries).to_have_count(len(expected.citations))
    for i, c in enumerate(expected.citations):  # the document's short title, in Spanish
        expect(summaries.nth(i)).to_contain_text(f"[{c.n}] {citation_title(c, 'es')}")
    assert squash(expected.answer.split("\n")[0]) in squash(answer.locator(".ss-body").inner_text())
    # labels follow the language of the question
    expect(page.locator("#ss-question label")).to_contain_text(t("question", "es"))
    # once complete, the answer is selected: its feedback sits under the chat
    expect(page.locator("#ss-feedback-heading")).to_contain_text(t("feedback_n", "es", n=1))


def test_a_citation_opens_to_its_quoted_passage_with_title_and_section(page: Page, assistant, shot):
    expected = assistant.ask(RAG_QUESTION).citations[0]
    ask(page, RAG_QUESTION)
    cite = page.locator("#ss-chat .ss-answer").last.locator("details.ss-cite").first
    quote = cite.locator("blockquote")
    expect(quote).to_be_hidden()
    cite.locator("summary").click()
    expect(quote).to_be_visible()
    assert squash(quote.inner_text()) == squash(expected.text)
    expect(cite.locator(".ss-cite-doc")).to_contain_text(
        f"{expected.title} · {expected.publisher}, {expected.year}"
    )
    expect(cite.locator(".ss-cite-sec")).to_contain_text(
        f"{t('section', 'es')}: {section_path(expected.section, 'es')}"
    )
    shot(page, "02-citation-opened")


def test_a_coverage_check_shows_the_verdict_with_sourced_instruments(page: Page, assistant, shot):
    result = assistant.check("AR", "PE", "old_age")
    page.get_by_role("tab", name=t("tab_coverage", "es")).click()
    pick(page, "ss-country-a", "argen", "Argentina")
    pick(page, "ss-country-b", "peru", "Perú · Peru")
    pick(page, "ss-benefit", "vej", "Vejez")
    page.locator("#ss-check").click()
    box = page.locator("#ss-coverage-result .ss-verdict-box")
    expect(box).to_contain_text(t("verdict_" + cell_verdict(result), "es"), timeout=30_000)
    rows = page.locator("#ss-coverage-result tr.ss-row")
    assert rows.count() >= len(result.instruments) + len(result.unilateral)
    for inst in result.instruments:
        expect(page.locator("#ss-coverage-result")).to_contain_text(inst.display_name("es"))
    first_source = rows.first.locator("details.ss-cite")
    first_source.locator("summary").click()
    expect(first_source.locator("blockquote")).to_have_text(result.instruments[0].source.quote)
    expect(page.locator("#ss-coverage-benefits tr")).to_have_count(11)  # header + ten benefits
    expect(page.locator("#ss-map img")).to_be_visible(timeout=60_000)
    shot(page, "03-coverage-verdict")


def test_a_work_history_check_shows_the_groups_and_their_picture(page: Page, assistant, shot):
    """Perú and Chile, España added as a country worked in: which years add up, and where."""
    result = assistant.check_history(["PE", "CL", "ES"], "old_age")
    page.get_by_role("tab", name=t("tab_coverage", "es")).click()
    pick(page, "ss-country-a", "peru", "Perú · Peru")
    pick(page, "ss-country-b", "chile", "Chile")
    open_accordion(page, "ss-more-options", t("more_options", "es"))
    pick(page, "ss-more-countries", "espa", "España · Spain")
    page.keyboard.press("Escape")
    expect(page.locator("#ss-more-countries")).to_contain_text("España · Spain")
    pick(page, "ss-benefit", "vej", "Vejez")
    page.locator("#ss-check").click()

    box = page.locator("#ss-coverage-result .ss-verdict-box")
    expect(box).to_contain_text(t("history_badge_all", "es"), timeout=30_000)
    groups = page.locator("#ss-coverage-result tr.ss-group")
    expect(groups).to_have_count(len(result.groups))
    cmiss = groups.filter(has_text="(CMISS)")
    expect(cmiss).to_contain_text("Perú, Chile y España")
    expect(cmiss).to_contain_text(t("history_adds", "es"))
    expect(groups.filter(has_text=t("history_may_cover", "es"))).to_have_count(
        sum(not g.confirmed for g in result.groups)
    )
    expect(page.locator("#ss-coverage-result tr.ss-caveat")).to_contain_text("(COISS)")
    source = cmiss.locator("details.ss-cite")
    source.locator("summary").click()
    expect(source.locator("blockquote")).to_have_text(result.groups[0].source.quote)
    picture = page.locator("#ss-history-map img")
    expect(picture).to_be_visible(timeout=60_000)
    assert (picture.get_attribute("src") or "").startswith("data:image/png")
    assert picture.bounding_box()["width"] > 200
    expect(page.locator("#ss-coverage-benefits tr")).to_have_count(0)  # a pair's table only
    shot(page, "03b-work-history")

    page.set_viewport_size({"width": 420, "height": 900})  # a phone
    page.wait_for_timeout(500)
    expect(picture).to_be_visible()
    assert picture.bounding_box()["width"] <= 420
    shot(page, "03c-work-history-phone")


def test_a_helpdesk_draft_is_produced_and_downloadable(page: Page, assistant, shot):
    expected = compose_draft(assistant.ask(COVERAGE_QUESTION), assistant.documents)
    ask(page, COVERAGE_QUESTION)
    expect(page.locator("#ss-chat .ss-answer").last.locator(".ss-route-coverage")).to_be_visible()
    # the answer is complete (and selected) once its feedback shows: only then draft it
    expect(page.locator("#ss-feedback-heading")).to_contain_text(
        t("feedback_n", "es", n=1), timeout=60_000
    )
    expect(page.locator("#ss-draft-button")).to_be_hidden()  # staff tools start collapsed
    open_accordion(page, "ss-staff", t("staff", "es"))  # one click away
    expect(page.locator("#ss-selected")).to_contain_text(COVERAGE_QUESTION[:30])
    page.locator("#ss-draft-button").click()
    draft = page.locator("#ss-draft textarea")
    expect(draft).to_have_value(expected.text, timeout=60_000)
    with page.expect_download() as info:
        page.locator("#ss-download").click()
    download = info.value
    assert download.suggested_filename.startswith(
        "respuesta-"
    ) and download.suggested_filename.endswith(".txt")
    assert Path(download.path()).read_text(encoding="utf-8") == expected.text
    shot(page, "04-helpdesk-draft")


def test_feedback_with_a_comment_is_stored_in_the_database(
    page: Page, assistant, app_process, shot
):
    expected = assistant.ask(COVERAGE_QUESTION)
    ask(page, COVERAGE_QUESTION)
    comment = "Muy clara, gracias — ñandú «ok»"
    page.locator("#ss-comment textarea").fill(comment)
    page.locator("#ss-up").click()
    status = page.locator("#ss-feedback-status .ss-thanks")
    expect(status).to_be_visible()
    expect(status).to_contain_text(t("thanks", "es", id=status.get_attribute("data-record")))
    record_id = int(status.get_attribute("data-record") or 0)
    shot(page, "05-feedback-stored")

    store = FeedbackStore(app_process.feedback_path)
    rec = store.get(record_id)
    assert (rec.rating, rec.comment, rec.question) == ("up", comment, COVERAGE_QUESTION)
    assert rec.answer == expected.answer and rec.verdict == verdict_of(expected) == "covered"
    assert [c["title"] for c in rec.citations] == [c.title for c in expected.citations]

    # the thumbs on the answer itself change the same record
    # (Gradio labels the icon in the browser's language)
    page.locator("#ss-chat").locator(
        "button[aria-label='No me gusta'], button[aria-label='Dislike']"
    ).last.click()
    for _ in range(100):
        if store.get(record_id).rating == "down":
            break
        page.wait_for_timeout(100)
    assert store.get(record_id).rating == "down" and store.get(record_id).comment == comment


def test_a_question_with_a_script_is_shown_as_text(page: Page, shot):
    question = (
        "¿Hay convenio entre Perú y Argentina? <script>window.__pwned=1</script>"
        '<img src=x onerror="window.__pwned=2"> **negrita** $$x$$'
    )
    ask(page, question)
    expect(page.locator("#ss-chat .ss-question").last).to_have_text(question)
    open_accordion(page, "ss-staff", t("staff", "es"))
    expect(page.locator("#ss-selected")).to_contain_text("<script>window.__pwned=1</script>")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        page.locator(
            "#ss-chat script, #ss-chat img[src='x'], #ss-chat strong, #ss-chat .katex"
        ).count()
        == 0
    )
    shot(page, "06-script-shown-as-text")


def test_login_protects_the_app_and_a_missing_index_is_explained(browser, tmp_path, shot):
    """Helpdesk deployment: login from the settings; no index yet, so the app says how to build."""
    from ssassist.assistant import Assistant
    from ssassist.config import Settings
    from ssassist.ui import serve

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(
        index={"path": tmp_path / "no-index"},
        feedback={"path": tmp_path / "feedback.sqlite3"},
        ui={"port": port, "auth_user": "helpdesk", "auth_password": "s3cret"},
    )
    app = serve(Assistant(settings), prevent_thread_lock=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:  # the API too, not just the page
            urllib.request.urlopen(f"http://127.0.0.1:{port}/gradio_api/info", timeout=10)
        assert refused.value.code == 401
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
        expect(page.get_by_text(t("login", "en"))).to_be_visible()
        assert page.locator("#ss-question").count() == 0
        page.locator("input[type=text]").fill("helpdesk")
        page.locator("input[type=password]").fill("wrong")
        page.get_by_role("button", name="Login").click()
        expect(page.get_by_text("Incorrect Credentials")).to_be_visible()
        assert page.locator("#ss-question").count() == 0
        page.locator("input[type=text]").fill("helpdesk")
        page.locator("input[type=password]").fill("s3cret")
        page.get_by_role("button", name="Login").click()
        banner = page.locator("#ss-banner .ss-banner")
        expect(banner).to_contain_text("ssassist ingest", timeout=30_000)
        expect(banner).to_contain_text(str(tmp_path / "no-index"))
        ask(
            page, "Is there an agreement between Mexico and the United States?"
        )  # the matrix needs no index
        expect(
            page.locator("#ss-chat .ss-answer").last.locator(".ss-route-coverage")
        ).to_be_visible()
        ask(page, "What is the Salvadoreño Seguro programme?")
        expect(page.locator("#ss-chat .ss-error").last).to_contain_text("ssassist ingest")
        shot(page, "07-login-and-missing-index")
    finally:
        context.close()
        app.close()


@pytest.mark.skipif(
    not os.environ.get("SSASSIST_SCREENSHOTS"),
    reason="set SSASSIST_SCREENSHOTS=1 to refresh docs/screenshots/",
)
def test_readme_screenshots(browser, app_process):
    """docs/screenshots/: the chat and the coverage tab on a desktop, and both on a phone."""
    docs = ROOT / "docs" / "screenshots"
    docs.mkdir(parents=True, exist_ok=True)
    with open_page(browser, app_process.url, DESKTOP) as page:
        ask(page, RAG_QUESTION)
        page.locator("#ss-chat .ss-answer").last.locator("details.ss-cite summary").first.click()
        page.wait_for_timeout(800)
        page.screenshot(path=str(docs / "chat.png"))

        page.get_by_label("English").check()
        page.get_by_role("tab", name=t("tab_coverage", "en")).click()
        pick(page, "ss-country-a", "argen", "Argentina")
        pick(page, "ss-country-b", "peru", "Peru · Perú")
        pick(page, "ss-benefit", "old", "Old-age")
        page.locator("#ss-check").click()
        expect(page.locator("#ss-map img")).to_be_visible(timeout=60_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(docs / "coverage.png"), full_page=True)

    with open_page(browser, app_process.url, PHONE) as phone:
        ask(phone, COVERAGE_QUESTION)
        phone.wait_for_timeout(800)
        phone.screenshot(path=str(docs / "chat-phone.png"))
        phone.get_by_role("tab", name=t("tab_coverage", "es")).click()
        pick(phone, "ss-country-a", "argen", "Argentina")
        pick(phone, "ss-country-b", "peru", "Perú · Peru")
        pick(phone, "ss-benefit", "vej", "Vejez")
        phone.locator("#ss-check").click()
        expect(phone.locator("#ss-coverage-result .ss-verdict-box")).to_be_in_viewport(
            timeout=30_000
        )
        phone.wait_for_timeout(800)
        phone.screenshot(path=str(docs / "coverage-phone.png"))
