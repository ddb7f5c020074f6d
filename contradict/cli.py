"""Command line: ``contradict scan CORPUS -o flagged.jsonl``, ``contradict index``, ``contradict vet``.

Exit status: 0 all inputs read; 3 results written but some inputs were skipped (listed in the
summary); 2 usage or fatal error (nothing written).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from contradict.nli_model import PRECISIONS  # noqa: E402 - light: torch is imported on load only

EXIT_OK, EXIT_FATAL, EXIT_SKIPPED = 0, 2, 3


def _quiet_libraries() -> None:
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning)
    for name in ("transformers", "sentence_transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--nli-model", type=Path, default=None,
                   help="NLI model directory (default: the project's models/nli-minilm-l6)")
    p.add_argument("--no-nli", action="store_true", help="run without the NLI judge")
    p.add_argument("--precision", choices=PRECISIONS, default="auto",
                   help="NLI arithmetic; auto = bf16 where the CPU has it in hardware, else int8 (default: auto)")
    p.add_argument("-k", type=int, default=10, help="neighbours looked at per claim (default 10)")
    p.add_argument("--max-file-mb", type=float, default=5.0, help="largest input file read (default 5 MB)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="contradict", description="Find claims that conflict across news outlets.")
    sub = ap.add_subparsers(dest="command", required=True)
    scan = sub.add_parser("scan", help="find conflicts in a corpus and write them as JSONL")
    scan.add_argument("corpus", nargs="+", type=Path, help="directories (read recursively) or files")
    scan.add_argument("-o", "--output", type=Path, default=Path("flagged.jsonl"))
    scan.add_argument("--top", type=int, default=5, help="findings shown in the summary (default 5)")
    scan.add_argument("--save-index", type=Path, default=None, help="also save the corpus index here")
    _common(scan)
    index = sub.add_parser("index", help="build (or extend) a saved index of a corpus for vetting drafts")
    index.add_argument("corpus", nargs="+", type=Path)
    index.add_argument("-o", "--output", type=Path, required=True, help="index directory")
    index.add_argument("--max-file-mb", type=float, default=5.0)
    index.add_argument("--quiet", action="store_true")
    vet = sub.add_parser("vet", help="check a draft against a saved index")
    vet.add_argument("draft", type=Path, help="the draft, a text file ('-' for standard input)")
    vet.add_argument("--index", type=Path, required=True, help="index directory made by 'contradict index'")
    vet.add_argument("-o", "--output", type=Path, default=None, help="write findings as JSONL here too")
    _common(vet)
    return ap


def _nli_arg(args: argparse.Namespace):
    from contradict.nli_model import DEFAULT_MODEL_DIR

    return None if args.no_nli else (args.nli_model or DEFAULT_MODEL_DIR)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _quiet_libraries()
    from contradict.embed import Embedder
    from contradict.index import CorpusIndex, IndexFormatError
    from contradict.pipeline import Judges, build_index, scan, vet
    from contradict.report import format_summary, write_jsonl

    max_bytes = int(args.max_file_mb * 1024 * 1024)
    progress = not args.quiet and sys.stderr.isatty()
    if args.command == "scan":
        findings, report = scan(args.corpus, args.output, nli_model=_nli_arg(args), precision=args.precision,
                                k=args.k, progress=progress, max_bytes=max_bytes)
        print(format_summary(report, findings, args.output, top=args.top))
        if report.articles == 0:
            print("error: no article could be read", file=sys.stderr)
            return EXIT_FATAL
        return EXIT_SKIPPED if report.skipped else EXIT_OK
    if args.command == "index":
        existing = CorpusIndex.load(args.output) if (args.output / "meta.json").exists() else None
        before = len(existing.articles) if existing else 0
        index, report = build_index(args.corpus, Embedder(), progress=progress, max_bytes=max_bytes, into=existing)
        for skip in report.skipped:
            print(f"  skipped {skip.path}: {skip.reason}")
        index.save(args.output)
        print(f"index: {len(index.articles)} articles ({len(index.articles) - before} new), {len(index)} claims "
              f"-> {args.output}")
        return EXIT_SKIPPED if report.skipped else EXIT_OK
    # vet
    try:
        index = CorpusIndex.load(args.index)
    except (IndexFormatError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    try:
        text = sys.stdin.read() if str(args.draft) == "-" else args.draft.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {args.draft}: cannot read the draft ({exc})", file=sys.stderr)
        return EXIT_FATAL
    embedder = Embedder()
    judges = Judges(embedder, nli_model=_nli_arg(args), precision=args.precision)
    findings = vet(text, index, judges=judges, embedder=embedder, k=args.k)
    if args.output:
        write_jsonl(findings, args.output)
    print(f"{len(findings)} findings for the draft against {len(index.articles)} articles"
          + (f" (judges: {', '.join(judges.names)})" if judges.missing else ""))
    for finding in findings:
        print(f"- {finding.type} {finding.score:.2f}: {finding.explanation}\n    draft: {finding.left.sentence}\n"
              f"    {finding.right.outlet}: {finding.right.sentence}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
