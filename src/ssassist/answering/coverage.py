"""Turn a CoverageResult (and its rights framing) into an answer a migrant can read.

The check (:mod:`ssassist.matrix.check`) decides whether the agreements cover
the benefit; :mod:`ssassist.matrix.access` says which unilateral measures give
the person access. This module decides nothing: it words both, in the asker's
language, each fact with its [n] (DESIGN.md, "What an answer looks like",
"Rights framing"):

1. the first sentence answers the person's question: never a bare "No" or
   "Unknown" when a unilateral measure gives access to the asked benefit;
2. then the supporting lines: the source's words on the agreements, the
   measures that do not depend on an agreement;
3. then what to keep in mind (the check's notes, reworded for a migrant:
   documents by their short titles, no ids, no staff jargon, no note that
   repeats the first sentence or another note), then the footer.

Acronyms are expanded at their first use. The staff wording of the notes stays
on ``CoverageResult.notes`` (the details panel).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ssassist.matrix import CoverageResult, Instrument, Source
from ssassist.matrix.access import Access, BenefitAccess, MeasureAccess
from ssassist.matrix.check import Note
from ssassist.matrix.countries import CountryRegistry, load_countries
from ssassist.matrix.models import Benefit, Measure
from ssassist.models import Citation
from ssassist.templates import (
    ACRONYMS,
    COVERAGE_FOOTER,
    COVERAGE_LINES,
    COVERAGE_MEASURE,
    COVERAGE_VERDICT,
    PENSIONS,
    PLAIN_BENEFIT,
)

CiteFn = Callable[[int, str, str, str], Citation]

PENSION_BRANCHES = (Benefit.INVALIDITY, Benefit.OLD_AGE, Benefit.SURVIVORS)
"""The branches a payment abroad concerns; for them the payment is the first fact."""

THE_COUNTRIES = frozenset({"US", "DO", "BS", "GB", "NL", "PH", "TC", "KY", "VG", "VI", "AE", "CZ"})
"""Countries English names with "the" in running text ("the United States")."""

MAX_REFS = 2
"""At most this many sources per measure line: its record's own and one more."""

# notes the first sentence or the measure lines already say (the check's staff notes)
_REPEATS_VERDICT = {"no_instrument_covers", "framework_only", "framework_open", "no_data"}


class _Sources:
    """Numbers each distinct source once, in order of first use."""

    def __init__(self, cite: CiteFn) -> None:
        self.cite = cite
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, str, str], int] = {}

    def number(self, source: Source) -> int:
        key = (source.doc_id, source.locator, source.quote)
        if key not in self._numbers:
            n = len(self._numbers) + 1
            self._numbers[key] = n
            self.citations.append(self.cite(n, source.doc_id, source.locator, source.quote))
        return self._numbers[key]

    def refs(self, sources: Iterable[Source | None]) -> str:
        """ " [1][2]" for the sources (none: "")."""
        nums = list(dict.fromkeys(self.number(s) for s in sources if s is not None))
        return (" " + "".join(f"[{n}]" for n in nums)) if nums else ""

    def title(self, source: Source, lang: str) -> str:
        """The short title of the document *source* is in (cited, so the reader can open it)."""
        c = self.citations[self.number(source) - 1]
        short = c.short_title_es if lang == "es" else c.short_title
        return short or c.title


@dataclass
class _Line:
    """One sentence of the answer, its sources put before its final period."""

    text: str
    sources: list[Source | None] = field(default_factory=list)


# -- words ----------------------------------------------------------------------------------


def _join(items: Sequence[str], lang: str) -> str:
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + COVERAGE_LINES[lang]["and"] + items[-1]


