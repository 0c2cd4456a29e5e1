"""Who is who in a message: nationality, residence and places worked, read only where said."""

from __future__ import annotations

import pytest

from ssassist.errors import DataFileError
from ssassist.matrix import load_countries
from ssassist.routing.roles import load_role_cues, read_role_cues, read_roles

# (message, nationality, residence, worked)
CASES = [
    # -- Spanish, with and without accents, informal --------------------------------------
    ("hola, soy venezolano en colombia, tengo derecho a salud?", "VE", "CO", []),
    ("una venezolana en Colombia puede afiliarse a la EPS?", "VE", "CO", []),
    ("trabajé 15 años en Argentina y ahora vivo en Chile", None, "CL", ["AR"]),
    ("trabaje 15 anos en argentina y ahora vivo en chile", None, "CL", ["AR"]),
    ("quiero volver a mi pais Peru con mi pension", "PE", None, []),
    ("de nacionalidad peruana, resido en Chile", "PE", "CL", []),
    ("soy peruana, vivo en chile hace 5 años, puedo cobrar mi pension en peru?", "PE", "CL", []),
    ("Soy Salvadoreño viviendo en EEUU", "SV", "US", []),
    ("estoy en mexico pero soy guatemalteco", "GT", "MX", []),
    ("aporté en Perú, ahora resido en Argentina, soy peruano", "PE", "AR", ["PE"]),
    ("coticé en Chile 10 años, ahora estoy en España", None, "ES", ["CL"]),
    ("Vengo de Haití y estoy en República Dominicana", "HT", "DO", []),
    ("naci en Nicaragua, trabajo en Costa Rica", "NI", "CR", []),
    ("trabaje en Argentina, Chile y Peru", None, None, ["AR", "CL", "PE"]),
    ("soy español y trabajé en México", "ES", None, ["MX"]),
    ("somos venezolanos y estamos en Peru", "VE", "PE", []),
    ("mi esposo trabajó en Estados Unidos y ahora vivimos en El Salvador", None, "SV", ["US"]),
    ("soy venezolana y vivo en Houston", "VE", None, []),
    # -- English ----------------------------------------------------------------------------
    ("Can I get my US social security pension if I move back to Guatemala?", "GT", None, []),
    ("I worked in the US for 20 years and now live in Mexico", None, "MX", ["US"]),
    ("I live in Spain and I'm Colombian", "CO", "ES", []),
    ("Im from Honduras, living in the US", "HN", "US", []),
    ("i'm a peruvian citizen living in spain", "PE", "ES", []),
    ("I'm in Canada, can I keep my Mexican pension?", None, "CA", []),
    (
        "a Bolivian woman in Argentina asking which public health insurance she can join",
        "BO",
        "AR",
        [],
    ),
    ("Guatemalan citizen here, worked in Mexico", "GT", None, ["MX"]),
    ("I'm American, living in Costa Rica", "US", "CR", []),
    ("I live in Houston and I'm Mexican", "MX", None, []),
    # -- negative: countries named without role words ---------------------------------------
    ("¿Hay convenio entre Perú y Chile?", None, None, []),
    ("¿Puedo cobrar en Guatemala mi pensión de EE.UU.?", None, None, []),
    ("Cuantos peruanos viven en Argentina?", None, None, []),
    ("El seguro peruano cubre en Chile?", None, None, []),
    ("colombianos en España tienen derecho a salud?", None, None, []),
    ("no vivo en Chile, nunca trabajé en Perú", None, None, []),
    ("Does the US pay pensions to Paraguayans?", None, None, []),
    (
        "the phone number of the Peruvian social security office for Peruvians in Argentina",
        None,
        None,
        [],
    ),
    (
        "What share of Haitian migrants in the Dominican Republic contribute to social security?",
        None,
        None,
        [],
    ),
    ("What share of migrants living in Chile contribute?", None, None, []),
    ("Peruvian pension in Chile", None, None, []),
    ("Latin American in Mexico, any agreement with the US?", None, None, []),
]


@pytest.mark.parametrize(("text", "nationality", "residence", "worked"), CASES)
def test_read_roles(text, nationality, residence, worked):
    roles = read_roles(text)
    assert (roles.nationality, roles.residence, roles.worked) == (nationality, residence, worked)


def test_at_least_half_the_cases_are_spanish():
    english = {"the", "i", "im", "what", "does", "can", "a", "guatemalan", "latin", "peruvian"}
    spanish = [t for t, *_ in CASES if t.lower().lstrip("¿i'").split()[0] not in english]
    assert len(CASES) >= 25 and len(spanish) * 2 >= len(CASES)


def test_a_city_is_not_a_country():
    assert read_roles("vivo en Houston").residence is None


def test_a_relatives_origin_is_the_origin_and_says_so():
    roles = read_roles("My father is Peruvian, can he get his pension in Chile?")
    assert roles.nationality == "PE" and roles.nationality_from_family
    assert roles.residence is None
    roles = read_roles("mi mamá es de Bolivia y yo soy argentina")
    assert roles.nationality == "AR" and not roles.nationality_from_family


def test_two_nationalities_are_unclear():
    roles = read_roles("soy peruano y colombiano")
    assert roles.nationality is None and not roles.directed


def test_cues_say_why_with_the_span():
    text = "soy venezolano en colombia"
    roles = read_roles(text)
    assert roles.directed
    by_role = {c.role: c for c in roles.cues}
    assert by_role["nationality"].cue == "soy"
    start, end = by_role["residence"].span
    assert text[start:end] == "colombia"


def test_no_text_no_roles():
    roles = read_roles("")
    assert roles.nationality is None and roles.residence is None and roles.worked == []


def test_role_only_demonyms_name_known_countries():
    reg = load_countries()
    assert all(code in reg for code in load_role_cues().demonyms.values())


def test_a_word_yaml_reads_as_a_boolean_is_refused(tmp_path):
    from ssassist.routing.roles import default_role_cues_path

    text = default_role_cues_path().read_text(encoding="utf-8")
    bad = tmp_path / "role_cues.yaml"
    bad.write_text(text.replace('negations: ["no",', "negations: [no,"), encoding="utf-8")
    with pytest.raises(DataFileError, match="quote it"):
        read_role_cues(bad)
