"""The app for the people asking (issue 15), without a browser: citations named in the reader's
language, the sources tab without ids or codes, the partner list a phone shows instead of the
heat map, feedback only once an answer exists, and a first start that says why it waits."""

from __future__ import annotations

import re

import pytest

from ssassist.answering.citations import citation_title, display_title, section_label
from ssassist.feedback import FeedbackStore
from ssassist.models import Answer, Citation
from ssassist.ui.app import warming_html
from ssassist.ui.chat_events import ChatEvents
from ssassist.ui.context import AppContext, Warmer
from ssassist.ui.labels import t
from ssassist.ui.matrix_overview import partner_grid
from ssassist.ui.partner_list import partners_html
from ssassist.ui.render import answer_html, section_path
from ssassist.ui.sources_tab import documents_html, instrument_rows, matrix_html
from ssassist.ui.turns import feedback_heading, messages_of, panel_values
from tests.ui.test_ui_render import assert_inert, parse


def text_of(fragment: str) -> str:
    return " ".join("".join(parse(fragment).text).split())


# -- citations in the reader's language --------------------------------------------------------


@pytest.mark.parametrize(
    ("locator", "es", "en"),
    [
        ("footnote 10", "nota 10", "footnote 10"),
        ("Table 5, row 2 (United States)", "Tabla 5, fila 2 (Estados Unidos)", None),
        ("Table 2, row 4 (Mexico, first row)", "Tabla 2, fila 4 (México, primera fila)", None),
        ("Table 3, row 4 (Panamá-Spain)", "Tabla 3, fila 4 (Panamá-España)", None),
        ("§3.1, paragraph after Table 2", "§3.1, párrafo después de la Tabla 2", None),
        (
            "§3.2, paragraph before the benefit lists",
            "§3.2, párrafo antes de las listas de prestaciones",
            None,
        ),
        ("§3.2, list 'With four'", "§3.2, lista «With four»", None),  # the list's own title
        ("párrafo 5", "párrafo 5", "paragraph 5"),
        ("nota 7", "nota 7", "footnote 7"),
        # a section path: its last heading, as the document words it
        ("3. Mechanisms > 3.2 Bilateral measures", "3.2 Bilateral measures", None),
    ],
)
def test_section_labels_are_worded_in_the_interface_language(locator, es, en):
    assert section_label(locator, "es") == es
    assert section_label(locator, "en") == (en or locator.split(" > ")[-1])


def test_titles_are_the_documents_short_titles():
    assert display_title("la nota técnica de la CISS (2024)") == "Nota técnica de la CISS (2024)"
    assert display_title("the ILO brief on El Salvador (2022)") == "ILO brief on El Salvador (2022)"
    assert display_title("", "Full title") == "Full title"
    c = Citation(
        n=1,
        doc_id="d",
        title="Access to social security for migrants in the Americas",
        section="3. Mechanisms > footnote 10",
        short_title="the CISS technical note (2024)",
        short_title_es="la nota técnica de la CISS (2024)",
        text="A verbatim quote.",
        publisher="CISS",
        year=2024,
    )
    assert citation_title(c, "es") == "Nota técnica de la CISS (2024)"
    assert citation_title(c, "en") == "CISS technical note (2024)"
    assert section_path(c.section, "es") == "3. Mechanisms › nota 10"
    answer = Answer(question="q", answer="Sí. [1]", language="es", route="rag", citations=[c])
    text = text_of(answer_html(answer))
    assert "[1] Nota técnica de la CISS (2024), nota 10" in text
    assert "A verbatim quote." in text  # the quote stays verbatim
    assert "Access to social security for migrants in the Americas · CISS, 2024" in text


# -- the sources tab ----------------------------------------------------------------------------


def test_documents_are_named_for_people_without_ids_or_codes(matrix_assistant):
    fragment = documents_html(matrix_assistant, "es")
    assert_inert(fragment)
    text = text_of(fragment)
    assert "Nota técnica de la CISS (2024), en inglés" in text
    assert "Documento del Comité Permanente de la OIM (2023), en español" in text
    for meta in matrix_assistant.documents.values():
        assert meta.id not in fragment and meta.kind not in text
        assert meta.title in text and meta.publisher in text
    assert "CISS technical note (2024), in English" in text_of(
        documents_html(matrix_assistant, "en")
    )


