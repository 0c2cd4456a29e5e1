"""The real matrix holds every row of Tables 2–6 and the lists of CISS TN 20, as in the source."""

from __future__ import annotations

import pytest

from ssassist.matrix import Benefit, InstrumentKind, Measure
from tests.matrix.matrix_helpers import normalise

B = Benefit

# Table 2, written out from the seed: country, marked columns.
TABLE_2 = [
    (
        "vi-t2-r1-br",
        "BR",
        [B.SICKNESS, B.MATERNITY, B.INVALIDITY, B.OLD_AGE, B.SURVIVORS, B.FAMILY],
    ),
    ("vi-t2-r2-co", "CO", [B.MEDICAL_CARE, B.INVALIDITY, B.OLD_AGE, B.SURVIVORS, B.FAMILY]),
    ("vi-t2-r3-ec", "EC", [B.MEDICAL_CARE, B.INVALIDITY, B.OLD_AGE, B.SURVIVORS, B.FAMILY]),
    ("vi-t2-r4-mx", "MX", [B.MEDICAL_CARE, B.INVALIDITY, B.OLD_AGE, B.SURVIVORS, B.FAMILY]),
    ("vi-t2-r5-jm", "JM", [B.INVALIDITY, B.OLD_AGE, B.SURVIVORS, B.FAMILY]),
    ("vi-t2-r6-vc", "VC", [B.OLD_AGE]),
    ("vi-t2-r7-sv", "SV", [B.MEDICAL_CARE]),
    ("vi-t2-r8-mx", "MX", [B.MEDICAL_CARE]),
    ("vi-t2-r9-ht", "HT", [B.OLD_AGE]),
]

# Table 3: States Parties | mechanism extended | Medical care | Sickness | Maternity |
# Employment injury
TABLE_3 = [
    ("ext-bo-uy-coiss", {"BO", "UY"}, "coiss", [B.MEDICAL_CARE, B.EMPLOYMENT_INJURY]),
    ("ext-cr-uy-coiss", {"CR", "UY"}, "coiss", [B.MATERNITY, B.EMPLOYMENT_INJURY]),
    ("ext-ec-uy-cmiss", {"EC", "UY"}, "cmiss", [B.MEDICAL_CARE]),
    ("ext-pa-es-coiss", {"PA", "ES"}, "coiss", [B.MEDICAL_CARE, B.MATERNITY, B.EMPLOYMENT_INJURY]),
    ("ext-uy-pt-coiss", {"UY", "PT"}, "coiss", [B.MEDICAL_CARE]),
    ("ext-uy-ve-coiss", {"UY", "VE"}, "coiss", [B.MEDICAL_CARE, B.EMPLOYMENT_INJURY]),
]

M, E = B.MEDICAL_CARE, B.EMERGENCY_MEDICAL_CARE
# Table 4: (parties in row order, column marked)
TABLE_4 = [
    (["GT", "CR"], E),
    (["CR", "NI"], M),
    (["CR", "PA"], M),
    (["GT", "SV"], M),
    (["SV", "NI"], E),
    (["SV", "PA"], M),
    (["GT", "HN"], M),
    (["NI", "GT"], E),
    (["GT", "PA"], E),
    (["NI", "GT"], E),
    (["PA", "HN"], M),
    (["PA", "NI"], M),
    (["DO", "NI"], M),
    (["DO", "PA"], M),
]

TABLE_5 = {
    "CA": (49, 14, 35),
    "US": (30, 4, 26),
    "CL": (27, 10, 17),
    "UY": (23, 9, 14),
    "BR": (15, 3, 12),
    "AR": (12, 4, 8),
    "EC": (9, 8, 1),
    "PE": (7, 5, 2),
    "VE": (6, 3, 3),
}

TABLE_6 = {
    "cmiss": (
        {"AR", "BO", "BR", "CL", "EC", "SV", "ES", "PY", "PE", "PT", "DO", "UY"},
        {B.INVALIDITY, B.OLD_AGE, B.SURVIVORS, B.EMPLOYMENT_INJURY},
    ),
    "mercosur": ({"AR", "BR", "PY", "UY"}, set(b for b in B if b is not E)),
    "andean": ({"BO", "CO", "EC", "PE"}, set(b for b in B if b is not E)),
    "caricom": (
        {"AG", "BS", "BB", "BZ", "DM", "GD", "GY", "JM", "MS", "KN", "LC", "VC", "TT"},
        {B.INVALIDITY, B.OLD_AGE, B.SURVIVORS},
    ),
}

