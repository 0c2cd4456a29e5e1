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
MATRIX_FACT: Final = {
    "en": "From the matrix of mechanisms transcribed from the documents: {text}",
    "es": "Según la matriz de mecanismos transcrita de los documentos: {text}",
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
COVERAGE_VERDICT: Final = {
    "en": {
        "instrument_covers": "Yes. {a} and {b} are covered{for_benefit} by: {names}.",
        "no_instrument_covers": (
            "No. {a} and {b} are bound by {names}, but none of them covers {benefit}."
        ),
        "not_itemised": (
            "Unknown. {a} and {b} are bound by {names}, but the documents do not itemise "
            "whether {benefit} is covered."
        ),
        "framework_only": (
            "Unknown. Only {names} binds {a} and {b}: a framework agreement that takes effect "
            "only through complementary bilateral agreements, which the documents do not name."
        ),
        "framework_open": (
            "Unknown. {a} and {b} are bound by {names}. The agreements in force do not cover "
            "{benefit}, and the framework agreement that includes it takes effect only through "
            "complementary bilateral agreements, which the documents do not name."
        ),
        "no_data": (
            "Unknown. The documents say nothing about a social security agreement between {a} "
            "and {b}. This does not mean there is none: ask the social security institutions "
            "of both countries."
        ),
    },
    "es": {
        "instrument_covers": "Sí. {a} y {b} están cubiertos{for_benefit} por: {names}.",
        "no_instrument_covers": (
            "No. A {a} y {b} los vinculan {names}, pero ninguno cubre {benefit}."
        ),
        "not_itemised": (
            "No se sabe. A {a} y {b} los vincula {names}, pero los documentos no detallan si "
            "cubre {benefit}."
        ),
        "framework_only": (
            "No se sabe. A {a} y {b} solo los vincula {names}: un convenio marco que solo "
            "surte efecto mediante convenios bilaterales complementarios, que los documentos "
            "no mencionan."
        ),
        "framework_open": (
            "No se sabe. A {a} y {b} los vinculan {names}. Los convenios vigentes no cubren "
            "{benefit}, y el convenio marco que la incluye solo surte efecto mediante "
            "convenios bilaterales complementarios, que los documentos no mencionan."
        ),
        "no_data": (
            "No se sabe. Los documentos no dicen nada sobre un convenio de seguridad social "
            "entre {a} y {b}. Eso no significa que no exista: consulte a las instituciones de "
            "seguridad social de ambos países."
        ),
    },
}
# an explicit absence is worded by its own statement (its scope: any agreement, or bilateral only)
ABSENCE_VERDICT: Final = {
    "en": "{statement} In the words of the source: “{quote}”",
    "es": "{statement} En palabras de la fuente: “{quote}”",
}
FOR_BENEFIT: Final = {"en": " for {benefit}", "es": " en cuanto a {benefit}"}
ANY_BENEFIT: Final = {"en": "the benefit asked about", "es": "la prestación consultada"}
COVERAGE_NOTES_HEADING: Final = {"en": "Also worth knowing:", "es": "También conviene saber:"}
COVERAGE_FOOTER: Final = {
    "en": "This verdict comes from an exact check of the agreements documented in the corpus.",
    "es": (
        "Este veredicto proviene de una verificación exacta de los convenios documentados en "
        "el corpus."
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
