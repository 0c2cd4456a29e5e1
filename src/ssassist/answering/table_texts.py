"""Wording of the table answers (:mod:`ssassist.answering.tables`), in English and Spanish.

Each string is a ``str.format`` template; ``{refs}`` is where the [n] markers go (before
the final period or colon), ``{doc}`` the document's short title, ``{where}`` "Table 2 of
the CISS technical note (2024)" or just the document.
"""

from __future__ import annotations

from typing import Final

NUMBER_WORDS: Final = {
    "en": [
        "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve",
    ],
    "es": [
        "ninguna", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
        "diez", "once", "doce",
    ],
}  # fmt: skip
"""Counts of benefits in words, as the source writes them ("six types"); Spanish feminine
(prestaciones)."""

TEXTS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "where_table": "Table {table} of {doc}",
        "according": "According to {where}, ",
        "notes": "Note:",
        "benefit": "benefit",
        "benefits": "benefits",
        "and": " and ",
        "second_scheme": "{country} (second scheme)",
        # Table 2: voluntary insurance
        "vi_list": (
            "{According}{n} countries offer voluntary insurance to their nationals abroad"
            "{filter}{schemes}{refs}:"
        ),
        "vi_filter": " that covers {benefits}",
        "vi_schemes": " ({rows} schemes: {twice} has two)",
        "vi_none": (
            "{According}none of the voluntary insurance schemes for nationals abroad covers "
            "{benefits}{refs}."
        ),
        "vi_item": "- {country}: {labels} ({count} {unit})",
        "vi_stat": "The text of the note counts {value} voluntary insurance schemes{refs}.",
        "vi_unknown": (
            "For {countries}, the note does not say whether the voluntary insurance covers "
            "{benefits}{refs}."
        ),
        "vi_top": (
            "{country}'s voluntary insurance covers the most benefits: {count} ({labels}){refs}."
        ),
        "vi_top_tie": (
            "{countries} cover the most benefits with their voluntary insurance: {count} "
            "each{refs}."
        ),
        "vi_rest": "The others, by number of benefits marked in Table 2{refs}:",
        "vi_rank": "- {count}: {countries}",
        "vi_country": (
            "{Where} marks {count} {unit} for {country}'s voluntary insurance for nationals "
            "abroad: {labels}{refs}."
        ),
        "vi_country_two": (
            "{According}{country} has {count} voluntary insurance schemes for nationals "
            "abroad{refs}:"
        ),
        "vi_scheme": "- {name}: {labels} ({count} {unit})",
        # equal treatment
        "eq_lead": (
            "{According}all {sovereign} sovereign States of the Americas apply equal treatment of "
            "nationals and foreigners in social security, and so do {territories_n} dependent "
            "territories ({territories}): {total} cases{refs}."
        ),
        "eq_states": "The {sovereign} States: {names}.",
        # exportability and irregular migrants (unilateral measures)
        "exp_lead": (
            "{According}{n} countries offer the exportability of pensions: {names}{refs}."
        ),
        "exp_stat": "The note counts {value} cases of exportability of pensions{refs}.",
        "irr_lead": (
            "{According}{n} countries give migrants in an irregular situation access to social "
            "security: {names}{refs}."
        ),
        "irr_stat": "The note counts {value} such measures{refs}.",
        "irr_table4": (
            "Besides, {value} agreements between social security institutions (Table 4) give "
            "medical care to insured people without asking for proof of regular stay{refs}."
        ),
        "measure_item": "- {country}: {what}{except_}{refs}",
        "except": " (except for nationals of {countries})",
        # Table 4: inter-institutional agreements
        "ii_all": (
            "{According}{n} agreements between social security institutions give medical care to "
            "insured people temporarily in the other country, without asking for proof of "
            "regular stay{refs}:"
        ),
        "ii_some": (
            "{According}{k} of the {n} agreements between social security institutions that give "
            "medical care without asking for proof of regular stay {which}{refs}:"
        ),
        "ii_none": (
            "{According}none of the {n} agreements between social security institutions that give "
            "medical care without asking for proof of regular stay {which}{refs}."
        ),
        "ii_country": "involve {country}",
        "ii_benefit": "cover {benefit}",
        "ii_item": "- {pair}: {benefit}",
        "ii_repeat": " (repeats row {row})",
        # Table 3: bilateral extensions
        "ext_lead": (
            "{According}{n} bilateral agreements extend the material scope of the "
            "COISS or the CMISS{which}{refs}:"
        ),
        "ext_none": (
            "{According}none of the {n} bilateral agreements that extend the material scope of "
            "the COISS or the CMISS{which}{refs}."
        ),
        "ext_country": " for {country}",
        "ext_benefit": " by adding {benefit}",
        "ext_item": "- {pair} (extends the {extends}): adds {labels}",
        # Table 5: bilateral treaties
        "t5_top": (
            "{country} has the most bilateral social security treaties{column}: {value} "
            "({detail}){refs}."
        ),
        "t5_country": (
            "{According}{country} has {total} bilateral social security treaties: {american} with "
            "American countries and {other} with countries in other regions{refs}."
        ),
        "t5_country_american": (
            "{According}{country} has {american} bilateral social security treaties with other "
            "American countries ({total} in total, {other} with countries in other regions){refs}."
        ),
        "t5_country_other": (
            "{According}{country} has {other} bilateral social security treaties with countries "
            "in other regions ({total} in total, {american} with American countries){refs}."
        ),
        "t5_threshold": (
            "{According}{n} countries have {more} {value} bilateral social security "
            "treaties{column}: {list}{refs}."
        ),
        "t5_more": "more than",
        "t5_at_least": "at least",
        "t5_col_american": " with other American countries",
        "t5_col_other": " with countries in other regions",
        "t5_detail": "{american} with American countries, {other} with other regions",
        "t5_detail_american": "{total} in total, {other} with other regions",
        "t5_detail_other": "{total} in total, {american} with American countries",
        "t5_item": (
            "- {country}: {total} ({american} with American countries, {other} with other regions)"
        ),
        "t5_pair": "{country} ({value})",
        # bilateral treaties: benefits
        "bt_top": (
            "The most comprehensive bilateral social security treaty is the one between "
            "{pair}: it covers all {count} types of benefits{refs}."
        ),
        "bt_top_any": (
            "The most comprehensive bilateral social security treaties are {pairs}, with {count} "
            "benefits each{refs}."
        ),
        "bt_top_americas": (
            "Among treaties between countries of the Americas only, the most comprehensive are "
            "{pairs}, with {count} benefits each{refs}."
        ),
        "bt_top_americas_one": (
            "Among treaties between countries of the Americas only, the most comprehensive is "
            "{pairs}, with {count} benefits{refs}."
        ),
        "bt_rank": "- {count}: {pairs}",
        "bt_rest": "Next, by number of benefits{refs}:",
        "bt_pair": (
            "{According}the {pair} social security treaty covers {count} {unit}{labels}{refs}."
        ),
        "bt_not_itemised": "; the note does not say which",
        # named agreements
        "parties_multilateral": (
            "{According}{n} countries are States Parties to the {name}{refs}: {list}."
        ),
        "parties_framework": "{According}{n} countries have adhered to the {name}{refs}: {list}.",
        "parties_ilo": (
            "{According}{n} countries of the Americas have ratified the {name}{refs}: {list}."
        ),
        "among": "{countries} {verb} among them.",
        "among_is": "is",
        "among_are": "are",
        "not_among": "{countries} {verb} not.",
        "covers_scope": "{According}the {name} covers: {scope}{refs}.",
        "covers_count": "{According}the {name} covers {count} types of benefits: {labels}{refs}.",
        "covers_national": (
            "{According}the {name} covers all benefits of the applicable national legislation: up "
            "to nine types of benefits{refs}."
        ),
        "its_parties": "Its {n} States Parties: {list}{refs}.",
        # Table 6: multilateral agreements
        "t6_list": (
            "{According}{n} multilateral social security agreements are in force in the "
            "Americas{refs}:"
        ),
        "t6_country": (
            "{According}{country} is a State Party to {k} of the {n} multilateral social security "
            "agreements in force in the Americas{refs}:"
        ),
        "t6_country_none": (
            "{According}{country} is a State Party to none of the {n} multilateral social security "
            "agreements in force in the Americas{refs}."
        ),
        "t6_framework": (
            "{country} has also adhered to the {name}, a framework agreement that only takes "
            "effect through complementary bilateral agreements{refs}."
        ),
        "t6_item": "- {name}: {n} States Parties; {scope}",
        "t6_most_parties": "{According}the {name} has the most States Parties: {n}{refs}.",
        "t6_most_parties_tie": "{According}{names} have the most States Parties: {n} each{refs}.",
        "t6_broadest": (
            "{According}{names} have the broadest material scope: all benefits of the applicable "
            "national legislation, up to nine types of benefits{refs}."
        ),
        "t6_broadest_one": "{According}the {name} has the broadest material scope: {scope}{refs}.",
        "t6_parties_item": "- {name}: {n} States Parties",
        "national": "all benefits of the applicable national legislation",
    },
    "es": {
        "where_table": "el cuadro {table} de {doc}",
        "according": "Según {where}, ",
        "notes": "Tenga en cuenta:",
        "benefit": "prestación",
        "benefits": "prestaciones",
        "and": " y ",
        "second_scheme": "{country} (segundo régimen)",
        "vi_list": (
            "{According}{n} países ofrecen un seguro voluntario a sus nacionales en el exterior"
            "{filter}{schemes}{refs}:"
        ),
        "vi_filter": " que cubre {benefits}",
        "vi_schemes": " ({rows} regímenes: {twice} tiene dos)",
        "vi_none": (
            "{According}ninguno de los seguros voluntarios para nacionales en el exterior cubre "
            "{benefits}{refs}."
        ),
        "vi_item": "- {country}: {labels} ({count} {unit})",
        "vi_stat": "El texto de la nota cuenta {value} seguros voluntarios{refs}.",
        "vi_unknown": (
            "En el caso de {countries}, la nota no dice si el seguro voluntario cubre "
            "{benefits}{refs}."
        ),
        "vi_top": (
            "El seguro voluntario de {country} es el que cubre más prestaciones: {count} "
            "({labels}){refs}."
        ),
        "vi_top_tie": (
            "Los seguros voluntarios de {countries} son los que cubren más prestaciones: {count} "
            "cada uno{refs}."
        ),
        "vi_rest": "Los demás, por número de prestaciones marcadas en el cuadro 2{refs}:",
        "vi_rank": "- {count}: {countries}",
        "vi_country": (
            "{Where} marca {count} {unit} para el seguro voluntario de {country} para sus "
            "nacionales en el exterior: {labels}{refs}."
        ),
        "vi_country_two": (
            "{According}{country} tiene {count} seguros voluntarios para sus nacionales en el "
            "exterior{refs}:"
        ),
        "vi_scheme": "- {name}: {labels} ({count} {unit})",
        "eq_lead": (
            "{According}los {sovereign} Estados soberanos de América aplican la igualdad de trato "
            "entre nacionales y extranjeros en la seguridad social, y también {territories_n} "
            "territorios dependientes ({territories}): {total} casos{refs}."
        ),
        "eq_states": "Los {sovereign} Estados: {names}.",
        "exp_lead": (
            "{According}{n} países ofrecen la exportabilidad de pensiones: {names}{refs}."
        ),
        "exp_stat": "La nota cuenta {value} casos de exportabilidad de pensiones{refs}.",
        "irr_lead": (
            "{According}{n} países dan acceso a la seguridad social a las personas migrantes en "
            "situación irregular: {names}{refs}."
        ),
        "irr_stat": "La nota cuenta {value} medidas de este tipo{refs}.",
        "irr_table4": (
            "Además, {value} acuerdos entre instituciones de seguridad social (cuadro 4) dan "
            "atención médica a sus asegurados sin exigirles acreditar una estancia regular{refs}."
        ),
        "measure_item": "- {country}: {what}{except_}{refs}",
        "except": " (salvo para nacionales de {countries})",
        "ii_all": (
            "{According}{n} acuerdos entre instituciones de seguridad social dan atención médica a "
            "sus asegurados que están temporalmente en el otro país, sin exigirles acreditar una "
            "estancia regular{refs}:"
        ),
        "ii_some": (
            "{According}{k} de los {n} acuerdos entre instituciones de seguridad social que dan "
            "atención médica sin exigir una estancia regular {which}{refs}:"
        ),
        "ii_none": (
            "{According}ninguno de los {n} acuerdos entre instituciones de seguridad social que "
            "dan atención médica sin exigir una estancia regular {which}{refs}."
        ),
        "ii_country": "incluyen a {country}",
        "ii_benefit": "cubren {benefit}",
        "ii_item": "- {pair}: {benefit}",
        "ii_repeat": " (repite la fila {row})",
        "ext_lead": (
            "{According}{n} convenios bilaterales amplían el ámbito material del COISS o del "
            "CMISS{which}{refs}:"
        ),
        "ext_none": (
            "{According}ninguno de los {n} convenios bilaterales que amplían el ámbito material "
            "del COISS o del CMISS{which}{refs}."
        ),
        "ext_country": " para {country}",
        "ext_benefit": " agregando {benefit}",
        "ext_item": "- {pair} (amplía el {extends}): agrega {labels}",
        "t5_top": (
            "{country} es el país con más tratados bilaterales de seguridad social{column}: "
            "{value} ({detail}){refs}."
        ),
        "t5_country": (
            "{According}{country} tiene {total} tratados bilaterales de seguridad social: "
            "{american} con países de América y {other} con países de otras regiones{refs}."
        ),
        "t5_country_american": (
            "{According}{country} tiene {american} tratados bilaterales de seguridad social con "
            "otros países de América ({total} en total, {other} con países de otras "
            "regiones){refs}."
        ),
        "t5_country_other": (
            "{According}{country} tiene {other} tratados bilaterales de seguridad social con "
            "países de otras regiones ({total} en total, {american} con países de América){refs}."
        ),
        "t5_threshold": (
            "{According}{n} países tienen {more} {value} tratados bilaterales de seguridad "
            "social{column}: {list}{refs}."
        ),
        "t5_more": "más de",
        "t5_at_least": "al menos",
        "t5_col_american": " con otros países de América",
        "t5_col_other": " con países de otras regiones",
        "t5_detail": "{american} con países de América, {other} con otras regiones",
        "t5_detail_american": "{total} en total, {other} con otras regiones",
        "t5_detail_other": "{total} en total, {american} con países de América",
        "t5_item": (
            "- {country}: {total} ({american} con países de América, {other} con otras regiones)"
        ),
        "t5_pair": "{country} ({value})",
        "bt_top": (
            "El tratado bilateral de seguridad social más completo es el de {pair}: cubre los "
            "{count} tipos de prestaciones{refs}."
        ),
        "bt_top_any": (
            "Los tratados bilaterales de seguridad social más completos son {pairs}, con {count} "
            "prestaciones cada uno{refs}."
        ),
        "bt_top_americas": (
            "Entre los tratados solo entre países de América, los más completos son {pairs}, con "
            "{count} prestaciones cada uno{refs}."
        ),
        "bt_top_americas_one": (
            "Entre los tratados solo entre países de América, el más completo es {pairs}, con "
            "{count} prestaciones{refs}."
        ),
        "bt_rank": "- {count}: {pairs}",
        "bt_rest": "Les siguen, por número de prestaciones{refs}:",
        "bt_pair": (
            "{According}el tratado de seguridad social {pair} cubre {count} {unit}{labels}{refs}."
        ),
        "bt_not_itemised": "; la nota no dice cuáles",
        "parties_multilateral": (
            "{According}{n} países son Estados Parte del {name}{refs}: {list}."
        ),
        "parties_framework": "{According}{n} países se han adherido al {name}{refs}: {list}.",
        "parties_ilo": "{According}{n} países de América han ratificado el {name}{refs}: {list}.",
        "among": "{countries} {verb} entre ellos.",
        "among_is": "está",
        "among_are": "están",
        "not_among": "{countries} no {verb}.",
        "covers_scope": "{According}el {name} cubre: {scope}{refs}.",
        "covers_count": "{According}el {name} cubre {count} tipos de prestaciones: {labels}{refs}.",
        "covers_national": (
            "{According}el {name} cubre todas las prestaciones previstas por la legislación "
            "nacional aplicable: hasta nueve tipos de prestaciones{refs}."
        ),
        "its_parties": "Sus {n} Estados Parte: {list}{refs}.",
        "t6_list": (
            "{According}{n} acuerdos multilaterales de seguridad social están en vigor en "
            "América{refs}:"
        ),
        "t6_country": (
            "{According}{country} es Estado Parte de {k} de los {n} acuerdos multilaterales de "
            "seguridad social en vigor en América{refs}:"
        ),
        "t6_country_none": (
            "{According}{country} no es Estado Parte de ninguno de los {n} acuerdos multilaterales "
            "de seguridad social en vigor en América{refs}."
        ),
        "t6_framework": (
            "{country} también se adhirió al {name}, un convenio marco que solo surte efecto "
            "mediante convenios bilaterales complementarios{refs}."
        ),
        "t6_item": "- {name}: {n} Estados Parte; {scope}",
        "t6_most_parties": "{According}el {name} es el que tiene más Estados Parte: {n}{refs}.",
        "t6_most_parties_tie": (
            "{According}{names} son los que tienen más Estados Parte: {n} cada uno{refs}."
        ),
        "t6_broadest": (
            "{According}{names} tienen el ámbito material más amplio: todas las prestaciones "
            "previstas por la legislación nacional aplicable, hasta nueve tipos{refs}."
        ),
        "t6_broadest_one": (
            "{According}el {name} tiene el ámbito material más amplio: {scope}{refs}."
        ),
        "t6_parties_item": "- {name}: {n} Estados Parte",
        "national": "todas las prestaciones previstas por la legislación nacional aplicable",
    },
}
