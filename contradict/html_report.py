"""The reviewer's HTML report: one self-contained page (inline CSS and JS, no network) made from findings.

Rendered by Jinja2 with autoescaping on: every value that comes from an article (outlet, title, URL,
sentence, context, explanation) is escaped by the template engine, never pasted into markup by hand;
links are kept only for http(s) URLs (a ``javascript:`` URL escaped is still a script).

Highlights are worked out here, from each finding's evidence, and handed to the template as plain
text pieces: the figures a quantity comparison compared (``at least four`` / ``at least three``) and
the things counted; for a contradiction, the words that carry it (negations, degree words).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ConfigDict

from contradict.judges.degree import HIGH_DEGREE, LOW_DEGREE
from contradict.schema import Finding, JudgeVerdict, Side
from contradict.verdicts import VerdictLog, apply_verdicts

GENERATOR = "contradict report"  # the page's <meta name="generator">: ingest knows its own report by it
TEMPLATE = "report.html.j2"
SINGLE_GROUP = "All findings"
NO_STORY = "No story"

# What carries a contradiction in a sentence: a negation, or a word of degree.
_NEGATION = re.compile(r"(?<!\w)(?:not|never|no longer|no|none|neither|nor|denied|denies|deny)(?!\w)|n[’']t(?!\w)",
                       re.I)
_DEGREE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(LOW_DEGREE | HIGH_DEGREE, key=len, reverse=True)) + r")(?!\w)",
                     re.I)


class ReportFinding(Finding):
    """A finding as read for the report: fields this version does not know (a ``story`` added by a later
    scan, say) are kept rather than dropped, so grouping can use them."""

    model_config = ConfigDict(extra="allow")


@dataclass(frozen=True)
class Piece:
    text: str
    mark: str | None = None  # "fig" (a compared figure), "thing" (what it counts), "cue" (negation, degree)


@dataclass(frozen=True)
class SideView:
    role: str  # "left" / "right"
    outlet: str
    date: str | None
    title: str | None
    url: str | None  # http(s) only
    attribution: str | None
    before: str
    pieces: list[Piece]
    after: str
    newer: bool = False


@dataclass(frozen=True)
class EvidenceView:
    judge: str
    role: str
    flags: bool
    confidence: float
    kind: str | None
    explanation: str | None
    note: str | None
    quantities: list[dict]
    nli: list[tuple[str, list[tuple[str, float]]]]


@dataclass(frozen=True)
class FindingView:
    id: str
    type: str
    score: float
    explanation: str
    similarity: float
    left: SideView
    right: SideView
    evidence: list[EvidenceView]
    timing: str | None
    verdict: dict | None
    search: str
    # one disagreement told by several outlet pairs (``Finding.same_as``): the lead lists its repeats, each
    # repeat links back to its lead, so a reviewer judges the disagreement once and sees who else tells it
    repeats: list[tuple[str, str]] = field(default_factory=list)  # (finding id, "outlet / outlet")
    repeat_of: tuple[str, str] | None = None


@dataclass
class GroupView:
    label: str
    findings: list[FindingView] = field(default_factory=list)

    @property
    def best(self) -> float:
        return max(f.score for f in self.findings)


def safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) link, else None: escaping does not make a ``javascript:`` link safe."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def story_label(finding: Finding) -> str | None:
    """The finding's story as a label, if the scan named one (a string, or a record with a title/label/id)."""
    story = getattr(finding, "story", None)
    if story is None or story == "":
        return None
    if isinstance(story, str):
        return story
    for key in ("title", "label", "name", "id"):
        value = story.get(key) if isinstance(story, dict) else getattr(story, key, None)
        if value not in (None, ""):
            return str(value)
    return str(story)


