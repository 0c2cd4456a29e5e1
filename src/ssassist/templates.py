"""Answer templates, one constant per language. Nothing else writes user-facing prose."""

from __future__ import annotations

from typing import Final

RAG_INTRO: Final = {
    "en": "Here is what the documents say:",
    "es": "Esto es lo que dicen los documentos:",
}
RAG_INTRO_OTHER_LANGUAGE: Final = {
    "en": "Here is what the documents say (quoted in Spanish, the language of the source):",
    "es": "Esto es lo que dicen los documentos (citas en inglés, el idioma de la fuente):",
}
LEAD: Final = {
    "en": "According to {source}, {text} [{n}].",
    "es": "Según {source}, {text} [{n}].",
}
MACHINE_TRANSLATION: Final = {  # once, under an answer whose lines are renderings
    "en": "(Machine translation from Spanish; the original text is in the sources.)",
    "es": "(Traducción automática del inglés; el texto original está en las fuentes.)",
}
ORIGINAL_LANGUAGE: Final = {  # once, under an answer quoting a source it has no rendering of
    "en": "(Quoted in Spanish, the language of the source.)",
    "es": "(Citas en inglés, el idioma de la fuente.)",
}
DONT_SAY: Final = {
    "en": "The documents I answer from do not say {what}. The closest they say:\n\n{nearby}",
    "es": (
        "Los documentos con los que respondo no dicen {what}. Lo más cercano que dicen:\n\n{nearby}"
    ),
}
NOT_SAID: Final = {  # what the documents don't say, by the kind of fact asked (first match)
    "en": {
        "phone": "a phone number for this",
        "email": "an e-mail address for this",
        "link": "a web address for this",
        "address": "an address for this",
        "amount": "that amount",
        "percent": "that percentage",
        "person": "who that is",
        "time": "that date or period",
        "number": "that figure",
        "countries": "which countries",
        "procedure": "how to do that",
        "requirements": "those conditions",
        "reason": "why",
        "default": "this",
    },
    "es": {
        "phone": "un teléfono para esto",
        "email": "un correo electrónico para esto",
        "link": "una dirección web para esto",
        "address": "una dirección para esto",
        "amount": "ese monto",
        "percent": "ese porcentaje",
        "person": "quién es",
        "time": "esa fecha o ese plazo",
        "number": "esa cifra",
        "countries": "qué países",
        "procedure": "cómo hacerlo",
        "requirements": "esas condiciones",
        "reason": "por qué",
        "default": "esto",
    },
}
MATRIX_FACT: Final = {
    "en": "From the agreements and measures recorded from the documents: {text}",
    "es": "Según los convenios y medidas recogidos de los documentos: {text}",
}
REFUSAL: Final = {
    "en": (
        "The documents I can consult do not answer this question, so I cannot give you a "
        "reliable answer. I answer only from: {titles}. You can rephrase the question, or ask "
        "about social security agreements, benefits or programmes for migrants in the Americas."
    ),
    "es": (
        "Los documentos que puedo consultar no responden a esta pregunta, así que no puedo "
        "darle una respuesta confiable. Solo respondo a partir de: {titles}. Puede reformular "
        "la pregunta o preguntar sobre convenios de seguridad social, prestaciones o programas "
        "para personas migrantes en las Américas."
    ),
}
TRUNCATED: Final = {
    "en": "Your question was very long: only its first {n} characters were used.",
    "es": "Su pregunta era muy larga: solo se usaron sus primeros {n} caracteres.",
}
OTHER_LANGUAGE: Final = {
    "en": "I can only answer in English or Spanish; this answer is in English.",
    "es": "Solo puedo responder en español o en inglés; esta respuesta está en español.",
}

