"""The cleaned corpus must not reword the seed documents.

For every document of ``corpus/documents.yaml``:

* every block of ``corpus/docs/<id>.md`` (paragraph, heading, list item, table
  row, footnote definition), once the Markdown added by the build is stripped,
  is a word *subsequence* of the seed within a bounded window: only deletions
  of extraction noise (page furniture, interrupting footnotes/boxes) and
  re-ordering of whole blocks are allowed, so no corpus word can be absent
  from the seed and no sentence can be reworded;
* at least 97 % of the seed's words (minus the noise listed in ``NOISE``)
  occur in the corpus, so nothing real was lost.

Table header rows and the document title (which may be assembled from a
multi-row header, or supplied where the seed lacks its cover page) are only
required to use words of the seed.

Seeds are read from ``../shared/seeds`` relative to the repository root, or
from ``$SSASSIST_SEEDS_DIR``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.paths import ROOT

CORPUS = ROOT / "corpus"
SEEDS = Path(os.environ.get("SSASSIST_SEEDS_DIR") or ROOT.parent / "shared" / "seeds")

# extraction noise removed on purpose, excluded from the coverage count
NOISE = {
    "000_a51be7ce2c2609d8": [
        r"(?m)^(TECHNICAL NOTE| /CISS\.org\.esp| CISS_org| cisstagram|ciss-bienestar\.org)\s*$",
        r"(?m)^(JESSICA ACOSTA AGUAYO|Jessica Acosta Aguayo|Access to social security for "
        r"migrants in the Americas)\s*$",
        r"(?m)^--\t---$",
    ],
    "001_b7d32d23184dd1b8": [
        r"\*\*FORTALECIMIENTO[^*]*\*\*",  # repeated cover title
        r"\]\(https?://[^)]*\)",  # link targets duplicating the link text
    ],
    "002_5f552745fca9ad5f": [],
    "003_789b0dbb14d54f7b": [],
    "004_047b9266444dbffe": [
        r"(?m)^ ?(Return to Contents|Annexes|1\. Migration in Latin America and the Caribbean"
        r"|2\. Main findings, by thematic areas|Introduction|\d{1,3})\s*$",
        r"(?m)^3\. Integrating the vision and guiding principles in the implementation\s*\n"
        r"of the GCM from the perspective of States\s*$",
        r"(?m)^ ?Photo by .*$",
        r"(?m)^ ?3\.\d+ .*$",  # side labels, re-emitted once as headings
        r"(?m)^ ?o (?=\S)",  # sub-bullet glyph, rendered as a nested "- " item
    ],
}

# words split by a line-end hyphen *and* an interrupting footnote in the seed
SPLIT_WORDS = {"specifically": ["specifi", "cally"]}


def _norm(text: str) -> str:
    text = re.sub("[\u00b9\u00b2\u00b3\u2070-\u2079\ufffd]", " ¤ ", text)  # footnote marks
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[’‘ʼ`]", "'", text)
    text = re.sub(r"<(?!https?:)[^>\n]+>", " ", text)  # HTML tags (keep <https://..>)
    text = re.sub(r"\[\^\d+\]:?", " ", text)  # footnote labels added by the build
    # hyphenated words and line-end hyphenation: "implement-\n\ned", "Self- Employed"
    text = re.sub(r"([^\W\d_])-[ \t]*(?:\n[ \t]*)*(?=[^\W\d_])", r"\1", text)
    return text.lower()


def tokens(text: str) -> list[str]:
    out = []
    for w in re.findall(r"[^\W_]+", _norm(text)):
        out.extend(SPLIT_WORDS.get(w, [w]))
    return out


def md_blocks(md: str) -> list[tuple[str, str]]:
    """(kind, text) for each block: heading, para, item, header, row."""
    blocks = []
    for chunk in md.rstrip("\n").split("\n\n"):
        lines = chunk.split("\n")
        if lines[0].startswith("|"):
            for i, ln in enumerate(lines):
                if re.fullmatch(r"\|(-+\|)+", ln):
                    continue
                blocks.append(("header" if i == 0 else "row", ln))
        elif lines[0].lstrip().startswith("- "):
            blocks += [("item", ln) for ln in lines]
        elif lines[0].startswith("#"):
            blocks.append(("title" if lines[0].startswith("# ") else "heading", chunk))
        else:
            blocks.append(("para", chunk))
    return blocks


class SeedIndex:
    def __init__(self, toks: list[str]):
        self.toks = toks
        self.pos: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            self.pos.setdefault(t, []).append(i)

    def find(self, block: list[str], slack: int = 800) -> bool:
        n = len(block)
        if any(t not in self.pos for t in block):
            return False
        j = min(range(n), key=lambda k: len(self.pos[block[k]]))
        for p in self.pos[block[j]][:400]:
            lo = p
            ok = True
            for k in range(j - 1, -1, -1):  # backwards, nearest match
                q = lo - 1
                while q >= 0 and self.toks[q] != block[k]:
                    q -= 1
                if q < 0:
                    ok = False
                    break
                lo = q
            if not ok:
                continue
            hi = p
            for k in range(j + 1, n):
                q = hi + 1
                while q < len(self.toks) and self.toks[q] != block[k]:
                    q += 1
                if q >= len(self.toks):
                    ok = False
                    break
                hi = q
            if ok and hi - lo + 1 <= n + slack:
                return True
        return False


def _documents():
    data = yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))
    return data["documents"]


DOCS = _documents()
DOC_IDS = [d["id"] for d in DOCS]

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"seed documents not found at {SEEDS} (set SSASSIST_SEEDS_DIR)",
)


def test_documents_yaml_is_complete():
    assert len(DOCS) == 5
    assert len(set(DOC_IDS)) == len(DOC_IDS)
    for d in DOCS:
        for key in ("id", "file", "title", "publisher", "language", "kind", "source_file"):
            assert d.get(key), (d.get("id"), key)
        assert "year" in d
        assert d["language"] in ("en", "es")
        assert d["kind"] in (
            "technical_note",
            "conference_paper",
            "press_release",
            "policy_brief",
            "report",
        )
        assert d["source_file"] == f"{d['id']}.txt"
        path = CORPUS / d["file"]
        assert path.is_file(), path
        md = path.read_text(encoding="utf-8")
        assert md.startswith("# " + d["title"] + "\n"), d["id"]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_markdown_shape(doc_id):
    md = (CORPUS / "docs" / f"{doc_id}.md").read_text(encoding="utf-8")
    assert "\n\n\n" not in md
    assert not re.search(r"<(p|ul|li|sup)\b", md)
    assert "Return to Contents" not in md
    assert md.endswith("\n") and not md.endswith("\n\n")
    for chunk in md.rstrip("\n").split("\n\n"):
        first = chunk.split("\n")[0]
        if not (first.startswith("|") or first.lstrip().startswith("- ")):
            assert "\n" not in chunk, chunk[:80]  # one line per paragraph
    labels_used = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    labels_defined = set(re.findall(r"(?m)^\[\^(\d+)\]:", md))
    assert labels_used <= labels_defined


@needs_seeds
@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_corpus_does_not_reword_seed(doc_id):
    seed = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    md = (CORPUS / "docs" / f"{doc_id}.md").read_text(encoding="utf-8")
    index = SeedIndex(tokens(seed))
    vocab = set(index.toks)
    bad = []
    for kind, text in md_blocks(md):
        toks = tokens(text)
        if not toks:
            continue
        if kind in ("header", "title"):
            missing = [t for t in toks if t not in vocab]
            if missing:
                bad.append((kind, text[:100], missing))
        elif not index.find(toks):
            bad.append((kind, text[:100], [t for t in toks if t not in vocab]))
    assert not bad, f"{len(bad)} blocks not found in the seed, e.g. {bad[:5]}"


@needs_seeds
@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_corpus_keeps_seed_content(doc_id):
    seed = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    for pat in NOISE[doc_id]:
        seed = re.sub(pat, " ", seed)
    if doc_id == "004_047b9266444dbffe":  # section 4.2 is printed twice side by side
        seed = re.sub(r"(?m)^ ?(?:• • )?(.+?) ?\1 ?$", r"\1", seed)
    md = (CORPUS / "docs" / f"{doc_id}.md").read_text(encoding="utf-8")
    s, c = Counter(tokens(seed)), Counter(tokens(md))
    kept = sum(min(n, c[w]) for w, n in s.items())
    ratio = kept / sum(s.values())
    lost = sorted(((n - c[w], w) for w, n in s.items() if n > c[w]), reverse=True)[:15]
    assert ratio >= 0.97, f"only {ratio:.3%} of the seed's words kept; most lost: {lost}"
