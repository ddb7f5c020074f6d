"""Command line: ``contradict scan CORPUS -o flagged.jsonl``, ``index``, ``vet``, ``report``, ``review``.

Exit status: 0 all inputs read; 3 results written but some inputs were skipped (listed in the
summary); 2 usage or fatal error (nothing written).  ``vet`` is a gate: 1 when the draft has findings
at or above ``--fail-on``.
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
from contradict.safeio import DEFAULT_LOCK_TIMEOUT  # noqa: E402

EXIT_OK, EXIT_FINDINGS, EXIT_FATAL, EXIT_SKIPPED = 0, 1, 2, 3


def _quiet_libraries() -> None:
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning)
    for name in ("transformers", "sentence_transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # transformers reads these when (and if) it is imported: a run on cached model traces never imports it,
    # and importing it here only to quiet it took 0.75 s of a cold ``contradict vet``
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()


def _whole_number_from(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, got {value}")
        return value
    return parse


_positive_int = _whole_number_from(1)
_count = _whole_number_from(0)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number above 0, got {text}")
    return value


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a score between 0 and 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--nli-model", type=Path, default=None,
                   help="NLI model directory (default: the project's models/nli-minilm-l6)")
    p.add_argument("--no-nli", action="store_true", help="run without the NLI judge")
    p.add_argument("--precision", choices=PRECISIONS, default=None,
                   help="NLI arithmetic; auto = bf16 where the CPU has it in hardware, else int8 (default: auto)")
    p.add_argument("-k", type=_positive_int, default=None, help="neighbours looked at per claim (default 10)")
    p.add_argument("--config", type=Path, default=None, metavar="FILE",
                   help="settings file (TOML; default: ./contradict.toml if there is one; see 'contradict config')")
    p.add_argument("--max-file-mb", type=_positive_float, default=5.0,
                   help="largest input file read (default 5 MB)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def _wait(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wait", type=_positive_float, default=DEFAULT_LOCK_TIMEOUT, metavar="SECONDS",
                   help="how long to wait for another process writing the same index "
                        f"(default {DEFAULT_LOCK_TIMEOUT:g} s)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="contradict", description="Find claims that conflict across news outlets.")
    sub = ap.add_subparsers(dest="command", required=True)
    scan = sub.add_parser("scan", help="find conflicts in a corpus and write them as JSONL")
    scan.add_argument("corpus", nargs="+", type=Path, help="directories (read recursively) or files")
    scan.add_argument("-o", "--output", type=Path, default=Path("flagged.jsonl"))
    scan.add_argument("--top", type=_count, default=5, help="findings shown in the summary (default 5)")
    scan.add_argument("--save-index", "--index", dest="save_index", type=Path, default=None,
                      help="keep the corpus index here, with the judges' verdicts (an index directory): a later "
                           "scan given the same DIR embeds only new articles and judges only new pairs; DIR "
                           "then holds this corpus's index")
    scan.add_argument("--html", type=Path, default=None, metavar="FILE",
                      help="also write the reviewer's HTML report here")
    scan.add_argument("--verdicts", type=Path, action="append", default=[], metavar="FILE",
                      help="carry recorded verdicts forward by finding id (repeatable; later files win): dismissed "
                           "findings are kept out of the summary and the report's default view")
    scan.add_argument("--claims", type=Path, default=None,
                      help="write the claim table here (default: beside the findings, flagged.claims.jsonl)")
    scan.add_argument("--across-stories", action="store_true",
                      help="pair claims across the stories found too (default: within each story only)")
    scan.add_argument("--engine", choices=("local", "ray"), default="local",
                      help="where reading, embedding and the judges' model calls run: this process (default), "
                           "or Ray Data batches on a Ray cluster (needs the ray extra; same findings)")
    scan.add_argument("--ray-address", default=None, metavar="ADDR",
                      help="with --engine ray: the cluster to use (e.g. 10.0.0.5:6379, or 'auto' for the one "
                           "'ray start' made here; default: a new local Ray instance)")
    scan.add_argument("--ray-cpus", type=_positive_int, default=None, metavar="N",
                      help="with --engine ray: CPUs of the local Ray instance, and most workers per stage on "
                           "any cluster (default: all the cluster's CPUs)")
    _common(scan)
    _wait(scan)
    index = sub.add_parser("index", help="build (or extend) a saved index of a corpus for vetting drafts")
    index.add_argument("corpus", nargs="+", type=Path)
    index.add_argument("-o", "--output", type=Path, required=True, help="index directory")
    index.add_argument("--max-file-mb", type=_positive_float, default=5.0)
    index.add_argument("--config", type=Path, default=None, metavar="FILE",
                       help="settings file: how articles are read and cut into claims (default: ./contradict.toml "
                            "if there is one)")
    index.add_argument("--quiet", action="store_true")
    _wait(index)
    vet = sub.add_parser("vet", help="check a draft against a saved index")
    vet.add_argument("draft", type=Path, help="the draft, a text file ('-' for standard input)")
    vet.add_argument("--index", type=Path, required=True, help="index directory made by 'contradict index'")
    vet.add_argument("-o", "--output", type=Path, default=None, help="write findings as JSONL here too")
    vet.add_argument("--fail-on", type=_score, default=0.0, metavar="SCORE",
                     help="exit 1 when a finding scores at least this (default 0: any finding)")
    vet.add_argument("--format", choices=("text", "jsonl"), default="text",
                     help="standard output: text for a person, or one finding a line (default text)")
    _common(vet)
    config = sub.add_parser("config", help="print the effective settings (defaults, the settings file) as TOML")
    config.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="settings file (default: ./contradict.toml if there is one)")
    report = sub.add_parser("report", help="write the reviewer's HTML report of a findings file")
    report.add_argument("findings", type=Path, help="a findings JSONL file (from 'contradict scan')")
    report.add_argument("-o", "--output", type=Path, default=Path("report.html"), help="default report.html")
    report.add_argument("--verdicts", type=Path, action="append", default=[], metavar="FILE",
                        help="verdicts to show (repeatable; default: FINDINGS.verdicts.jsonl beside it, if any)")
    report.add_argument("--title", default=None, help="the page's title")
    review = sub.add_parser("review", help="record verdicts on findings in the terminal (resumable)")
    review.add_argument("findings", type=Path, help="a findings JSONL file (from 'contradict scan')")
    review.add_argument("--verdicts", type=Path, default=None, metavar="FILE",
                        help="the verdicts file appended to (default: FINDINGS.verdicts.jsonl beside it)")
    review.add_argument("--reviewer", default=None, help="name recorded with each verdict (default: login name)")
    review.add_argument("--all", action="store_true", help="also ask about findings that have a verdict")
    return ap


def _nli_arg(args: argparse.Namespace):
    from contradict.nli_model import DEFAULT_MODEL_DIR

    return None if args.no_nli else (args.nli_model or DEFAULT_MODEL_DIR)


def _finder(args: argparse.Namespace, embedder, progress: bool, max_bytes: int):
    """The Finder of this run: the settings file (``--config``, else ./contradict.toml, else defaults) with
    what the command line says on top.  ``SettingsError`` for a bad settings file."""
    from contradict.pipeline import Finder

    ray = getattr(args, "engine", "local") == "ray"
    return Finder(embedder, settings=args.settings, nli_model=_nli_arg(args), precision=args.precision,
                  k=args.k, by_story=(not args.across_stories) if getattr(args, "across_stories", False) else None,
                  progress=progress, max_bytes=max_bytes, engine=getattr(args, "engine", "local"),
                  ray_address=args.ray_address if ray else None, ray_cpus=args.ray_cpus if ray else None)


def _fail(message: object) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_FATAL


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr, flush=True)


def run_index(corpus: list[Path], output: Path, embedder, *, max_bytes: int, progress: bool = False,
              lock_timeout: float = DEFAULT_LOCK_TIMEOUT, settings=None) -> tuple[int, str]:
    """``contradict index``: build or extend the index ``output`` from ``corpus`` under its writer lock.

    Returns (exit status, summary).  Raises ``OutputError``/``IndexFormatError`` (one line) for a target
    that must not be written or an index that cannot be extended; nothing is written then.
    """
    from contradict.index import CorpusIndex, check_index_target, recover
    from contradict.pipeline import build_index, stories_of
    from contradict.safeio import writer_lock
    from contradict.settings import defaults

    check_index_target(output, inputs=corpus)
    with writer_lock(output, lock_timeout, on_wait=_note):
        for done in recover(output):
            _note(done)
        check_index_target(output, inputs=corpus)  # again: another writer may have made it while we waited
        # Loaded under the lock: a run that waited for another one extends what that run saved.
        existing = CorpusIndex.load(output, embedder=embedder) if (output / "meta.json").exists() else None
        before = len(existing.articles) if existing else 0
        index, report = build_index(corpus, embedder, progress=progress, max_bytes=max_bytes, into=existing,
                                    settings=settings)
        lines = [f"  skipped {skip.path}: {skip.reason}" for skip in report.skipped]
        lines += [f"  warning: {warning}" for warning in report.warnings]
        readable = [i for i in index.last_offered if i in index.articles]
        if not readable:
            lines.append(f"error: no article could be read; {output} left as it was")
            return EXIT_FATAL, "\n".join(lines)
        stories_of(index, settings or defaults())  # grouped once here, saved with the index: vet reads them
        index.save(output, lock_timeout=lock_timeout)
    lines.append(f"index: {len(index.articles)} articles ({len(index.articles) - before} new), {len(index)} claims "
                 f"-> {output}")
    return (EXIT_SKIPPED if report.skipped else EXIT_OK), "\n".join(lines)


def _scan_keeping_index(args: argparse.Namespace, finder):
    """``scan --save-index DIR``: the scan, keeping its index to be saved.  An index already in DIR (made
    with this embedder) lends its claims' vectors and its verdicts: only new articles are embedded and
    only new pairs judged.  One that cannot be used is said and replaced, as before this reuse."""
    from contradict.index import CorpusIndex, IndexFormatError

    previous = None
    if (Path(args.save_index) / "meta.json").exists():
        try:
            previous = CorpusIndex.load(args.save_index, embedder=finder.encoder, lock_timeout=args.wait)
        except IndexFormatError as exc:
            _note(f"{exc}; not reused: it is replaced by this scan's index")
        else:
            for warning in previous.warnings:
                _note(warning)
    findings, report, index = finder.scan_index(args.corpus, previous)
    return findings, report, index


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status = {"code": EXIT_OK}
    try:
        return _run(args, status)
    except BrokenPipeError:
        # The reader went away (``| head``): say nothing more, and keep the interpreter from complaining
        # when it flushes standard output at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return status["code"]


def _run(args: argparse.Namespace, status: dict) -> int:
    if args.command == "config":
        from contradict.settings import Settings, SettingsError

        try:
            print(Settings.find(args.config).describe())
        except SettingsError as exc:
            return _fail(exc)
        return EXIT_OK
    if args.command == "report":  # no model is loaded for these two
        return _report(args)
    if args.command == "review":
        return _review(args)
    from contradict.settings import Settings, SettingsError

    try:  # a bad settings file stops the run before any work, naming the file
        args.settings = Settings.find(getattr(args, "config", None))
    except SettingsError as exc:
        return _fail(exc)
    _quiet_libraries()
    from contradict.embed import Embedder, embedder_in, precision_of
    from contradict.index import CorpusIndex, IndexFormatError, check_index_target
    from contradict.ingest import InputError, is_findings_file, read_text
    from contradict.html_report import is_report_file, write_report
    from contradict.report import format_summary, write_jsonl
    from contradict.safeio import OutputError, check_distinct_outputs, check_output_file
    from contradict.verdicts import VerdictsError, apply_verdicts, describe, read_all

    max_bytes = int(args.max_file_mb * 1024 * 1024)
    progress = not args.quiet and sys.stderr.isatty()
    if args.command in ("scan", "index") and not any(os.path.lexists(p) for p in args.corpus):
        return _fail(f"no such file or directory: {', '.join(map(str, args.corpus))}; nothing read, nothing written")
    if args.command == "scan":
        from contradict.claim_table import claims_path, write_claims

        claims_output = args.claims or claims_path(args.output)
        try:  # before any work: a long scan never ends in an output it cannot write
            check_distinct_outputs({"findings": args.output, "claim table": claims_output, "report": args.html,
                                    "index": args.save_index})
            for target in (args.output, claims_output):  # inside the corpus: only our own output
                check_output_file(target, inputs=args.corpus,
                                  may_replace=lambda p: p.stat().st_size == 0 or is_findings_file(p))
            if args.save_index:
                check_index_target(args.save_index, inputs=args.corpus)
            if args.html:
                check_output_file(args.html, inputs=[*args.corpus, args.output], what="report",
                                  may_replace=lambda p: p.stat().st_size == 0 or is_report_file(p))
            verdict_log = read_all(args.verdicts)  # before the work: a bad verdicts file stops it early
        except (OutputError, VerdictsError) as exc:
            return _fail(exc)
        for warning in verdict_log.warnings:
            _note(warning)
        if args.engine != "ray" and (args.ray_address is not None or args.ray_cpus is not None):
            return _fail("--ray-address and --ray-cpus go with --engine ray")
        from contradict.ray_engine import EngineError

        try:
            finder = _finder(args, embedder_in(Embedder, args.settings.embedding_precision), progress, max_bytes)
        except EngineError as exc:
            return _fail(exc)
        try:
            if args.save_index:
                findings, report, index = _scan_keeping_index(args, finder)
            else:
                findings, report = finder.scan(args.corpus)
        except EngineError as exc:  # the cluster could not be reached
            return _fail(exc)
        finally:
            finder.close()
        if report.articles == 0:
            print(format_summary(report, findings, None, top=args.top))
            return _fail(f"no article could be read; {args.output} left as it was")
        carried = None
        if args.verdicts:
            findings, carried = apply_verdicts(findings, verdict_log)
        try:
            write_jsonl(findings, args.output)
            write_claims(report.claim_table, claims_output)
            if args.save_index:
                index.save(args.save_index, lock_timeout=args.wait)
        except (OSError, OutputError, IndexFormatError) as exc:
            return _fail(f"{args.output}: cannot write ({getattr(exc, 'strerror', None) or exc})"
                         if isinstance(exc, OSError) else exc)
        if args.html:
            try:
                write_report(findings, args.html, source=str(args.output))
            except OSError as exc:
                return _fail(f"{args.html}: cannot write the report ({exc.strerror or exc})")
        status["code"] = EXIT_SKIPPED if report.skipped else EXIT_OK
        print(format_summary(report, findings, args.output, top=args.top)
              + (f"\n{describe(carried, [str(p) for p in args.verdicts])}" if carried else "")
              + (f"\nreport -> {args.html}" if args.html else "")
              + f"\nclaim table -> {claims_output}"
              + (f"\nindex saved -> {args.save_index}" if args.save_index else ""))
        return status["code"]
    if args.command == "index":
        try:
            embedder = embedder_in(Embedder, args.settings.embedding_precision)
            code, summary = run_index(args.corpus, args.output, embedder, max_bytes=max_bytes, progress=progress,
                                      lock_timeout=args.wait, settings=args.settings)
        except (OutputError, IndexFormatError) as exc:
            return _fail(exc)
        except OSError as exc:
            return _fail(f"{args.output}: cannot write the index ({exc.strerror or exc})")
        status["code"] = code
        print(summary)
        return code
    # vet
    try:
        index = CorpusIndex.load(args.index)
    except (IndexFormatError, OutputError) as exc:
        return _fail(exc)
    draft_is_stdin = str(args.draft) == "-"
    if args.output is not None:
        try:
            check_output_file(args.output, inputs=[] if draft_is_stdin else [args.draft])
        except OutputError as exc:
            return _fail(exc)
    try:
        if draft_is_stdin:
            data = sys.stdin.buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(f"over the {args.max_file_mb:g} MB limit (raise it with --max-file-mb)")
            text = data.decode("utf-8-sig")
        else:
            text, _ = read_text(args.draft, max_bytes)
    except (OSError, UnicodeDecodeError, InputError) as exc:
        return _fail(f"{args.draft}: cannot read the draft ({exc})")
    embedder = embedder_in(Embedder, precision_of(index.embedder_name))  # a draft is embedded as its index was
    try:
        index.check_embedder(embedder)
    except IndexFormatError as exc:
        return _fail(f"{args.index}: {exc}")
    finder = _finder(args, embedder, progress, max_bytes)
    judges = finder.judges
    findings = finder.vet(text, index)
    if args.output:
        try:
            write_jsonl(findings, args.output)
        except OSError as exc:
            return _fail(f"{args.output}: cannot write ({exc.strerror or exc})")
    failing = [f for f in findings if f.score >= args.fail_on]
    headline = (f"{len(findings)} findings for the draft against {len(index.articles)} articles"
                + (f" (judges: {', '.join(judges.names)})" if judges.missing else "")
                + f"; {len(failing)} at or above --fail-on {args.fail_on:g}"
                + ("; the draft matches none of the index's stories, so nothing was compared"
                   if finder.last_draft_story == "" else ""))
    if args.format == "jsonl":  # standard output is the findings alone, for a program to read
        print(headline, file=sys.stderr)
        for finding in findings:
            print(finding.model_dump_json())
    else:
        print(headline)
        for finding in findings:
            print(format_vet_finding(finding))
    return EXIT_FINDINGS if failing else EXIT_OK


def format_vet_finding(finding) -> str:
    """A vet finding for the editor: the draft's sentence, and the outlet, date and sentence it conflicts with."""
    other = finding.right
    return (f"- {finding.type} {finding.score:.2f}: {finding.explanation}\n"
            f"    draft: {finding.left.sentence}\n"
            f"    {other.outlet} ({other.published or 'date unknown'}"
            + (f", \"{other.title}\"" if other.title else "") + f"): {other.sentence}")


