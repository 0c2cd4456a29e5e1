"""Optional LLM answers behind any OpenAI-compatible endpoint.

Off unless SSASSIST_LLM__BASE_URL is set.

The LLM phrases answers from the retrieved passages and the exact coverage
check; it never decides a coverage verdict, every answer is validated, and any
failure falls back to the extractive answer with a notice.
"""

from ssassist.llm.answerer import AnswerJob, LLMAnswerer
from ssassist.llm.client import build_llm
from ssassist.llm.condense import Condensed
from ssassist.llm.prompts import Passage

__all__ = ["AnswerJob", "Condensed", "LLMAnswerer", "Passage", "build_llm"]
