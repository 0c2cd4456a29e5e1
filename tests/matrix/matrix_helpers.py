"""Helpers shared by the matrix tests."""

from __future__ import annotations

import re

from tests.paths import ROOT

REPO = ROOT
STUB_DIR = REPO / "tests" / "data" / "matrix"
REAL_DIR = REPO / "corpus" / "matrix"


def normalise(text: str) -> str:
    """How quotes are compared with the seeds: no tags, emphasis marks or footnote markers."""
    text = re.sub(r"<[^>]+>", " ", text).replace("*", "")
    text = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079]", "", text)
    return " ".join(text.split())
