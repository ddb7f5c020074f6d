"""The NLI judge: the project's cross-encoder reads each pair's claims in both directions.

Each sentence is first reduced to its claims (``contradict.claims``: attribution set aside,
coordinated clauses split), so the model judges "Trump has not yet approved the plans" rather than
the sentence with its sourcing.  Every claim of one side meets every claim of the other (at most
``max_claims`` a side), in both directions: contradiction is not symmetric for an NLI model.  The
pair's score is the highest contradiction probability; the evidence keeps the claims that gave it.
"""

from __future__ import annotations

from collections.abc import Sequence

from contradict.claims import Claim, claims_of
from contradict.nli_model import THRESHOLDS_FILE, ModelNotCalibratedError, NLIModel
from contradict.schema import CandidatePair, JudgeVerdict


def _said(claim: Claim) -> str:
    text = claim.text.rstrip(".")
    return f'"{text}"' + (f" ({claim.attribution})" if claim.attribution else "")


class NLIJudge:
    name = "nli"

    def __init__(self, model: NLIModel, threshold: float | None = None, batch_size: int = 64,
                 progress: bool = False, max_claims: int = 3) -> None:
        """``threshold``: contradiction probability from which a pair is flagged; default: the model's
        own, for the arithmetic it runs in."""
        if threshold is None:
            threshold = model.contradiction_threshold
        if threshold is None:
            raise ModelNotCalibratedError(
                f"{model.path or 'this NLI model'}: no calibrated contradiction threshold for {model.precision} "
                f"({THRESHOLDS_FILE}); run scripts/calibrate_news.py --nli-model DIR --write")
        self.model = model
        self.threshold = threshold
        self.batch_size = batch_size
        self.progress = progress
        self.max_claims = max_claims

    @property
    def evidence_only(self) -> bool:
        """A threshold of 1.0 (the calibration found no useful one) flags nothing: the judge then only
        adds its probabilities to pairs that other judges flag (``judges.base.run_judges``)."""
        return self.threshold >= 1.0

    def scores(self, pairs: Sequence[CandidatePair]) -> list[tuple[float, dict, Claim, Claim]]:
        """Per pair: (highest contradiction probability, both directions' probabilities, the two claims)."""
        def claims(sentence) -> list[Claim]:  # claims_of is memoised: each sentence is read once
            return claims_of(sentence.text, sentence.antecedent)[: self.max_claims]

        combos = [[(a, b) for a in claims(p.left) for b in claims(p.right)] for p in pairs]
        texts = sorted({(a.text, b.text) for row in combos for a, b in row}
                       | {(b.text, a.text) for row in combos for a, b in row})
        position = {t: i for i, t in enumerate(texts)}
        probs = self.model.predict_proba(texts, batch_size=self.batch_size, progress=self.progress)
        contra = self.model.column("contradiction")
        out = []
        for row in combos:
            best = None
            for a, b in row:
                forward, backward = probs[position[(a.text, b.text)]], probs[position[(b.text, a.text)]]
                score = float(max(forward[contra], backward[contra]))
                if best is None or score > best[0]:
                    best = (score, {"left->right": self._labelled(forward), "right->left": self._labelled(backward)},
                            a, b)
            out.append(best)
        return out

    def judge(self, pairs: Sequence[CandidatePair]) -> list[JudgeVerdict | None]:
        """Pairs formed only because both count the same kind of thing (``source == "figures"``) are
        left to the judges of figures: far apart in wording, they are what NLI reads worst."""
        read = [i for i, p in enumerate(pairs) if p.source == "neighbours"]
        verdicts: list[JudgeVerdict | None] = [None] * len(pairs)
        for i, (score, nli, a, b) in zip(read, self.scores([pairs[i] for i in read]), strict=True):
            verdicts[i] = JudgeVerdict(
                judge=self.name, conflict=score >= self.threshold and not self.evidence_only,
                confidence=round(score, 4), kind="contradiction",
                explanation=f"{{left}} says {_said(a)}; {{right}} says {_said(b)} (contradictory to the NLI model, "
                            f"p={score:.2f})",
                nli=nli, note=f"claims compared: {a.text!r} / {b.text!r}",
            )
        return verdicts

    def _labelled(self, row) -> dict[str, float]:
        return {label: round(float(p), 4) for label, p in zip(self.model.labels, row, strict=True)}
