"""The mechanism matrix: structured data on social security agreements and measures.

Load it with :func:`load_matrix`, ask it with :func:`check_coverage`; country
names go through :func:`resolve_country` / :func:`find_countries`.
"""

from ssassist.matrix.benefits import find_benefits, parse_benefit
from ssassist.matrix.check import check_coverage
from ssassist.matrix.countries import (
    Country,
    CountryRegistry,
    find_countries,
    load_countries,
    read_countries,
    resolve_country,
)
from ssassist.matrix.loader import (
    CSV_COLUMNS,
    Matrix,
    clear_matrix_cache,
    default_matrix_dir,
    load_matrix,
    read_matrix,
)
from ssassist.matrix.models import (
    BENEFIT_LABELS,
    ILO_BRANCHES,
    Absence,
    Benefit,
    Conflict,
    Instrument,
    InstrumentKind,
    Measure,
    Source,
    Statistic,
    TreatyCount,
    benefit_label,
)
from ssassist.matrix.passages import MatrixPassage, instrument_passage, matrix_passages
from ssassist.matrix.queries import (
    Figure,
    find_agreements,
    find_statistics,
    instruments_of,
    statistic,
    treaty_count,
)
from ssassist.matrix.results import CountryRef, CoverageResult, Note, SameCountryError

__all__ = [
    "BENEFIT_LABELS",
    "CSV_COLUMNS",
    "ILO_BRANCHES",
    "Absence",
    "Benefit",
    "Conflict",
    "Country",
    "CountryRef",
    "CountryRegistry",
    "CoverageResult",
    "Figure",
    "Instrument",
    "InstrumentKind",
    "Matrix",
    "MatrixPassage",
    "Measure",
    "Note",
    "SameCountryError",
    "Source",
    "Statistic",
    "TreatyCount",
    "benefit_label",
    "check_coverage",
    "clear_matrix_cache",
    "default_matrix_dir",
    "find_agreements",
    "find_benefits",
    "find_countries",
    "find_statistics",
    "instrument_passage",
    "instruments_of",
    "load_countries",
    "load_matrix",
    "matrix_passages",
    "parse_benefit",
    "read_countries",
    "read_matrix",
    "resolve_country",
    "statistic",
    "treaty_count",
]