def test_the_matrix_shows_each_quote_once(matrix_assistant):
    rows = instrument_rows(matrix_assistant, "es")
    fragment = matrix_html(matrix_assistant, rows, "es")
    assert_inert(fragment)
    assert fragment.count("<tr class='ss-row'>") == len(rows)
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", fragment)
    assert len(quotes) == len({r["source"] for r in rows}) == len(set(quotes))
    assert "rowspan='15'" in fragment  # 15 agreements quoted from one list 'With four'
    assert "Nota técnica de la CISS (2024), §3.2, lista «With four»" in text_of(fragment)
    assert t("nothing_found", "es") in matrix_html(matrix_assistant, [], "es")


# -- the heat map's reading on a phone ----------------------------------------------------------


def test_partners_list_country_a_with_each_verdicts_benefits(matrix_assistant):
    grid = partner_grid(matrix_assistant, "AR", extra=["PE"], lang="es")
    fragment = partners_html(grid, "Argentina", "es", picked="PE")
    assert_inert(fragment)
    items = re.findall(r"<li[^>]*>(.*?)</li>", fragment)
    assert len(items) == len(grid.rows)
    first = text_of(items[0])
    assert first.startswith("Perú") and t("partner_selected", "es") in first
    assert "class='ss-picked'" in fragment.split("</li>")[0]
    peru = grid.rows.index("PE")
    covered = [grid.col_labels["es"][j] for j, v in enumerate(grid.cells[peru]) if v == "covered"]
    assert covered and f"{t('verdict_covered', 'es')} {', '.join(covered)}" in first
    assert t("partners_pick", "es") in partners_html(None, "", "es")


# -- feedback only under answers; staff tools ---------------------------------------------------


def test_feedback_shows_once_an_answer_exists():
    answer = Answer(question="¿Hay convenio?", answer="Sí.", language="es", route="rag")
    assert feedback_heading([], None, "es") == ""
    hidden = panel_values([], None, "es")
    assert len(hidden) == 6 and hidden[-1]["visible"] is False
    turns = [{"question": answer.question, "answer": answer, "error": None}]
    shown = panel_values(turns, 0, "es")
    assert shown[-1]["visible"] is True
    assert t("feedback_n", "es", n=1) in text_of(shown[-2])
    failed = [{"question": "x", "answer": None, "error": "boom"}]
    assert panel_values(failed, 0, "es")[-1]["visible"] is False  # no feedback on an error


# -- a first start says why it waits ------------------------------------------------------------


class SlowStart:
    """An Assistant whose warm-up the test controls; it answers with one fixed answer."""

    def __init__(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        self.settings = None
        self.documents: dict = {}
        self.answer = Answer(question="q", answer="Sí. [1]", language="es", route="rag")

    def ask_stream(self, question, history):  # type: ignore[no-untyped-def]
        yield self.answer


def test_until_the_assistant_is_ready_the_page_says_why_and_how_long(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("ssassist.ui.context.time.monotonic", lambda: clock[0])
    asst = SlowStart(tmp_path)
    warmer = Warmer(asst, expected=20)
    assert warmer.seconds_left() == 20
    assert "20" in warming_html(warmer, "es") and 'role="status"' in warming_html(warmer, "es")
    clock[0] += 12
    assert warmer.seconds_left() == 10 and warmer.elapsed() == 12
    clock[0] += 20  # longer than expected: say so instead of counting down
    assert warmer.seconds_left() is None
    assert t("warming_late", "en", s=32) in text_of(warming_html(warmer, "en"))
    warmer.skip()
    assert warmer.ready and warming_html(warmer, "es") == ""


def test_a_question_asked_during_warm_up_says_why_it_waits(tmp_path, monkeypatch):
    clock = [0.0]
    monkeypatch.setattr("ssassist.ui.context.time.monotonic", lambda: clock[0])
    asst = SlowStart(tmp_path)
    warmer = Warmer(asst, expected=20)
    waits: list[float | None] = []

    def wait(timeout=None):  # type: ignore[no-untyped-def]
        waits.append(timeout)
        clock[0] += 5
        if len(waits) == 2:
            warmer.skip()

    monkeypatch.setattr(warmer, "wait", wait)
    ctx = AppContext(assistant=asst, feedback=FeedbackStore(tmp_path / "f.sqlite3"), warmer=warmer)
    steps = list(ChatEvents(ctx).respond("¿Hay convenio?", [], "es"))
    notes = [text_of(step[1][-1]["content"]) for step in steps[:2]]
    assert notes == [
        t("pending_warming", "es", s=20),
        t("pending_warming", "es", s=15),
    ]
    assert text_of(steps[2][1][-1]["content"]) == t("pending", "es")
    assert steps[0][0] == "" and steps[1][0] != ""  # what is typed meanwhile is kept
    assert 'data-route="rag"' in steps[-1][1][-1]["content"]
    assert messages_of([], ("q", "es"), "why")[-1]["content"].endswith("why</div>")