BENEFIT_LISTS = {
    8: ["AR-PE", "BR-CL"],
    7: ["EC-PE"],
    5: ["AR-CL", "BO-UY", "CR-UY", "EC-UY", "PE-UY", "UY-VE"],
    4: [
        "AG-CA",
        "AR-EC",
        "BB-CA",
        "CA-CL",
        "CA-DM",
        "CA-VC",
        "CA-LC",
        "CA-TT",
        "CL-CO",
        "CL-EC",
        "CL-PY",
        "CL-PE",
        "CL-UY",
        "CL-VE",
        "CO-EC",
    ],
}


@pytest.mark.parametrize(("rid", "country", "benefits"), TABLE_2)
def test_table_2_rows(matrix, rid, country, benefits):
    inst = matrix.get(rid)
    assert inst.kind is InstrumentKind.UNILATERAL and inst.measure is Measure.VOLUNTARY_INSURANCE
    assert inst.parties == [country]
    assert inst.benefits == benefits
    assert inst.source.locator.startswith("Table 2, row")


def test_table_2_has_nine_rows_with_mexico_twice(matrix):
    rows = [i for i in matrix.instruments if i.source.locator.startswith("Table 2,")]
    assert len(rows) == 9
    assert [i.parties[0] for i in rows].count("MX") == 2


def test_saint_vincent_row_keeps_one_mark_and_records_the_conflict(matrix):
    vc = matrix.get("vi-t2-r6-vc")
    assert vc.benefits == [B.OLD_AGE] and not vc.benefits_itemised
    conflict = next(c for c in matrix.conflicts if c.id == "svg-voluntary-benefits")
    assert {cl.source.quote for cl in conflict.claims} == {
        "Saint Vincent and the Grenadines, with three;",
        "Saint Vincent and the Grenadines X",
    }


@pytest.mark.parametrize(("rid", "parties", "extends", "added"), TABLE_3)
def test_table_3_rows(matrix, rid, parties, extends, added):
    inst = matrix.get(rid)
    assert inst.kind is InstrumentKind.BILATERAL_EXTENSION
    assert set(inst.parties) == parties
    assert inst.extends == extends
    assert inst.benefits == added
    assert B.SICKNESS not in inst.benefits  # no row of Table 3 marks the sickness column


def test_table_3_has_six_rows(matrix):
    assert len(matrix.by_kind("bilateral_extension")) == 6


@pytest.mark.parametrize(("row", "expected"), list(enumerate(TABLE_4, 1)))
def test_table_4_rows(matrix, row, expected):
    parties, benefit = expected
    inst = next(
        i
        for i in matrix.by_kind("inter_institutional")
        if i.source.locator == f"Table 4, row {row}"
    )
    assert inst.parties == parties
    assert inst.benefits == [benefit]
    assert len(inst.institutions) == 2 and inst.irregular_migrants is True


def test_table_4_duplicate_row_is_kept_and_flagged(matrix):
    rows = matrix.by_kind("inter_institutional")
    assert len(rows) == 14
    dup = [i for i in rows if i.duplicate_of]
    assert [(d.id, d.duplicate_of) for d in dup] == [
        ("ii-r10-ni-gt-emergency", "ii-r08-ni-gt-emergency")
    ]
    assert dup[0].source.quote == matrix.get("ii-r08-ni-gt-emergency").source.quote


@pytest.mark.parametrize(("code", "values"), sorted(TABLE_5.items()))
def test_table_5_rows(matrix, code, values):
    tc = matrix.treaty_count(code)
    assert (tc.total, tc.american, tc.other_regions) == values


@pytest.mark.parametrize("mid", sorted(TABLE_6))
def test_table_6_rows(matrix, mid):
    inst = matrix.get(mid)
    parties, benefits = TABLE_6[mid]
    assert inst.kind is InstrumentKind.MULTILATERAL and not inst.framework
    assert set(inst.parties) == parties and len(inst.parties) == len(parties)
    assert set(inst.benefits) == benefits
    assert inst.source.locator.startswith("Table 6, row")


