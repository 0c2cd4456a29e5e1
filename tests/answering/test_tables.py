"""Table and list questions answered exactly from the matrix (issue 14): superlatives, counts,
thresholds and "which countries / which benefits" over Tables 2-6 of the CISS technical note,
in both languages; and the questions that must be left to retrieval."""

from __future__ import annotations

import re

import pytest

from ssassist.answering.table_read import compile_cues, read_table_question
from ssassist.answering.tables import table_answer
from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.evaluation.gold import contains_passage
from ssassist.matrix.tables import branch_count, conflicts_on, row_of, table_rows
from ssassist.models import Answer
from ssassist.text.normalize import fold
from tests.paths import ROOT


@pytest.fixture(scope="module")
def asst() -> Assistant:
    return Assistant(Settings(project_dir=ROOT), translator=None)


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    docs = ROOT / "corpus" / "docs"
    return {p.stem: p.read_text("utf-8") for p in docs.glob("*.md")}


US_AMERICAS = (
    "Guatemalan in LA. how many social security treaties does the US have with other countries "
    "in the Americas?"
)


def ask(asst: Assistant, question: str) -> Answer | None:
    analysis = asst.query_analysis(question, translate=False)
    return table_answer(question, analysis, asst.matrix, asst.documents)


def answered(asst: Assistant, question: str, lang: str) -> Answer:
    a = ask(asst, question)
    assert a is not None, question
    assert a.route == "rag" and a.language == lang and a.support == 1.0
    first = a.answer.splitlines()[0]
    assert re.search(r"\[\d+\]", first), "the first line carries its source"
    assert "|" not in a.answer, "no raw pipe-table rows"
    for word in ("corpus", "matrix", "matriz", "000_", "001_"):
        assert word not in a.answer
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", a.answer)}
    assert numbers == {c.n for c in a.citations}, "every [n] has its citation and back"
    return a


def first_line(a: Answer) -> str:
    return a.answer.splitlines()[0]


def section(a: Answer, locator: str):
    return next(c for c in a.citations if c.section == locator)


# -- Table 2: voluntary insurance ---------------------------------------------------------


def test_which_countries_offer_voluntary_insurance_lists_table_2(asst):
    a = answered(asst, "¿Qué países ofrecen seguro voluntario a sus emigrantes?", "es")
    lead = first_line(a)
    assert "cuadro 2" in lead and "8 países" in lead and "9 regímenes" in lead
    for name in ("Brasil", "Colombia", "Ecuador", "México", "Jamaica", "San Vicente", "Haití"):
        assert f"- {name}" in a.answer
    table = section(a, "Table 2")
    assert "Brazil X X X X X X" in table.text.splitlines()
    assert len(table.text.splitlines()) == 9  # the nine rows, Mexico twice
    # Saint Vincent and the Grenadines: one mark in the table, three in the text, both said
    assert "tres" in a.answer and "vejez (una prestación)" in a.answer


def test_voluntary_insurance_with_the_most_benefits_is_brazils_six(asst):
    a = answered(asst, "Which country's voluntary insurance covers the most benefits?", "en")
    lead = first_line(a)
    assert lead.startswith("Brazil's voluntary insurance covers the most benefits: six")
    assert "Table 2" in {c.section for c in a.citations}
    assert any("Brazil stands out" in c.text for c in a.citations)
    assert "- five: Colombia, Ecuador and Mexico" in a.answer


def test_superlative_in_spanish(asst):
    a = answered(asst, "¿Qué país ofrece el seguro voluntario más completo a sus emigrantes?", "es")
    assert first_line(a).startswith("El seguro voluntario de Brasil es el que cubre más")
    assert "seis" in first_line(a)


def test_how_many_countries_offer_voluntary_insurance(asst):
    a = answered(asst, "How many countries offer voluntary insurance to their emigrants?", "en")
    assert "8 countries" in first_line(a) and "9 schemes" in first_line(a)
    # the text's count of nine cases agrees with the nine rows: cited on the same line
    assert any("(9 cases)" in c.text for c in a.citations)


def test_benefits_ticked_for_one_country(asst):
    q = (
        "Helpdesk: in the CISS table of voluntary insurance for emigrants, which benefits are "
        "ticked for Jamaica?"
    )
    a = answered(asst, q, "en")
    assert "four benefits" in first_line(a)
    assert "invalidity, old-age, survivors and family" in first_line(a)
    assert section(a, "Table 2").text == "Jamaica X X X X"