def _benefits(benefits: Iterable[Benefit | str], lang: str) -> str:
    """Benefits in plain words; several pensions are folded into one phrase."""
    bens = [Benefit(b) for b in dict.fromkeys(benefits)]
    pensions = [b for b in bens if b in PENSION_BRANCHES]
    if len(pensions) > 1:
        form, kinds = PENSIONS[lang]
        folded = form.format(kinds=_join([kinds[b.value] for b in pensions], lang))
        rest = [PLAIN_BENEFIT[lang][b.value] for b in bens if b not in PENSION_BRANCHES]
        first = bens.index(pensions[0])
        parts = rest[:first] + [folded] + rest[first:]
        return _join(parts, lang)
    return _join([PLAIN_BENEFIT[lang][b.value] for b in bens], lang)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _the(inst: Instrument, lang: str) -> str:
    """An agreement's name with its article ("the CMISS", "el Convenio...")."""
    name = inst.display_name(lang) if lang == "es" else inst.name
    return ("el " if lang == "es" else "the ") + name


def _rest_of_name(name: str) -> str:
    """A measure's name without its "Country — " prefix."""
    head, sep, rest = name.partition(" — ")
    return rest if sep else name


def _sentence(line: _Line, sources: _Sources) -> str:
    text = line.text.rstrip().rstrip(".")
    return _cap(text) + sources.refs(line.sources) + "."


_WORD = r"(?<!\w){acr}(?!\w)"


def expand_acronyms(text: str, lang: str) -> str:
    """Write each known acronym in full at its first use ("Name (ACR)"), outside quotes.

    An acronym already introduced as "Name (ACR)" is left alone.
    """
    for acr, full in ACRONYMS[lang].items():
        parts = re.split(r"(“[^”]*”)", text)
        outside = [(i, p) for i, p in enumerate(parts) if not p.startswith("“")]
        first_bare = None
        for i, p in outside:
            for m in re.finditer(_WORD.format(acr=acr), p):
                if p[m.start() - 1 : m.start()] == "(" and p[m.end() : m.end() + 1] == ")":
                    break  # "Name (ACR)": introduced already
                first_bare = (i, m)
                break
            else:
                continue
            break
        if first_bare is None:
            continue
        i, m = first_bare
        parts[i] = parts[i][: m.start()] + f"{full} ({acr})" + parts[i][m.end() :]
        text = "".join(parts)
    return text


# -- the measures ------------------------------------------------------------------------------


@dataclass
class _Measure:
    """Measure entries of one outcome, folded across benefits and implementing countries."""

    measure_id: str
    kind: Measure
    role: str
    status: str
    countries: list[str]
    benefits: list[Benefit]
    entry: MeasureAccess
    if_nationality: list[str]


def _fold(entries: Iterable[tuple[Benefit, MeasureAccess]]) -> list[_Measure]:
    out: dict[tuple[str, str, str, str | None], _Measure] = {}
    for benefit, e in entries:
        key = (e.measure_id, e.role, e.status, e.exception)
        m = out.get(key)
        if m is None:
            out[key] = _Measure(
                e.measure_id, e.measure, e.role, e.status, [e.country], [benefit], e, []
            )
            m = out[key]
        if e.country not in m.countries:
            m.countries.append(e.country)
        if benefit not in m.benefits:
            m.benefits.append(benefit)
        m.if_nationality = sorted({*m.if_nationality, *e.if_nationality})
    return list(out.values())


