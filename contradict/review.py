"""``contradict review flagged.jsonl``: walk the unreviewed findings in the terminal and record verdicts.

A prompt loop on standard input (one key and Enter a finding), so it works over ssh, in a pipe and
in tests: c confirm, d dismiss, u update (a change between reports, not a conflict), n note, s skip,
q quit.  Each verdict is appended to the verdicts file and fsynced before the next finding is shown;
a later run skips the findings that already have one, so a review can be stopped and resumed.
"""

from __future__ import annotations

import getpass
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from contradict.html_report import highlight_spans
from contradict.schema import Finding, Side, Verdict
from contradict.verdicts import append_verdict, now, read_all

KEYS = {"c": "confirmed", "d": "dismissed", "u": "update"}
PROMPT = "[c]onfirm [d]ismiss [u]pdate [n]ote [s]kip [q]uit > "
HELP = ("c  confirm: the two reports do conflict\n"
        "d  dismiss: no conflict (a false alarm); kept out of later summaries and the report's default view\n"
        "u  update: the figure changed between reports; not a conflict\n"
        "n  add a note (then choose c, d or u)\n"
        "s  skip for now (asked again next time)\n"
        "q  quit (verdicts given so far are saved)")


def default_reviewer() -> str:
    try:
        return os.environ.get("CONTRADICT_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


@dataclass
class ReviewResult:
    recorded: int = 0
    skipped: int = 0
    remaining: int = 0  # unreviewed findings left after this run
    quit: bool = False


def _marked(side: Side, spans: list[tuple[int, int, str]]) -> str:
    """The sentence with the compared figures and the words that carry a contradiction in [brackets]."""
    out, at = [], 0
    for start, end, mark in spans:
        if mark == "thing":
            continue
        out.append(f"{side.sentence[at:start]}[{side.sentence[start:end]}]")
        at = end
    out.append(side.sentence[at:])
    return "".join(out)


def show(finding: Finding, position: str, out: TextIO, width: int = 100) -> None:
    left_spans, right_spans = highlight_spans(finding)
    out.write(f"\n{position}  {finding.type} · score {finding.score:.2f} · id {finding.id}\n")
    out.write(textwrap.fill(finding.explanation, width) + "\n")
    for side, spans in ((finding.left, left_spans), (finding.right, right_spans)):
        head = f"  {side.outlet} · {side.published or 'date unknown'}" + (f" · {side.title}" if side.title else "")
        if side.attribution:
            head += f" · attributed: {side.attribution}"
        out.write(head + "\n")
        out.write(textwrap.fill(_marked(side, spans), width, initial_indent="    ", subsequent_indent="    ") + "\n")


def run_review(findings: list[Finding], verdicts_path: str | Path, *, reviewer: str, stdin: TextIO, out: TextIO,
               revisit: bool = False) -> ReviewResult:
    """Ask for a verdict on each finding without one (each finding, with ``revisit``), best first."""
    verdicts_path = Path(verdicts_path)
    interactive = hasattr(stdin, "isatty") and stdin.isatty()
    log = read_all([verdicts_path] if verdicts_path.exists() else [], findings)
    for warning in log.warnings:
        out.write(f"warning: {warning}\n")
    pending = [f for f in findings if revisit or f.id not in log.latest]
    result = ReviewResult()
    out.write(f"{len(findings)} findings, {len(findings) - sum(f.id not in log.latest for f in findings)} with a "
              f"verdict already; {len(pending)} to review -> verdicts in {verdicts_path}\n")
    for n, finding in enumerate(pending, 1):
        earlier = log.latest.get(finding.id)
        show(finding, f"[{n}/{len(pending)}]", out)
        if earlier:
            out.write(f"  recorded: {earlier.verdict} by {earlier.reviewer}, {earlier.time}"
                      + (f": {earlier.note}" if earlier.note else "") + "\n")
        note: str | None = None
        while True:
            out.write(PROMPT)
            out.flush()
            line = stdin.readline()
            if line and not interactive:  # keys from a pipe or a file: echo them, so the transcript reads
                out.write(line if line.endswith("\n") else line + "\n")
            if not line:  # end of input: stop as a quit would
                out.write("\n")
                result.quit = True
                break
            key = line.strip().lower()[:1]
            if key in KEYS:
                verdict = Verdict(finding_id=finding.id, verdict=KEYS[key], note=note, reviewer=reviewer, time=now())
                warning = append_verdict(verdicts_path, verdict)
                if warning:
                    out.write(f"warning: {warning}\n")
                log.latest[finding.id] = verdict
                result.recorded += 1
                out.write(f"  -> {verdict.verdict}\n")
                break
            if key == "n":
                out.write("note> ")
                out.flush()
                text = stdin.readline()
                if text and not interactive:
                    out.write(text if text.endswith("\n") else text + "\n")
                note = text.strip() or None
                continue
            if key == "s":
                result.skipped += 1
                break
            if key == "q":
                result.quit = True
                break
            out.write(HELP + "\n")
        if result.quit:
            break
    result.remaining = sum(f.id not in log.latest for f in findings)
    out.write(f"{result.recorded} verdicts recorded in {verdicts_path}; {result.remaining} findings unreviewed"
              + (" (run again to resume)" if result.remaining else "") + "\n")
    return result