def test_a_count_the_text_and_the_table_disagree_on_is_said_both_ways(asst):
    q = "Soy de San Vicente y las Granadinas, ¿cuántas prestaciones cubre el seguro voluntario?"
    a = answered(asst, q, "es")
    assert "una prestación" in first_line(a) and "vejez" in first_line(a)
    assert "tres" in a.answer  # the text's three
    assert {c.section for c in a.citations} >= {"Table 2", "§3.1, paragraph before Table 2"}


def test_a_country_with_two_schemes_lists_both(asst):
    a = answered(asst, "¿Qué cubre el seguro voluntario de México?", "es")
    assert "dos seguros voluntarios" in first_line(a)
    assert "Seguro de Salud para la Familia" in a.answer and "cinco prestaciones" in a.answer


def test_a_row_that_does_not_itemise_is_unknown_not_no(asst):
    a = answered(asst, "¿Qué países tienen seguro voluntario con atención médica?", "es")
    assert "4 países" in first_line(a) and "5 regímenes" in first_line(a)
    assert "San Vicente y las Granadinas, la nota no dice si" in a.answer
    # nothing marked, one row open: not "none covers it", left to retrieval
    assert (
        ask(asst, "Which countries offer voluntary insurance with unemployment benefits?") is None
    )


def test_filtered_by_benefit(asst):
    a = answered(asst, "Which countries offer voluntary insurance covering old-age pensions?", "en")
    assert "7 countries" in first_line(a) and "old-age" in first_line(a)
    assert "El Salvador" not in a.answer.split("Note:")[0]


# -- named agreements and Table 6 ---------------------------------------------------------


def test_what_the_ibero_american_agreement_covers(asst):
    a = answered(asst, "What does the Ibero-American multilateral agreement cover?", "en")
    lead = first_line(a)
    assert "CMISS" in lead and "invalidity, old-age, survivors, and employment injuries" in lead
    assert "12 States Parties" in a.answer
    assert section(a, "Table 6").text.startswith("Ibero-American Multilateral Agreement")


def test_members_of_an_agreement_in_migrants_words(asst):
    q = (
        "q paises estan en el convenio de seguridad social del mercosur? soy paraguayo y trabaje "
        "en brasil"
    )
    a = answered(asst, q, "es")
    assert "4 países" in first_line(a)
    assert "Argentina, Brasil, Paraguay y Uruguay" in first_line(a)
    assert "Paraguay y Brasil están entre ellos." in a.answer


def test_how_many_signed_the_framework_agreement(asst):
    a = answered(asst, "cuantos paises firmaron el COISS? nicaragua tb esta?", "es")
    assert "16 países" in first_line(a) and "Nicaragua" in first_line(a)
    assert "Nicaragua está entre ellos." in a.answer
    assert "convenio marco" in a.answer  # it opens nothing by itself


def test_parties_conflict_between_documents_is_said(asst):
    a = answered(asst, "Which countries have joined the CMISS?", "en")
    assert "12 countries" in first_line(a)
    assert "(14)" in a.answer and {"footnote 10", "párrafo 9"} <= {c.section for c in a.citations}


def test_caricom_scope_says_both_sides_of_employment_injury(asst):
    a = answered(asst, "¿Qué cubre el acuerdo de la CARICOM?", "es")
    assert "invalidez, vejez y sobrevivientes" in first_line(a)
    assert "accidentes de trabajo" in a.answer.split("Tenga en cuenta:")[1]


def test_multilateral_with_the_most_members(asst):
    a = answered(asst, "Which multilateral agreement has the most members?", "en")
    assert "CARICOM" in first_line(a) and "13" in first_line(a)
    assert "12 States Parties" in a.answer  # the CMISS next


def test_broadest_multilateral_scope(asst):
    a = answered(asst, "¿Qué acuerdo multilateral tiene el ámbito más amplio?", "es")
    lead = first_line(a)
    assert "Mercosur" in lead and "Instrumento Andino" in lead and "nueve" in lead


def test_multilateral_agreements_in_force(asst):
    a = answered(asst, "Which multilateral agreements are in force in the Americas?", "en")
    assert "4 multilateral social security agreements" in first_line(a)
    rows = section(a, "Table 6").text
    for name in ("(CMISS)", "(Mercosur)", "Andean Social Security Instrument", "(CARICOM)"):
        assert name in rows


def test_multilateral_agreements_of_a_country(asst):
    a = answered(asst, "¿De qué convenios multilaterales forma parte Perú?", "es")
    assert "2 de los 4" in first_line(a)
    assert "Instrumento Andino" in a.answer and "marco" in a.answer  # and the COISS