# -- coverage answers (from the exact check; the wording never decides the verdict) --
# Rights framing (DESIGN.md): the first sentence answers the person's question; then the
# agreements, the measures that do not need an agreement, and what to keep in mind. Every
# sentence below is written without its final period: the [n] markers go before it.
COVERAGE_VERDICT: Final = {
    "en": {
        # agreements between the two countries (covered is True)
        "yes_benefit_one": "Yes: {names}, which binds {a} and {b}, covers {benefit}",
        "yes_benefit_many": "Yes: {names}, which bind {a} and {b}, cover {benefit}",
        "yes_any_one": "Yes: {a} and {b} are bound by {names}",
        "yes_any_many": "Yes: {a} and {b} are bound by {names}",
        # what the agreements leave out, or the documents leave open
        "no_instrument_covers_one": (
            "The only agreement between {a} and {b}, {names}, does not cover {benefit}"
        ),
        "no_instrument_covers_many": (
            "The agreements between {a} and {b} ({names}) do not cover {benefit}"
        ),
        "no_data": "The documents name no social security agreement between {a} and {b}",
        "not_itemised": "The documents do not say whether {names} covers {benefit}",
        "not_itemised_any": (
            "The documents do not say which benefits {names} covers between {a} and {b}"
        ),
        "framework_only": (
            "The only agreement binding {a} and {b} is {names}, a framework agreement that gives "
            "no coverage by itself: it takes effect only through complementary bilateral "
            "agreements, and the documents name none between them"
        ),
        "framework_open": (
            "The agreements in force between {a} and {b} ({names}) do not cover {benefit}, and "
            "{framework}, which includes it, takes effect only through complementary bilateral "
            "agreements that the documents do not name"
        ),
        # openings when nothing gives access
        "no": "No. {fact}",
        "unknown_any": (
            "The documents do not say whether there is a social security agreement between {a} "
            "and {b}: they name none, which does not mean there is none"
        ),
        "unknown_benefit": (
            "The documents do not say whether there is coverage for {benefit} between {a} and {b}"
        ),
        "unknown_any_benefit": (
            "The documents do not say whether there is a social security agreement between {a} "
            "and {b} that covers {benefit}: they name none, which does not mean there is none"
        ),
        # joining a measure that gives access to the agreements' fact
        "framework_only_why": (
            "the only agreement binding them, {names}, is a framework agreement that takes effect "
            "only through complementary bilateral agreements, and the documents name none"
        ),
        "framework_open_why": (
            "what is in force between them ({names}) does not cover that benefit, and "
            "{framework}, which includes it, takes effect only through complementary bilateral "
            "agreements that the documents do not name"
        ),
        "but": "{fact}, but {measure}",
        "pays_abroad": "You can receive a pension from {payer} in {place}: {measure}",
        "pays_abroad_if": (
            "If you are a citizen of {nats}, you can receive a pension from {payer} in {place}: "
            "{measure}"
        ),
        "any_measures": (
            "{fact}, but some measures of {countries} give access to certain benefits without "
            "an agreement (listed below)"
        ),
    },
    "es": {
        "yes_benefit_one": "Sí: {names}, que vincula a {a} y {b}, cubre {benefit}",
        "yes_benefit_many": "Sí: {names}, que vinculan a {a} y {b}, cubren {benefit}",
        "yes_any_one": "Sí: a {a} y {b} los vincula {names}",
        "yes_any_many": "Sí: a {a} y {b} los vinculan {names}",
        "no_instrument_covers_one": (
            "El único convenio entre {a} y {b}, {names}, no cubre {benefit}"
        ),
        "no_instrument_covers_many": (
            "Los convenios entre {a} y {b} ({names}) no cubren {benefit}"
        ),
        "no_data": "Los documentos no nombran ningún convenio de seguridad social entre {a} y {b}",
        "not_itemised": "Los documentos no dicen si {names} cubre {benefit}",
        "not_itemised_any": (
            "Los documentos no dicen qué prestaciones cubre {names} entre {a} y {b}"
        ),
        "framework_only": (
            "El único convenio que vincula a {a} y {b} es {names}, un convenio marco que por sí "
            "solo no da cobertura: surte efecto solo mediante convenios bilaterales "
            "complementarios, y los documentos no nombran ninguno entre ellos"
        ),
        "framework_open": (
            "Los convenios vigentes entre {a} y {b} ({names}) no cubren {benefit}, y "
            "{framework}, que sí incluye esa prestación, surte efecto solo mediante "
            "convenios bilaterales "
            "complementarios que los documentos no nombran"
        ),
        "no": "No. {fact}",
        "unknown_any": (
            "Los documentos no dicen si hay un convenio de seguridad social entre {a} y {b}: no "
            "nombran ninguno, lo que no significa que no exista"
        ),
        "unknown_benefit": "Los documentos no dicen si hay cobertura de {benefit} entre {a} y {b}",
        "unknown_any_benefit": (
            "Los documentos no dicen si hay un convenio de seguridad social entre {a} y {b} que "
            "cubra {benefit}: no nombran ninguno, lo que no significa que no exista"
        ),
        "framework_only_why": (
            "el único convenio que los vincula, {names}, es un convenio marco que surte efecto "
            "solo mediante convenios bilaterales complementarios, y los documentos no nombran "
            "ninguno"
        ),
        "framework_open_why": (
            "lo vigente entre ellos ({names}) no cubre esa prestación, y {framework}, que sí la "
            "incluye, "
            "surte efecto solo mediante convenios bilaterales complementarios que los documentos "
            "no nombran"
        ),
        "but": "{fact}, pero {measure}",
        "pays_abroad": "Puede cobrar en {place} una pensión de {payer}: {measure}",
        "pays_abroad_if": (
            "Si es ciudadano de {nats}, puede cobrar en {place} una pensión de {payer}: {measure}"
        ),
        "any_measures": (
            "{fact}, pero algunas medidas de {countries} dan acceso a ciertas prestaciones sin "
            "necesidad de un convenio (ver abajo)"
        ),
    },
}
# one unilateral measure, as a clause; {benefits} is a plain list ("medical care")
COVERAGE_MEASURE: Final = {
    "en": {
        "equal_treatment": (
            "{country} {applies} equal treatment: foreigners living there have access to "
            "{benefits} on the same terms as nationals (other requirements, such as a regular "
            "stay, may apply)"
        ),
        "irregular_migrants": "In {country}, for migrants whatever their migration status: {what}",
        "nationals_abroad": "For nationals of {country} living abroad: {what} ({benefits})",
        "nationals_abroad_open": "For nationals of {country} living abroad: {what}",
        "nationals_abroad_head": (
            "{country} {offers} its nationals living abroad {what} ({benefits})"
        ),
        "irregular_migrants_head": (
            "{country} {protects} migrants whatever their migration status: {what}"
        ),
        "pays_abroad": "{country} {pays} {benefits} abroad to {whom}",
        "pays_abroad_open": "{country}: {what}",
        "whom_americas": "citizens of any country of the Americas",
        "whom_americas_except": "citizens of any country of the Americas except {excluded}",
        "whom_any": "eligible people",
        "excluded_nationality": (
            "{country} does not pay its pensions abroad to nationals of {nationality}: its rule "
            "covers {whom}"
        ),
        "region_not_eligible": (
            "{country} pays its pensions abroad only to {whom}, and {nationality} is not one of "
            "those countries"
        ),
        "open": "{lead}, but the documents do not say whether it covers {benefits}",
        "open_equal_treatment": (
            "{country} {applies} equal treatment to foreigners, but the documents do not say "
            "whether it covers {benefits}"
        ),
        "for_nationals": " (for citizens of {nats})",
        "who": " Who can use it: {who}",
        "apply_one": "applies",
        "apply_many": "apply",
        "protect_one": "protects",
        "protect_many": "protect",
        "offer_one": "offers",
        "offer_many": "offer",
        "pay_one": "pays",
        "pay_many": "pay",
    },
    "es": {
        "equal_treatment": (
            "{country} {applies} la igualdad de trato: las personas extranjeras que viven allí "
            "tienen acceso a {benefits} en las mismas condiciones que los nacionales (pueden "
            "exigirse otros requisitos, como una estancia regular)"
        ),
        "irregular_migrants": (
            "En {country}, para las personas migrantes sea cual sea su situación migratoria: {what}"
        ),
        "nationals_abroad": (
            "Para los nacionales de {country} en el exterior: {what} ({benefits})"
        ),
        "nationals_abroad_open": "Para los nacionales de {country} en el exterior: {what}",
        "nationals_abroad_head": (
            "{country} {offers} a sus nacionales en el exterior: {what} ({benefits})"
        ),
        "irregular_migrants_head": (
            "{country} {protects} a las personas migrantes sea cual sea su situación migratoria: "
            "{what}"
        ),
        "pays_abroad": "{country} {pays} en el exterior {benefits} a {whom}",
        "pays_abroad_open": "{country}: {what}",
        "whom_americas": "los ciudadanos de cualquier país de las Américas",
        "whom_americas_except": (
            "los ciudadanos de cualquier país de las Américas, salvo {excluded}"
        ),
        "whom_any": "las personas que cumplan los requisitos",
        "excluded_nationality": (
            "{country} no paga sus pensiones en el exterior a los nacionales de {nationality}: su "
            "norma cubre a {whom}"
        ),
        "region_not_eligible": (
            "{country} paga sus pensiones en el exterior solo a {whom}, y {nationality} no es uno "
            "de esos países"
        ),
        "open": "{lead}, pero los documentos no dicen si cubre {benefits}",
        "open_equal_treatment": (
            "{country} {applies} la igualdad de trato a las personas extranjeras, pero los "
            "documentos no dicen si cubre {benefits}"
        ),
        "for_nationals": " (para ciudadanos de {nats})",
        "who": "",
        "apply_one": "aplica",
        "apply_many": "aplican",
        "protect_one": "protege",
        "protect_many": "protegen",
        "offer_one": "ofrece",
        "offer_many": "ofrecen",
        "pay_one": "paga",
        "pay_many": "pagan",
    },
}
# the supporting lines and what to keep in mind
COVERAGE_LINES: Final = {
    "en": {
        "quote": "In the words of {title}: “{quote}”",
        "count_only": (
            "The documents give only the number of benefits of {name} ({count}) and do not list "
            "them, so whether it covers {benefit} is not stated"
        ),
        "count_only_any": (
            "The documents give only the number of benefits of {name} ({count}) and do not list "
            "them"
        ),
        "count_only_covered": (
            "The documents give only the number of benefits of {name} ({count}) and do not list "
            "them, but {covering} already covers {benefit}"
        ),
        "count_unstated": "an unstated number",
        "not_listed": "they do not list the benefits it covers",
        "only_count": "they give only its number of benefits ({count})",
        "table_5": (
            "{title} counts {expected} social security treaties of {me} with {where}, but {named}, "
            "so there may be one with {other} that the documents do not name"
        ),
        "named_none": "does not name them",
        "named_some": "names only {named} of them",
        "where_american": "countries of the Americas",
        "where_other": "countries in other regions",
        "framework_also": (
            "{a} and {b} are also parties to {name}, a framework agreement that gives no "
            "coverage by itself: it takes effect only through complementary bilateral agreements"
        ),
        "measures_heading": "Measures that do not depend on an agreement:",
        "notes_heading": "Keep in mind:",
        "and": " and ",
        "pair": "{a} and {b}",
    },
    "es": {
        "quote": "En palabras de {title}: “{quote}”",
        "count_only": (
            "Los documentos solo dan el número de prestaciones de {name} ({count}) sin "
            "enumerarlas, así que no dicen si cubre {benefit}"
        ),
        "count_only_any": (
            "Los documentos solo dan el número de prestaciones de {name} ({count}) sin enumerarlas"
        ),
        "count_only_covered": (
            "Los documentos solo dan el número de prestaciones de {name} ({count}) sin "
            "enumerarlas, pero {covering} ya cubre {benefit}"
        ),
        "count_unstated": "un número no indicado",
        "not_listed": "no enumeran las prestaciones que cubre",
        "only_count": "solo dan su número de prestaciones ({count})",
        "table_5": (
            "{title} cuenta {expected} tratados de seguridad social de {me} con {where}, pero "
            "{named}, así que puede haber uno con {other} que los documentos no nombran"
        ),
        "named_none": "no los nombra",
        "named_some": "solo nombra {named}",
        "where_american": "países de las Américas",
        "where_other": "países de otras regiones",
        "framework_also": (
            "{a} y {b} también son parte de {name}, un convenio marco que por sí solo no da "
            "cobertura: surte efecto solo mediante convenios bilaterales complementarios"
        ),
        "measures_heading": "Medidas que no dependen de un convenio:",
        "notes_heading": "Tenga en cuenta:",
        "and": " y ",
        "pair": "{a} y {b}",
    },
}
# benefits in plain words; pensions are folded ("invalidity, old-age and survivors' pensions")
PLAIN_BENEFIT: Final = {
    "en": {
        "medical_care": "medical care",
        "sickness": "sickness benefits",
        "maternity": "maternity benefits",
        "invalidity": "invalidity pensions",
        "old_age": "old-age pensions",
        "survivors": "survivors' pensions",
        "employment_injury": "benefits for accidents at work and occupational diseases",
        "unemployment": "unemployment benefits",
        "family": "family benefits",
        "emergency_medical_care": "emergency medical care",
    },
    "es": {
        "medical_care": "la atención médica",
        "sickness": "las prestaciones por enfermedad",
        "maternity": "las prestaciones por maternidad",
        "invalidity": "las pensiones de invalidez",
        "old_age": "las pensiones de vejez",
        "survivors": "las pensiones de sobrevivientes",
        "employment_injury": (
            "las prestaciones por accidentes de trabajo y enfermedades profesionales"
        ),
        "unemployment": "las prestaciones por desempleo",
        "family": "las prestaciones familiares",
        "emergency_medical_care": "la asistencia médica de urgencia",
    },
}
PENSIONS: Final = {
    "en": (
        "{kinds} pensions",
        {"invalidity": "invalidity", "old_age": "old-age", "survivors": "survivors'"},
    ),
    "es": (
        "las pensiones de {kinds}",
        {"invalidity": "invalidez", "old_age": "vejez", "survivors": "sobrevivientes"},
    ),
}
# Acronyms expanded at their first use in an answer (unless already written "Name (ACR)").
ACRONYMS: Final = {
    "en": {
        "CISS": "Inter-American Conference on Social Security",
        "COISS": "Ibero-American Agreement on Social Security",
        "CMISS": "Ibero-American Multilateral Agreement on Social Security",
        "OISS": "Ibero-American Social Security Organization",
        "CARICOM": "Caribbean Community",
        "IMSS": "Mexican Social Security Institute",
        "ISSS": "Salvadoran Social Security Institute",
        "FONASA": "National Health Fund",
        "ILO": "International Labour Organization",
        "IOM": "International Organization for Migration",
    },
    "es": {
        "CISS": "Conferencia Interamericana de Seguridad Social",
        "COISS": "Convenio Iberoamericano de Seguridad Social",
        "CMISS": "Convenio Multilateral Iberoamericano de Seguridad Social",
        "OISS": "Organización Iberoamericana de Seguridad Social",
        "CARICOM": "Comunidad del Caribe",
        "IMSS": "Instituto Mexicano del Seguro Social",
        "ISSS": "Instituto Salvadoreño del Seguro Social",
        "SRE": "Secretaría de Relaciones Exteriores",
        "FONASA": "Fondo Nacional de Salud",
        "OIT": "Organización Internacional del Trabajo",
        "OIM": "Organización Internacional para las Migraciones",
    },
}
COVERAGE_FOOTER: Final = {
    "en": (
        "This answer comes from a check of the agreements and measures named in the documents. "
        "Before you act, confirm with the social security institution of the country concerned."
    ),
    "es": (
        "Esta respuesta proviene de una verificación de los convenios y medidas que nombran los "
        "documentos. Antes de hacer un trámite, confírmelo con la institución de seguridad social "
        "del país correspondiente."
    ),
}

