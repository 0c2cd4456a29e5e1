"""HTML of the app: user and document text always inert; citations and verdicts complete."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from ssassist.answering.citations import citation_title, display_title, section_label
from ssassist.models import Answer, Citation, RetrievedPassage
from ssassist.ui.labels import t
from ssassist.ui.matrix_overview import pair_benefits
from ssassist.ui.render import (
    answer_html,
    banner_html,
    benefits_html,
    body_html,
    coverage_html,
    details_html,
    esc,
    question_html,
)

EVIL = (
    "<script>window.__pwned=1</script><img src=x onerror=\"alert('x')\"> "
    "*bold* [link](javascript:alert(1)) $$x^2$$ `code` # h"
)
ALLOWED_TAGS = {
    "div",
    "span",
    "p",
    "br",
    "ul",
    "li",
    "sup",
    "b",
    "i",
    "details",
    "summary",
    "blockquote",
    "table",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "h2",
    "h3",
    "h4",
    "small",
    "code",
}


class Collector(HTMLParser):
    """Tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.text.append(data)


def parse(fragment: str) -> Collector:
    c = Collector()
    c.feed(fragment)
    c.close()
    return c


def assert_inert(fragment: str) -> Collector:
    """Only our own tags and attributes: no handlers, no links, no Markdown or LaTeX syntax."""
    c = parse(fragment)
    assert set(c.tags) <= ALLOWED_TAGS, set(c.tags) - ALLOWED_TAGS
    assert not [a for a in c.attrs if a.startswith("on") or a in ("href", "src", "style")]
    raw_text = fragment
    for ch in "*`$[]#":
        # every such character reaches the page as an entity, never as Markdown/LaTeX syntax
        assert ch not in raw_text.replace("&#", ""), ch
    assert "\n" not in fragment  # one line: Markdown keeps an HTML block as it is
    return c


def evil_answer() -> Answer:
    return Answer(
        question=EVIL,
        answer=f"Intro {EVIL} [1]\n\n- first {EVIL} [2]\n- second",
        language="es",
        route="rag",
        notices=[EVIL],
        citations=[
            Citation(
                n=1,
                doc_id="d1",
                title=f"Title {EVIL}",
                section=f"Sec {EVIL}",
                text=f"Quote {EVIL}",
                publisher=EVIL,
                year=2024,
            ),
            Citation(
                n=2, doc_id="d2", title="Plain title", section="", text="Plain quote", publisher="P"
            ),
        ],
    )


def test_esc_escapes_html_markdown_and_latex_and_round_trips():
    out = esc(EVIL + "\nnext line")
    assert "<script" not in out and "<img" not in out
    assert html.unescape(out.replace("<br>", "\n")) == EVIL + "\nnext line"
    assert_inert(out)


def test_a_question_is_shown_as_text_whatever_it_contains():
    c = assert_inert(question_html(EVIL))
    assert c.tags == ["div"]
    assert "".join(c.text) == EVIL


def test_answer_html_keeps_every_text_inert_and_shows_all_of_it():
    c = assert_inert(answer_html(evil_answer()))
    text = "".join(c.text)
    # body twice, the notice; citation [1]: title and section in its summary, title and
    # publisher under it, its section line and its quote
    assert text.count(EVIL) == 9
    assert "script" not in c.tags and "img" not in c.tags


def test_citations_open_to_the_quote_with_title_publisher_year_and_section():
    answer = evil_answer()
    fragment = answer_html(answer)
    c = parse(fragment)
    assert c.tags.count("details") == 2 and c.tags.count("blockquote") == 2
    text = "".join(c.text)
    assert "[1] Title " in text and "[2] Plain title" in text
    assert f"{EVIL}, 2024" in text  # publisher, year
    assert "Sección: Sec " in text
    assert "P, s. f." in text  # no year given
    assert t("sources", "es") in text


def test_body_paragraphs_lists_and_reference_markers():
    c = parse(body_html("Intro line\nsecond line [1]\n\nHeading:\n- one [2]\n- two\n\nEnd."))
    assert c.tags == ["p", "br", "sup", "p", "ul", "li", "sup", "li", "p"]
    assert "".join(c.text) == "Intro linesecond line [1]Heading:one [2]twoEnd."


