"""Write findings as JSONL (one self-contained finding a line, best first) and summarise a scan."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from contradict.story_context import format_context
from contradict.schema import Finding, ScanReport


def write_jsonl(findings: Iterable[Finding], path: str | Path) -> Path:
    """Write atomically: readers see the old file or the whole new one, never half of it.

    The new file is fsynced before it replaces the old one (and the directory after), keeps the old
    file's permissions or gets the user's umask; a killed writer's temporary file is removed by the next.
    """
    from contradict.safeio import write_jsonl_records

    return write_jsonl_records(findings, path)


def read_jsonl(path: str | Path) -> list[Finding]:
    with open(path, encoding="utf-8") as fh:
        return [Finding.model_validate_json(line) for line in fh if line.strip()]


def _side_by_side(finding: Finding, width: int = 48) -> list[str]:
    left = textwrap.wrap(f"[{finding.left.outlet}] {finding.left.sentence}", width)
    right = textwrap.wrap(f"[{finding.right.outlet}] {finding.right.sentence}", width)
    rows = max(len(left), len(right))
    left += [""] * (rows - len(left))
    right += [""] * (rows - len(right))
    return [f"    {a:<{width}} | {b}" for a, b in zip(left, right, strict=True)]


def format_summary(report: ScanReport, findings: list[Finding], output: str | Path | None = None,
                   top: int = 5) -> str:
    lines = [f"articles read: {report.articles}   skipped: {len(report.skipped)}"]
    for skip in report.skipped:
        lines.append(f"  skipped {skip.path}: {skip.reason}")
    for warning in report.warnings:
        lines.append(f"  warning: {warning}")
    if report.removed_blocks:
        removed = ", ".join(f"{kind} {n}" for kind, n in report.removed_blocks.items())
        lines.append(f"page furniture removed: {removed}")
    lines.append(f"sentences: {report.sentences}   claims: {report.claims}   candidate pairs: {report.candidate_pairs}")
    if report.reused_files or report.reused_articles or report.reused_pairs:
        lines.append(f"reused from the saved index: {report.reused_articles} of {report.articles} articles' claims, "
                     f"{report.reused_pairs} of {report.candidate_pairs} pairs' verdicts"
                     + (f", {report.reused_files} unchanged files not read again" if report.reused_files else ""))
    run = [f"{name} ({report.nli_precision})" if name == "nli" and report.nli_precision else name
           for name in report.judges_run]
    lines.append(f"judges run: {', '.join(run)}"
                 + "".join(f"   ({name} not run: {why})" for name, why in report.judges_missing.items()))
    # Findings a reviewer dismissed (verdicts carried forward by ``scan --verdicts``) stay in the file, not here.
    shown = [f for f in findings if not (f.verdict and f.verdict.verdict == "dismissed")]
    counts = report.findings_by_type if len(shown) == len(findings) else \
        dict(sorted(Counter(f.type for f in shown).items()))
    by_type = ", ".join(f"{kind} {n}" for kind, n in counts.items()) or "none"
    lines.append(f"findings: {len(shown)} ({by_type})" + (f" -> {output}" if output else "")
                 + (f"; {len(findings) - len(shown)} more dismissed by a reviewer (kept in the file)"
                    if len(shown) < len(findings) else ""))
    repeats = sum(1 for f in shown if f.same_as)
    if repeats:  # other outlets telling a disagreement already listed (``same_as``), after every distinct one
        lines.append(f"  {len(shown) - repeats} distinct; {repeats} repeat a disagreement between the same "
                     f"figures from other outlets (listed after the distinct ones, marked same_as)")
    lines.extend(format_context(report, findings))  # stories, families, the claim table
    for n, finding in enumerate(shown[:top], 1):
        verdict = f" [{finding.verdict.verdict} by {finding.verdict.reviewer}]" if finding.verdict else ""
        lines.append(f"  {n}. {finding.type} score {finding.score:.2f}{verdict}: {finding.explanation}")
        lines.extend(_side_by_side(finding))
    if report.seconds:
        lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items()))
    if report.worker_cpu_seconds:
        lines.append("Ray workers' CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in
                                                          report.worker_cpu_seconds.items() if v))
    return "\n".join(lines)
