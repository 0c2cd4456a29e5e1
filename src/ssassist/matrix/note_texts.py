"""Templates of the notes the coverage check attaches to a result, one pair (en, es) per key.

Kept together so the wording can be reviewed (and translated) in one place;
fields are filled with :meth:`str.format`.
"""

from __future__ import annotations

NOTE_TEMPLATES: dict[str, tuple[str, str]] = {
    "absence_contradicted": (
        "The corpus states there is no agreement between {pair_en}, yet the matrix lists {ids}.",
        "El corpus afirma que no hay acuerdo entre {pair_es}, pero la matriz registra {ids}.",
    ),
    "framework": (
        "{name_en} is a framework agreement; by itself it does not establish coverage.",
        "{name_es} es un convenio marco; por sí solo no establece cobertura.",
    ),
    "count_only": (
        "The {name_en} is known only by its number of benefits ({count_en}); the corpus does not "
        "itemise which branches it covers (not itemised: {unknown_en}).{tail_en}",
        "Del {name_es} solo se conoce el número de prestaciones ({count_es}); el corpus no detalla "
        "qué ramas cubre (sin detallar: {unknown_es}).{tail_es}",
    ),
    "count": ("{n} benefits", "{n} prestaciones"),
    "count_unstated": ("an unstated number of benefits", "un número no indicado de prestaciones"),
    "count_tail": (" Whether it covers {what_en} is not known.", " No se sabe si cubre {what_es}."),
    "extension_base": (
        "The {name_en} adds {added_en} to the {base_en}; the source does not say whether it also "
        "brings {what_en} into effect between the two States.",
        "El {name_es} añade {added_es} al {base_es}; la fuente no dice si también hace efectiva la "
        "rama de {what_es} entre ambos Estados.",
    ),
    "national_legislation": (
        "{name_en}: {scope_en} — coverage of each benefit depends on the applicable national "
        "legislation.",
        "{name_es}: {scope_es} — la cobertura de cada prestación depende de la legislación "
        "nacional aplicable.",
    ),
    "emergency_via_medical": (
        "The {name_en} covers medical care, which includes emergency care.",
        "El {name_es} cubre la atención médica, que incluye la atención de urgencia.",
    ),
    "emergency_only": (
        "The {name_en} covers only emergency medical assistance, not medical care in general.",
        "El {name_es} cubre solo la asistencia médica de urgencia, no la atención médica en "
        "general.",
    ),
    "duplicate": (
        "The source lists the agreement {original} twice ({locator} repeats it); it is counted "
        "once.",
        "La fuente enumera dos veces el acuerdo {original} ({locator} lo repite); se cuenta una "
        "vez.",
    ),
    "export_excluded": (
        "{name_en}: does not apply to nationals of {other_en} (explicitly excluded).",
        "{name_es}: no se aplica a los nacionales de {other_es} (excluidos expresamente).",
    ),
    "export_region": (
        "{name_en}: only for citizens of American countries; {other_en} is not one.",
        "{name_es}: solo para ciudadanos de países americanos; {other_es} no lo es.",
    ),
    "export_applies": (
        "{impl_en} pays {benefits_en} pensions abroad to eligible citizens of {other_en} "
        "(a unilateral measure, not an agreement).",
        "{impl_es} paga en el exterior pensiones de {benefits_es} a los ciudadanos de {other_es} "
        "que cumplan los requisitos (medida unilateral, no un acuerdo).",
    ),
    "no_instrument_covers": (
        "None of the instruments binding {pair_en} covers {what_en}.",
        "Ninguno de los instrumentos que vinculan a {pair_es} cubre {what_es}.",
    ),
    "framework_only": (
        "Only a framework agreement binds {pair_en}; without a complementary bilateral agreement "
        "in the corpus, coverage is unknown.",
        "Solo un convenio marco vincula a {pair_es}; sin un convenio bilateral complementario en "
        "el corpus, la cobertura es desconocida.",
    ),
    "framework_open": (
        "The instruments binding {pair_en} that are in force do not cover {what_en}, but a "
        "framework agreement binding both includes it; without a complementary bilateral "
        "agreement in the corpus, coverage is unknown.",
        "Los instrumentos vigentes que vinculan a {pair_es} no cubren {what_es}, pero un convenio "
        "marco que vincula a ambos la incluye; sin un convenio bilateral complementario en el "
        "corpus, la cobertura es desconocida.",
    ),
    "no_data": (
        "The corpus names no agreement between {pair_en}; this means unknown, not that there is "
        "none.",
        "El corpus no menciona ningún acuerdo entre {pair_es}; esto significa que se desconoce, no "
        "que no exista.",
    ),
    "table_5_incomplete": (
        "Table 5 counts {expected} treaties of {me_en} with {where_en}; the corpus names "
        "{named} of them, so an unnamed treaty with {other_en} cannot be ruled out.",
        "El cuadro 5 cuenta {expected} tratados de {me_es} con {where_es}; el corpus nombra "
        "{named}, por lo que no puede descartarse un tratado no nombrado con {other_es}.",
    ),
    "where_american": ("American countries", "países americanos"),
    "where_other": ("countries in other regions", "países de otras regiones"),
    "pair": ("{a_en} and {b_en}", "{a_es} y {b_es}"),
    "any_benefit": ("any benefit", "alguna prestación"),
}


def render(key: str, **fields: str) -> tuple[str, str]:
    """The (English, Spanish) texts of template *key* filled with *fields*."""
    en, es = NOTE_TEMPLATES[key]
    return en.format(**fields), es.format(**fields)