def test_a_coverage_answer_is_marked_as_the_exact_check_with_its_verdict(matrix_assistant):
    answer = matrix_assistant.coverage_answer("Mexico", "United States", lang="en")
    fragment = answer_html(answer)
    assert 'data-route="coverage"' in fragment
    assert "ss-route-coverage" in fragment and "ss-v-not_covered" in fragment
    text = "".join(assert_inert(fragment).text)
    assert t("route_coverage", "en") in text and t("badge_no_agreement", "en") in text
    for cit in answer.citations:  # by the document's short title and the section's label
        assert f"[{cit.n}] {citation_title(cit, 'en')}, {section_label(cit.section, 'en')}" in text
        assert " ".join(cit.text.split()) in " ".join(text.split())


def test_rag_and_refusal_answers_have_their_own_markers():
    rag = evil_answer()
    refusal = rag.model_copy(update={"route": "refusal", "citations": []})
    assert "ss-route-rag" in answer_html(rag) and "ss-verdict" not in answer_html(rag)
    assert t("route_refusal", "es") in "".join(parse(answer_html(refusal)).text)


def test_coverage_table_lists_instruments_measures_and_notes_each_with_its_source(matrix_assistant):
    answer = matrix_assistant.coverage_answer("Perú", "Argentina", "old_age", lang="es")
    result = answer.coverage
    fragment = coverage_html(answer, matrix_assistant.documents, "es")
    c = assert_inert(fragment)
    text = " ".join("".join(c.text).split())
    assert "data-verdict='covered'" in fragment
    assert f"{t('verdict', 'es')}:" in text and t("verdict_covered", "es") in text
    rows = fragment.count("<tr class='ss-row'>")
    notes = [n for n in result.note_details if n.kind != "absence"]
    assert rows == len(result.instruments) + len(result.unilateral) + len(result.absences) + len(
        notes
    )
    for inst in result.instruments:
        assert inst.display_name("es") in text
        assert " ".join(inst.source.quote.split()) in text
        assert section_label(inst.source.locator, "es") in text
    for u in result.unilateral:
        assert u.display_name("es") in text
    for n in notes:
        assert " ".join(n.text_es.split()) in text
    meta = matrix_assistant.documents[result.instruments[0].source.doc_id]
    assert display_title(meta.short("es")) == "Nota técnica de la CISS (2024)" and (
        "Nota técnica de la CISS (2024)" in text
    )


def test_benefits_table_has_a_row_per_benefit_with_its_verdict(matrix_assistant):
    rows = pair_benefits(matrix_assistant, "Perú", "Argentina")
    names = {i.id: i.display_name("en") for i in matrix_assistant.matrix.instruments}
    fragment = benefits_html(rows, names, "en")
    c = assert_inert(fragment)
    assert c.tags.count("tr") == len(rows) + 1
    assert "Ibero-American Multilateral Agreement on Social Security (CMISS)" in "".join(c.text)


def test_details_show_route_scores_and_time_per_stage():
    answer = evil_answer().model_copy(
        update={
            "support": 0.6123,
            "timings": {"analyze": 0.0123, "retrieve": 0.5, "answer": 0.25, "total": 0.7623},
            "retrieved": [
                RetrievedPassage(
                    chunk_id="d1:3",
                    doc_id="d1",
                    section=f"S {EVIL}",
                    score=0.03125,
                    dense=0.8123,
                    bm25=7.5,
                    text=f"Passage {EVIL}",
                ),
            ],
        }
    )
    fragment = details_html(answer, "en")
    c = assert_inert(fragment)
    text = "".join(c.text)
    for stage, seconds in answer.timings.items():
        assert stage in text and f"{seconds:.3f}" in text
    assert "0.0312" in text and "0.8123" in text and "7.5000" in text and "0.612" in text
    assert f"Passage {EVIL}" in text and "d1:3" in text
    assert t("no_answer", "en") in details_html(None, "en")
    assert t("no_retrieved", "es") in details_html(
        answer.model_copy(update={"retrieved": []}), "es"
    )


def test_banner_names_the_command_as_code():
    fragment = banner_html(t("index_missing", "en", location="/x/<b>"))
    c = parse(fragment)
    assert "code" in c.tags
    assert "ssassist ingest" in "".join(c.text) and "/x/<b>" in "".join(c.text)
