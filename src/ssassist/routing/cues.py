"""The route cues (``ssassist/data/route_cues.yaml``): what a two-country message asks.

Read once. ``asks_other`` finds a request the coverage check cannot answer (a figure,
a date, a contact, a procedure...), ``asks_coverage`` a question about rights or
coverage without a benefit or agreement word, ``places`` the countries of the cities
and states a message names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ssassist.errors import DataFileError
from ssassist.models import Span
from ssassist.text.normalize import cue_pattern, fold, phrases_regex


@dataclass(frozen=True)
class RouteCues:
    """Compiled route cues (patterns over folded text)."""

    other: re.Pattern[str]
    coverage: re.Pattern[str]
    places: re.Pattern[str]
    place_code: dict[str, str]  # folded, space-collapsed place name -> ISO code

    def asks_other(self, text: str) -> bool:
        """Whether the message asks for something the coverage check does not give."""
        return self.other.search(fold(text)) is not None

    def asks_coverage(self, text: str) -> bool:
        """Whether the message asks about rights or coverage in words of its own."""
        return self.coverage.search(fold(text)) is not None

    def places_in(self, text: str) -> list[tuple[str, Span]]:
        """(ISO code, span) of each city or state named in ``text``, in order."""
        out = []
        for m in self.places.finditer(fold(text)):
            code = self.place_code.get(" ".join(m.group(0).split()))
            if code is not None:
                out.append((code, m.span()))
        return out


@cache
def route_cues() -> RouteCues:
    """The packaged route cues, compiled once."""
    name = "route_cues.yaml"
    try:
        raw = yaml.safe_load(resources.files("ssassist.data").joinpath(name).read_text("utf-8"))
        other = raw["other"]["en"] + raw["other"]["es"]
        coverage = raw["coverage"]["en"] + raw["coverage"]["es"]
        places = {
            fold(" ".join(str(p).split())): code for code, ps in raw["places"].items() for p in ps
        }
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DataFileError(name, f"unreadable route cues ({exc})") from exc
    return RouteCues(
        other=cue_pattern(other),
        coverage=cue_pattern(coverage),
        places=re.compile(rf"(?<!\w){phrases_regex(list(places))}(?!\w)"),
        place_code=places,
    )