class _Words:
    """Country names and measure clauses in one language."""

    def __init__(self, lang: str, reg: CountryRegistry) -> None:
        self.lang = lang
        self.reg = reg
        self.t = COVERAGE_MEASURE[lang]
        self.nationality: list[str] = []
        self.record_benefits: dict[str, list[Benefit]] = {}

    def country(self, code: str) -> str:
        name = self.reg.get(code).name(self.lang) if code in self.reg else code
        if self.lang == "en" and code in THE_COUNTRIES:
            return "the " + name
        return name

    def countries(self, codes: Iterable[str]) -> str:
        return _join([self.country(c) for c in codes], self.lang)

    def verb(self, stem: str, n: int) -> str:
        return self.t[f"{stem}_{'one' if n == 1 else 'many'}"]

    def whom(self, e: MeasureAccess) -> str:
        excluded = self.countries(e.excluded_nationalities)
        if "americas" in e.eligible_regions:
            if excluded:
                return self.t["whom_americas_except"].format(excluded=excluded)
            return self.t["whom_americas"]
        return self.t["whom_any"]

    def clause(self, m: _Measure, asked: Sequence[Benefit], head: bool = False) -> str:
        """The measure as one clause (no final period); ``head``: inside the first sentence."""
        t, e, n = self.t, m.entry, len(m.countries)
        country = self.countries(m.countries)
        name = e.name_es if self.lang == "es" and e.name_es else e.name
        what = _rest_of_name(name)
        benefits = _benefits(m.benefits, self.lang)
        if m.status == "excluded":
            key = e.exception or "excluded_nationality"
            nationality = self.countries(m.if_nationality or self.nationality)
            return t[key].format(country=country, nationality=nationality, whom=self.whom(e))
        if m.status == "open":
            wanted = _benefits([b for b in asked if b in m.benefits] or m.benefits, self.lang)
            if m.kind is Measure.EQUAL_TREATMENT:
                return t["open_equal_treatment"].format(
                    country=country, applies=self.verb("apply", n), benefits=wanted
                )
            return t["open"].format(lead=f"{country}: {what}", benefits=wanted)
        if m.kind is Measure.EQUAL_TREATMENT:
            return t["equal_treatment"].format(
                country=country, applies=self.verb("apply", n), benefits=benefits
            )
        if m.kind is Measure.IRREGULAR_MIGRANTS:
            return t["irregular_migrants_head" if head else "irregular_migrants"].format(
                country=country, protects=self.verb("protect", n), what=what
            )
        if m.kind is Measure.EXPORTABILITY:
            paid = _benefits(self.record_benefits.get(m.measure_id) or m.benefits, self.lang)
            return t["pays_abroad"].format(
                country=country, pays=self.verb("pay", n), benefits=paid, whom=self.whom(e)
            )
        text = t["nationals_abroad_head" if head else "nationals_abroad"].format(
            country=country, offers=self.verb("offer", n), what=what, benefits=benefits
        )
        if e.beneficiaries and t["who"] and not head:
            text += "." + t["who"].format(who=e.beneficiaries.rstrip("."))
        return text


def _measure_sources(m: _Measure) -> list[Source | None]:
    return [m.entry.source, *m.entry.also_sources][:MAX_REFS]


# -- the first sentence ----------------------------------------------------------------------


