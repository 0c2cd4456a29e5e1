"""Small, explicit text-cleaning engine used by ``build.py``.

A seed is processed as a list of (seed line number, text) pairs.  Every editorial
decision is expressed as an explicit operation keyed by *seed line numbers* (the
seeds are fixed, read-only files whose SHA-256 is checked by ``build.py``):

* ``drop``        lines that are extraction noise (page numbers, running headers ...)
* ``replace``     line -> new text (e.g. a superscript turned into ``[^4]``)
* ``moves``       (first, last, before): move a run of lines before another line
* ``headings``    (first, last, level, text|None, before|None)
* ``footnotes``   (first, last, label, anchor|None): definition lines; the
                  definition is placed after the block that first references
                  ``[^label]`` (else after the block holding seed line ``anchor``,
                  else where it stood)
* ``raw``         (first, last, markdown, before|None): lines replaced by a
                  ready-made Markdown block (tables)
* ``force_join``  lines whose block continues the previous block although the
                  previous one ends in punctuation / the line starts uppercase
* ``no_join``     lines that always start a new block
* ``split``       lines that start a new block even inside a hard-wrapped run

Everything not touched by an operation is kept, word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLETS = {
    "•": 0,
    "►": 0,
    "\uf075": 0,
    "o": 1,
    "◊": 2,
}
TERMINAL = (".", ":", ";", "!", "?", ".”", '."', ".)", "?”", "!”")


@dataclass
class Block:
    kind: str  # h | p | li | fn | md
    text: str
    line: int
    level: int = 0
    label: str | None = None
    anchor: int | None = None
    lines: list[int] = field(default_factory=list)


@dataclass
class Spec:
    drop: set[int] = field(default_factory=set)
    replace: dict[int, str] = field(default_factory=dict)
    moves: list[tuple[int, int, int]] = field(default_factory=list)
    headings: list[tuple] = field(default_factory=list)
    footnotes: list[tuple] = field(default_factory=list)
    raw: list[tuple] = field(default_factory=list)
    force_join: set[int] = field(default_factory=set)
    no_join: set[int] = field(default_factory=set)
    split: set[int] = field(default_factory=set)
    split_on_leading_space: bool = False
    list_items: bool = True
    title: str | None = None


def vocabulary(text: str) -> tuple[set[str], set[str]]:
    """Words and hyphenated compounds that occur inside a line of the seed."""
    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    compounds = set(re.findall(r"[^\W\d_]+-[^\W\d_]+", text.lower()))
    return words, compounds


def join_hyphen(left: str, right: str, vocab) -> str:
    """Join ``left`` (ending in '-') with ``right`` (next line)."""
    words, compounds = vocab
    m1 = re.search(r"([^\W\d_]+)-$", left)
    m2 = re.match(r"([^\W\d_]+)", right)
    if not m1 or not m2:
        return left + right if re.search(r"\w-$", left) else left + " " + right
    a, b = m1.group(1).lower(), m2.group(1).lower()
    if f"{a}-{b}" in compounds:
        return left + right
    if a + b in words:
        return left[:-1] + right
    if a in words and b in words or right[:1].isupper():
        return left + right
    return left[:-1] + right


def join_lines(lines: list[str], vocab) -> str:
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if not out:
            out = ln
        elif re.search(r"[^\W\d_]-$", out):
            out = join_hyphen(out, ln, vocab)
        else:
            out = out + " " + ln
    return re.sub(r"[ \u00a0]{2,}", " ", out).strip()


def bullet_of(text: str):
    s = text.strip()
    if s.startswith("- "):
        return 0, s[2:].strip()
    for g, lvl in BULLETS.items():
        if g == "o":
            if s.startswith("o ") and len(s) > 2:
                return lvl, s[2:].strip()
        elif s.startswith(g):
            return lvl, s[len(g) :].strip()
    return None


def process(seed_text: str, spec: Spec) -> list[Block]:
    raw_lines = seed_text.split("\n")
    vocab = vocabulary(seed_text)
    n = len(raw_lines)
    lines = {i + 1: raw_lines[i].rstrip() for i in range(n)}
    lines.update(spec.replace)
    order = list(range(1, n + 1))
    for first, last, before in spec.moves:
        run = [i for i in order if first <= i <= last]
        order = [i for i in order if not first <= i <= last]
        pos = order.index(before)
        order[pos:pos] = run

    consumed: set[int] = set(spec.drop)
    specials: dict[int, list[Block]] = {}

    def add_special(at: int, blk: Block):
        specials.setdefault(at, []).append(blk)

    for h in spec.headings:
        first, last, level, text, before = (list(h) + [None, None])[:5]
        rng = range(first, last + 1) if first else range(0)
        consumed.update(rng)
        if text is None:
            text = join_lines([lines[i] for i in rng], vocab)
        text = text.replace("**", "").strip()
        add_special(before or first, Block("h", text, before or first, level=level))
    fn_blocks = []
    for f in spec.footnotes:
        first, last, label, anchor = (list(f) + [None])[:4]
        rng = range(first, last + 1)
        consumed.update(rng)
        body = join_lines([lines[i] for i in rng], vocab)
        fn_blocks.append(Block("fn", body, first, label=str(label), anchor=anchor))
    for r in spec.raw:
        first, last, md, before = (list(r) + [None])[:4]
        if first:
            consumed.update(range(first, last + 1))
        if md:
            add_special(before or first, Block("md", md, before or first))

    # 1. group lines into raw blocks
    blocks: list[Block] = []
    cur: list[int] = []

    def flush():
        nonlocal cur
        if not cur:
            return
        # split inside the group at bullets / leading-space page starts / explicit splits
        groups: list[list[int]] = [[]]
        for i in cur:
            t = lines[i]
            start_new = False
            if groups[-1]:
                prev = lines[groups[-1][-1]].strip()
                if (
                    spec.list_items
                    and bullet_of(t) is not None
                    or i in spec.split
                    or spec.split_on_leading_space
                    and t.startswith(" ")
                    and prev.endswith(TERMINAL)
                ):
                    start_new = True
            if start_new:
                groups.append([])
            groups[-1].append(i)
        for g in groups:
            text = join_lines([lines[i] for i in g], vocab)
            if not text:
                continue
            b = bullet_of(text) if spec.list_items else None
            if b is not None:
                blocks.append(Block("li", b[1], g[0], level=b[0], lines=g))
            else:
                blocks.append(Block("p", text, g[0], lines=g))
        cur = []

    for i in order:
        if i in specials:
            flush()
            blocks.extend(specials.pop(i))
        if i in consumed:
            continue
        if not lines[i].strip():
            flush()
            continue
        cur.append(i)
    flush()
    for rest in specials.values():
        blocks.extend(rest)

    # 2. join blocks split by page breaks / removed material
    joined: list[Block] = []
    for b in blocks:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and b.kind == "p"
            and prev.kind in ("p", "li")
            and b.line not in spec.no_join
        ):
            cont = b.line in spec.force_join or (
                not prev.text.endswith(TERMINAL) and b.text[:1].islower()
            )
            if cont:
                if re.search(r"[^\W\d_]-$", prev.text):
                    prev.text = join_hyphen(prev.text, b.text, vocab)
                else:
                    prev.text = prev.text + " " + b.text
                prev.lines += b.lines
                continue
        joined.append(b)

    # 3. place footnote definitions
    for fb in fn_blocks:
        ref = f"[^{fb.label}]"
        pos = None
        for k, b in enumerate(joined):
            if b.kind != "fn" and ref in b.text:
                pos = k
                break
        if pos is None:
            target = fb.anchor or (fb.line - 1)
            for k, b in enumerate(joined):
                if target in b.lines:
                    pos = k
                    break
        if pos is None:
            pos = max(k for k, b in enumerate(joined) if b.line < fb.line)
        # after the referencing block, and after any list the block belongs to
        while pos + 1 < len(joined) and joined[pos].kind == "li" and joined[pos + 1].kind == "li":
            pos += 1
        while pos + 1 < len(joined) and joined[pos + 1].kind == "fn":
            pos += 1
        joined.insert(pos + 1, fb)
    if spec.title:
        joined.insert(0, Block("h", spec.title, 0, level=1))
    return joined


def render(blocks: list[Block]) -> str:
    out: list[str] = []
    prev_kind = None
    for b in blocks:
        text = re.sub(r"[ \u00a0]{2,}", " ", b.text.strip()) if b.kind != "md" else b.text.strip()
        if b.kind == "h":
            s = "#" * b.level + " " + text
        elif b.kind == "li":
            s = "  " * b.level + "- " + text
        elif b.kind == "fn":
            s = f"[^{b.label}]: {text}"
        else:
            s = text
        if out:
            out.append("\n" if (b.kind == "li" and prev_kind == "li") else "\n\n")
        out.append(s)
        prev_kind = b.kind
    return "".join(out).rstrip() + "\n"


def pipe_table(header: list[str], rows: list[list[str]]) -> str:
    def row(cells):
        return "| " + " | ".join(c.strip() for c in cells) + " |"

    lines = [row(header), "|" + "|".join("---" for _ in header) + "|"]
    lines += [row(r) for r in rows]
    return "\n".join(lines)
