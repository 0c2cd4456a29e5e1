"""The LLM client: llama-index's ``OpenAILike`` over any OpenAI-compatible endpoint.

Hosted APIs, vLLM, Ollama and the llama.cpp server all speak the chat
completions protocol; one client covers them. Retries are few (one, by the
``openai`` client, on connection errors, timeouts and 5xx) so that a dead
endpoint turns into the extractive answer quickly.
"""

from __future__ import annotations

from llama_index.llms.openai_like import OpenAILike
from openai import OpenAI as OpenAIClient

from ssassist.config import LLMSettings

MAX_RETRIES = 1
# Local servers (Ollama, llama.cpp, vLLM without --api-key) ignore the key;
# the client needs one.
NO_KEY = "no-key"


def api_key(settings: LLMSettings) -> str:
    """The configured key, or a placeholder for endpoints that need none."""
    return settings.api_key.get_secret_value() if settings.api_key else NO_KEY


def build_llm(settings: LLMSettings) -> OpenAILike:
    """The chat model behind ``settings.base_url`` (which must be set)."""
    if not settings.base_url:
        raise ValueError("no LLM endpoint configured (SSASSIST_LLM__BASE_URL)")
    client = OpenAIClient(
        api_key=api_key(settings),
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=MAX_RETRIES,
    )
    return OpenAILike(
        model=settings.model,
        api_base=settings.base_url,
        # the key lives only in the client above; this pydantic object (it has a repr) holds none
        api_key=NO_KEY,
        timeout=settings.timeout,
        # retries are the openai client's (above); llama-index's own retry loop stays off
        max_retries=0,
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        is_chat_model=True,
        is_function_calling_model=settings.tools,
        openai_client=client,
    )
