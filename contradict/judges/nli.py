"""The NLI judge: the project's cross-encoder scores each pair in both directions.

Contradiction is not symmetric for an NLI model, so both (left, right) and (right, left) are scored
in one batched call; the higher contradiction probability is the pair's score.
"""

from __future__ import annotations

from contradict.nli_model import THRESHOLDS_FILE, ModelNotCalibratedError, NLIModel
from contradict.schema import CandidatePair, JudgeVerdict


class NLIJudge:
    name = "nli"

    def __init__(self, model: NLIModel, threshold: float | None = None, batch_size: int = 64,
                 progress: bool = False) -> None:
        """``threshold``: contradiction probability from which a pair is flagged; default: the model's own."""
        if threshold is None:
            threshold = model.contradiction_threshold
        if threshold is None:
            raise ModelNotCalibratedError(
                f"{model.path or 'this NLI model'}: no calibrated contradiction threshold "
                f"({THRESHOLDS_FILE} missing); run scripts/calibrate.py --nli-model DIR --write")
        self.model = model
        self.threshold = threshold
        self.batch_size = batch_size
        self.progress = progress

    def judge(self, pairs: list[CandidatePair]) -> list[JudgeVerdict]:
        texts = [(p.left.text, p.right.text) for p in pairs] + [(p.right.text, p.left.text) for p in pairs]
        probs = self.model.predict_proba(texts, batch_size=self.batch_size, progress=self.progress)
        contra = self.model.column("contradiction")
        n = len(pairs)
        verdicts = []
        for i in range(n):
            forward, backward = probs[i], probs[n + i]
            score = float(max(forward[contra], backward[contra]))
            verdicts.append(JudgeVerdict(
                judge="nli", conflict=score >= self.threshold, confidence=round(score, 4),
                nli={"left->right": self._labelled(forward), "right->left": self._labelled(backward)},
            ))
        return verdicts

    def _labelled(self, row) -> dict[str, float]:
        return {label: round(float(p), 4) for label, p in zip(self.model.labels, row, strict=True)}
