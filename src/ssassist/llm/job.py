"""What an LLM answer needs, assembled from the extractive answer it may replace."""

from __future__ import annotations

from collections.abc import Callable

from ssassist.ingest.chunking import Chunk
from ssassist.llm.answerer import AnswerJob, passages_of
from ssassist.llm.prompts import Passage
from ssassist.models import Answer, Citation

ChunkOf = Callable[[str], Chunk | None]
CiteChunk = Callable[[int, Chunk, str], Citation]
CoverageTool = Callable[[str, str, str | None], Answer]


def answer_job(
    query: str,
    lang: str,
    answer: Answer,
    failure: str | None,
    *,
    chunk_of: ChunkOf,
    cite: CiteChunk,
    tool: CoverageTool | None,
) -> AnswerJob:
    """The job for ``query``: the passages behind ``answer`` (the extractive fallback), numbered.

    A coverage answer hands over its cited sources; a retrieval answer its retrieved
    passages, whole; ``tool`` (the coverage check) is offered to the model for the latter.
    """
    if answer.route == "coverage":
        return AnswerJob(query, lang, answer, passages_of(answer.citations), failure=failure)
    passages = []
    for rp in answer.retrieved:
        chunk = chunk_of(rp.chunk_id)
        if chunk is not None:
            n = len(passages) + 1
            citation = cite(n, chunk, chunk.text)
            passages.append(Passage(n, chunk.title, chunk.section, chunk.text, citation))
    return AnswerJob(query, lang, answer, passages, tool=tool, failure=failure)
