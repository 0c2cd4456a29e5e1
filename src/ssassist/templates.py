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
