"""The files that record a model's measurements beside its weights, as typed records.

``evaluation.json`` is written by ``python -m contradict.nli.evaluate --write`` (one run per arithmetic:
the sets scored, per set n / accuracy / contradiction precision and recall, the command and the machine);
``python -m contradict.nli.card`` builds MODEL_CARD.md from it, ``training.json`` and ``thresholds.json``.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

EVALUATION_FILE = "evaluation.json"


class Machine(BaseModel):
    """Where a measurement ran: figures of speed (and of int8 arithmetic) depend on it."""

    model_config = ConfigDict(extra="forbid")

    cpu: str
    cores: int
    threads: int
    torch: str
    python: str

    @classmethod
    def here(cls, threads: int) -> Machine:
        import torch

        return cls(cpu=cpu_name(), cores=os.cpu_count() or 0, threads=threads, torch=torch.__version__,
                   python=platform.python_version())

    def line(self) -> str:
        return (f"{self.cpu}, {self.cores} cores, {self.threads} thread{'s' if self.threads != 1 else ''}, "
                f"torch {self.torch}, Python {self.python}")


def cpu_name() -> str:
    """The CPU's model name (``/proc/cpuinfo``), or the platform's processor string elsewhere."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


class SetScore(BaseModel):
    """One evaluation set's metric dict (``contradict.nli.evaluate.score_set``)."""

    model_config = ConfigDict(extra="forbid")

    set: str
    n: int
    mode: str = Field(description="3-way, 'E vs not' (entailment against the rest) or 'C vs not'")
    accuracy: float
    majority: float = Field(description="accuracy of always answering the most frequent gold label")
    c_precision: float | None = None
    c_recall: float | None = None
    sampled: bool = Field(False, description="a fixed random sample (seed 13) of the set, not all of it")
    q_flagged: int | None = None
    q_accuracy: float | None = None
    q_c_precision: float | None = None


class EvaluationRun(BaseModel):
    """One arithmetic's scoring of the held-out sets."""

    model_config = ConfigDict(extra="forbid")

    precision: str
    command: str
    machine: Machine
    pairs: int
    seconds: float
    limit: int = 0
    subset: int = 0
    subset_sets: list[str] = []
    with_quantity: bool = False
    rows: list[SetScore]


class EvaluationFile(BaseModel):
    """``evaluation.json``: the latest run of each arithmetic, by arithmetic."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = 1
    model: str
    runs: dict[str, EvaluationRun] = {}

    @classmethod
    def read(cls, path: Path) -> EvaluationFile | None:
        return cls.model_validate_json(path.read_text(encoding="utf-8")) if path.exists() else None

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.model_dump(mode="json"), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(path)
