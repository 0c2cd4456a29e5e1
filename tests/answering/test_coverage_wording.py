"""Issue 13: coverage answers framed by rights, in plain language (no embedding model)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ssassist.answering.coverage import expand_acronyms
from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.llm.validate import contradicts
from ssassist.templates import ACRONYMS

ROOT = Path(__file__).resolve().parents[2]

# twenty real pairs: agreements, unilateral access, explicit absences, unknown, framework
# only, count-only treaties, payments abroad; each with and without a benefit
PAIRS = [
    ("AR", "PE", "old_age"),
    ("CL", "PE", "old_age"),
    ("AR", "CL", None),
    ("VE", "CO", "medical_care"),
    ("MX", "US", None),
    ("MX", "US", "medical_care"),
    ("US", "GT", "old_age"),
    ("US", "PY", "invalidity"),
    ("SV", "US", "medical_care"),
    ("GT", "HN", "old_age"),
    ("GT", "CA", None),
    ("GT", "CA", "medical_care"),
    ("BB", "BO", None),
    ("UY", "VE", "sickness"),
    ("CR", "NI", "medical_care"),
    ("BR", "CL", "family"),
    ("HT", "DO", "old_age"),
    ("JM", "CA", "old_age"),
    ("EC", "ES", "maternity"),
    ("BO", "AR", "employment_injury"),
]
JARGON = re.compile(
    r"\bcorpus\b|\bmatri[xz]\b|\bdocumento? 0\d\d|\bdocument 0\d\d|\b00[0-4]_[0-9a-f]{6}"
    r"|\bTable 5\b|\bcuadro 5\b|\bUnknown\.|\bbt-|\bii-r|\bvi-t2|\bexp-us|\beq-treatment",
    re.I,
)


@pytest.fixture(scope="module")
def asst(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    index = tmp_path_factory.mktemp("no-index")
    return Assistant(Settings(project_dir=ROOT, index={"path": index}))


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def test_a_coverage_answer_does_not_load_the_embedding_model(asst: Assistant) -> None:
    asst.coverage_answer("VE", "CO", "medical_care", "es", residence="CO")
    assert not asst.parts.loaded("embed_model") and not asst.parts.loaded("retriever")


def test_venezuelan_in_colombia_asking_for_health_care(asst: Assistant) -> None:
    answer = asst.coverage_answer(
        "VE", "CO", "medical_care", "es", nationality="VE", residence="CO"
    )
    head = first_line(answer.answer)
    assert answer.coverage.covered is False  # the check is unchanged: no agreement
    assert not head.startswith("No") or head.startswith("No existe")
    assert not re.match(r"^No[.:,]", head)
    assert "igualdad de trato" in head and "atención médica" in head and "[" in head
    assert "Colombia aplica" in head
    en = first_line(asst.coverage_answer("VE", "CO", "medical_care", "en", residence="CO").answer)
    assert "Colombia applies equal treatment" in en and not en.startswith(("No.", "No:"))


def test_us_pension_received_in_guatemala(asst: Assistant) -> None:
    answer = asst.coverage_answer("US", "GT", "old_age", "en", nationality="GT")
    head = first_line(answer.answer)
    assert head.startswith("You can receive a pension from the United States in Guatemala")
    assert "except Paraguay and Suriname" in head and "[1]" in head
    assert "no social security agreement" in head  # and the agreements' side, after it
    assert answer.coverage.covered is None and not head.startswith(("Yes", "Unknown"))
    es = first_line(asst.coverage_answer("US", "GT", "old_age", "es", nationality="GT").answer)
    assert es.startswith("Puede cobrar en Guatemala una pensión de Estados Unidos")


def test_a_paraguayan_is_told_the_exception(asst: Assistant) -> None:
    answer = asst.coverage_answer("US", "PY", "old_age", "en", nationality="PY")
    head = first_line(answer.answer)
    assert head.startswith("The United States does not pay its pensions abroad to nationals of")
    assert "Paraguay" in head.split(":")[0]
    assert "You can receive" not in answer.answer
    es = first_line(asst.coverage_answer("US", "PY", "old_age", "es", nationality="PY").answer)
    assert es.startswith("Estados Unidos no paga sus pensiones en el exterior a los nacionales de")


def test_without_the_nationality_the_exception_is_a_condition(asst: Assistant) -> None:
    """Unclear roles: a US citizen in Paraguay is paid; the headline says who is."""
    head = first_line(asst.coverage_answer("US", "PY", "old_age", "en").answer)
    assert head.startswith("If you are a citizen of the United States")


def test_mexico_united_states_no_agreement_with_the_measures(asst: Assistant) -> None:
    answer = asst.coverage_answer("MX", "US", None, "en")
    text = answer.answer
    head = first_line(text)
    assert head.startswith("There is no international social security treaty between Mexico")
    assert answer.coverage.covered is False
    assert "equal treatment" in text and "pays invalidity, old-age and survivors' pensions" in text
    assert "For nationals of Mexico living abroad" in text
    assert "Mexican Social Security Institute (IMSS)" in text


def test_an_undirected_pair_is_worded_symmetrically(asst: Assistant) -> None:
    for a, b, benefit in (("MX", "US", None), ("GT", "CA", "medical_care"), ("AR", "PE", None)):
        for lang in ("en", "es"):
            ab = asst.coverage_answer(a, b, benefit, lang).answer
            ba = asst.coverage_answer(b, a, benefit, lang).answer
            # the countries are named in the order asked; everything else is the same
            name = {c: asst.check(c, b if c == a else a).country_a.name(lang) for c in (a, b)}
            for x, y in ((a, b), (b, a)):
                for joined in (" and ", " y ", " and the ", " y "):
                    ba = ba.replace(name[x] + joined + name[y], "{pair}")
                    ab = ab.replace(name[x] + joined + name[y], "{pair}")
            lines_ab = sorted(ab.split("\n")[1:])
            lines_ba = sorted(ba.split("\n")[1:])
            assert lines_ab == lines_ba, (a, b, lang)


def test_an_agreement_answers_yes_with_the_agreement_named(asst: Assistant) -> None:
    en = first_line(asst.coverage_answer("AR", "PE", "old_age", "en").answer)
    assert en == (
        "Yes: the Ibero-American Multilateral Agreement on Social Security (CMISS), which binds "
        "Argentina and Peru, covers old-age pensions [1]."
    )
    es = first_line(asst.coverage_answer("AR", "PE", "old_age", "es").answer)
    assert es.startswith("Sí: el Convenio Multilateral Iberoamericano de Seguridad Social (CMISS)")


def test_a_count_only_treaty_does_not_read_as_a_contradiction(asst: Assistant) -> None:
    text = asst.coverage_answer("CL", "PE", "old_age", "es").answer
    assert text.startswith("Sí")
    assert "No se sabe" not in text
    assert "pero el Convenio Multilateral Iberoamericano de Seguridad Social (CMISS) ya cubre" in (
        text
    )


def test_unknown_is_said_as_what_the_documents_do_not_say(asst: Assistant) -> None:
    head = first_line(asst.coverage_answer("US", "PY", "invalidity", "en").answer)
    assert "Unknown" not in head
    head = first_line(asst.coverage_answer("UY", "VE", "sickness", "en").answer)
    assert head.startswith("The documents do not say"), head


@pytest.mark.parametrize("lang", ["en", "es"])
def test_twenty_real_pairs_read_plainly(asst: Assistant, lang: str) -> None:
    for a, b, benefit in PAIRS:
        answer = asst.coverage_answer(a, b, benefit, lang)
        text = answer.answer
        where = (a, b, benefit, lang, text)
        assert not JARGON.search(text), (JARGON.search(text), *where)
        lines = [x for x in text.split("\n") if x.strip()]
        assert not [x for x, n in Counter(lines).items() if n > 1], where
        if answer.citations:
            assert re.search(r"\[\d+\]", lines[0]), where
        for acr, full in ACRONYMS[lang].items():
            outside = re.sub(r"“[^”]*”", "", text)
            m = re.search(rf"(?<!\w){acr}(?!\w)", outside)
            if m:
                assert f"{full} ({acr})" in outside[: m.end() + 1] or (
                    outside[: m.start()].endswith("(")
                ), (acr, *where)
        # the answer never contradicts the check
        assert not contradicts(text, answer.coverage.covered, lang), where
        assert answer.coverage.covered is True or not text.startswith(("Yes", "Sí")), where


def test_acronyms_are_expanded_once_and_quotes_are_left_alone() -> None:
    text = "The COISS binds them. The COISS again. “COISS in a quote” and (CMISS)."
    out = expand_acronyms(text, "en")
    assert out.count("Ibero-American Agreement on Social Security (COISS)") == 1
    assert "“COISS in a quote”" in out and "(CMISS)" in out
    assert "Multilateral" not in out  # "(CMISS)" already stood for its name