# -- notices of the optional LLM answerer (src/ssassist/llm/) --
LLM_NOTICE: Final = {
    "en": {
        "unavailable": (
            "The language model could not be reached, so this answer quotes the documents directly."
        ),
        "uncited": (
            "The language model's answer did not cite the documents, so this answer quotes "
            "them directly."
        ),
        "bad_citations": "References to passages that do not exist were removed from this answer.",
        "contradiction": (
            "The language model's answer did not match the exact coverage check, so the "
            "check's answer is shown instead."
        ),
        "verdict_added": (
            "The verdict of the exact coverage check was added at the start of this answer."
        ),
    },
    "es": {
        "unavailable": (
            "No se pudo consultar el modelo de lenguaje; esta respuesta cita directamente los "
            "documentos."
        ),
        "uncited": (
            "La respuesta del modelo de lenguaje no citaba los documentos; esta respuesta los "
            "cita directamente."
        ),
        "bad_citations": "Se quitaron de esta respuesta referencias a pasajes que no existen.",
        "contradiction": (
            "La respuesta del modelo de lenguaje no coincidía con la verificación exacta de "
            "cobertura; se muestra la respuesta de la verificación."
        ),
        "verdict_added": (
            "Se añadió al comienzo de esta respuesta el veredicto de la verificación exacta de "
            "cobertura."
        ),
    },
}

