"""Command line: ``ssassist ingest | ask | check | eval | serve``.

Parses the arguments, calls the Assistant, prints the result.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from ssassist.errors import SSAssistError

log = logging.getLogger("ssassist")


def _assistant() -> Any:
    from ssassist.assistant import Assistant

    return Assistant()


def _print_json(model: Any) -> None:
    print(json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2))


def cmd_ingest(args: argparse.Namespace) -> int:
    asst = _assistant()
    report = asst.ingest(rebuild=args.rebuild, progress=lambda msg: print(msg, file=sys.stderr))
    print(report.summary())
    return 0


def render_answer(answer: Any) -> str:
    """Plain-text rendering of an Answer: the text, notices, then numbered sources."""
    out = [answer.answer]
    out += [f"({n})" for n in answer.notices]
    if answer.citations:
        out.append("")
        out.append("Sources:" if answer.language == "en" else "Fuentes:")
        for c in answer.citations:
            where = f", {c.section}" if c.section else ""
            out.append(f"[{c.n}] {c.title} ({c.publisher}, {c.year or 'n.d.'}){where}")
            out.append("    " + c.text.replace("\n", "\n    "))
    return "\n".join(out)


def _text(arg: str) -> str:
    """Command-line text as valid Unicode: bytes that were not UTF-8 become U+FFFD.

    Python hands undecodable argv bytes over as lone surrogates, which no
    encoder, tokenizer or terminal accepts.
    """
    try:
        return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return arg.encode("utf-8", "replace").decode("utf-8")


def _question(parts: Sequence[str]) -> str:
    """The question from the arguments, or from standard input when it is ``-``."""
    if list(parts) == ["-"]:
        stdin = getattr(sys.stdin, "buffer", None)
        return (
            stdin.read().decode("utf-8", "replace")
            if stdin is not None
            else _text(sys.stdin.read())
        )
    return _text(" ".join(parts))


def cmd_ask(args: argparse.Namespace) -> int:
    question = _question(args.question)
    answer = _assistant().ask(question)
    if args.json:
        _print_json(answer)
    else:
        print(render_answer(answer))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ssassist.answering.pair_roles import role_in_pair

    asst = _assistant()
    countries = [_text(c) for c in args.countries]
    benefit = _text(args.benefit) if args.benefit is not None else None
    if len(countries) < 2:
        raise SSAssistError("check needs two countries, or more for a work history")
    if len(countries) > 2:
        return _check_history(asst, countries, benefit, args)
    a, b = countries
    nationality = role_in_pair("--from", _text(args.origin) if args.origin else None, a, b)
    residence = role_in_pair("--lives-in", _text(args.lives_in) if args.lives_in else None, a, b)
    answer = asst.coverage_answer(
        a, b, benefit, lang=args.lang, nationality=nationality, residence=residence
    )
    if args.json:  # the check's result, as before, with the rights framing beside it
        data = answer.coverage.model_dump(mode="json")
        data["access"] = answer.access.model_dump(mode="json") if answer.access else None
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:  # the same worded answer as the chat's
        print(render_answer(answer))
    return 0


def _check_history(
    asst: Any, countries: list[str], benefit: str | None, args: argparse.Namespace
) -> int:
    """``check A B C …``: which of the countries worked in add their years together."""
    nationality = _text(args.origin) if args.origin else None
    residence = _text(args.lives_in) if args.lives_in else None
    if args.json:
        result = asst.check_history(
            countries, benefit, nationality=nationality, residence=residence
        )
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        answer = asst.history_answer(
            countries, benefit, args.lang, nationality=nationality, residence=residence
        )
        print(render_answer(answer))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    asst = _assistant()
    asst.index.open()
    fps = asst.index.stored_fingerprints()
    print(f"index: {asst.index.location}\nmodel: {asst.index.model_id}\ndocuments: {len(fps)}")
    translator = asst.translator
    print(f"translation: {translator.status.detail if translator else 'off (glossary only)'}")
    rendered = asst.parts.renderings
    made_with = rendered.meta.get("apertium")
    how = (
        f"Apertium {made_with}"
        if made_with
        else "matrix facts only: Apertium was not available at ingest"
        if len(rendered)
        else "none: answers show the original; run ssassist ingest"
    )
    print(f"renderings: {len(rendered)} ({how})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ssassist.ui import serve

    serve(_assistant(), host=args.host, port=args.port)
    return 0


def cmd_feedback_export(args: argparse.Namespace) -> int:
    from ssassist.config import Settings
    from ssassist.feedback import FeedbackStore

    store = FeedbackStore(Settings().feedback_path)
    if args.out is None:
        count = store.export_csv(sys.stdout)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            count = store.export_csv(out)
    print(f"{count} feedback records exported", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssassist",
        description=(
            "Cited answers on social security for migrants in the Americas (Spanish/English)."
        ),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and timings")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="build or update the search index from corpus/")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it anew")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="ask a question (Spanish or English)")
    p.add_argument("question", nargs="+", help="the question; - reads it from standard input")
    p.add_argument("--json", action="store_true", help="print the full answer as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser(
        "check",
        help=(
            "exact check: does an agreement cover two countries (and a benefit)? With three "
            "or more: which years of a work history add up"
        ),
    )
    p.add_argument(
        "countries",
        nargs="+",
        metavar="COUNTRY",
        help=(
            "two countries (Spanish or English names, ISO codes, aliases), or three or more "
            "for a work history: which of them add their years together, under what"
        ),
    )
    p.add_argument(
        "--benefit", default=None, help="benefit id or name, e.g. old_age, 'pensión de vejez'"
    )
    p.add_argument(
        "--from",
        dest="origin",
        default=None,
        help="the person's nationality: one of the two countries (default: either)",
    )
    p.add_argument(
        "--lives-in",
        dest="lives_in",
        default=None,
        help="where the person lives or works: one of the two countries (default: either)",
    )
    p.add_argument("--lang", choices=["en", "es"], default="en", help="language of the text output")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the full result, with its access summary, as JSON",
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("status", help="check that the index exists and fits the configured model")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("serve", help="start the chat app")
    p.add_argument(
        "--host", default=None, help="address to bind (default from settings: 127.0.0.1)"
    )
    p.add_argument("--port", type=int, default=None, help="port (default from settings: 7860)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("feedback", help="the feedback users left on answers")
    fsub = p.add_subparsers(dest="feedback_command", required=True)
    fp = fsub.add_parser("export", help="write every feedback record as CSV (UTF-8)")
    fp.add_argument("--out", default=None, help="CSV file to write (default: standard output)")
    fp.set_defaults(func=cmd_feedback_export)

    from ssassist.evaluation.commands import add_parsers as add_eval_parsers

    add_eval_parsers(sub)  # eval, bench
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(
        sys.stdout, "reconfigure"
    ):  # a terminal that cannot show "ñ" or "“" gets "?", not a crash
        sys.stdout.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except SSAssistError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
