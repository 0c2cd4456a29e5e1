"""Read the mechanism matrix from ``corpus/matrix/`` (YAML, plus optional CSV).

Every ``*.yaml`` file in the folder holds one or more top-level lists
(``instruments``, ``absences``, ``conflicts``, ``statistics``,
``treaty_counts``); every ``*.csv`` file holds instruments in the flat schema
of :data:`CSV_COLUMNS`, so a larger matrix can be dropped in without code
changes.  Anything malformed raises :class:`~ssassist.errors.DataFileError`
naming the file, the row and the reason (the row checks: :mod:`.validation`).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from ssassist.errors import DataFileError
from ssassist.matrix.countries import CountryRegistry, load_countries
from ssassist.matrix.models import (
    Absence,
    Conflict,
    Instrument,
    InstrumentKind,
    Statistic,
    TreatyCount,
)
from ssassist.matrix.validation import check_references, check_row

log = logging.getLogger(__name__)

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "parties",
    "benefits",
    "benefit_count",
    "doc_id",
    "locator",
    "quote",
    "notes",
)
"""Required CSV columns, in this order or any other; lists are separated by ';'."""

CSV_OPTIONAL_COLUMNS: tuple[str, ...] = (
    "name_es",
    "measure",
    "framework",
    "extends",
    "unknown_benefits",
    "benefits_itemised",
    "in_force",
    "aliases",
    "scope",
)
"""Optional CSV columns; empty cells take the model defaults."""

_SECTIONS = {"instruments", "absences", "conflicts", "statistics", "treaty_counts"}


class Matrix(BaseModel):
    """The whole matrix: instruments, explicit absences, conflicts and figures."""

    model_config = ConfigDict(frozen=True)

    instruments: list[Instrument]
    absences: list[Absence] = []
    conflicts: list[Conflict] = []
    statistics: list[Statistic] = []
    treaty_counts: list[TreatyCount] = []
    origin: str = "<memory>"

    _by_id: dict[str, Instrument] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: Any) -> None:
        self._by_id = {i.id: i for i in self.instruments}

    def get(self, instrument_id: str) -> Instrument:
        """The instrument with *instrument_id* (KeyError if none)."""
        return self._by_id[instrument_id]

    def __contains__(self, instrument_id: object) -> bool:
        return instrument_id in self._by_id

    def by_kind(self, kind: InstrumentKind | str) -> list[Instrument]:
        kind = InstrumentKind(kind)
        return [i for i in self.instruments if i.kind is kind]

    def binding(self, a: str, b: str) -> list[Instrument]:
        """In-force, non-unilateral instruments to which both *a* and *b* are parties."""
        return [
            i
            for i in self.instruments
            if i.kind is not InstrumentKind.UNILATERAL
            and i.in_force
            and a in i.parties
            and b in i.parties
        ]

    def unilateral_for(self, *codes: str) -> list[Instrument]:
        """In-force unilateral measures implemented by any of *codes*."""
        wanted = set(codes)
        return [
            i
            for i in self.instruments
            if i.kind is InstrumentKind.UNILATERAL and i.in_force and wanted & set(i.parties)
        ]

    def absences_for(self, a: str, b: str) -> list[Absence]:
        return [x for x in self.absences if x.applies_to(a, b)]

    def treaty_count(self, code: str) -> TreatyCount | None:
        return next((t for t in self.treaty_counts if t.country == code), None)

    def statistic(self, stat_id: str) -> Statistic:
        for s in self.statistics:
            if s.id == stat_id:
                return s
        raise KeyError(stat_id)


# -- reading ---------------------------------------------------------------


def default_matrix_dir() -> Path:
    """``<corpus>/matrix`` from the settings (``SSASSIST_CORPUS_DIR`` / project dir)."""
    try:
        from ssassist.config import Settings

        return Path(Settings().corpus_path) / "matrix"
    except Exception:  # noqa: BLE001 - settings are optional for the matrix alone
        log.debug("settings unavailable; using ./corpus/matrix", exc_info=True)
        return Path.cwd() / "corpus" / "matrix"


def _yaml_rows(path: Path) -> Iterator[tuple[str, int, int, Any]]:
    """(section, index, line, row) for each list item of each top-level section."""
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), f"not valid YAML: {exc}") from exc
    if data is None:
        return
    if not isinstance(data, dict) or root is None or not isinstance(root, yaml.MappingNode):
        raise DataFileError(
            str(path), "expected a mapping of sections (instruments:, absences:, ...)"
        )
    nodes = {k.value: v for k, v in root.value}
    for section, rows in data.items():
        if section not in _SECTIONS:
            raise DataFileError(
                str(path), f"unknown section {section!r}; expected one of {sorted(_SECTIONS)}"
            )
        if rows is None:
            continue
        if not isinstance(rows, list):
            raise DataFileError(str(path), f"section {section!r} must be a list")
        items = nodes[section].value
        for index, row in enumerate(rows, 1):
            yield section, index, items[index - 1].start_mark.line + 1, row


def _row_label(index: int, line: int | None, row: Any) -> str:
    """Row number within its list, with the file line and the record id when known."""
    rid = row.get("id") if isinstance(row, dict) else None
    extras = [f"line {line}"] if line else []
    if rid:
        extras.append(f"id {rid!r}")
    return f"{index} ({', '.join(extras)})" if extras else str(index)


_MODELS: dict[str, type[BaseModel]] = {
    "instruments": Instrument,
    "absences": Absence,
    "conflicts": Conflict,
    "statistics": Statistic,
    "treaty_counts": TreatyCount,
}


def _error_reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        return f"{loc}: {msg}" if loc else msg
    return str(exc)


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def _bool(cell: str, column: str) -> bool:
    value = cell.strip().lower()
    if value in ("true", "yes", "1", "y", "sí", "si"):
        return True
    if value in ("false", "no", "0", "n"):
        return False
    raise ValueError(f"{column}: expected true/false, got {cell!r}")


def csv_row_to_record(row: dict[str, str]) -> dict[str, Any]:
    """One flat CSV row → an instrument mapping (see README for the schema)."""
    record: dict[str, Any] = {
        "id": (row.get("id") or "").strip(),
        "name": (row.get("name") or "").strip(),
        "kind": (row.get("kind") or "").strip(),
        "parties": _split(row.get("parties")),
        "benefits": _split(row.get("benefits")),
        "source": {
            "doc_id": (row.get("doc_id") or "").strip(),
            "locator": (row.get("locator") or "").strip(),
            "quote": (row.get("quote") or "").strip(),
        },
    }
    count = (row.get("benefit_count") or "").strip()
    if count:
        try:
            record["benefit_count"] = int(count)
        except ValueError as exc:
            raise ValueError(f"benefit_count: expected a whole number, got {count!r}") from exc
    notes = (row.get("notes") or "").strip()
    if notes:
        record["notes"] = [notes]
    for col in ("name_es", "measure", "extends", "scope"):
        if (row.get(col) or "").strip():
            record[col] = row[col].strip()
    for col in ("unknown_benefits", "aliases"):
        if (row.get(col) or "").strip():
            record[col] = _split(row[col])
    for col in ("framework", "benefits_itemised", "in_force"):
        if (row.get(col) or "").strip():
            record[col] = _bool(row[col], col)
    if "benefits_itemised" not in record:
        n = record.get("benefit_count")
        itemised = bool(record["benefits"]) if n is None else n == len(record["benefits"])
        record["benefits_itemised"] = itemised
    return record


def _csv_rows(path: Path) -> Iterator[tuple[str, int, int, Any]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read: {exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in CSV_COLUMNS if c not in header]
        if missing:
            raise DataFileError(str(path), f"missing column(s): {', '.join(missing)}", 1)
        unknown = [c for c in header if c not in CSV_COLUMNS and c not in CSV_OPTIONAL_COLUMNS]
        if unknown:
            raise DataFileError(str(path), f"unknown column(s): {', '.join(unknown)}", 1)
        reader.fieldnames = header
        for index, row in enumerate(reader, 1):
            line = reader.line_num
            try:
                record = csv_row_to_record(row)
            except ValueError as exc:
                raise DataFileError(str(path), str(exc), _row_label(index, line, row)) from exc
            yield "instruments", index, line, record


def read_matrix(
    path: str | Path | None = None,
    *,
    extra_csv: Iterable[str | Path] = (),
    countries: CountryRegistry | None = None,
) -> Matrix:
    """Read and validate the matrix folder (no cache).

    Args:
        path: folder holding the ``*.yaml`` / ``*.csv`` files; default :func:`default_matrix_dir`.
        extra_csv: more CSV files in the flat schema, merged with the folder's records.
        countries: the registry codes are checked against (default: packaged countries.yaml).

    Raises:
        DataFileError: file, row and reason of the first problem found.
    """
    folder = Path(path) if path is not None else default_matrix_dir()
    if not folder.is_dir():
        raise DataFileError(str(folder), "matrix folder not found")
    registry = countries or load_countries()
    files = (
        sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) + sorted(folder.glob("*.csv"))
    )
    files += [Path(p) for p in extra_csv]
    if not files:
        raise DataFileError(str(folder), "no *.yaml or *.csv files in the matrix folder")

    parsed: dict[str, list[BaseModel]] = {s: [] for s in _SECTIONS}
    where: dict[str, tuple[str, str]] = {}
    for file in files:
        rows = _csv_rows(file) if file.suffix.lower() == ".csv" else _yaml_rows(file)
        for section, index, line, row in rows:
            label = _row_label(index, line, row)
            try:
                check_row(row, section, registry)
                record = _MODELS[section].model_validate(row)
            except (ValueError, ValidationError) as exc:
                raise DataFileError(str(file), _error_reason(exc), label) from exc
            # ids are unique across sections: passages and citations key on them
            key_id = (
                getattr(record, "id", None) or f"treaties-{getattr(record, 'country', '').lower()}"
            )
            first = where.get(key_id)
            if first is not None:
                raise DataFileError(
                    str(file),
                    f"duplicate id {key_id!r} (first defined in {first[0]}, row {first[1]})",
                    label,
                )
            where[key_id] = (str(file), label)
            parsed[section].append(record)

    check_references(parsed, where)
    log.debug("matrix read from %s: %d instruments", folder, len(parsed["instruments"]))
    return Matrix(
        instruments=parsed["instruments"],  # type: ignore[arg-type]
        absences=parsed["absences"],  # type: ignore[arg-type]
        conflicts=parsed["conflicts"],  # type: ignore[arg-type]
        statistics=parsed["statistics"],  # type: ignore[arg-type]
        treaty_counts=parsed["treaty_counts"],  # type: ignore[arg-type]
        origin=str(folder),
    )


@lru_cache(maxsize=8)
def _cached(folder: str, extra: tuple[str, ...]) -> Matrix:
    return read_matrix(folder, extra_csv=extra)


def load_matrix(path: str | Path | None = None, *, extra_csv: Iterable[str | Path] = ()) -> Matrix:
    """The matrix, read once per (folder, extra CSVs) and cached.

    Uses the packaged country list; call :func:`read_matrix` for a custom one.
    """
    folder = Path(path) if path is not None else default_matrix_dir()
    return _cached(str(folder.resolve()), tuple(str(Path(p).resolve()) for p in extra_csv))


def clear_matrix_cache() -> None:
    """Forget cached matrices (after editing the files)."""
    _cached.cache_clear()
