"""Helpdesk reply drafts: an answer turned into a message staff can send to a migrant.

The draft is plain text (no markup): a greeting, the question, the assistant's
answer as it is, then the numbered sources with full titles, publisher, year,
section and the quoted passage, so the reply stands on its own when pasted into
an e-mail. Wording lives in :data:`DRAFT`, one block per language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Final

from pydantic import BaseModel

from ssassist.ingest.corpus import DocumentMeta
from ssassist.models import Answer, Citation

DRAFT: Final = {
    "es": {
        "greeting": "Estimada persona usuaria:",
        "thanks": "Gracias por escribirnos. Usted nos preguntó:",
        "intro": "Esta es la respuesta según los documentos que consultamos:",
        "sources": "Fuentes",
        "section": "Sección",
        "no_date": "s. f.",
        "no_sources": "Esta respuesta no cita fuentes.",
        "closing": (
            "Esta información proviene únicamente de los documentos citados y no sustituye "
            "la orientación de la institución de seguridad social que corresponda a su caso. "
            "Si tiene más preguntas, con gusto le ayudamos."
        ),
        "sign_off": "Atentamente,",
        "signature": "[Nombre] — Mesa de ayuda",
        "file_prefix": "respuesta",
    },
    "en": {
        "greeting": "Dear user,",
        "thanks": "Thank you for writing to us. You asked:",
        "intro": "Here is the answer, based on the documents we consulted:",
        "sources": "Sources",
        "section": "Section",
        "no_date": "n.d.",
        "no_sources": "This answer cites no sources.",
        "closing": (
            "This information comes only from the documents cited and does not replace the "
            "advice of the social security institution in charge of your case. "
            "If you have more questions, we will be glad to help."
        ),
        "sign_off": "Kind regards,",
        "signature": "[Name] — Helpdesk",
        "file_prefix": "reply",
    },
}


class HelpdeskDraft(BaseModel):
    """A reply ready to copy or download."""

    language: str
    text: str
    filename: str


def full_title(citation: Citation, meta: DocumentMeta | None, lang: str) -> str:
    """'Title. Series. Author. Publisher, year.' from the document metadata (or the citation)."""
    title = meta.title if meta else citation.title
    parts = [title.rstrip(".")]
    if meta is not None and meta.series:
        parts.append(meta.series.rstrip("."))
    if meta is not None and meta.author:
        parts.append(meta.author.rstrip("."))
    publisher = (meta.publisher if meta else citation.publisher) or ""
    year = (meta.year if meta else citation.year) or DRAFT[lang]["no_date"]
    parts.append(f"{publisher}, {year}" if publisher else str(year))
    return ". ".join(parts) + "."


def _quote(text: str, lang: str) -> str:
    body = " ".join(text.split())
    return f"«{body}»" if lang == "es" else f"“{body}”"


def sources_block(
    citations: list[Citation], documents: Mapping[str, DocumentMeta], lang: str
) -> list[str]:
    """The numbered sources: full title, section, then the quoted passage, indented."""
    words = DRAFT[lang]
    lines: list[str] = []
    for c in citations:
        lines.append(f"[{c.n}] {full_title(c, documents.get(c.doc_id), lang)}")
        if c.section:
            lines.append(f"    {words['section']}: {c.section}")
        lines.append(f"    {_quote(c.text, lang)}")
    return lines


def _slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "ssassist"


def draft_filename(answer: Answer, when: datetime | None = None) -> str:
    """A safe file name, e.g. ``respuesta-20250101-0930-hay-convenio-entre-peru.txt``."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M")
    return f"{DRAFT[answer.language]['file_prefix']}-{stamp}-{_slug(answer.question)}.txt"


def compose_draft(
    answer: Answer,
    documents: Mapping[str, DocumentMeta] | None = None,
    signature: str | None = None,
    when: datetime | None = None,
) -> HelpdeskDraft:
    """The reply to a migrant for ``answer``, in the answer's language.

    Args:
        answer: what ``Assistant.ask`` (or ``coverage_answer``) returned.
        documents: corpus metadata by id (``Assistant.documents``) for full titles.
        signature: the staff member's name line; a placeholder when None.
        when: time used in the file name (now by default).
    """
    lang = answer.language
    words = DRAFT[lang]
    lines = [
        words["greeting"],
        "",
        words["thanks"],
        _quote(answer.question, lang),
        "",
        words["intro"],
        "",
        answer.answer.strip(),
    ]
    lines += [f"({n})" for n in answer.notices]
    lines += ["", f"{words['sources']}:"]
    if answer.citations:
        lines += sources_block(answer.citations, documents or {}, lang)
    else:
        lines.append(words["no_sources"])
    lines += ["", words["closing"], "", words["sign_off"], signature or words["signature"]]
    text = "\n".join(lines) + "\n"
    return HelpdeskDraft(language=lang, text=text, filename=draft_filename(answer, when))
