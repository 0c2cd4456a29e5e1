"""Issue 13: `ssassist check --from/--lives-in`, the badge and the coverage tab's role pickers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssassist.answering.pair_roles import RoleNotInPairError, role_in_pair
from ssassist.assistant import Assistant
from ssassist.cli import main
from ssassist.config import Settings
from ssassist.ui.coverage_tab import role_choices
from ssassist.ui.labels import t
from ssassist.ui.render import answer_html, coverage_badge, coverage_html

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def asst(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    index = tmp_path_factory.mktemp("no-index")
    return Assistant(Settings(project_dir=ROOT, index={"path": index}))


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, asst: Assistant) -> Assistant:
    monkeypatch.setattr("ssassist.cli._assistant", lambda: asst)
    return asst


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_check_prints_the_same_framing_as_the_chat(cli, capsys) -> None:
    code, out, _ = run(capsys, "check", "Venezuela", "Colombia", "--benefit", "salud",
                       "--from", "Venezuela", "--lives-in", "Colombia", "--lang", "es")  # fmt: skip
    assert code == 0
    worded = cli.coverage_answer("VE", "CO", "medical_care", "es", nationality="VE", residence="CO")
    assert out.startswith(worded.answer.split("\n", 1)[0])
    assert "igualdad de trato" in out.split("\n", 1)[0] and "Fuentes:" in out


def test_cli_check_roles_change_the_answer(cli, capsys) -> None:
    _, paraguayan, _ = run(capsys, "check", "US", "PY", "--benefit", "old_age", "--from", "PY")
    _, american, _ = run(capsys, "check", "US", "PY", "--benefit", "old_age", "--from", "US")
    assert paraguayan.startswith("The United States does not pay its pensions abroad")
    assert american.startswith("You can receive a pension from the United States in Paraguay")


def test_cli_check_json_has_the_result_and_the_access(cli, capsys) -> None:
    code, out, _ = run(capsys, "check", "US", "GT", "--benefit", "old_age", "--from", "GT",
                       "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["country_a"]["code"] == "US" and data["covered"] is None  # the result, as before
    assert data["access"]["nationality"] == "GT" and data["access"]["symmetric"] is False
    entry = data["access"]["benefits"][0]
    assert entry["kind"] == "unilateral"
    assert any(m["measure_id"] == "exp-us" and m["status"] == "gives_access"
               for m in entry["measures"])  # fmt: skip


def test_cli_check_refuses_a_role_outside_the_pair(cli, capsys) -> None:
    code, _, err = run(capsys, "check", "US", "GT", "--lives-in", "Peru")
    assert code == 2 and "--lives-in" in err and "not one of the two countries" in err


def test_role_in_pair() -> None:
    assert role_in_pair("from", "Venezuela", "VE", "Colombia") == "VE"
    assert (
        role_in_pair("from", "", "VE", "CO") is None and role_in_pair("x", None, "VE", "CO") is None
    )
    with pytest.raises(RoleNotInPairError):
        role_in_pair("from", "Peru", "VE", "CO")


def test_role_pickers_offer_only_the_two_countries() -> None:
    assert role_choices(None, None, "en") == [(t("role_either", "en"), "")]
    assert role_choices("VE", "CO", "es") == [
        (t("role_either", "es"), ""),
        ("Venezuela", "VE"),
        ("Colombia", "CO"),
    ]


def test_the_badge_shows_the_agreement_and_the_access(asst: Assistant) -> None:
    answer = asst.coverage_answer("VE", "CO", "medical_care", "en", residence="CO")
    badge = coverage_badge(answer, "en")
    assert "No agreement · access by equal treatment" in badge and "ss-v-access" in badge
    es = asst.coverage_answer("VE", "CO", "medical_care", "es", residence="CO")
    assert "Sin convenio · acceso por igualdad de trato" in answer_html(es)
    assert "Sin convenio · acceso por igualdad de trato" in coverage_html(es, asst.documents, "es")


def test_the_badge_of_a_pension_paid_abroad_and_of_an_agreement(asst: Assistant) -> None:
    paid = asst.coverage_answer("US", "GT", "old_age", "en", nationality="GT")
    assert "No known agreement · pension paid abroad" in coverage_badge(paid, "en")
    agreed = asst.coverage_answer("AR", "PE", "old_age", "es")
    badge = coverage_badge(agreed, "es")
    assert "Cubierto por un convenio" in badge and "ss-v-access" not in badge
    none = asst.coverage_answer("US", "PY", "old_age", "en", nationality="PY")
    assert "ss-v-access" not in coverage_badge(none, "en")