def test_caricom_employment_injury_is_disputed(matrix):
    assert matrix.get("caricom").disputed_benefits == [B.EMPLOYMENT_INJURY]


def test_coiss_is_a_sixteen_party_framework(matrix):
    coiss = matrix.get("coiss")
    assert coiss.framework
    assert len(coiss.parties) == 16
    assert {"CO", "CR", "GQ", "NI", "PA", "VE"} <= set(coiss.parties)
    assert coiss.source.locator == "footnote 10"


@pytest.mark.parametrize("count", sorted(BENEFIT_LISTS))
def test_benefit_count_lists(matrix, count):
    pairs = BENEFIT_LISTS[count]
    found = [
        i
        for i in matrix.by_kind("bilateral_treaty")
        if i.benefit_count == count and not i.benefits_itemised
    ]
    assert sorted("-".join(sorted(i.parties)) for i in found) == sorted(
        "-".join(sorted(p.split("-"))) for p in pairs
    )
    for inst in found:
        assert inst.benefits == [] and len(inst.unknown_benefits) == 9


def test_chile_spain_itemises_all_nine(matrix):
    inst = matrix.get("bt-cl-es")
    assert inst.benefits_itemised and inst.benefit_count == 9 and len(inst.benefits) == 9


def test_ilo_c118_ratifications(matrix):
    assert set(matrix.get("ilo-c118").parties) == {
        "BB",
        "BO",
        "BR",
        "EC",
        "GT",
        "MX",
        "SR",
        "UY",
        "VE",
    }


def test_us_exportability_excludes_paraguay_and_suriname(matrix):
    us = matrix.get("exp-us")
    assert us.excluded_nationalities == ["PY", "SR"]
    assert us.benefits == [B.INVALIDITY, B.OLD_AGE, B.SURVIVORS]
    assert us.source.locator == "footnote 8"


def test_unilateral_counts_match_section_3_1(matrix):
    def count(measure):
        return [
            i
            for i in matrix.instruments
            if i.measure is measure and i.source.doc_id.startswith("000")
        ]

    assert len(count(Measure.VOLUNTARY_INSURANCE)) == 9
    assert len(count(Measure.IRREGULAR_MIGRANTS)) == 4
    assert {i.parties[0] for i in count(Measure.EXPORTABILITY)} == {"US", "BR", "VE", "HT"}
    assert matrix.get("irr-uy").benefits == [E]


def test_equal_treatment_covers_35_states_and_3_territories(matrix, countries):
    eq = matrix.get("eq-treatment")
    sovereign = {c.code for c in countries if c.region == "americas" and c.sovereign}
    assert len(sovereign) == 35
    assert set(eq.parties) == sovereign | {"AI", "GP", "TC"}


def test_salvadoreno_seguro(matrix):
    ss = matrix.get("vi-sv-salvadoreno-seguro")
    assert ss.source.doc_id == "003_789b0dbb14d54f7b"
    assert {B.MEDICAL_CARE, B.MATERNITY} <= set(ss.benefits)
    assert B.INVALIDITY in ss.excluded_benefits


def test_explicit_absences(matrix):
    pairs = {frozenset(a.parties) for a in matrix.absences if not a.pairwise}
    assert pairs == {frozenset({"MX", "US"}), frozenset({"SV", "US"}), frozenset({"VE", "CO"})}
    caricom = next(a for a in matrix.absences if a.pairwise)
    assert (
        set(caricom.parties) == set(matrix.get("caricom").parties) and caricom.scope == "bilateral"
    )


def test_conflicts_recorded(matrix):
    ids = {c.id for c in matrix.conflicts}
    assert {
        "cmiss-parties",
        "cmiss-ciss-typo",
        "caricom-employment-injury",
        "svg-voluntary-benefits",
        "inter-institutional-count",
        "ecuador-treaty-count",
    } <= ids
    cmiss = next(c for c in matrix.conflicts if c.id == "cmiss-parties")
    assert {cl.source.doc_id for cl in cmiss.claims} == {
        "000_a51be7ce2c2609d8",
        "001_b7d32d23184dd1b8",
    }