class _Composer:
    def __init__(
        self, result: CoverageResult, lang: str, cite: CiteFn, access: Access | None
    ) -> None:
        self.r = result
        self.lang = lang
        self.access = access
        self.sources = _Sources(cite)
        self.words = _Words(lang, load_countries())
        if access is not None and access.nationality:
            self.words.nationality = [access.nationality]
        self.words.record_benefits = {u.id: list(u.benefits) for u in result.unilateral}
        self.v = COVERAGE_VERDICT[lang]
        self.lines_t = COVERAGE_LINES[lang]
        self.a = self.words.country(result.country_a.code)
        self.b = self.words.country(result.country_b.code)
        self.used_notes: set[int] = set()
        self.used_measures: set[int] = set()
        self.asked: list[Benefit] = (
            [result.benefit] if result.benefit else [ba.benefit for ba in self._entries()]
        )
        self.benefit = _benefits(self.asked, lang) if result.benefit else ""
        self.measures = self._measures()

    def _entries(self) -> list[BenefitAccess]:
        return list(self.access.benefits) if self.access else []

    def _measures(self) -> list[_Measure]:
        pairs = [(ba.benefit, m) for ba in self._entries() for m in ba.measures]
        folded = _fold(pairs)
        if self.r.covered is True:  # the agreement answers; open measures add nothing
            folded = [m for m in folded if m.status != "open"]
        return folded

    def names(self, insts: Sequence[Instrument]) -> _Line:
        return _Line(_join([_the(i, self.lang) for i in insts], self.lang), [])

    def _fact(self) -> _Line:
        """What the agreements say, as a clause (no verdict word)."""
        r, v = self.r, self.v
        fields = {"a": self.a, "b": self.b, "benefit": self.benefit}
        if r.reason == "explicit_absence":
            texts = [(ab.statement_es if self.lang == "es" else ab.statement) for ab in r.absences]
            return _Line(
                " ".join(t.rstrip(".") for t in texts[:1]), [ab.source for ab in r.absences]
            )
        if r.reason == "no_data":
            return _Line(v["no_data"].format(**fields))
        if r.reason == "no_instrument_covers":
            insts = r.instruments
            key = "no_instrument_covers_one" if len(insts) == 1 else "no_instrument_covers_many"
            names = _join([_the(i, self.lang) for i in insts], self.lang)
            return _Line(v[key].format(names=names, **fields), [i.source for i in insts])
        if r.reason == "not_itemised":
            insts = [i for i in r.instruments if r.statuses.get(i.id) == "unknown"]
            names = _join([_the(i, self.lang) for i in insts], self.lang)
            key = "not_itemised" if r.benefit else "not_itemised_any"
            text = v[key].format(names=names, **fields)
            ids = {i.id for i in insts}
            counted = self._use_notes(lambda n: n.key == "count_only" and n.record_id in ids)
            if len(insts) == 1 and counted:  # why it is open, said once, in the first sentence
                count = counted[0].fields.get("count")
                why = (
                    self.lines_t["only_count"].format(count=count)
                    if count
                    else self.lines_t["not_listed"]
                )
                text += ": " + why
            return _Line(text, [i.source for i in insts])
        frameworks = [i for i in r.instruments if i.framework]
        if r.reason == "framework_only":
            names = _join([_the(i, self.lang) for i in frameworks], self.lang)
            self._use_notes(lambda n: n.kind == "framework")
            return _Line(
                v["framework_only"].format(names=names, **fields), [i.source for i in frameworks]
            )
        # framework_open
        others = [i for i in r.instruments if not i.framework]
        names = _join([_the(i, self.lang) for i in others], self.lang)
        framework = _join([_the(i, self.lang) for i in frameworks], self.lang)
        self._use_notes(lambda n: n.kind == "framework")
        return _Line(
            v["framework_open"].format(names=names, framework=framework, **fields),
            [i.source for i in [*others, *frameworks]],
        )

    def _use_notes(self, pred: Callable[[Note], bool]) -> list[Note]:
        hit = []
        for i, n in enumerate(self.r.note_details):
            if pred(n):
                self.used_notes.add(i)
                hit.append(n)
        return hit

    def _gives(self) -> list[_Measure]:
        return [m for m in self.measures if m.status == "gives_access"]

    def _primary(self) -> list[_Measure]:
        """The measures the first sentence names: a payment abroad first for a pension,
        else the measures of the country the person lives in, else any."""
        gives = self._gives()
        if not gives:
            return []
        pays = [m for m in gives if m.role == "pays_abroad"]
        if pays and any(b in PENSION_BRANCHES for b in self.asked) and self.r.benefit:
            return pays[:1]
        for role in ("residence_grants_foreigners", "nationality_offers_nationals_abroad"):
            picked = [m for m in gives if m.role == role]
            if picked:
                return picked[:1]
        return gives[:1]

    def _place(self, m: _Measure) -> str:
        """Where a payment abroad is received: the residence given, else the other country."""
        acc = self.access
        if acc and acc.residence and acc.residence not in m.countries:
            return self.words.country(acc.residence)
        codes = [self.r.country_a.code, self.r.country_b.code]
        other = [c for c in codes if c not in m.countries]
        return self.words.country(other[0]) if other else ""

    def headline(self) -> str:
        r, v, s = self.r, self.v, self.sources
        fields = {"a": self.a, "b": self.b, "benefit": self.benefit}
        if r.covered is True:
            covering = [i for i in r.instruments if i.id in r.covered_by]
            names = _join([_the(i, self.lang) for i in covering], self.lang)
            base = "yes_benefit" if r.benefit else "yes_any"
            key = f"{base}_{'one' if len(covering) == 1 else 'many'}"
            return _sentence(
                _Line(v[key].format(names=names, **fields), [i.source for i in covering]), s
            )
        fact = self._fact()
        primary = self._primary()
        if primary and r.benefit is not None:
            m = primary[0]
            self.used_measures.add(id(m))
            clause = self.words.clause(m, self.asked, head=True)
            if m.role == "pays_abroad":
                nats = [c for c in m.if_nationality]
                pair = {r.country_a.code, r.country_b.code}
                head_key = (
                    "pays_abroad_if"
                    if nats and set(nats) != pair - set(m.countries)
                    else "pays_abroad"
                )
                head = v[head_key].format(
                    payer=self.words.countries(m.countries),
                    place=self._place(m),
                    nats=self.words.countries(nats),
                    measure=clause,
                )
                return _sentence(_Line(head, _measure_sources(m)), s) + " " + _sentence(fact, s)
            return self._but(fact, m, clause)
        if primary:  # no benefit asked: the agreements, then the measures below
            countries = sorted({c for m in self._gives() for c in m.countries})
            fact_text = _cap(fact.text.rstrip(".")) + s.refs(fact.sources)
            text = v["any_measures"].format(
                fact=fact_text, countries=self.words.countries(countries)
            )
            return text + s.refs(m.entry.source for m in self._gives()[:MAX_REFS]) + "."
        excluded = [
            m for m in self.measures if m.status == "excluded" and not m.entry.if_nationality
        ]
        lead = ""
        if excluded and r.benefit is not None:
            self.used_measures.add(id(excluded[0]))
            lead = (
                _sentence(
                    _Line(
                        self.words.clause(excluded[0], self.asked), _measure_sources(excluded[0])
                    ),
                    s,
                )
                + " "
            )
        if r.covered is False:
            return lead + _sentence(_Line(v["no"].format(fact=fact.text), fact.sources), s)
        return lead + self._unknown(fact, with_counts=not lead)

    def _but(self, fact: _Line, m: _Measure, clause: str) -> str:
        """ "{fact} [n], but {measure} [m]." — each part with its own sources."""
        s = self.sources
        head = _cap(fact.text.rstrip(".")) + s.refs(fact.sources)
        return self.v["but"].format(fact=head, measure=clause) + s.refs(_measure_sources(m)) + "."

    def _unknown(self, fact: _Line, with_counts: bool = True) -> str:
        r, v, s = self.r, self.v, self.sources
        fields = {"a": self.a, "b": self.b, "benefit": self.benefit}
        if r.reason == "no_data":
            table5 = self._use_notes(lambda n: n.key == "table_5_incomplete") if with_counts else []
            text = v["unknown_any_benefit" if r.benefit else "unknown_any"].format(**fields)
            head = _sentence(_Line(text, []), s)
            rest = [self._table5(n) for n in table5]
            return " ".join([head, *rest])
        if r.reason == "not_itemised":
            return _sentence(fact, s)
        # framework_only, framework_open: why it is open, after the colon
        frameworks = [i for i in r.instruments if i.framework]
        others = [i for i in r.instruments if not i.framework]
        why = v[f"{r.reason}_why"].format(
            names=_join([_the(i, self.lang) for i in (others or frameworks)], self.lang),
            framework=_join([_the(i, self.lang) for i in frameworks], self.lang),
        )
        key = "unknown_benefit" if r.benefit else "unknown_any"
        text = v[key].format(**fields).split(":")[0] + ": " + why
        return _sentence(_Line(text, fact.sources), s)

    # -- supporting lines and notes ---------------------------------------------------------

    def _table5(self, n: Note) -> str:
        f, t = n.fields, self.lines_t
        named = int(f.get("named", "0"))
        title = self.sources.title(n.source, self.lang) if n.source else ""
        text = t["table_5"].format(
            title=title,
            expected=f.get("expected", ""),
            me=self.words.country(f.get("me", "")),
            other=self.words.country(f.get("other", "")),
            where=t["where_american" if f.get("american") == "yes" else "where_other"],
            named=t["named_none"] if named == 0 else t["named_some"].format(named=named),
        )
        return _sentence(_Line(text, [n.source]), self.sources)

    def supporting(self) -> list[str]:
        r, s, out = self.r, self.sources, []
        if r.reason == "explicit_absence":
            self._use_notes(lambda n: n.kind == "absence")
            for ab in r.absences:
                title = s.title(ab.source, self.lang)
                line = self.lines_t["quote"].format(title=title, quote=ab.source.quote)
                out.append(_cap(line) + s.refs([ab.source]))
        return out

    def measure_lines(self) -> list[str]:
        out = []
        for m in self.measures:
            if id(m) in self.used_measures:
                continue
            if m.status == "open" and self.r.benefit is None:
                continue  # with no benefit asked, only what the measures do give
            if (
                m.status == "open"
                and m.kind is Measure.EXPORTABILITY
                and not any(b in PENSION_BRANCHES for b in self.asked)
            ):
                continue  # a payment of pensions abroad says nothing of other benefits
            out.append(
                _sentence(
                    _Line(self.words.clause(m, self.asked), _measure_sources(m)), self.sources
                )
            )
        return out

    def note_lines(self) -> list[str]:
        r, out = self.r, []
        covering = [i for i in r.instruments if i.id in r.covered_by]
        for i, n in enumerate(r.note_details):
            if i in self.used_notes:
                continue
            if n.kind in ("absence", "duplicate"):
                continue
            if n.key in _REPEATS_VERDICT:
                continue
            if n.kind == "unilateral" and self.access is not None:
                continue  # the measure lines say it, with the person's roles
            if n.key == "table_5_incomplete":
                out.append(self._table5(n))
                continue
            if n.key == "count_only":
                out.append(self._count_only(n, covering))
                continue
            if n.kind == "framework":
                inst = next((x for x in r.instruments if x.id == n.record_id), None)
                if inst is not None:
                    text = self.lines_t["framework_also"].format(
                        a=self.a, b=self.b, name=_the(inst, self.lang)
                    )
                    out.append(_sentence(_Line(text, [n.source]), self.sources))
                    continue
            text = n.text_es if self.lang == "es" else n.text
            out.append(_sentence(_Line(text, [n.source]), self.sources))
        return out

    def _count_only(self, n: Note, covering: Sequence[Instrument]) -> str:
        t = self.lines_t
        inst = next((x for x in self.r.instruments if x.id == n.record_id), None)
        name = _the(inst, self.lang) if inst else ""
        count = n.fields.get("count") or t["count_unstated"]
        if covering and self.r.benefit:
            text = t["count_only_covered"].format(
                name=name,
                count=count,
                covering=_join([_the(i, self.lang) for i in covering], self.lang),
                benefit=self.benefit,
            )
        elif self.r.benefit:
            text = t["count_only"].format(name=name, count=count, benefit=self.benefit)
        else:
            text = t["count_only_any"].format(name=name, count=count)
        return _sentence(_Line(text, [n.source]), self.sources)


