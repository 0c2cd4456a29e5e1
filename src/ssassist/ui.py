"""The Gradio chat app: presentation only, every answer comes from ``Assistant``."""

from __future__ import annotations

import html
import logging
from typing import Any

import gradio as gr

from ssassist.errors import SSAssistError
from ssassist.models import Answer

log = logging.getLogger(__name__)

EXAMPLES = [
    "¿Qué países ofrecen seguro voluntario a sus emigrantes?",
    "Does the United States pay pensions abroad to migrants?",
    "¿Qué es el programa Salvadoreño Seguro y cuánto cuesta?",
    "Which countries are parties to the Ibero-American Multilateral Agreement on Social Security?",
]
ROUTE_LABEL = {
    "rag": {"en": "Answer quoted from the documents", "es": "Respuesta citada de los documentos"},
    "coverage": {"en": "Exact check of the agreements matrix", "es": "Verificación exacta de la matriz de convenios"},
    "refusal": {"en": "Not answered by the documents", "es": "Sin respuesta en los documentos"},
}


def answer_markdown(answer: Answer) -> str:
    """Markdown of an answer with numbered, collapsible sources; all text escaped."""
    parts = [f"<small>{html.escape(ROUTE_LABEL[answer.route][answer.language])}</small>", ""]
    parts.append(html.escape(answer.answer).replace("\n", "<br>"))
    for notice in answer.notices:
        parts.append(f"\n<i>{html.escape(notice)}</i>")
    if answer.citations:
        parts.append("")
        for c in answer.citations:
            where = f" — {html.escape(c.section)}" if c.section else ""
            quote = html.escape(c.text).replace("\n", "<br>")
            parts.append(
                f"<details><summary>[{c.n}] {html.escape(c.title)} "
                f"({html.escape(c.publisher)}, {c.year or 'n.d.'}){where}</summary>"
                f"<blockquote>{quote}</blockquote></details>"
            )
    return "\n".join(parts)


def build_app(assistant: Any) -> gr.Blocks:
    """The Blocks app over an Assistant (no module-level state)."""

    def respond(message: str, history: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
        history = list(history or [])
        history.append({"role": "user", "content": html.escape(message or "")})
        try:
            answer = assistant.ask(message or "")
            reply = answer_markdown(answer)
        except SSAssistError as exc:
            reply = html.escape(str(exc))
        except Exception:  # never a traceback in front of a user
            log.exception("answering failed")
            reply = "Something went wrong while answering; please try again. / Algo falló; intente de nuevo."
        history.append({"role": "assistant", "content": reply})
        return "", history

    with gr.Blocks(title="ssassist") as app:
        gr.Markdown(
            "## Seguridad social para personas migrantes · Social security for migrants\n"
            "Pregunte en español o en inglés. Ask in Spanish or English. "
            "Answers quote the documents they rest on."
        )
        chat = gr.Chatbot(label="Chat", height=520, sanitize_html=True)
        box = gr.Textbox(label="Pregunta / Question", placeholder="¿Hay convenio entre Perú y Argentina?")
        gr.Examples(EXAMPLES, inputs=box)
        box.submit(respond, [box, chat], [box, chat])
    return app


def serve(assistant: Any, host: str | None = None, port: int | None = None) -> None:
    """Start the app (bound to 127.0.0.1 unless told otherwise)."""
    settings = assistant.settings.ui
    try:
        assistant.warm_up()
    except SSAssistError as exc:
        log.error("%s", exc)
        print(f"warning: {exc}")
    build_app(assistant).queue(default_concurrency_limit=4).launch(
        server_name=host or settings.host, server_port=port or settings.port
    )