@pytest.mark.parametrize(
    ("sid", "value"),
    [
        ("measures-total", 239),
        ("unilateral-total", 57),
        ("voluntary-insurance-cases", 9),
        ("equality-cases", 38),
        ("exportability-cases", 6),
        ("irregular-migrant-measures", 4),
        ("bilateral-instruments", 178),
        ("bilateral-treaties", 163),
        ("inter-institutional-agreements", 15),
        ("non-discriminatory-mechanisms", 14),
        ("share-old-age", 91.57),
        ("share-survivors", 91.01),
        ("share-disability", 89.89),
        ("share-top-four", 72.47),
        ("multilateral-in-force", 4),
        ("bilateral-extensions", 6),
    ],
)
def test_statistics(matrix, sid, value):
    assert matrix.statistic(sid).value == value


def test_counts_add_up(matrix):
    s = {x.id: x.value for x in matrix.statistics}
    assert (
        s["voluntary-insurance-cases"]
        + s["equality-cases"]
        + s["exportability-cases"]
        + s["irregular-migrant-measures"]
        == s["unilateral-total"]
    )
    assert (
        s["bilateral-treaties"] + s["inter-institutional-agreements"] == s["bilateral-instruments"]
    )
    top4 = sum(matrix.treaty_count(c).total for c in ("CA", "US", "CL", "UY"))
    assert round(100 * top4 / s["bilateral-instruments"], 2) == s["share-top-four"]


def test_every_record_has_a_source_quote(matrix):
    records = [*matrix.instruments, *matrix.absences, *matrix.statistics, *matrix.treaty_counts]
    for r in records:
        assert r.source.quote.strip() and r.source.locator.strip() and r.source.doc_id.strip()


# -- against the seed texts themselves -------------------------------------------------


def _all_quotes(matrix):
    for inst in matrix.instruments:
        yield inst.id, inst.source
        for s in inst.also_sources:
            yield inst.id, s
    for ab in matrix.absences:
        yield ab.id, ab.source
    for c in matrix.conflicts:
        for cl in c.claims:
            yield c.id, cl.source
    for st in matrix.statistics:
        yield st.id, st.source
    for tc in matrix.treaty_counts:
        yield tc.country, tc.source


def test_every_quote_is_verbatim_in_its_seed(matrix, seeds):
    texts = {k: normalise(v) for k, v in seeds.items()}
    missing = [
        (rid, s.locator)
        for rid, s in _all_quotes(matrix)
        if normalise(s.quote) not in texts[s.doc_id]
    ]
    assert missing == []


def _table(seed: str, header: str, n: int) -> list[list[str]]:
    lines = seed.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = [line.split("\t") for line in lines[start + 1 :] if "\t" in line]
    return [r for r in rows if r[0].strip()][:n]


def test_table_2_parsed_from_seed(seeds):
    cols = [
        B.MEDICAL_CARE,
        B.SICKNESS,
        B.MATERNITY,
        B.INVALIDITY,
        B.OLD_AGE,
        B.SURVIVORS,
        B.EMPLOYMENT_INJURY,
        B.UNEMPLOYMENT,
        B.FAMILY,
    ]
    rows = _table(seeds["000_a51be7ce2c2609d8"], "\tMedical care\tSickness", 9)
    parsed = [[c for c, v in zip(cols, r[1:], strict=False) if v.strip() == "X"] for r in rows]
    assert parsed == [benefits for _, _, benefits in TABLE_2]


def test_table_3_parsed_from_seed(seeds):
    rows = _table(seeds["000_a51be7ce2c2609d8"], "States Parties\t", 6)
    cols = [B.MEDICAL_CARE, B.SICKNESS, B.MATERNITY, B.EMPLOYMENT_INJURY]
    parsed = [
        (r[1].lower(), [c for c, v in zip(cols, r[2:], strict=False) if v.strip().lower() == "x"])
        for r in rows
    ]
    assert parsed == [(ext, added) for _, _, ext, added in TABLE_3]


def test_table_4_parsed_from_seed(seeds):
    rows = _table(seeds["000_a51be7ce2c2609d8"], "Social security institutions that sign", 14)
    assert [M if r[1].strip() == "X" else E for r in rows] == [b for _, b in TABLE_4]


def test_table_5_parsed_from_seed(seeds, countries):
    rows = _table(seeds["000_a51be7ce2c2609d8"], "Country\tTotal treaties", 9)
    parsed = {countries.resolve(r[0]).code: tuple(int(x) for x in r[1:4]) for r in rows}
    assert parsed == TABLE_5