def _dedupe(lines: list[str], seen: set[str]) -> list[str]:
    out = []
    for line in lines:
        key = re.sub(r"\s*\[\d+\]", "", line).strip().lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(line)
    return out


def compose_coverage(
    result: CoverageResult, lang: str, cite: CiteFn, access: Access | None = None
) -> tuple[str, list[Citation]]:
    """The answer text with [n] markers and its citations.

    ``access`` (:func:`ssassist.matrix.access.access_summary`) adds the unilateral measures:
    without it the answer words the agreements only.
    """
    c = _Composer(result, lang, cite, access)
    t = COVERAGE_LINES[lang]
    head = c.headline()
    seen = {re.sub(r"\s*\[\d+\]", "", head).strip().lower()}
    support = _dedupe(c.supporting(), seen)
    measures = _dedupe(c.measure_lines(), seen)
    notes = _dedupe(c.note_lines(), seen)
    lines = [head]
    if support:
        lines += ["", *(f"- {x}" for x in support)]
    if measures:
        lines += ["", t["measures_heading"], *(f"- {x}" for x in measures)]
    if notes:
        lines += ["", t["notes_heading"], *(f"- {x}" for x in notes)]
    lines += ["", COVERAGE_FOOTER[lang]]
    text = expand_acronyms("\n".join(lines), lang)
    if lang == "es":  # "de el Convenio" -> "del Convenio"
        text = re.sub(r"\b(de|a) el\b", r"\1l", text)
    return text, c.sources.citations
