"""Build ``corpus/docs/<id>.md`` from the read-only seeds in ``../shared/seeds``.

Usage (from the repository root)::

    python scripts/corpus/build.py            # rewrite corpus/docs/*.md
    python scripts/corpus/build.py --check    # exit 1 if a file would change

The seeds directory can be overridden with ``SSASSIST_SEEDS_DIR``.  Every
editorial decision is an explicit operation below (see ``engine.py``); all
other text is copied word for word.  Line numbers refer to the seed files,
whose SHA-256 digests are pinned in ``SEED_SHA256``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import Spec, pipe_table, process, render  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "corpus" / "docs"

SEED_SHA256 = {
    "000_a51be7ce2c2609d8": "442f51f8aaa30a1fd5bfd99760c26bec3ae0c07d29917c65271433c4295efa17",
    "001_b7d32d23184dd1b8": "6ef73a0eacdfda68444b2e89f46ca0798c849826f8d640f47bf2d12b265b3a90",
    "002_5f552745fca9ad5f": "b3e6f626837343b3de1163434b511e5231c7f239cf9fcb961096a6bece62fe3b",
    "003_789b0dbb14d54f7b": "4b2045fc01cb803cc6a7807e5ee50ca759f9c80c29b08f7fcfe12b9dba4e11af",
    "004_047b9266444dbffe": "5a7275caecfad65f39561a51fab92e334e12b74a018aa3c8f10159fb51b9c415",
}

# Titles that the seeds themselves lack (cover page not extracted); they must
# equal the ``title`` in corpus/documents.yaml.
TITLE_003 = "El Salvador: Extension of social security to Salvadoran migrants"
TITLE_004 = (
    "Regional Review of the Global Compact for Safe, Orderly and Regular "
    "Migration in Latin America and the Caribbean"
)


def seeds_dir() -> Path:
    env = os.environ.get("SSASSIST_SEEDS_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "seeds"


def read_seed(doc_id: str) -> str:
    return (seeds_dir() / f"{doc_id}.txt").read_text(encoding="utf-8")


def strip_html(cell: str) -> str:
    cell = re.sub(r"<[^>]+>", " ", cell)
    return re.sub(r"\s+", " ", cell).strip()


# --------------------------------------------------------------------------- 000
SUP = {
    "¹": "1",
    "²": "2",
    "³": "3",
    "⁴": "4",
    "⁵": "5",
    "⁶": "6",
    "⁷": "7",
    "⁸": "8",
    "⁹": "9",
    "⁰": "0",
}
SUP_RE = re.compile("[" + "".join(SUP) + "]+")


def build_000(text: str) -> str:
    L = text.split("\n")

    def line(n):
        return L[n - 1]

    spec = Spec()
    fn_lines = {130: 1, 152: 2, 170: 3, 189: 4, 191: 5, 249: 6, 251: 7, 274: 8, 276: 9, 310: 10}
    for n, lab in fn_lines.items():
        spec.replace[n] = SUP_RE.sub("", line(n), count=1).strip()
        spec.footnotes.append((n, n, lab))
    for n, t in enumerate(L, 1):
        if n not in fn_lines and SUP_RE.search(t):
            spec.replace[n] = SUP_RE.sub(
                lambda m: "[^" + "".join(SUP[c] for c in m.group()) + "]", t
            )

    # cover: keep title, author, series, credits and edition info once
    spec.drop |= {39, 56, 58, 64} | set(range(510, 523))
    credits = [(15, 17), (19, 21), (23, 25), (27, 29), (31, 33), (35, 37)]
    spec.raw.append((15, 37, "\n".join(f"- {line(a)}: {line(b)}" for a, b in credits)))
    spec.headings += [
        (3, 3, 1),
        (66, 66, 2),
        (78, 78, 2),
        (115, 115, 2),
        (213, 213, 2),
        (219, 219, 3),
        (265, 265, 3),
        (381, 381, 3),
        (414, 414, 2),
        (440, 440, 2),
        (446, 446, 2),
    ]
    # page breaks where the continuation starts with a capital / digit
    spec.force_join |= {94, 361}

    def rows(a, b):
        return [
            line(n).split("\t")
            for n in range(a, b + 1)
            if line(n).strip() and not line(n).startswith("--")
        ]

    # Table 1 (HTML fragments in cells; "--\t---" junk row dropped)
    t1 = rows(104, 111)
    spec.raw.append(
        (
            104,
            111,
            pipe_table(
                [strip_html(c) for c in t1[0]], [[strip_html(c) for c in r] for r in t1[1:]]
            ),
        )
    )
    # Table 2: two header rows ("Social security benefits" spans the 9 benefit columns)
    hdr = line(236).split("\t")
    t2 = [r + [""] * (10 - len(r)) for r in rows(237, 245)]
    spec.raw.append(
        (
            235,
            245,
            pipe_table(["Country"] + [f"{line(235).split(chr(9))[1]}: {h}" for h in hdr[1:]], t2),
        )
    )
    # Table 3: "Added benefits" spans the four benefit columns; "States Parties"
    # labels the first column on its own row in the extraction
    h1 = line(293).split("\t")
    h2 = line(294).split("\t")
    spec.raw.append(
        (293, 300, pipe_table([h2[0], h1[1]] + [f"{h1[0]}: {h}" for h in h1[2:]], rows(295, 300)))
    )
    # Table 4 (the duplicated row is kept as extracted)
    t4 = rows(314, 328)
    spec.raw.append((314, 328, pipe_table(t4[0], t4[1:])))
    t5 = rows(342, 351)
    spec.raw.append((342, 351, pipe_table(t5[0], t5[1:])))
    t6 = rows(387, 392)
    spec.raw.append(
        (
            387,
            392,
            pipe_table(
                [strip_html(c) for c in t6[0]], [[strip_html(c) for c in r] for r in t6[1:]]
            ),
        )
    )
    return render(process(text, spec))


# --------------------------------------------------------------------------- 001
def build_001(text: str) -> str:
    L = text.split("\n")
    spec = Spec()
    levels = {
        "FORTALECIMIENTO DE LA PROTECCIÓN SOCIAL": 1,
        "Prestaciones de protección social adquiridas": 2,
        "Ampliación de los fondos de bienestar": 3,  # box
        "Aprovechamiento de los innovadores": 2,
        "Medidas de protección social informal": 3,  # box
        "Acuerdos bilaterales y multilaterales y portabilidad": 2,
        "Concientización de los migrantes": 3,  # box
        "Ampliación de la protección social a otros grupos": 2,
        "Inclusión de los desplazados internos": 3,  # box
        "Conclusión y próximas acciones": 2,
        "Recomendaciones para la OIM": 3,
        "Recomendaciones para los Estados": 3,
    }
    for n, t in enumerate(L, 1):
        s = t.strip()
        new = t
        if s == "---":
            spec.drop.add(n)
            continue
        m = re.match(r"<sup>(\d+)</sup>\s*(.*)", s)
        if m:
            spec.replace[n] = m.group(2)
            spec.footnotes.append((n, n, int(m.group(1))))
            new = m.group(2)
        new = re.sub(r"<sup>(\d+)</sup>", r"[^\1]", new)
        new = re.sub(r"\[([^\]]+)\]\((?:#|https?://[^)]*)\)", r"\1", new)
        if s.startswith("#"):
            plain = re.sub(r"^#+\s*", "", s).replace("*", "").strip()
            lvl = next((v for k, v in levels.items() if plain.startswith(k)), None)
            if lvl is None:  # committee / session lines of the cover
                spec.replace[n] = plain
                continue
            spec.headings.append((n, n, lvl, plain))
            continue
        if new != t:
            spec.replace[n] = new
    spec.drop |= {7, 8}  # repeated (bold) cover title
    spec.moves.append((3, 6, 14))  # cover lines after the document title
    return render(process(text, spec))


# --------------------------------------------------------------------------- 002
def build_002(text: str) -> str:
    spec = Spec(headings=[(1, 1, 1)])
    return render(process(text, spec))


# --------------------------------------------------------------------------- 003
def build_003(text: str) -> str:
    spec = Spec(title=TITLE_003)
    spec.headings += [
        (1, 1, 2),
        (25, 25, 2),
        (68, 68, 3, None, 49),  # side box title, printed after its content
        (69, 69, 2),
        (98, 98, 2),
        (210, 210, 2),
        (246, 246, 2),
    ]
    spec.replace[78] = "(ISSS 2020)[^1]."
    spec.replace[119] = "DIGESTYC (2020)."
    spec.footnotes.append((119, 119, 1))
    return render(process(text, spec))


# --------------------------------------------------------------------------- 004
RUNNING_004 = {
    "Return to Contents",
    "1. Migration in Latin America and the Caribbean",
    "2. Main findings, by thematic areas",
    "Annexes",
}


def dedupe_line(t: str) -> str:
    """Lines 4127-4233 of 004 are printed twice side by side ("A A" / "AA")."""
    s = t.strip()
    prefix = ""
    if s.startswith("• • "):
        prefix, s = "• ", s[4:]
    for k in range(len(s) // 2 - 1, len(s) // 2 + 2):
        a, b = s[:k], s[k:]
        if a.strip() and a.strip() == b.strip():
            return prefix + a.strip()
    return t


def build_004(text: str) -> str:
    L = text.split("\n")
    spec = Spec(title=TITLE_004, split_on_leading_space=True)
    for n, t in enumerate(L, 1):
        s = t.strip()
        if s in RUNNING_004 or s.startswith("Photo by ") or re.fullmatch(r"\d{1,3}", s):
            spec.drop.add(n)
    for n in (3846, 3847, 3891, 3892, 3941, 3942, 3953, 3954, 611):
        spec.drop.add(n)  # running header "3. Integrating ..." / page header "Introduction"
    for n in range(4127, 4234):
        if L[n - 1].strip():
            spec.replace[n] = dedupe_line(L[n - 1])
    spec.replace[9] = L[8].rstrip() + " " + L[9].strip()  # "Migration- a collaborative"
    spec.drop.add(10)
    spec.split.add(238)  # executive summary starts after the signatures
    spec.force_join |= {572, 2914, 4432}  # page breaks before a capitalised word
    for a in (609, 1109):  # URLs wrapped over two lines
        spec.replace[a] = L[a - 1].strip() + L[a].strip()
        spec.drop.add(a + 1)

    H = spec.headings
    # executive summary
    H += [
        (256, 257, 2),
        (307, 310, 2),
        (355, 357, 2),
        (398, 400, 2),
        (445, 446, 2),
        (484, 486, 2),
        (508, 508, 2),
    ]
    H += [(None, None, 2, "Introduction", 535)]
    H += [(678, 679, 2), (796, 797, 2)]
    # 2. Main findings
    H += [
        (870, 872, 3),
        (900, 900, 4, None, 889),
        (976, 976, 5),
        (1070, 1070, 5),
        (1156, 1156, 4, "2.1.2 Situations to consider", 1113),
        (1254, 1254, 4),
        (1483, 1483, 4),
    ]
    spec.replace[1157] = (
        L[1155].replace("2.1.2 Situations to consider", "").strip() + " " + L[1156].strip()
    )
    H += [
        (1521, 1524, 3),
        (1551, 1551, 4, None, 1546),
        (1577, 1577, 5),
        (1637, 1637, 5),
        (1707, 1707, 5),
        (1775, 1776, 5),
        (1814, 1814, 4),
        (1964, 1964, 4),
        (2102, 2102, 4),
    ]
    spec.force_join.add(1553)  # "... Honduras and" | "Mexico, and aims ..."
    spec.moves += [
        (1637, 1668, 1707),  # textbox 4 after "(see textbox 4)." paragraph
        (1707, 1728, 1738),  # textbox 5 after "(see textbox 5)" paragraph
        (1775, 1795, 1806),
    ]  # box 6 after "(see textbox 6)." item
    H += [
        (2155, 2157, 3),
        (2192, 2192, 4, None, 2179),
        (2227, 2227, 5),
        (2319, 2319, 4),
        (2412, 2412, 4),
        (2651, 2651, 4, None, 2616),
    ]
    H += [
        (2654, 2656, 3),
        (2687, 2687, 4, None, 2679),
        (2723, 2724, 5),
        (2865, 2865, 5),
        (2935, 2935, 4),
        (2987, 2987, 4, None, 2970),
        (3230, 3230, 4),
    ]
    spec.moves += [
        (2723, 2750, 2756),  # textbox 8 after the paragraph it interrupts
        (2865, 2877, 2882),
    ]  # textbox 9 after the item it interrupts
    H += [
        (3279, 3280, 3),
        (3317, 3317, 4, None, 3303),
        (3318, 3318, 5),
        (3466, 3466, 4),
        (3526, 3526, 4, None, 3505),
        (3682, 3682, 4, None, 3656),
    ]
    # 3. Integrating the vision ... (side labels printed at page ends)
    H += [
        (3712, 3714, 2, None, 3685),
        (3708, 3708, 3, None, 3699),
        (3710, 3710, 3, None, 3733),
        (3885, 3885, 3, None, 3848),
        (3887, 3887, 3, None, 3852),
        (3889, 3889, 3, None, 3868),
        (3939, 3939, 3, "3.6 Human rights", 3893),
        (None, None, 3, "3.7 Gender-responsive", 3924),
        (3982, 3982, 3, "3.8 Child-sensitive", 3943),
        (None, None, 3, "3.9 Whole-of-government approach", 3956),
        (3980, 3980, 3, "3.10 Whole-of-society approach", 3964),
    ]
    # 4. (the "4. Conclusions and recommendations" title is not in the seed)
    H += [(4042, 4042, 2, None, 3995), (4125, 4125, 2)]
    # Annexes
    H += [
        (4234, 4237, 2),
        (4255, 4255, 3),
        (4266, 4267, 3),
        (4327, 4327, 3),
        (4351, 4351, 3),
        (4357, 4357, 3),
        (4422, 4422, 3),
        (4460, 4460, 3),
        (4468, 4468, 3),
        (4638, 4638, 2),
        (4747, 4750, 2),
    ]

    # footnotes (¹ ² ³ survive; later superscripts were extracted as U+FFFD,
    # numbers 4-13 are reconstructed from their order)
    F = spec.footnotes
    F += [
        (609, 609, 1, 592),
        (772, 775, 2),
        (1377, 1379, 3),
        (1797, 1798, 4),
        (2946, 2948, 5),
        (3571, 3572, 6),
        (3983, 3985, 7),
        (3987, 3993, 8),
        (4043, 4043, 9),
        (4372, 4372, 10),
        (4373, 4373, 11),
        (4374, 4375, 12),
        (4376, 4376, 13),
    ]
    fixes = {
        793: ("objectives².", "objectives[^2]."),
        1832: ("destination�.", "destination[^4]."),
        2958: ("women�.", "women[^5]."),
        3642: ("processes�.", "processes[^6]."),
        4031: ("direction�.", "direction[^7]."),
        4036: ("plans�.", "plans[^8]."),
        4095: ("Costa Rica�,", "Costa Rica[^9],"),
        4314: ("Migration��,", "Migration[^10],"),
        4338: ("questionnaire��,", "questionnaire[^11],"),
        4344: ("stakeholders ��;", "stakeholders[^12];"),
    }
    for n, (a, b) in fixes.items():
        assert a in L[n - 1], (n, L[n - 1])
        spec.replace[n] = L[n - 1].replace(a, b)
    for first, last, _label, *_rest in F:
        for n in range(first, last + 1):
            t = spec.replace.get(n, L[n - 1]).strip()
            if n == first:
                t = re.sub(r"^[¹²³�]+\s*", "", t)
            spec.replace[n] = t

    # Annex 2 tables: the extraction prints each table's data before its caption
    def tline(n):
        return L[n - 1].strip()

    t1 = pipe_table(
        ["Type", "Authors", "N.°"],
        [
            ["Countries", " ".join(tline(n) for n in range(4602, 4605)), "17"],
            [
                "Regional or subregional inter-governmental bodies and official platforms",
                " ".join(tline(n) for n in range(4613, 4618)),
                "6",
            ],
            ["Civil society", " ".join(tline(n) for n in range(4623, 4631)), "14"],
            ["Others", "Public Defender's Office, Paraguay; Ombudsman’s Office of Ecuador.", "2"],
            ["TOTAL", "", "39"],
        ],
    )
    t2 = pipe_table(["Attendance", "N.°"], [tline(n).rsplit(" ", 1) for n in range(4644, 4667, 2)])
    t3 = pipe_table(
        ["Capacity", "Countries", "N.°"],
        [
            [
                "ECLAC members, GCM parties, Latin America or the Caribbean, with official "
                "delegation",
                " ".join(tline(n) for n in range(4678, 4683)),
                "26",
            ],
            [
                "Extra-regional ECLAC members, with official delegation",
                "Canada, Portugal, Turkey, the United States.",
                "4",
            ],
            [
                "ECLAC associate members, the Caribbean, with official delegation",
                "Anguilla, Aruba, British Virgin Islands, Curaçao.",
                "4",
            ],
            ["Without official delegation", " ".join(tline(n) for n in range(4702, 4704)), "16"],
            ["TOTAL", "", "50"],
        ],
    )
    t4 = pipe_table(
        ["Capacity", "Institutions", "N.°"],
        [
            ["United Nations system", " ".join(tline(n) for n in range(4720, 4723)), "18"],
            [
                "Inter-governmental agencies in the region",
                " ".join(tline(n) for n in range(4729, 4731)),
                "7",
            ],
            [
                "Cooperation and development agencies",
                " ".join(tline(n) for n in range(4738, 4741)),
                "4",
            ],
            ["TOTAL", "", "29"],
        ],
    )

    def caption(a, b):
        return " ".join(tline(n) for n in range(a, b + 1))

    annex2 = "\n\n".join(
        [
            caption(4640, 4641),
            t1,
            caption(4668, 4669),
            t2,
            caption(4709, 4710),
            t3,
            caption(4712, 4713),
            t4,
        ]
    )
    spec.raw.append((4599, 4637, "", None))
    spec.raw.append((4639, 4745, annex2, 4639))
    return render(process(text, spec))


BUILDERS = {
    "000_a51be7ce2c2609d8": build_000,
    "001_b7d32d23184dd1b8": build_001,
    "002_5f552745fca9ad5f": build_002,
    "003_789b0dbb14d54f7b": build_003,
    "004_047b9266444dbffe": build_004,
}


def build_all() -> dict[str, str]:
    out = {}
    for doc_id, fn in BUILDERS.items():
        text = read_seed(doc_id)
        want = SEED_SHA256.get(doc_id)
        got = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if want and want != got:
            raise SystemExit(f"{doc_id}: seed changed (sha256 {got}); line-number edits are stale")
        out[doc_id] = fn(text)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only verify the files are current")
    args = ap.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stale = []
    for doc_id, md in build_all().items():
        path = OUT_DIR / f"{doc_id}.md"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != md:
                stale.append(doc_id)
        else:
            path.write_text(md, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({len(md)} chars)")
    if stale:
        print("stale:", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
