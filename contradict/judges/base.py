"""What a judge is: a named component that reads candidate pairs and returns one verdict per pair.

    class MyJudge:
        name = "my-judge"
        def judge(self, pairs): return [JudgeVerdict(...) or None for each pair]

A judge returns ``None`` for a pair it has nothing to say about (no figures to compare, say).  The
pipeline runs a configured list of judges and ``contradict.findings.combine`` turns their verdicts
into findings without knowing which judge is which: any ``conflict`` verdict flags a pair, the
flagging verdict with the most specific kind types it, ``context`` verdicts refine the type.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from contradict.claims import Claim, claims_of
from contradict.schema import CandidatePair, JudgeVerdict, Sentence


@runtime_checkable
class Judge(Protocol):
    name: str

    def judge(self, pairs: Sequence[CandidatePair]) -> list[JudgeVerdict | None]:
        """One verdict (or None) per pair, in order."""
        ...


def evidence_only(judge: Judge) -> bool:
    """A judge that can flag nothing as configured (``evidence_only`` true: an NLI model whose calibrated
    threshold is 1.0) only adds evidence to pairs that other judges flag."""
    return bool(getattr(judge, "evidence_only", False))


def run_judges(judges: Sequence[Judge], pairs: Sequence[CandidatePair]) -> list[list[JudgeVerdict]]:
    """Every judge over every pair, except that evidence-only judges read just the pairs the others
    flagged (their verdicts could not flag the rest, and an NLI model is most of a scan's time); per
    pair, the verdicts that were given, in judge order."""
    def run(judge: Judge, subset: Sequence[CandidatePair]) -> list[JudgeVerdict | None]:
        verdicts = judge.judge(subset)
        if len(verdicts) != len(subset):
            raise RuntimeError(f"judge {judge.name!r} returned {len(verdicts)} verdicts for {len(subset)} pairs")
        return verdicts

    columns: dict[int, list[JudgeVerdict | None]] = {}
    for n, judge in enumerate(judges):
        if not evidence_only(judge):
            columns[n] = run(judge, pairs)
    def flags(verdict: JudgeVerdict | None) -> bool:
        return verdict is not None and verdict.role == "conflict" and verdict.conflict

    flagged = [i for i in range(len(pairs)) if any(flags(column[i]) for column in columns.values())]
    for n, judge in enumerate(judges):
        if evidence_only(judge):
            column: list[JudgeVerdict | None] = [None] * len(pairs)
            for i, verdict in zip(flagged, run(judge, [pairs[i] for i in flagged]), strict=True):
                column[i] = verdict
            columns[n] = column
    ordered = [columns[n] for n in range(len(judges))]
    return [[v for v in row if v is not None] for row in zip(*ordered, strict=True)] if ordered \
        else [[] for _ in pairs]


class ClaimPairJudge:
    """A judge that reads claims (``contradict.claims``) rather than sentences: for each pair of nearest
    neighbours, every claim of one side meets every claim of the other, and the first claim pair that
    ``compare`` flags gives the verdict.  Only pairs from the ``sources`` it reads are judged: by default
    nearest neighbours, pairs formed by their figures (``source == "figures"``) being the figure judges'.
    Subclasses set ``name`` and write ``compare``."""

    name = "claims"
    sources: frozenset[str] = frozenset({"neighbours"})

    def compare(self, a: Claim, b: Claim) -> JudgeVerdict | None:  # pragma: no cover - the subclass's
        raise NotImplementedError

    def judge(self, pairs: Sequence[CandidatePair]) -> list[JudgeVerdict | None]:
        def claims(sentence: Sentence) -> list[Claim]:  # claims_of is memoised: each sentence is read once
            return claims_of(sentence.text, sentence.antecedent)

        verdicts: list[JudgeVerdict | None] = []
        for pair in pairs:
            verdict = None
            if pair.source in self.sources:
                verdict = next((v for a in claims(pair.left) for b in claims(pair.right)
                                if (v := self.compare(a, b)) is not None), None)
            verdicts.append(verdict)
        return verdicts
