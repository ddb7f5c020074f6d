"""The pipeline's calibrated thresholds, read from ``contradict/data/calibrated.json``.

The file is written by the calibration code (``python -m contradict.calibration.pairing --write``,
``python -m contradict.calibration.stories --write``), never by hand: each entry holds the value, its unit,
the data it was chosen on, the rule, the figures measured and the command that wrote it.  ``Settings``
takes its defaults and sources from here and ``contradict config`` prints them.

Policy: pairing keeps 90 % of related pairs (recall first: a pair never formed is never judged);
"same thing counted" takes the best F1 on its data; stories group the development corpora exactly.
None was tuned on ``seeds/`` alone or on a held-out set.  The NLI judge's threshold belongs to its model
(``models/*/thresholds.json``, written by ``python -m contradict.nli.calibrate``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

DATA_FILE = Path(__file__).resolve().parent / "data" / "calibrated.json"


class Calibrated(BaseModel):
    """One calibrated threshold and where it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: int | float
    unit: str
    data: str
    rule: str
    figures: dict[str, Any] = {}
    written_by: str

    def source(self) -> str:
        """One line for ``contradict config``: rule, data, figures and the command that wrote them."""
        figures = ", ".join(f"{k} {v}" for k, v in self.figures.items())
        return f"{self.rule}; data: {self.data}" + (f"; figures: {figures}" if figures else "") + \
            f" ({self.written_by})"


class CalibrationFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = 1
    thresholds: dict[str, Calibrated]

    @classmethod
    def read(cls, path: Path = DATA_FILE) -> CalibrationFile:
        return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))


CALIBRATED: dict[str, Calibrated] = CalibrationFile.read().thresholds

# Cosine similarity (all-MiniLM-L6-v2) from which two claims are compared by the judges.
MIN_PAIR_SIMILARITY = CALIBRATED["min_pair_similarity"].value
# How surely two quantities count the same thing (``counted_similarity``), used only when the counted
# nouns differ; matching is then one-to-one, equal figures first.
MIN_COUNTED_SIMILARITY = CALIBRATED["min_counted_similarity"].value
# Stories (``contradict.stories``): complete-linkage clustering of articles, distance =
# 1 - (w * cosine of mean claim embeddings + (1 - w) * cosine of name TF-IDF) + a time term.
STORY_EMBEDDING_WEIGHT = CALIBRATED["story_embedding_weight"].value
STORY_DISTANCE = CALIBRATED["story_distance"].value
# A draft is vetted within its story when it has this many claims and is, on average, within this
# distance of the story's articles; shorter drafts are vetted against the whole index.
DRAFT_STORY_MIN_CLAIMS = CALIBRATED["draft_story_min_claims"].value
DRAFT_STORY_DISTANCE = CALIBRATED["draft_story_distance"].value