def _find(sentence: str, needle: str | None, taken: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The first whole-word occurrence of ``needle`` in ``sentence`` not overlapping a span already taken."""
    if not needle or not needle.strip():
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(needle.strip()) + r"(?!\w)", re.I)
    for m in pattern.finditer(sentence):
        if not any(m.start() < e and s < m.end() for s, e, _ in taken):
            return m.start(), m.end()
    return None


def _flagging(finding: Finding) -> list[JudgeVerdict]:
    return [v for v in finding.evidence if v.role == "conflict" and v.conflict]


def highlight_spans(finding: Finding) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(start, end, mark) spans in the left and the right sentence, without overlaps, in order."""
    sides = {"left": (finding.left.sentence, []), "right": (finding.right.sentence, [])}
    flagging = _flagging(finding)

    def add(role: str, needle: str | None, mark: str) -> None:
        sentence, taken = sides[role]
        span = _find(sentence, needle, taken)
        if span:
            taken.append((*span, mark))

    for verdict in flagging:  # the figures first: they are what a numeric finding is about
        for q in verdict.quantities or []:
            add("left", q.left, "fig")
            add("right", q.right, "fig")
    for verdict in flagging:
        for q in verdict.quantities or []:
            add("left", q.counted_left, "thing")
            add("right", q.counted_right, "thing")
    if any((v.kind or "contradiction") == "contradiction" and not v.quantities for v in flagging):
        for sentence, taken in sides.values():
            for pattern in (_NEGATION, _DEGREE):
                for m in pattern.finditer(sentence):
                    if not any(m.start() < e and s < m.end() for s, e, _ in taken):
                        taken.append((m.start(), m.end(), "cue"))
    return sorted(sides["left"][1]), sorted(sides["right"][1])


def pieces(sentence: str, spans: list[tuple[int, int, str]]) -> list[Piece]:
    out, at = [], 0
    for start, end, mark in spans:
        if start > at:
            out.append(Piece(sentence[at:start]))
        out.append(Piece(sentence[start:end], mark))
        at = end
    if at < len(sentence) or not out:
        out.append(Piece(sentence[at:]))
    return out


def _side_view(role: str, side: Side, spans: list[tuple[int, int, str]], newer: bool) -> SideView:
    context = side.context
    return SideView(role=role, outlet=side.outlet, date=side.published, title=side.title, url=safe_url(side.url),
                    attribution=side.attribution, before=context.before if context else "",
                    pieces=pieces(side.sentence, spans), after=context.after if context else "", newer=newer)


def _evidence_view(verdict: JudgeVerdict, finding: Finding) -> EvidenceView:
    explanation = verdict.explanation
    if explanation:
        explanation = explanation.replace("{left}", finding.left.outlet).replace("{right}", finding.right.outlet)
    return EvidenceView(
        judge=verdict.judge, role=verdict.role, flags=verdict.conflict, confidence=verdict.confidence,
        kind=verdict.kind, explanation=explanation, note=verdict.note,
        quantities=[q.model_dump() for q in verdict.quantities or []],
        nli=[(direction, sorted(probs.items())) for direction, probs in sorted((verdict.nli or {}).items())])


def _search_text(finding: Finding) -> str:
    parts = [finding.id, finding.type, finding.explanation]
    for side in (finding.left, finding.right):
        parts += [side.outlet, side.title or "", side.sentence, side.attribution or ""]
        if side.context:
            parts += [side.context.before, side.context.after]
    if finding.verdict and finding.verdict.note:
        parts.append(finding.verdict.note)
    return " ".join(" ".join(parts).lower().split())


def _outlets(finding: Finding) -> str:
    return f"{finding.left.outlet} / {finding.right.outlet}"


def finding_view(finding: Finding, by_id: dict[str, Finding] | None = None,
                 repeats: list[Finding] | None = None) -> FindingView:
    """``by_id``: the findings of the file, to name a repeat's lead; ``repeats``: the findings that repeat this one."""
    left_spans, right_spans = highlight_spans(finding)
    newer = finding.timing.newer if finding.timing else None
    timing = None
    if finding.timing:
        newer_side = finding.left if newer == "left" else finding.right
        timing = f"newer report: {newer_side.outlet} ({finding.timing.basis})"
    return FindingView(
        id=finding.id, type=finding.type, score=finding.score, explanation=finding.explanation,
        similarity=finding.similarity,
        left=_side_view("left", finding.left, left_spans, newer == "left"),
        right=_side_view("right", finding.right, right_spans, newer == "right"),
        evidence=[_evidence_view(v, finding) for v in finding.evidence], timing=timing,
        verdict=finding.verdict.model_dump() if finding.verdict else None, search=_search_text(finding),
        repeats=[(r.id, _outlets(r)) for r in repeats or []],
        repeat_of=(finding.same_as, _outlets(by_id[finding.same_as]))
        if finding.same_as and by_id and finding.same_as in by_id else None)


def group_findings(findings: list[Finding]) -> list[GroupView]:
    """By story when the findings name one (else a single group); groups by their best score, findings in
    the file's order (a scan writes them best first, each distinct disagreement before its repeats:
    ``findings.sort_findings``)."""
    named = any(story_label(f) for f in findings)
    by_id = {f.id: f for f in findings}
    repeats: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.same_as in by_id:
            repeats.setdefault(finding.same_as, []).append(finding)
    groups: dict[str, GroupView] = {}
    for finding in findings:
        label = (story_label(finding) or NO_STORY) if named else SINGLE_GROUP
        groups.setdefault(label, GroupView(label)).findings.append(
            finding_view(finding, by_id, repeats.get(finding.id)))
    return sorted(groups.values(), key=lambda g: (-g.best, g.label))


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("contradict", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_report(findings: list[Finding], verdicts: VerdictLog | None = None, source: str = "flagged.jsonl",
                  title: str | None = None) -> str:
    """The report page for ``findings`` (verdicts in ``verdicts`` override those the findings carry).

    Deterministic: the same findings and verdicts give the same bytes (no clock in the page)."""
    if verdicts is not None:
        findings, _ = apply_verdicts(findings, verdicts)
    groups = group_findings(findings)
    types = Counter(f.type for f in findings)
    outlets = Counter(o for f in findings for o in {f.left.outlet, f.right.outlet})
    verdict_counts = Counter(f.verdict.verdict for f in findings if f.verdict)
    stem = Path(source).name
    stem = stem[: -len(Path(stem).suffix)] if Path(stem).suffix else stem
    key = hashlib.sha1("\n".join(sorted(f.id for f in findings)).encode()).hexdigest()[:12]
    return _environment().get_template(TEMPLATE).render(
        title=title or f"contradict: {Path(source).name}", source=Path(source).name, generator=GENERATOR,
        groups=groups, total=len(findings), types=sorted(types.items(), key=lambda kv: (-kv[1], kv[0])),
        outlets=sorted(outlets.items()), verdict_counts=sorted(verdict_counts.items()), report_key=key,
        export_name=f"{stem}.verdicts.export.jsonl",
        show_groups=bool(groups) and (len(groups) > 1 or groups[0].label != SINGLE_GROUP))


def write_report(findings: list[Finding], path: str | Path, **kwargs) -> Path:
    """Render and replace ``path`` whole (``safeio.atomic_write``)."""
    from contradict.safeio import atomic_write

    page = render_report(findings, **kwargs)
    path = Path(path)
    with atomic_write(path) as fh:
        fh.write(page)
    return path


def is_report_file(path: str | Path, head: str | None = None) -> bool:
    """Is this an HTML report written by this tool (its generator tag in the first few KB)?"""
    from contradict.safeio import read_head

    head = read_head(path, 4096) if head is None else head
    return head is not None and f'<meta name="generator" content="{GENERATOR}">' in head[:4096]


class ReportError(ValueError):
    """A findings file the report cannot be made from; one line naming it."""


def load_findings(path: str | Path) -> list[Finding]:
    """Findings from a JSONL file, keeping fields this version does not know; ``ReportError`` names a bad line."""
    from pydantic import ValidationError

    from contradict.safeio import display

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(f"findings file {display(path)}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"findings file {display(path)}: cannot read ({getattr(exc, 'strerror', None) or exc})") \
            from None
    findings = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            findings.append(ReportFinding.model_validate_json(line))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error.get("loc", ()))
            raise ReportError(f"findings file {display(path)}:{number}: not a finding "
                              f"({(where + ': ') if where else ''}{error['msg']})") from None
    return findings

