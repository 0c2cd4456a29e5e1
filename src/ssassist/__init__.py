"""ssassist: cited answers on social security for migrants in the Americas."""

from ssassist.errors import (
    EmptyQuestionError,
    SSAssistError,
    UnknownBenefitError,
    UnknownCountryError,
)

__all__ = [
    "EmptyQuestionError",
    "SSAssistError",
    "UnknownBenefitError",
    "UnknownCountryError",
]
__version__ = "0.1.0"
