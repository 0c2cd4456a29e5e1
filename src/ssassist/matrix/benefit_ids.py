"""Benefit ids and their display labels: the nine ILO branches plus emergency medical care.

Every record of the matrix (:mod:`.models`) names benefits by these ids; :mod:`.benefits`
turns what people write into them.
"""

from __future__ import annotations

from enum import StrEnum


class Benefit(StrEnum):
    """Benefit ids: the nine ILO branches (footnote 4 of CISS TN 20) plus emergency care."""

    MEDICAL_CARE = "medical_care"
    SICKNESS = "sickness"
    MATERNITY = "maternity"
    INVALIDITY = "invalidity"
    OLD_AGE = "old_age"
    SURVIVORS = "survivors"
    EMPLOYMENT_INJURY = "employment_injury"
    UNEMPLOYMENT = "unemployment"
    FAMILY = "family"
    EMERGENCY_MEDICAL_CARE = "emergency_medical_care"


ILO_BRANCHES: tuple[Benefit, ...] = tuple(
    b for b in Benefit if b is not Benefit.EMERGENCY_MEDICAL_CARE
)
"""The nine ILO branches, in the order of footnote 4; a "benefit count" counts these."""

BENEFIT_LABELS: dict[Benefit, tuple[str, str]] = {
    Benefit.MEDICAL_CARE: ("medical care", "atención médica"),
    Benefit.SICKNESS: ("sickness", "enfermedad"),
    Benefit.MATERNITY: ("maternity", "maternidad"),
    Benefit.INVALIDITY: ("invalidity", "invalidez"),
    Benefit.OLD_AGE: ("old-age", "vejez"),
    Benefit.SURVIVORS: ("survivors", "sobrevivientes"),
    Benefit.EMPLOYMENT_INJURY: ("employment injury", "riesgos del trabajo"),
    Benefit.UNEMPLOYMENT: ("unemployment", "desempleo"),
    Benefit.FAMILY: ("family", "prestaciones familiares"),
    Benefit.EMERGENCY_MEDICAL_CARE: ("emergency medical care", "asistencia médica de urgencia"),
}
"""Display labels (English, Spanish) of each benefit id."""


def benefit_label(benefit: Benefit | str, lang: str = "en") -> str:
    """The display label of *benefit* in ``"en"`` or ``"es"``."""
    en, es = BENEFIT_LABELS[Benefit(benefit)]
    return es if lang == "es" else en
