"""The corpus: documents (Markdown text) and their metadata from ``documents.yaml``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ssassist.errors import DataFileError
from ssassist.models import Lang


class DocumentMeta(BaseModel):
    """Metadata of one corpus document, as written in ``corpus/documents.yaml``."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)
    file: str
    title: str
    short_title: str | None = Field(
        None, description="How running text names it: 'the CISS technical note (2024)'."
    )
    short_title_es: str | None = Field(
        None, description="The same in Spanish: 'la nota técnica de la CISS (2024)'."
    )
    publisher: str
    year: int | None = Field(
        None, ge=1900, le=2100, description="None when the document gives no date."
    )
    language: Lang
    kind: str
    series: str | None = None
    author: str | None = None
    source_file: str | None = None
    notes: list[str] = Field(
        default_factory=list, description="Uncertain values, editorial decisions, conflicts."
    )
    cited_as: list[str] = Field(
        default_factory=list,
        description=(
            "Phrases a question may use to name this document as its source (either language)."
        ),
    )

    def short(self, lang: str = "en") -> str:
        """The short title in ``lang`` (the full title when none is given)."""
        if lang == "es":
            return self.short_title_es or self.short_title or self.title
        return self.short_title or self.title


class Document(BaseModel):
    """A corpus document: metadata plus its cleaned Markdown text."""

    meta: DocumentMeta
    text: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def sha256(self) -> str:
        """Fingerprint of the text and metadata; a change triggers re-embedding."""
        h = hashlib.sha256(self.text.encode("utf-8"))
        h.update(self.meta.model_dump_json().encode("utf-8"))
        return h.hexdigest()


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Read ``documents.yaml`` and every document it lists.

    Raises:
        DataFileError: the metadata file is missing or malformed, or a listed file is absent.
    """
    meta_path = corpus_dir / "documents.yaml"
    if not meta_path.is_file():
        raise DataFileError(str(meta_path), "corpus metadata file not found")
    try:
        raw = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataFileError(str(meta_path), f"not valid YAML: {exc}") from exc
    entries = raw.get("documents") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise DataFileError(str(meta_path), "expected a top-level 'documents:' list")
    docs: list[Document] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        try:
            meta = DocumentMeta.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise DataFileError(str(meta_path), f"{loc}: {first['msg']}", row=i) from exc
        if meta.id in seen:
            raise DataFileError(str(meta_path), f"duplicate document id {meta.id!r}", row=i)
        seen.add(meta.id)
        path = corpus_dir / meta.file
        if not path.is_file():
            raise DataFileError(str(meta_path), f"document file {meta.file!r} not found", row=i)
        docs.append(Document(meta=meta, text=path.read_text(encoding="utf-8")))
    return docs
