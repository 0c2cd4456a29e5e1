"""Checks on the matrix rows beyond what each record model checks: friendly messages for the
commonest mistakes in a row (missing quote, unknown benefit or country code), and references
between records (``extends``, ``same_as``, ``duplicate_of``, a conflict's ``applies_to``).

Used by :func:`~ssassist.matrix.loader.read_matrix`, which adds the file and row to the
message.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ssassist.errors import DataFileError
from ssassist.matrix.countries import CountryRegistry
from ssassist.matrix.models import Benefit, Conflict, Instrument, InstrumentKind

_VALID_BENEFITS = {b.value for b in Benefit}


def check_row(row: Any, section: str, countries: CountryRegistry) -> None:
    """Friendly errors for the mistakes people make most (before pydantic's)."""
    if not isinstance(row, dict):
        raise ValueError(f"expected a mapping, got {type(row).__name__}")
    if section in ("instruments", "absences", "statistics", "treaty_counts"):
        src = row.get("source")
        if not isinstance(src, dict) or not str(src.get("quote") or "").strip():
            raise ValueError("missing source quote (source: {doc_id, locator, quote})")
        for extra in row.get("also_sources") or []:
            if not isinstance(extra, dict) or not str(extra.get("quote") or "").strip():
                raise ValueError("missing quote in also_sources")
    if section == "conflicts":
        for claim in row.get("claims") or []:
            src = claim.get("source") if isinstance(claim, dict) else None
            if not isinstance(src, dict) or not str(src.get("quote") or "").strip():
                raise ValueError("missing source quote in a claim")
    for field in ("benefits", "unknown_benefits", "disputed_benefits", "excluded_benefits"):
        for b in row.get(field) or []:
            if b not in _VALID_BENEFITS:
                raise ValueError(
                    f"unknown benefit {b!r} in {field} "
                    f"(valid: {', '.join(sorted(_VALID_BENEFITS))})"
                )
    code_fields = ["parties", "excluded_nationalities", "countries"]
    for field in code_fields:
        values = row.get(field) or []
        if not isinstance(values, list):
            raise ValueError(f"{field} must be a list of ISO codes")
        for code in values:
            if not isinstance(code, str) or code.strip().upper() not in countries:
                raise ValueError(
                    f"unknown country code {code!r} in {field} (not in countries.yaml)"
                )
    if section == "treaty_counts" and str(row.get("country", "")).upper() not in countries:
        raise ValueError(f"unknown country code {row.get('country')!r} in country")


def check_references(parsed: dict[str, list[BaseModel]], where: dict[str, tuple[str, str]]) -> None:
    """Every id a record refers to exists, and an extension extends a multilateral.

    ``where`` gives each record's (file, row label) for the message.
    """
    ids = {i.id for i in parsed["instruments"]}  # type: ignore[attr-defined]
    for inst in parsed["instruments"]:
        assert isinstance(inst, Instrument)
        for field in ("extends", "same_as", "duplicate_of"):
            ref = getattr(inst, field)
            if ref and ref not in ids:
                file, label = where[inst.id]
                raise DataFileError(file, f"{field} refers to unknown id {ref!r}", label)
        if inst.extends and _ref_kind(parsed, inst.extends) is not InstrumentKind.MULTILATERAL:
            file, label = where[inst.id]
            raise DataFileError(
                file, f"extends {inst.extends!r}, which is not a multilateral", label
            )
    for conflict in parsed["conflicts"]:
        assert isinstance(conflict, Conflict)
        for ref in conflict.applies_to:
            if ref not in ids:
                file, label = where[conflict.id]
                raise DataFileError(file, f"applies_to refers to unknown id {ref!r}", label)


def _ref_kind(parsed: dict[str, list[BaseModel]], ref: str) -> InstrumentKind | None:
    for inst in parsed["instruments"]:
        if isinstance(inst, Instrument) and inst.id == ref:
            return inst.kind
    return None
