"""Fixtures for the matrix tests: the stub matrix, the real one, the seed texts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ssassist.matrix import Matrix, load_countries, read_matrix
from tests.matrix.matrix_helpers import REAL_DIR, REPO, STUB_DIR


@pytest.fixture(scope="session")
def countries():
    return load_countries()


@pytest.fixture(scope="session")
def stub_matrix() -> Matrix:
    return read_matrix(STUB_DIR)


@pytest.fixture(scope="session")
def matrix() -> Matrix:
    return read_matrix(REAL_DIR)


def _seed_dirs() -> list[Path]:
    dirs = [REPO.parent / "shared" / "seeds", REPO / "corpus" / "seeds"]
    env = os.environ.get("SSASSIST_SEEDS_DIR")
    return ([Path(env)] if env else []) + dirs


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """Raw seed texts by doc id; skips the test when the seeds are not on this machine."""
    for d in _seed_dirs():
        if d.is_dir() and list(d.glob("000_*.txt")):
            return {p.stem: p.read_text(encoding="utf-8") for p in d.glob("*.txt")}
    pytest.skip("seed documents not available (set SSASSIST_SEEDS_DIR)")