# -- Table 5 and the treaty lists ---------------------------------------------------------


def test_treaties_of_one_country(asst):
    a = answered(asst, "How many social security treaties does Canada have in total?", "en")
    assert "Canada has 49 bilateral social security treaties" in first_line(a)
    assert section(a, "Table 5").text == "Canada 49 14 35"


def test_treaties_with_american_countries_read_the_right_column(asst):
    a = answered(asst, US_AMERICAS, "en")
    assert "the United States has 4 bilateral social security treaties with other American" in (
        first_line(a)
    )


def test_ecuador_treaties_table_and_text_disagree(asst):
    a = answered(asst, "¿Cuántos tratados tiene Ecuador?", "es")
    assert "Ecuador tiene 9 tratados" in first_line(a)
    assert "ocho" in a.answer and "§3.2, paragraph after Table 5" in {
        c.section for c in a.citations
    }


def test_treaty_threshold(asst):
    q = "¿Qué países de América tienen más de 20 tratados de seguridad social firmados?"
    a = answered(asst, q, "es")
    assert "4 países tienen más de 20" in first_line(a)
    assert "Canadá (49), Estados Unidos (30), Chile (27) y Uruguay (23)" in first_line(a)


def test_most_treaties(asst):
    a = answered(asst, "¿Qué país tiene más tratados bilaterales de seguridad social?", "es")
    assert first_line(a).startswith("Canadá es el país con más tratados")
    assert len(section(a, "Table 5").text.splitlines()) == 9


def test_most_comprehensive_bilateral_treaty(asst):
    q = "Which bilateral social security agreement covers the most benefits according to CISS?"
    a = answered(asst, q, "en")
    assert "Chile and Spain" in first_line(a) and "nine" in first_line(a)
    assert "Argentina–Peru and Brazil–Chile, with eight" in a.answer


def test_most_comprehensive_between_american_countries(asst):
    q = (
        "Leaving aside deals with Spain or other European partners, which social security "
        "agreements between two countries of the Americas are the most complete?"
    )
    a = answered(asst, q, "en")
    assert "Argentina–Peru and Brazil–Chile, with eight benefits each" in first_line(a)
    assert "Spain" not in first_line(a)


def test_benefit_count_of_one_treaty(asst):
    q = "does the ecuador peru social security treaty cover alot of benefits? how many"
    a = answered(asst, q, "en")
    assert "seven benefits" in first_line(a) and "does not say which" in first_line(a)


# -- unilateral measures of §3.1 and Tables 3-4 -------------------------------------------


def test_exportability_lists_four_countries_and_the_count_of_six(asst):
    a = answered(asst, "¿Qué países pagan pensiones en el exterior?", "es")
    assert "4 países" in first_line(a)
    assert "Estados Unidos, Brasil, Venezuela y Haití" in first_line(a)
    assert "6 casos" in a.answer and "salvo para nacionales de Paraguay y Surinam" in a.answer


def test_irregular_migrants(asst):
    a = answered(
        asst, "which countries give undocumented migrants access to social security?", "en"
    )
    assert "Panama, Mexico, Uruguay and Chile" in first_line(a)
    assert "14 agreements between social security institutions (Table 4)" in a.answer
    assert "emergency medical assistance" in a.answer.split("Note:")[1]  # Uruguay: both sides


def test_equal_treatment_count(asst):
    a = answered(asst, "¿Cuántos países aplican la igualdad de trato?", "es")
    assert "35 Estados soberanos" in first_line(a) and "38 casos" in first_line(a)
    assert "permiso de trabajo" in a.answer  # what equal treatment does not remove


def test_inter_institutional_list_and_filters(asst):
    a = answered(
        asst, "Which inter-institutional agreements are there for irregular migrants?", "en"
    )
    assert "14 agreements" in first_line(a) and "(repeats row 8)" in a.answer
    assert "15" in a.answer.split("Note:")[1]  # §3.2 counts 15
    a = answered(asst, "¿Qué acuerdos interinstitucionales incluyen a Panamá?", "es")
    assert "6 de los 14" in first_line(a)
    a = answered(asst, "which inter-institutional agreements cover emergency medical care?", "en")
    assert "5 of the 14" in first_line(a)


def test_extensions(asst):
    a = answered(asst, "¿Cuántos convenios amplían el ámbito del COISS o del CMISS?", "es")
    assert "6 convenios bilaterales" in first_line(a)
    assert "- Panamá–España (amplía el COISS): agrega atención médica, maternidad" in a.answer
    a = answered(asst, "Which bilateral agreements extend the COISS with maternity?", "en")
    assert "2 bilateral agreements" in first_line(a)


