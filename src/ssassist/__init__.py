"""ssassist: cited answers on social security for migrants in the Americas.

``from ssassist import Assistant`` is the public entry point; it is imported
lazily so that ``import ssassist`` (e.g. for the error classes) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ssassist.errors import (
    EmptyQuestionError,
    SSAssistError,
    UnknownBenefitError,
    UnknownCountryError,
)

if TYPE_CHECKING:
    from ssassist.assistant import Assistant
    from ssassist.config import Settings
    from ssassist.models import Answer, Citation, Turn

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "EmptyQuestionError",
    "SSAssistError",
    "Settings",
    "Turn",
    "UnknownBenefitError",
    "UnknownCountryError",
]
__version__ = "0.1.0"

_LAZY = {
    "Assistant": "ssassist.assistant",
    "Settings": "ssassist.config",
    "Answer": "ssassist.models",
    "Citation": "ssassist.models",
    "Turn": "ssassist.models",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ssassist' has no attribute {name!r}")
