"""Every string the app shows, in Spanish and English, and how the label language is chosen."""

from __future__ import annotations

from typing import Final

LANGS: Final = ("es", "en")
LANG_CHOICES: Final = [("Auto", "auto"), ("Español", "es"), ("English", "en")]
"""Choices of the label-language selector (each in its own language)."""

EXAMPLES: Final = [
    "¿Hay convenio de seguridad social entre Perú y Argentina?",
    "¿Qué es el programa Salvadoreño Seguro?",
    "¿Qué países ofrecen seguro voluntario a sus emigrantes?",
    "Does the United States pay pensions abroad to migrants?",
    "Which countries are parties to the Ibero-American Multilateral Agreement on Social Security?",
    "Is there an agreement between Mexico and Canada for old-age pensions?",
]
"""Example questions, in both languages."""

L: Final[dict[str, dict[str, str]]] = {
    "title": {
        "es": "Seguridad social para personas migrantes en las Américas",
        "en": "Social security for migrants in the Americas",
    },
    "intro": {
        "es": "Pregunte en español o en inglés. Cada respuesta cita los documentos en que se "
        "basa; si pregunta por un convenio entre dos países, se revisan uno por uno los "
        "convenios que nombran esos documentos.",
        "en": "Ask in Spanish or English. Every answer quotes the documents it rests on; if you "
        "ask about an agreement between two countries, the agreements those documents name are "
        "checked one by one.",
    },
    "lang": {"es": "Idioma de la interfaz", "en": "Interface language"},
    "tab_chat": {"es": "Preguntar", "en": "Ask"},
    "tab_coverage": {"es": "Cobertura", "en": "Coverage"},
    "tab_sources": {"es": "Fuentes", "en": "Sources"},
    "chat": {"es": "Conversación", "en": "Conversation"},
    "question": {"es": "Su pregunta", "en": "Your question"},
    "placeholder": {
        "es": "p. ej. ¿Hay convenio entre México y Estados Unidos?",
        "en": "e.g. Is there an agreement between Mexico and the United States?",
    },
    "send": {"es": "Enviar", "en": "Send"},
    "clear": {"es": "Nueva conversación", "en": "New conversation"},
    "examples": {"es": "Ejemplos · Examples", "en": "Examples · Ejemplos"},
    "pending": {"es": "Preparando la respuesta…", "en": "Preparing the answer…"},
    "pending_warming": {
        "es": "El asistente se está preparando (primera pregunta tras el arranque): faltan unos "
        "{s} segundos. Luego se prepara la respuesta…",
        "en": "The assistant is getting ready (first question after a start): about {s} seconds "
        "to go. Then the answer is prepared…",
    },
    "warming_late": {
        "es": "El asistente sigue preparándose: carga su modelo de búsqueda y el índice de los "
        "documentos, y hoy tarda más de lo habitual (lleva {s} segundos). Ya puede escribir su "
        "pregunta; se responderá en cuanto esté listo.",
        "en": "The assistant is still getting ready: it is loading its search model and the "
        "index of the documents, and it is taking longer than usual ({s} seconds so far). You "
        "can type your question now; it is answered as soon as it is ready.",
    },
    "pending_warming_late": {
        "es": "El asistente sigue preparándose (primera pregunta tras el arranque; lleva {s} "
        "segundos, más de lo habitual). Luego se prepara la respuesta…",
        "en": "The assistant is still getting ready (first question after a start; {s} seconds "
        "so far, longer than usual). Then the answer is prepared…",
    },
    "warming": {
        "es": "El asistente se está preparando: carga su modelo de búsqueda y el índice de los "
        "documentos, lo que tarda unos {s} segundos más tras un arranque. Ya puede escribir su "
        "pregunta; se responderá en cuanto esté listo.",
        "en": "The assistant is getting ready: it is loading its search model and the index of "
        "the documents, which takes about {s} more seconds after a start. You can type your "
        "question now; it is answered as soon as it is ready.",
    },
    "chat_placeholder": {
        "es": "Escriba su pregunta en el recuadro de abajo. Cada respuesta cita los documentos "
        "en que se basa.",
        "en": "Type your question in the box below. Every answer quotes the documents it rests on.",
    },
    "empty_question": {
        "es": "Escriba una pregunta.",
        "en": "Please type a question.",
    },
    "failed": {
        "es": "Algo falló al preparar la respuesta; inténtelo de nuevo.",
        "en": "Something went wrong while preparing the answer; please try again.",
    },
    # answer rendering
    "route_rag": {
        "es": "Respuesta citada de los documentos",
        "en": "Answer quoted from the documents",
    },
    "route_coverage": {
        "es": "Verificación exacta de los convenios",
        "en": "Exact check of the agreements",
    },
    "route_refusal": {
        "es": "Sin respuesta en los documentos",
        "en": "Not answered by the documents",
    },
    "sources": {"es": "Fuentes (pulse para ver la cita)", "en": "Sources (click to see the quote)"},
    "no_date": {"es": "s. f.", "en": "n.d."},
    "section": {"es": "Sección", "en": "Section"},
    "document": {"es": "Documento", "en": "Document"},
    "verdict_covered": {"es": "Cubierto", "en": "Covered"},
    "verdict_not_covered": {"es": "No cubierto", "en": "Not covered"},
    "verdict_unknown": {"es": "No se sabe", "en": "Unknown"},
    "verdict_no_data": {"es": "Sin datos", "en": "No data"},
    # the coverage badge of an answer: the agreements' verdict · what gives access (issue 13)
    "badge_covered": {"es": "Cubierto por un convenio", "en": "Covered by an agreement"},
    "badge_no_agreement": {"es": "Sin convenio", "en": "No agreement"},
    "badge_not_covered": {
        "es": "Los convenios no lo cubren",
        "en": "Not covered by the agreements",
    },
    "badge_no_known_agreement": {"es": "Sin convenio conocido", "en": "No known agreement"},
    "badge_unknown": {"es": "No se sabe", "en": "Unknown"},
    "access_equal_treatment": {
        "es": "acceso por igualdad de trato",
        "en": "access by equal treatment",
    },
    "access_irregular_migrants": {
        "es": "acceso sin importar la situación migratoria",
        "en": "access whatever the migration status",
    },
    "access_voluntary_insurance": {
        "es": "acceso por seguro voluntario",
        "en": "access by voluntary insurance",
    },
    "access_exportability": {"es": "pensión pagada en el exterior", "en": "pension paid abroad"},
    "access_other": {"es": "acceso por una medida nacional", "en": "access by a national measure"},
    "access_some": {
        "es": "acceso a algunas prestaciones sin convenio",
        "en": "access to some benefits without an agreement",
    },
    # selected answer, feedback, helpdesk, details
    "selected": {
        "es": "Respuesta seleccionada: n.º {n} — {question}",
        "en": "Selected answer: #{n} — {question}",
    },
    "selected_hint": {
        "es": "Pulse una respuesta del chat para seleccionarla.",
        "en": "Click an answer in the chat to select it.",
    },
    "no_answer": {"es": "Aún no hay respuestas.", "en": "No answers yet."},
    "feedback": {"es": "¿Le sirvió esta respuesta?", "en": "Was this answer helpful?"},
    "feedback_n": {
        "es": "¿Le sirvió la respuesta n.º {n}?",
        "en": "Was answer #{n} helpful?",
    },
    "feedback_hint": {
        "es": "Pulse otra respuesta del chat para opinar sobre ella.",
        "en": "Click another answer in the chat to give feedback on it.",
    },
    "staff": {"es": "Para el personal", "en": "For staff"},
    "up": {"es": "Útil", "en": "Helpful"},
    "down": {"es": "No útil", "en": "Not helpful"},
    "comment": {"es": "Comentario (opcional)", "en": "Comment (optional)"},
    "comment_placeholder": {
        "es": "Comentario (opcional): ¿qué faltó o qué estuvo bien?",
        "en": "Comment (optional): what was missing, or what was good?",
    },
    "thanks": {
        "es": "Gracias: su opinión quedó registrada (registro n.º {id}).",
        "en": "Thank you: your feedback was recorded (record #{id}).",
    },
    "feedback_failed": {
        "es": "No se pudo guardar su opinión; inténtelo de nuevo.",
        "en": "Your feedback could not be saved; please try again.",
    },
    "helpdesk": {"es": "Borrador de respuesta para la mesa de ayuda", "en": "Helpdesk reply draft"},
    "helpdesk_button": {"es": "Redactar respuesta para enviar", "en": "Draft a reply to send"},
    "helpdesk_text": {
        "es": "Borrador (cópielo o descárguelo)",
        "en": "Draft (copy or download it)",
    },
    "download": {"es": "Descargar borrador", "en": "Download draft"},
    "details": {"es": "Detalles para el personal", "en": "Details for staff"},
    "route": {"es": "Ruta", "en": "Route"},
    "support": {"es": "Evidencia (0–1)", "en": "Evidence (0–1)"},
    "language": {"es": "Idioma", "en": "Language"},
    "timings": {"es": "Tiempo por etapa", "en": "Time per stage"},
    "stage": {"es": "Etapa", "en": "Stage"},
    "seconds": {"es": "Segundos", "en": "Seconds"},
    "retrieved": {"es": "Pasajes recuperados", "en": "Retrieved passages"},
    "no_retrieved": {
        "es": "Ninguno: esta respuesta no usó la búsqueda.",
        "en": "None: this answer did not use retrieval.",
    },
    "score": {"es": "Puntaje", "en": "Score"},
    "passage": {"es": "Pasaje", "en": "Passage"},
    # coverage tab
    "coverage_intro": {
        "es": "Elija dos países (escriba para buscar, en español o en inglés) y, si quiere, "
        "una prestación. Si trabajó en más países, añádalos para ver qué años se suman.",
        "en": "Pick two countries (type to search, in Spanish or English) and, optionally, "
        "a benefit. If you worked in more countries, add them to see which years add up.",
    },
    "country_a": {"es": "País A", "en": "Country A"},
    "country_b": {"es": "País B", "en": "Country B"},
    "role_from": {"es": "Soy de (opcional)", "en": "I am from (optional)"},
    "role_lives_in": {"es": "Vivo en (opcional)", "en": "I live in (optional)"},
    "role_either": {"es": "Cualquiera de los dos", "en": "Either of the two"},
    "benefit": {"es": "Prestación (opcional)", "en": "Benefit (optional)"},
    "check": {"es": "Verificar cobertura", "en": "Check coverage"},
    "pick_two": {"es": "Elija dos países.", "en": "Pick two countries."},
    "verdict": {"es": "Veredicto", "en": "Verdict"},
    "what": {"es": "Qué", "en": "What"},
    "name": {"es": "Nombre", "en": "Name"},
    "status": {"es": "Estado", "en": "Status"},
    "benefits_col": {"es": "Prestaciones", "en": "Benefits"},
    "source": {"es": "Fuente", "en": "Source"},
    "row_instrument": {"es": "Instrumento", "en": "Instrument"},
    "row_unilateral": {"es": "Medida unilateral", "en": "Unilateral measure"},
    "row_absence": {"es": "Sin convenio", "en": "No agreement"},
    "row_note": {"es": "Nota", "en": "Note"},
    "status_covered": {"es": "cubre", "en": "covers"},
    "status_not_covered": {"es": "no cubre", "en": "does not cover"},
    "status_unknown": {"es": "sin detallar", "en": "not itemised"},
    "status_framework": {"es": "convenio marco", "en": "framework only"},
    "measure_voluntary_insurance": {"es": "seguro voluntario", "en": "voluntary insurance"},
    "measure_exportability": {
        "es": "exportabilidad de pensiones",
        "en": "exportability of pensions",
    },
    "measure_irregular_migrants": {
        "es": "acceso de migrantes irregulares",
        "en": "access for irregular migrants",
    },
    "measure_equal_treatment": {"es": "igualdad de trato", "en": "equal treatment"},
    "measure_welfare_fund": {"es": "fondo de bienestar", "en": "welfare fund"},
    "measure_coverage_abroad": {"es": "cobertura en el extranjero", "en": "coverage abroad"},
    "measure_other": {"es": "otra medida", "en": "other measure"},
    "by_benefit": {"es": "Prestación por prestación", "en": "Benefit by benefit"},
    "covered_by": {"es": "Lo cubren", "en": "Covered by"},
    "open_in": {"es": "Sin detallar en", "en": "Not itemised in"},
    "any_benefit": {"es": "Cualquier prestación", "en": "Any benefit"},
    "nothing": {
        "es": "Nada en la matriz para este par.",
        "en": "Nothing in the matrix for this pair.",
    },
    "map": {"es": "Mapa de la matriz", "en": "Map of the matrix"},
    "map_view": {"es": "Vista", "en": "View"},
    "view_pairs": {"es": "País × país", "en": "Country × country"},
    "view_benefits": {"es": "Socios de A × prestación", "en": "Partners of A × benefit"},
    "map_title_pairs": {
        "es": "Convenios entre países — {benefit}",
        "en": "Agreements between countries — {benefit}",
    },
    "map_title_benefits": {
        "es": "{country}: cobertura con cada socio, por prestación",
        "en": "{country}: coverage with each partner, by benefit",
    },
    "map_selected": {"es": "recuadro: el par elegido", "en": "outlined: the selected pair"},
    "more_options": {
        "es": "Más opciones: otros países donde trabajó, de dónde es, dónde vive",
        "en": "More options: other countries you worked in, where you are from, where you live",
    },
    "partners_title": {
        "es": "{country}: convenios con cada país, por prestación",
        "en": "{country}: agreements with each country, by benefit",
    },
    "partners_pick": {
        "es": "Elija el país A para ver con qué países tiene convenio y para qué prestaciones.",
        "en": "Pick country A to see which countries it has agreements with, and for which "
        "benefits.",
    },
    "partners_none": {
        "es": "Los documentos no nombran convenios de este país.",
        "en": "The documents name no agreements of this country.",
    },
    "partner_rest": {"es": "las demás prestaciones", "en": "the other benefits"},
    "partner_selected": {"es": "país B elegido", "en": "selected country B"},
    # work history (three or more countries, issue 16)
    "more_countries": {
        "es": "Más países donde trabajó (historial laboral)",
        "en": "More countries worked in (work history)",
    },
    "role_any": {"es": "Cualquiera de ellos", "en": "Any of them"},
    "history_badge_all": {
        "es": "Un convenio suma todos sus años",
        "en": "One agreement adds all your years",
    },
    "history_badge_some": {
        "es": "Algunos años se suman por convenio",
        "en": "Some years add up under an agreement",
    },
    "history_badge_maybe": {
        "es": "Puede que se sumen (sin detallar)",
        "en": "They may add up (not itemised)",
    },
    "history_badge_none": {"es": "Sin convenio conocido", "en": "No known agreement"},
    "history_groups": {
        "es": "Qué años se suman, y por qué convenio",
        "en": "Which years add up, and under which agreement",
    },
    "history_rule": {
        "es": "Los años solo se suman dentro de un mismo convenio, entre los países que vincula.",
        "en": "Years add up only within one agreement, among the countries it binds.",
    },
    "agreement": {"es": "Convenio", "en": "Agreement"},
    "its_countries": {"es": "Países", "en": "Countries"},
    "history_adds": {"es": "suma los años", "en": "adds the years"},
    "history_may_cover": {
        "es": "puede cubrir (sin detallar)",
        "en": "may cover (not itemised)",
    },
    "history_framework": {
        "es": "solo convenio marco: no suma años por sí solo",
        "en": "framework only: adds no years by itself",
    },
    "history_equal_treatment": {
        "es": "igualdad de trato: no suma años por sí solo",
        "en": "equal treatment: adds no years by itself",
    },
    "history_pairs": {
        "es": "Pares de países que ningún convenio une",
        "en": "Pairs of countries no agreement joins",
    },
    "pair": {"es": "Par", "en": "Pair"},
    "documents_say": {"es": "Qué dicen los documentos", "en": "What the documents say"},
    "pair_explicit_absence": {
        "es": "los documentos dicen que no hay convenio entre ellos",
        "en": "the documents say there is no agreement between them",
    },
    "pair_no_instrument_covers": {
        "es": "los convenios que los vinculan no cubren esta prestación",
        "en": "the agreements binding them do not cover this benefit",
    },
    "pair_framework": {
        "es": "solo los vincula un convenio marco: no se sabe",
        "en": "only a framework agreement binds them: unknown",
    },
    "pair_not_itemised": {
        "es": "solo los vincula un convenio de igualdad de trato: no se sabe",
        "en": "only an equal-treatment convention binds them: unknown",
    },
    "pair_no_data": {
        "es": "los documentos no dicen nada de un convenio entre ellos; eso no significa "
        "que no exista",
        "en": "the documents say nothing about an agreement between them; that does not "
        "mean there is none",
    },
    "history_measures": {
        "es": "Medidas nacionales (sin convenio)",
        "en": "National measures (no agreement needed)",
    },
    "measure": {"es": "Medida", "en": "Measure"},
    "history_notes": {"es": "Notas", "en": "Notes"},
    "plot_history_title": {
        "es": "Qué años se suman — {benefit}",
        "en": "Which years add up — {benefit}",
    },
    "plot_adds": {"es": "suma los años", "en": "adds the years"},
    "plot_may_cover": {"es": "puede cubrir (sin detallar)", "en": "may cover (not itemised)"},
    "plot_framework": {"es": "solo convenio marco", "en": "framework only"},
    "plot_equal_treatment": {"es": "solo igualdad de trato", "en": "equal treatment only"},
    "plot_no_group": {
        "es": "Ningún convenio conocido suma estos años",
        "en": "No known agreement adds these years",
    },
    "short_treaty": {"es": "{pair} (convenio)", "en": "{pair} (treaty)"},
    "short_extension": {"es": "{pair} (amplía el {base})", "en": "{pair} (extends the {base})"},
    "short_inter_institutional": {
        "es": "{pair} (acuerdo entre instituciones)",
        "en": "{pair} (inter-institutional)",
    },
    # sources tab
    "documents": {"es": "Documentos del corpus", "en": "Documents of the corpus"},
    "doc_full_title": {"es": "Título completo", "en": "Full title"},
    "doc_series": {"es": "Serie", "en": "Series"},
    "doc_author": {"es": "Autoría", "en": "Author"},
    "doc_publisher": {"es": "Publica", "en": "Publisher"},
    "doc_line": {"es": "{title}, en {language}", "en": "{title}, in {language}"},
    "lang_name_es": {"es": "español", "en": "Spanish"},
    "lang_name_en": {"es": "inglés", "en": "English"},
    "kind_technical_note": {"es": "Nota técnica", "en": "Technical note"},
    "kind_conference_paper": {"es": "Documento de reunión", "en": "Meeting document"},
    "kind_press_release": {"es": "Comunicado de prensa", "en": "Press release"},
    "kind_policy_brief": {"es": "Nota informativa", "en": "Policy brief"},
    "kind_report": {"es": "Informe", "en": "Report"},
    "quote": {"es": "Cita", "en": "Quote"},
    "source_and_quote": {"es": "Fuente y cita", "en": "Source and quote"},
    "matrix_heading": {
        "es": "Convenios y medidas que nombran los documentos",
        "en": "Agreements and measures the documents name",
    },
    "matrix_intro": {
        "es": "Una fila por convenio o medida, con la fuente y la cita en que se basa "
        "(la cita aparece una vez para los convenios que comparten fuente).",
        "en": "One row per agreement or measure, with the source and quote it rests on "
        "(the quote shows once for agreements that share a source).",
    },
    "search": {
        "es": "Buscar un país, convenio o prestación",
        "en": "Search a country, agreement or benefit",
    },
    "search_placeholder": {
        "es": "p. ej. Argentina vejez, CMISS, seguro voluntario",
        "en": "e.g. Argentina old-age, CMISS, voluntary insurance",
    },
    "nothing_found": {
        "es": "Ninguna fila contiene todas esas palabras.",
        "en": "No row contains all those words.",
    },
    "rows_shown": {
        "es": "{n} de {total} convenios y medidas",
        "en": "{n} of {total} agreements and measures",
    },
    # start-up
    "index_missing": {
        "es": "No se encontró el índice de búsqueda en {location}. "
        "Constrúyalo con `ssassist ingest` (o `make app`) y reinicie la aplicación. "
        "Mientras tanto, las verificaciones de cobertura entre países funcionan.",
        "en": "No search index was found at {location}. Build it with `ssassist ingest` "
        "(or `make app`) and restart the app. Meanwhile, coverage checks between countries work.",
    },
    "index_mismatch": {
        "es": "El índice de búsqueda en {location} no se puede usar ({reason}). Reconstrúyalo con "
        "`ssassist ingest --rebuild` y reinicie la aplicación. "
        "Mientras tanto, las verificaciones de cobertura entre países funcionan.",
        "en": "The search index at {location} cannot be used ({reason}). Rebuild it with "
        "`ssassist ingest --rebuild` and restart the app. "
        "Meanwhile, coverage checks between countries work.",
    },
    "login": {
        "es": "Mesa de ayuda: ingrese su usuario y contraseña.",
        "en": "Helpdesk: enter your username and password.",
    },
}


def t(key: str, lang: str, **fields: object) -> str:
    """The label ``key`` in ``lang`` (Spanish when the language is unknown), formatted."""
    text = L[key]["en" if lang == "en" else "es"]
    return text.format(**fields) if fields else text


def ui_language(choice: str | None, detected: str | None, browser: str | None = None) -> str:
    """Label language: chosen, else the last question's, else the browser's, else Spanish."""
    if choice in LANGS:
        return str(choice)
    if detected in LANGS:
        return str(detected)
    if browser and browser.lower().startswith("en"):
        return "en"
    return "es"