def test_citations_quote_the_document_verbatim(asst, corpus):
    for q in (
        "¿Qué países ofrecen seguro voluntario a sus emigrantes?",
        "Which inter-institutional agreements are there for irregular migrants?",
        "¿Qué acuerdos multilaterales de seguridad social hay en América?",
        "¿Qué país tiene más tratados bilaterales de seguridad social?",
        "Which countries pay pensions abroad?",
    ):
        a = ask(asst, q)
        assert a is not None
        for c in a.citations:
            assert c.title and c.short_title
            for line in c.text.splitlines():
                assert contains_passage(corpus[c.doc_id], line), (q, c.section, line)


# -- what is left to retrieval ------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        # coverage pairs and membership yes/no questions
        "¿Hay convenio entre México y Estados Unidos?",
        "Is there a social security agreement between Chile and Peru covering old-age pensions?",
        "soy peruano y trabajé en Chile, ¿me sirven esos años para la pensión?",
        "Is Colombia in the CMISS?",
        "¿Colombia está en el Convenio Multilateral Iberoamericano?",
        "Does the US pay pensions abroad to Paraguayans?",
        # general questions, definitions
        "¿Qué es el Salvadoreño Seguro y quién puede afiliarse?",
        "What benefits does Salvadoreño Seguro cover?",
        "What is voluntary insurance?",
        "¿Qué es la igualdad de trato?",
        "Which countries form the Northern Triangle?",
        "Which country's system protects me when I work abroad: my home country or the host one?",
        "¿Qué país recibe más migrantes venezolanos?",
        "¿Cuál es la medida unilateral más común?",
        "Which country has the most complete social security system?",
        # a cost, a procedure, people counted: not a table
        "How much does Mexico's voluntary insurance cost?",
        "¿Cómo me afilio al seguro voluntario de Colombia?",
        "¿Cuántas personas tienen seguro voluntario en México?",
        "How many Salvadorans abroad have joined the voluntary insurance?",
        # another document named, or several tables at once
        "¿Cuántos países firmaron el Convenio Multilateral Iberoamericano según la OIM?",
        "¿Qué protege el convenio multilateral iberoamericano, según la revisión regional?",
        "¿Qué convenios multilaterales van a difundir juntas la OIM y la OISS?",
        "¿Cuántos convenios bilaterales hay en América y cuántos acuerdos entre instituciones?",
        "¿Qué países del CMISS tienen seguro voluntario?",
        # outside what the tables list
        "¿Cuántos convenios tiene Uruguay con España?",
        "How many treaties does Mexico have?",
        "Which countries have at least 3 social security treaties?",
        "¿Cuántos acuerdos interinstitucionales hay?",
        "How many benefits does ILO Convention 118 cover?",
    ],
)
def test_not_a_table_question(asst, question):
    assert ask(asst, question) is None


# -- the pieces ---------------------------------------------------------------------------


def test_cue_gaps_allow_a_few_words():
    pattern = compile_cues(["how many … countries", "qué países"])
    assert pattern.search(fold("How many Latin American countries"))
    assert pattern.search(fold("¿Qué países ofrecen…?"))
    assert not pattern.search(fold("how many people who live and work in all these countries"))
    assert not pattern.search(fold("how many? countries"))  # not across a question mark


def test_reader_reads_form_target_and_scope(asst):
    def read(q: str):
        return read_table_question(q, asst.query_analysis(q, translate=False), asst.matrix)

    q = read("Which countries have at least 12 social security treaties?")
    assert (q.form, q.target, q.threshold, q.inclusive) == ("threshold", "treaties", 12, True)
    q = read(US_AMERICAS)
    assert q.form == "count" and q.named == ("US",) and "american" in q.scopes
    assert set(q.countries) == {"GT", "US"}  # "Guatemalan" is a demonym, not a subject
    assert read("What is voluntary insurance?") is None


def test_table_views(asst):
    m = asst.matrix
    assert [row_of(i.source) for i in table_rows(m, 2)] == [(2, n) for n in range(1, 10)]
    assert len(table_rows(m, 4)) == 14 and len(table_rows(m, 6)) == 4
    assert branch_count(m.get("vi-t2-r1-br")) == 6 and branch_count(m.get("bt-ec-pe")) == 7
    ids = {c.id for c in conflicts_on(m, [], table=5, countries=["EC"])}
    assert ids == {"ecuador-treaty-count"}
    assert not conflicts_on(m, [], table=5, countries=["CA"])
