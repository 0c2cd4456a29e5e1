"""Questions that name their source.

For example "according to the regional review", "según la nota técnica de la CISS".

Such a phrase says which document to look in, not what to look for: the
annexes of the regional review repeat "Regional Review" in every line, and
would otherwise outrank the passage that answers. The phrases a user may use
for each document are data (``cited_as`` in corpus/documents.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ssassist.models import Span
from ssassist.text.normalize import fold, term_pattern


class SourceRefs:
    """Finds mentions of corpus documents ("the regional review") in a question."""

    def __init__(self, phrases: Mapping[str, Sequence[str]]) -> None:
        self._doc_of: dict[str, str] = {}
        patterns: list[str] = []
        for doc_id, names in phrases.items():
            for name in names:
                pattern = term_pattern(name)
                self._doc_of.setdefault(_key(name), doc_id)
                patterns.append(pattern)
        patterns.sort(key=len, reverse=True)
        self._regex = (
            re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)") if patterns else None
        )

    def find(self, text: str) -> list[tuple[str, Span]]:
        """(document id, span) of each source named in ``text``, in order."""
        if self._regex is None:
            return []
        folded = fold(text, keep_enye=True)
        out: list[tuple[str, Span]] = []
        for m in self._regex.finditer(folded):
            doc_id = self._doc_of.get(_key(m.group(0)))
            if doc_id is not None:
                out.append((doc_id, m.span()))
        return out


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text, keep_enye=True)).split())