# -- work histories in three or more countries (answering/history.py) --
HISTORY: Final = {
    "en": {
        "and": " and ",
        "any_benefit": "a pension or other benefit",
        "lead_yes": (
            "Your years in {countries} can be added together for {benefit} under the {instrument}"
        ),
        "lead_maybe": (
            "The documents do not say for certain that your years in these countries can be "
            "added together for {benefit}: the agreements that bind them do not itemise it."
        ),
        "lead_none": (
            "The documents name no agreement under which your years in {countries} can be "
            "added together for {benefit}."
        ),
        "never_chained": (
            "Years are added only within one agreement, among the countries it binds; two "
            "separate agreements do not link three countries."
        ),
        "group_yes": "{instrument}: adds your years in {countries}.",
        "group_maybe_any": (
            "{instrument} ({countries}): the documents do not itemise which benefits it covers."
        ),
        "group_maybe": (
            "{instrument} ({countries}): the documents do not itemise whether it covers {benefit}."
        ),
        "framework": (
            "{instrument} ({countries}) is a framework agreement: by itself it does not add "
            "years; it needs complementary agreements between the countries."
        ),
        "absent": "{a} and {b}: the documents say there is no agreement between them.",
        "pair": "{a} and {b}",
        "unknown": (
            "{pairs}: the documents say nothing about an agreement between them; that does not "
            "mean there is none. Ask their social security institutions."
        ),
    },
    "es": {
        "and": " y ",
        "any_benefit": "una pensión u otra prestación",
        "lead_yes": ("Sus años en {countries} se pueden sumar para {benefit} por el {instrument}"),
        "lead_maybe": (
            "Los documentos no dicen con certeza que sus años en estos países se puedan sumar "
            "para {benefit}: los convenios que los vinculan no lo detallan."
        ),
        "lead_none": (
            "Los documentos no mencionan ningún convenio por el que sus años en {countries} se "
            "puedan sumar para {benefit}."
        ),
        "never_chained": (
            "Los años solo se suman dentro de un mismo convenio, entre los países que vincula; "
            "dos convenios distintos no enlazan tres países."
        ),
        "group_yes": "{instrument}: suma sus años en {countries}.",
        "group_maybe_any": (
            "{instrument} ({countries}): los documentos no detallan qué prestaciones cubre."
        ),
        "group_maybe": (
            "{instrument} ({countries}): los documentos no detallan si cubre {benefit}."
        ),
        "framework": (
            "{instrument} ({countries}) es un convenio marco: por sí solo no suma años; "
            "necesita convenios complementarios entre los países."
        ),
        "absent": "{a} y {b}: los documentos dicen que no hay convenio entre ellos.",
        "pair": "{a} y {b}",
        "unknown": (
            "{pairs}: los documentos no dicen nada de un convenio entre ellos; eso no significa "
            "que no exista. Consulte a sus instituciones de seguridad social."
        ),
    },
}
