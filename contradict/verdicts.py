"""Reviewers' verdicts on findings: an append-only JSONL log beside the findings, carried forward by id.

``flagged.verdicts.jsonl`` holds one ``Verdict`` a line (finding id, verdict, note, reviewer, time); for a
finding, the last line wins.  Each verdict is appended with one ``write`` and fsynced before the
reviewer moves on, so a crash loses at most the verdict being written: earlier lines are never
rewritten.  A last line cut short by such a crash is skipped with a warning when read, and cut off
before the next append so the file stays one record a line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from contradict.safeio import display, fsync_dir, writer_lock
from contradict.schema import Finding, Verdict, VerdictKind

VERDICT_KINDS: tuple[VerdictKind, ...] = ("confirmed", "dismissed", "update")


class VerdictsError(ValueError):
    """A verdicts file that cannot be read or written; the message is one line naming it."""


def verdicts_path_for(findings_path: str | Path) -> Path:
    """``flagged.jsonl`` -> ``flagged.verdicts.jsonl`` (beside it)."""
    path = Path(findings_path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(f"{stem}.verdicts.jsonl")


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class VerdictLog:
    """What a verdicts file holds: the latest verdict per finding id, and what was wrong with the file."""

    latest: dict[str, Verdict] = field(default_factory=dict)
    records: int = 0
    warnings: list[str] = field(default_factory=list)


def _parse(line: str) -> Verdict:
    return Verdict.model_validate_json(line)


def read_verdicts(path: str | Path, log: VerdictLog | None = None) -> VerdictLog:
    """Read ``path`` into ``log`` (a new one if None): later lines override earlier ones.

    A last line that does not parse and has no line end is the trace of an interrupted append: it is
    skipped with a warning.  Any other line that does not parse raises ``VerdictsError`` naming it.
    """
    path = Path(path)
    log = log or VerdictLog()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise VerdictsError(f"verdicts file {display(path)}: no such file") from None
    except OSError as exc:
        raise VerdictsError(f"verdicts file {display(path)}: cannot read ({exc.strerror or exc})") from None
    lines = data.split(b"\n")
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        torn = number == len(lines)  # no line end after it
        try:
            verdict = _parse(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValidationError, ValueError) as exc:
            if torn:
                log.warnings.append(f"{display(path)}:{number}: incomplete last line (an interrupted write?) "
                                    "skipped")
                continue
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc).splitlines()[0]
            raise VerdictsError(f"verdicts file {display(path)}:{number}: not a verdict ({reason})") from None
        log.latest[verdict.finding_id] = verdict
        log.records += 1
    return log


def read_all(paths: Iterable[str | Path], findings: Iterable[Finding] = ()) -> VerdictLog:
    """The verdicts recorded in ``findings`` (carried by an earlier scan), then in each file in order."""
    log = VerdictLog()
    for finding in findings:
        if finding.verdict is not None:
            log.latest[finding.id] = finding.verdict
    for path in paths:
        read_verdicts(path, log)
    return log


def _cut_torn_tail(fd: int, path: Path) -> str | None:
    """Make the file end with a line end before appending: drop an unparsable unterminated last line
    (an append cut short), or end a complete one.  Returns a warning when something was dropped."""
    size = os.fstat(fd).st_size
    if size == 0:
        return None
    tail_from = max(0, size - 65536)
    tail = os.pread(fd, size - tail_from, tail_from)
    if tail.endswith(b"\n"):
        return None
    cut = tail.rfind(b"\n")
    if cut < 0 and tail_from > 0:
        raise VerdictsError(f"verdicts file {display(path)}: last line longer than 64 KB and unterminated; "
                            "fix it by hand")
    last = tail[cut + 1:]
    try:
        _parse(last.decode("utf-8"))
    except (UnicodeDecodeError, ValidationError, ValueError):
        os.ftruncate(fd, tail_from + cut + 1)
        return f"{display(path)}: dropped an incomplete last line (an interrupted write?)"
    os.write(fd, b"\n")
    return None


def append_verdict(path: str | Path, verdict: Verdict) -> str | None:
    """Append one verdict as one line and fsync it before returning; returns a warning, if any."""
    path = Path(path)
    line = (verdict.model_dump_json() + "\n").encode("utf-8")
    created = not path.exists()
    # Under the writers' lock: two reviewers appending to one file never cut each other's lines.
    with writer_lock(path, timeout=30.0):
        try:
            fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
        except OSError as exc:
            raise VerdictsError(f"verdicts file {display(path)}: cannot open for writing "
                                f"({exc.strerror or exc})") from None
        warning = _write_line(fd, path, line)
    if created:
        fsync_dir(path.resolve().parent)  # the new file's entry survives a crash too
    return warning


def _write_line(fd: int, path: Path, line: bytes) -> str | None:
    try:
        warning = _cut_torn_tail(fd, path)
        written = os.write(fd, line)
        if written != len(line):  # a full disk: leave no half line behind
            os.ftruncate(fd, os.fstat(fd).st_size - written)
            raise VerdictsError(f"verdicts file {display(path)}: short write (disk full?)")
        os.fsync(fd)
    except OSError as exc:
        raise VerdictsError(f"verdicts file {display(path)}: cannot write ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    return warning


@dataclass
class CarryForward:
    """What carrying verdicts forward onto a scan's findings did."""

    applied: dict[str, int] = field(default_factory=dict)  # verdict -> findings marked
    orphans: int = 0  # verdicts for findings this scan does not have


def apply_verdicts(findings: list[Finding], log: VerdictLog) -> tuple[list[Finding], CarryForward]:
    """Each finding with a recorded verdict gets it in its ``verdict`` field; order and the rest unchanged."""
    out, stats, seen = [], CarryForward(), set()
    for finding in findings:
        verdict = log.latest.get(finding.id)
        if verdict is not None:
            seen.add(finding.id)
            stats.applied[verdict.verdict] = stats.applied.get(verdict.verdict, 0) + 1
            finding = finding.model_copy(update={"verdict": verdict})
        out.append(finding)
    stats.orphans = len(set(log.latest) - seen)
    stats.applied = dict(sorted(stats.applied.items()))
    return out, stats


def is_dismissed(finding: Finding) -> bool:
    return finding.verdict is not None and finding.verdict.verdict == "dismissed"


def describe(stats: CarryForward, sources: list[str]) -> str:
    """One summary line: what the verdicts of ``sources`` did to this scan."""
    marked = ", ".join(f"{n} {kind}" for kind, n in stats.applied.items()) or "none for these findings"
    return (f"verdicts carried forward from {', '.join(sources)}: {marked}"
            + (f"; {stats.orphans} for findings not in this scan" if stats.orphans else ""))


def looks_like_verdicts(first_record: object) -> bool:
    """Is a parsed first line of a JSONL file a verdict record (this tool's own output, never an article)?"""
    return isinstance(first_record, dict) and {"finding_id", "verdict", "reviewer", "time"} <= first_record.keys()

