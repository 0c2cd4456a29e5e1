"""The eval report: Markdown, JSON and a PNG comparing the systems.

The held-out ``test`` split and the ``dev`` split (used for tuning) are
reported separately. Each target of the issue is checked on the test split
with PASS or MISS, and a miss comes with a sentence, computed from the rows,
on what limits it (the checks: :mod:`.targets`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssassist.evaluation.gold_items import LANGS
from ssassist.evaluation.systems import SYSTEMS, TOP_K
from ssassist.evaluation.targets import RECALL, summary_cell
from ssassist.evaluation.targets import targets as targets  # its former home: keep the import


def _f(x: Any, digits: int = 3) -> str:
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


# -- Markdown ------------------------------------------------------------------------


def _language_table(summary: dict[str, Any], split: str) -> list[str]:
    lines = [
        f"| language | system | factual | recall@1 | {RECALL} | MRR | accuracy | accuracy incl. "
        "quotes | citation precision | coverage exactness | refusal precision | refusal recall | "
        "answer language ok | median s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lang in (*LANGS, "all"):
        for system, cells in summary[split].items():
            c = cells.get(lang, {}).get("all")
            if not c or system == "retrieval":  # coverage questions only: see the coverage table
                continue
            exactness = c["coverage_exactness"] if system == "full" else None
            lines.append(
                f"| {lang} | {system} | {c['n_factual']} | {_f(c['recall@1'])} | {_f(c[RECALL])} "
                f"| {_f(c['mrr'])} | {_f(c['accuracy'])} | {_f(c['accuracy_loose'])} "
                f"| {_f(c['citation_precision'])} | {_f(exactness)} "
                f"| {_f(c['refusal_precision'])} | {_f(c['refusal_recall'])} "
                f"| {_f(c['language_ok'])} | {_f(c['seconds_median'], 2)} |"
            )
    return lines


def _kind_table(summary: dict[str, Any], split: str) -> list[str]:
    lines = [
        "| kind | language | system | items | correct | main metric |",
        "|---|---|---|---|---|---|",
    ]
    main = {
        "factual": ("accuracy", "accuracy"),
        "coverage": ("coverage_exactness", "exactness"),
        "refusal": ("refusal_recall", "refused"),
        "route": ("route_accuracy", "coverage-or-not route right"),
        "history": ("check_exactness", "groups exact"),
        "membership": ("check_exactness", "exact"),
    }
    for kind, (key, label) in main.items():
        for lang in (*LANGS, "all"):
            for system, cells in summary[split].items():
                c = cells.get(lang, {}).get(kind)
                if not c:
                    continue
                value = _f(c[key]) if (kind != "coverage" or system == "full") else "— (no verdict)"
                lines.append(
                    f"| {kind} | {lang} | {system} | {c['n']} | {_f(c['correct'])} | "
                    f"{label} {value} |"
                )
    return lines


def _answers_table(summary: dict[str, Any], split: str) -> list[str]:
    lines = [
        "| language | system | factual | accuracy | accuracy strict (no rendering) | lead accuracy "
        "| answered | body in the asker's language | bodies with a paragraph in the other "
        "language | median body words, factual | median body words, all answered |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lang in (*LANGS, "all"):
        for system, cells in summary[split].items():
            c = cells.get(lang, {}).get("all")
            if not c or system == "retrieval":
                continue
            f = cells.get(lang, {}).get("factual", {})
            lines.append(
                f"| {lang} | {system} | {c['n_factual']} | {_f(c['accuracy'])} "
                f"| {_f(c.get('accuracy_strict'))} | {_f(c.get('lead_accuracy'))} "
                f"| {_f(c.get('n_answered'))} | {_f(c.get('body_language'))} "
                f"| {_f(c.get('body_mixed'))} | {_f(f.get('body_words_median'), 0)} "
                f"| {_f(c.get('body_words_median'), 0)} |"
            )
    return lines


def _refusal_table(summary: dict[str, Any], split: str) -> list[str]:
    lines = [
        "| language | system | old items | old precision | old recall | new items "
        "| new precision | new recall | precision, all | recall, all |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lang in (*LANGS, "all"):
        for system, cells in summary[split].items():
            c = cells.get(lang, {}).get("all")
            if not c or system == "retrieval":
                continue
            lines.append(
                f"| {lang} | {system} | {_f(c.get('n_refusal_old'))} "
                f"| {_f(c.get('refusal_precision_old'))} | {_f(c.get('refusal_recall_old'))} "
                f"| {_f(c.get('n_refusal_new'))} | {_f(c.get('refusal_precision_new'))} "
                f"| {_f(c.get('refusal_recall_new'))} | {_f(c['refusal_precision'])} "
                f"| {_f(c['refusal_recall'])} |"
            )
    return lines


def _cell(text: str, limit: int = 200) -> str:
    text = " ".join(text.split()).replace("|", "/")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lead_misses(result: dict[str, Any], split: str) -> list[str]:
    """Dev only: per language, the factual questions whose first line lacks a key fact."""
    out: list[str] = []
    for lang in LANGS:
        rows = [
            r
            for r in result["rows"]
            if r["split"] == split
            and r["system"] == "full"
            and r["kind"] == "factual"
            and r["lang"] == lang
            and not r.get("lead_accurate", True)
        ]
        out += ["", f"#### {lang}: {len(rows)} first lines without every key fact", ""]
        if not rows:
            continue
        out += [
            "| item | question | first line | missing in it |",
            "|---|---|---|---|",
        ]
        for r in rows:
            out.append(
                f"| {r['id']} | {_cell(r.get('question', ''))} | {_cell(r.get('first_line', ''))} "
                f"| {_cell(', '.join(r.get('lead_missing', [])))} |"
            )
    return out


def _coverage_table(summary: dict[str, Any], split: str) -> list[str]:
    lines = [
        "| system | coverage questions | exact (route, pair, benefit, verdict, instruments) | "
        "verdict right | instruments exactly as expected | answer names the expected instruments |",
        "|---|---|---|---|---|---|",
    ]
    for system, cells in summary[split].items():
        c = cells.get("all", {}).get("coverage")
        if not c:
            continue
        verdict = system == "full"
        lines.append(
            f"| {system} | {c['n']} | {_f(c['coverage_exactness'] if verdict else 0.0)} "
            f"| {_f(c['coverage_verdict'] if verdict else None)} "
            f"| {_f(c['instruments_equal'] if verdict else None)} | {_f(c['instruments_named'])} |"
        )
    return lines


def _targets_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| target | value | status | what limits it |", "|---|---|---|---|"]
    for t in rows:
        lines.append(f"| {t['target']} | {_f(t['value'])} | **{t['status']}** | {t['limit']} |")
    return lines


def _misses(result: dict[str, Any], split: str) -> list[str]:
    rows = [
        r
        for r in result["rows"]
        if r["split"] == split and r["system"] == "full" and not r["correct"]
    ]
    if not rows:
        return ["Every item answered as expected by the full assistant."]
    out = ["| item | kind | route | what went wrong |", "|---|---|---|---|"]
    for r in rows:
        if r["kind"] == "factual":
            what = f"rank {_f(r['rank'])}; missing {', '.join(r['missing_facts']) or '—'}"
        elif r["kind"] == "coverage":
            what = (
                f"benefit {_f(r['benefit'])} (expected {_f(r['expected_benefit'])}); "
                f"covered {_f(r['covered'])} (expected {_f(r['expected_covered'])}); instruments "
                f"{', '.join(r['instruments']) or '—'} "
                f"(expected {', '.join(r['expected_instruments']) or '—'})"
            )
        elif r["kind"] == "route":
            what = f"expected route {r['expected_route']}"
        elif r["kind"] == "history":
            what = f"missing {', '.join(r['missing']) or '—'}; extra {', '.join(r['extra']) or '—'}"
        elif r["kind"] == "membership":
            what = f"agreements found {', '.join(r['found']) or '—'}"
        else:
            what = "answered instead of refused"
        if r["error"]:
            what += f"; error: {r['error']}"
        out.append(f"| {r['id']} | {r['kind']} | {r['route']} | {what.replace('|', '/')} |")
    return out


def markdown(result: dict[str, Any]) -> str:
    """The whole report as Markdown."""
    meta = result["meta"]
    summary = result["summary"]
    lines = [
        "# ssassist evaluation",
        "",
        f"Command: `{meta['command']}` — {meta['date']}, {meta['elapsed_s']:.0f} s on "
        f"{meta['machine']}.",
        f"Gold set: {meta['gold_dir']} ({', '.join(meta['gold_files'])}); "
        + ", ".join(f"{k}: {v}" for k, v in meta["counts"].items())
        + ".",
        f"Embedding model: {meta['model']}; top-k {TOP_K}; refusal threshold "
        f"{meta['min_support']}.",
        "",
        "Systems: " + "; ".join(f"**{s}** = {SYSTEMS[s]}" for s in meta["systems"]) + ".",
        "",
        "How to read it: *recall@k* and *MRR* look for a retrieved chunk holding the gold "
        "passage; *accuracy* is the share of answers whose text (`Answer.answer`, as the user "
        "sees it) contains every key fact, an alternative of a key fact also counting in its "
        "Apertium rendering from the document's language into the asker's when it keeps the "
        "alternative's numbers and percent signs (*accuracy strict*: without renderings); "
        "*lead accuracy* asks the same of the answer's first non-empty line; "
        "*accuracy incl. quotes* also searches the citations' "
        "quotes; *citation precision* is the share of citations whose quote holds a key fact or "
        "whose passage holds the gold passage; a coverage answer is *exact* when it comes from "
        "the check, for the right pair and benefit, with the expected verdict and every expected "
        "instrument among those deciding it; refusal precision and recall count a refusal as the "
        "positive class over the factual, coverage and refusal items. "
        "The *body* of an answer that was not refused is its text without the `[n]` markers "
        "(quotes included; the citations are not part of it): its words are the tokens holding "
        "a letter or digit, and its language is what the project's detector "
        "(`ssassist.query.detect.detect_language`) says of the whole body, markup left out; "
        "*bodies with a paragraph in the other language* count those where some line of 8 "
        "words or more is detected in the other language. *Old* refusal items are those of "
        "the refusal files but `*refusal_unanswered*.yaml` (mostly off-topic); *new* ones are "
        "the on-topic questions the documents do not answer (`dev_refusal_unanswered.yaml`); "
        "each subset's precision counts its own refusal items and every answerable item.",
        "",
        "The baselines find passages differently and share the rest: their answer is the "
        "assistant's extractive composition (same sentence scoring, same refusal threshold) over "
        f"their top {TOP_K} passages. The dense baseline is a plain llama-index "
        "`VectorStoreIndex` retriever over the same Chroma collection and model, queried with "
        f"the question as written, with `similarity_top_k={TOP_K}` (the default, 2, would cap "
        "recall@5 at recall@2). The BM25 baseline is bm25s over the chunk texts, each stemmed in "
        "its own language, queried with the question's stems (no glossary, no cross-language "
        "terms). The baselines have no exact check, so they run on factual and refusal questions "
        "only (their refusal precision and recall are over those); on coverage questions the "
        "*retrieval* system, the assistant with its coverage route switched off, shows what the "
        "exact check adds.",
    ]
    for split, title in (
        ("test", "Held-out split (`test`, never used for tuning)"),
        ("dev", "Dev split (`dev`, used to tune thresholds, weights and the glossary)"),
    ):
        lines += ["", f"## {title}", ""]
        if split not in summary:
            lines.append("No items of this split in the gold set.")
            continue
        lines += ["### Targets", ""] + _targets_table(result["targets"][split])
        lines += ["", "### Per language", ""] + _language_table(summary, split)
        lines += ["", "### Answers: accuracy, lead, body language and length", ""]
        lines += _answers_table(summary, split)
        lines += ["", "### Refusals: old and new refusal items", ""]
        lines += _refusal_table(summary, split)
        lines += ["", "### Per kind", ""] + _kind_table(summary, split)
        lines += [
            "",
            "### Coverage questions: the exact check against a plain retrieval answer",
            "",
        ]
        lines += _coverage_table(summary, split)
        lines += ["", "### Items the full assistant got wrong", ""] + _misses(result, split)
        if split == "dev":  # item texts: never for the held-out split
            lines += ["", "### Lead misses (dev): the first line lacks a key fact"]
            lines += _lead_misses(result, split)
    if result.get("plot"):
        lines += ["", f"![systems compared]({Path(result['plot']).name})"]
    bench = result.get("bench")
    if bench:
        lines += [
            "",
            "## Speed and memory (from bench.json)",
            "",
            f"Measured by `{bench['meta']['command']}` on {bench['meta']['date']}; "
            "details in bench.md.",
            "",
        ] + _targets_table(bench["targets"])
    return "\n".join(lines) + "\n"


# -- plot ----------------------------------------------------------------------------


def plot(result: dict[str, Any], path: Path) -> Path | None:
    """Bar charts of recall@5, MRR and accuracy per language and system, one row per split."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = result["summary"]
    splits = [s for s in ("test", "dev") if s in summary]
    if not splits:
        return None
    metrics = [(RECALL, RECALL), ("mrr", "MRR"), ("accuracy", "answer accuracy")]
    fig, axes = plt.subplots(
        len(splits), len(metrics), figsize=(4.2 * len(metrics), 3.4 * len(splits)), squeeze=False
    )
    systems = [s for s in SYSTEMS if s != "retrieval" and any(s in summary[sp] for sp in splits)]
    width = 0.8 / max(1, len(systems))
    for i, split in enumerate(splits):
        for j, (key, label) in enumerate(metrics):
            ax = axes[i][j]
            for k, system in enumerate(systems):
                vals = [
                    (summary_cell(summary, split, system, lang, "factual").get(key) or 0.0)
                    for lang in LANGS
                ]
                xs = [x + (k - (len(systems) - 1) / 2) * width for x in range(len(LANGS))]
                bars = ax.bar(xs, vals, width, label=system)
                ax.bar_label(bars, fmt="%.2f", fontsize=7)
            ax.set_xticks(range(len(LANGS)), LANGS)
            ax.set_ylim(0, 1.1)
            ax.set_title(f"{label} — {split}", fontsize=10)
            if key in (RECALL, "accuracy"):
                ax.axhline(
                    0.95 if key == RECALL else 0.85, color="grey", linestyle="--", linewidth=0.8
                )
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(systems), fontsize=9, frameon=False)
    fig.suptitle(
        "ssassist: full assistant vs BM25 and llama-index dense baselines (factual questions)",
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write(result: dict[str, Any], out: Path) -> dict[str, Path]:
    """Write eval.md, eval.json and eval_systems.png under ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    bench = out / "bench.json"
    if bench.is_file():
        try:
            data = json.loads(bench.read_text(encoding="utf-8"))
            result["bench"] = {"meta": data["meta"], "targets": data["targets"]}
        except (ValueError, KeyError):
            pass
    png = plot(result, out / "eval_systems.png")
    result["plot"] = str(png) if png else None
    md = out / "eval.md"
    md.write_text(markdown(result), encoding="utf-8")
    js = out / "eval.json"
    js.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    paths = {"markdown": md, "json": js}
    if png:
        paths["plot"] = png
    return paths