def _report(args: argparse.Namespace) -> int:
    """``contradict report FINDINGS -o report.html``."""
    from contradict.html_report import ReportError, is_report_file, load_findings, write_report
    from contradict.safeio import OutputError, check_output_file
    from contradict.verdicts import VerdictsError, read_all, verdicts_path_for

    sidecar = verdicts_path_for(args.findings)
    sources = args.verdicts or ([sidecar] if sidecar.exists() else [])
    try:
        check_output_file(args.output, inputs=[args.findings, *sources], what="report",
                          may_replace=lambda p: p.stat().st_size == 0 or is_report_file(p))
        findings = load_findings(args.findings)
        log = read_all(sources, findings)
        for warning in log.warnings:
            _note(warning)
        write_report(findings, args.output, verdicts=log, source=str(args.findings), title=args.title)
    except (OutputError, ReportError, VerdictsError) as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(f"{args.output}: cannot write the report ({exc.strerror or exc})")
    dismissed = sum(1 for f in findings if log.latest.get(f.id) and log.latest[f.id].verdict == "dismissed")
    print(f"report: {len(findings)} findings ({dismissed} dismissed, hidden by default)"
          + (f", verdicts from {', '.join(map(str, sources))}" if sources else "") + f" -> {args.output}")
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    """``contradict review FINDINGS``: the prompt loop on standard input."""
    from contradict.html_report import ReportError, load_findings
    from contradict.review import default_reviewer, run_review
    from contradict.safeio import OutputError, check_output_file
    from contradict.verdicts import VerdictsError, verdicts_path_for

    verdicts = args.verdicts or verdicts_path_for(args.findings)
    try:
        findings = load_findings(args.findings)
        check_output_file(verdicts, inputs=[args.findings], what="verdicts file")
        run_review(findings, verdicts, reviewer=args.reviewer or default_reviewer(), stdin=sys.stdin,
                   out=sys.stdout, revisit=args.all)
    except (ReportError, VerdictsError, OutputError) as exc:
        return _fail(exc)
    except KeyboardInterrupt:  # Ctrl-C: what was recorded is on disk already
        print(f"\ninterrupted; verdicts given so far are in {verdicts}")
        return EXIT_OK
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
