"""Where the tests find the checkout, their data and their output folder."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
"""The checkout (corpus/, eval/, app.py)."""
DATA = TESTS / "data"
"""The stub corpus, glossary and matrix, and other small fixtures."""
OUT = ROOT / "test-output"
"""Screenshots, logs and figures the tests keep for a reader."""
