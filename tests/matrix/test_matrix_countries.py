"""Country names in both languages resolve, forgive typos, and never guess a different country."""

from __future__ import annotations

import pytest

from ssassist.errors import DataFileError, UnknownCountryError
from ssassist.matrix import find_countries, read_countries, resolve_country


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("EE.UU.", "US"),
        ("EEUU", "US"),
        ("EE. UU.", "US"),
        ("USA", "US"),
        ("US", "US"),
        ("U.S.", "US"),
        ("Estados Unidos de América", "US"),
        ("estados unidos", "US"),
        ("United States", "US"),
        ("Brasil", "BR"),
        ("Brazil", "BR"),
        ("Perú", "PE"),
        ("PERU", "PE"),
        ("Rep. Dominicana", "DO"),
        ("República Dominicana", "DO"),
        ("Republica Dominicana", "DO"),
        ("Dominican Rep.", "DO"),
        ("San Vicente y las Granadinas", "VC"),
        ("Saint Vincent and the Grenadines", "VC"),
        ("Trinidad y Tobago", "TT"),
        ("Haití", "HT"),
        ("Méjico", "MX"),
        ("México", "MX"),
        ("MEX", "MX"),
        ("mx", "MX"),
        ("España", "ES"),
        ("Espana", "ES"),
        ("Panamá", "PA"),
        ("Turks and Caicos", "TC"),
        ("Islas Turcas y Caicos", "TC"),
        ("Anguila", "AI"),
        ("Guadalupe", "GP"),
        ("Montserrat", "MS"),
        ("Guinea Ecuatorial", "GQ"),
        ("Dominica", "DM"),
        ("the United States", "US"),
        ("St. Lucia", "LC"),
        ("Santa Lucía", "LC"),
        ("Surinam", "SR"),
        ("Belice", "BZ"),
    ],
)
def test_names_and_aliases(text, code):
    assert resolve_country(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("peruano", "PE"),
        ("peruana", "PE"),
        ("peruanos", "PE"),
        ("Peruvian", "PE"),
        ("mexicana", "MX"),
        ("salvadoreño", "SV"),
        ("salvadorena", "SV"),
        ("Salvadoran", "SV"),
        ("estadounidense", "US"),
        ("venezolanos", "VE"),
        ("nicaragüense", "NI"),
        ("Dominican", "DO"),
        ("Spanish", "ES"),
    ],
)
def test_demonyms(text, code):
    assert resolve_country(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Argnetina", "AR"),
        ("Estados Unidso", "US"),
        ("Colmbia", "CO"),
        ("Guatemla", "GT"),
        ("Venezuala", "VE"),
        ("Paraguai", "PY"),
        ("Dominca", "DM"),
        ("Domnican Republic", "DO"),
        ("Gyuana", "GY"),
        ("Brazill", "BR"),
    ],
)
def test_small_typos_are_forgiven(text, code):
    assert resolve_country(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("Guinea", "GN"), ("Niger", "NE"), ("France", "FR"), ("Francia", "FR"), ("Alemania", "DE")],
)
def test_other_real_countries_are_not_fuzzed_into_corpus_countries(text, code):
    c = resolve_country(text)
    assert c.code == code


def test_dominica_is_not_the_dominican_republic():
    assert resolve_country("Dominica").code == "DM"
    assert resolve_country("Dominican Republic").code == "DO"
    assert resolve_country("dominicano").code == "DO"


@pytest.mark.parametrize("text", ["Atlantis", "Pero", "Chle", "Wakanda", "xyz", ""])
def test_unknown_names_raise_with_at_most_three_suggestions(text):
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country(text)
    assert len(exc.value.suggestions) <= 3


def test_suggestions_are_near_matches():
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country("Chle")
    assert "Chile" in exc.value.suggestions
    assert "Did you mean" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("¿Hay convenio entre México y EE.UU.?", ["MX", "US"]),
        ("I'm Peruvian and worked in Argentina", ["PE", "AR"]),
        ("soy peruano y trabajé en Argentina", ["PE", "AR"]),
        ("Trabajé en los EEUU y ahora vivo en la Rep. Dominicana", ["US", "DO"]),
        ("Dominica and the Dominican Republic", ["DM", "DO"]),
        ("Trinidad y Tobago y San Vicente y las Granadinas", ["TT", "VC"]),
        ("los salvadoreños en Estados Unidos", ["SV", "US"]),
        ("I moved to the U.S. from Guatemala", ["US", "GT"]),
        ("Convenio entre Colombia y España", ["CO", "ES"]),
        ("brasileña viviendo en Perú", ["BR", "PE"]),
    ],
)
def test_find_countries_in_free_text(text, codes):
    found = find_countries(text)
    assert [c.code for c, _ in found] == codes
    for _, (start, end) in found:
        assert text[start:end].strip()


def test_find_countries_spans_point_at_the_mention():
    text = "¿Hay convenio entre México y EE.UU.?"
    assert [text[s:e] for _, (s, e) in find_countries(text)] == ["México", "EE.UU."]


@pytest.mark.parametrize(
    "text",
    [
        "can you tell us more about pensions?",
        "let us know",
        "Hablo español y quiero saber de pensiones",
        "La Antigua es una ciudad",
        "I speak Spanish",
        "los Estados Parte del convenio",
        "las cañadas",
    ],
)
def test_find_countries_ignores_common_words(text):
    assert find_countries(text) == []


def test_registry_rejects_a_name_used_for_two_countries(tmp_path):
    bad = tmp_path / "countries.yaml"
    bad.write_text(
        "countries:\n"
        "- {code: PE, alpha3: PER, name_en: Peru, name_es: Perú, aliases: [Inca]}\n"
        "- {code: CL, alpha3: CHL, name_en: Chile, name_es: Chile, aliases: [Inca]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as exc:
        read_countries(bad)
    assert "inca" in exc.value.reason and exc.value.path == str(bad)


def test_registry_rejects_wrong_iso_codes(tmp_path):
    bad = tmp_path / "countries.yaml"
    bad.write_text(
        "countries:\n- {code: PE, alpha3: PRU, name_en: Peru, name_es: Perú}\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError) as exc:
        read_countries(bad)
    assert exc.value.row == 1


def test_packaged_countries_cover_the_americas_and_the_corpus(countries):
    codes = {c.code for c in countries}
    assert len([c for c in countries if c.region == "americas" and c.sovereign]) == 35
    assert {"AI", "GP", "TC", "MS", "ES", "PT", "GQ"} <= codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My mum worked in Montserrat and now lives in Antigua.", ["MS", "AG"]),
        ("vivo en Antigua y trabajé en Barbados", ["AG", "BB"]),
        ("La Antigua es una ciudad de Guatemala", ["GT"]),
        ("Trabajé en Antigua Guatemala y en México", ["GT", "MX"]),
    ],
)
def test_antigua_is_the_country_unless_its_neighbours_make_it_the_city(text, expected):
    assert [c.code for c, _ in find_countries(text)] == expected
