"""The project's NLI cross-encoder: load it from a local directory and score (premise, hypothesis) pairs.

Scoring sorts pairs by length so each batch pads to its own longest pair (news sentence pairs vary a
lot in length).  Precision: bfloat16 where the CPU computes it natively (AMX or AVX512-BF16), else
torch's dynamic int8 quantization of the Linear layers; fp32 on request.  Where the CPU has it, bf16 is
both faster than int8 and closer to fp32 (the measurements are in the generated MODEL_CARD.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np


os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "nli-minilm-l6"


class ModelNotFoundError(FileNotFoundError):
    """The NLI model directory is missing or incomplete."""


class ModelNotCalibratedError(ValueError):
    """The NLI model has no calibrated contradiction threshold (thresholds.json)."""


PRECISIONS = ("auto", "bf16", "int8", "fp32")
THRESHOLDS_FILE = "thresholds.json"
LABELS = ("contradiction", "entailment", "neutral")  # index order of the shipped model's logits


def fast_bf16_available() -> bool:
    """True when this CPU multiplies bfloat16 in hardware (AMX tiles or AVX512-BF16).

    Elsewhere oneDNN emulates bf16 and it is slower than int8, so "auto" must not pick it.  The probes
    are private torch helpers; a torch without them counts as "no".
    """
    import torch

    probes = [getattr(torch.cpu, name, None) for name in ("_is_amx_tile_supported", "_is_avx512_bf16_supported")]
    try:
        return any(probe() for probe in probes if probe is not None)
    except RuntimeError:
        return False


def resolve_precision(precision: str) -> str:
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "bf16" if fast_bf16_available() else "int8"
    return precision


def read_threshold(path: Path, precision: str) -> float | None:
    """The contradiction threshold calibrated for this model in this arithmetic, or None.

    ``thresholds.json`` holds one threshold per arithmetic (``by_arithmetic``: int8 moves scores by up
    to 0.3 from fp32, so each has its own, chosen on the same data to flag the same pairs); bf16 takes
    fp32's when it has none of its own; an older file with a single ``contradiction`` value applies
    only to its own ``arithmetic``.
    """
    file = path / THRESHOLDS_FILE
    if not file.exists():
        return None
    record = json.loads(file.read_text())
    by_arithmetic = record.get("by_arithmetic") or {}
    if precision in by_arithmetic:
        return float(by_arithmetic[precision])
    if precision == "bf16" and "fp32" in by_arithmetic:
        return float(by_arithmetic["fp32"])  # bf16 tracks fp32 closely on news pairs (MODEL_CARD.md)
    if record.get("arithmetic") in (None, precision) and "contradiction" in record:
        return float(record["contradiction"])
    return None


class NLIModel:
    """A 3-way NLI cross-encoder with ``predict_proba(pairs) -> (n, 3)`` over ``labels``.

    Build it with ``NLIModel.load(path, precision=...)``: "auto" (bf16 where the CPU has it in
    hardware, else int8), "bf16", "int8" (dynamic quantization of the Linear layers) or "fp32".
    ``labels`` gives the column order of the probabilities.
    """

    def __init__(self, model, tokenizer, max_length: int = 128, labels: Sequence[str] = LABELS,
                 precision: str = "fp32", path: Path | None = None,
                 contradiction_threshold: float | None = None, runner=None) -> None:
        from contradict.runtime import EagerRunner

        # ``runner`` tokenizes and runs the model (``contradict.runtime``): a cached trace, or ``model`` and
        # ``tokenizer`` from transformers (as training scores its validation pairs)
        self.runner = runner or EagerRunner(model, tokenizer, max_length, "logits")
        self.precision = precision
        self.path = path
        # calibrated for this model (thresholds.json beside the weights); None if never calibrated
        self.contradiction_threshold = contradiction_threshold
        self.max_length = max_length
        self.labels = tuple(labels)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_DIR, precision: str = "auto", threads: int | None = None
             ) -> NLIModel:
        import torch

        from contradict.runtime import load_runner

        precision = resolve_precision(precision)
        path = Path(path)
        if not (path / "config.json").exists():
            raise ModelNotFoundError(f"{path}: no NLI model here (config.json missing); "
                                     "train one with python -m contradict.nli.train")
        if threads:
            torch.set_num_threads(threads)
        try:
            id2label = json.loads((path / "config.json").read_text(encoding="utf-8"))["id2label"]
            labels = [str(id2label[str(i)]).lower() for i in range(len(id2label))]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelNotFoundError(f"{path}: the NLI model's config.json cannot be read ({exc})") from None
        runner = load_runner(path, "nli", precision, 128, "logits", pairs=True,
                             build=lambda: _transformers_runner(path, precision))
        threshold = read_threshold(path, precision)
        return cls(None, None, labels=labels, precision=precision, path=path, contradiction_threshold=threshold,
                   runner=runner)

    def batches(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> list[list[int]]:
        """The model calls ``predict_proba`` makes: positions of ``pairs``, shortest first, ``batch_size`` a
        call (one pair a call in int8).  Every engine (``contradict.ray_engine`` too) cuts pairs here and
        scores each batch with ``score_batch``: a pair's scores then never depend on the engine."""
        return pair_batches(pairs, batch_size, self.precision, token_lengths(self.runner, pairs))

    def score_batch(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """One model call: probabilities of ``pairs`` as one batch (padded to its longest pair)."""
        import torch

        if not pairs:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        with torch.inference_mode():
            logits = self.runner(self.runner.batch([a for a, _ in pairs], [b for _, b in pairs]))
            return torch.softmax(logits.float(), dim=-1).numpy()

    def predict_proba(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64,
                      progress: bool = False) -> np.ndarray:
        """Probabilities, one row per pair, columns in ``self.labels`` order."""
        out = np.zeros((len(pairs), len(self.labels)), dtype=np.float32)
        batches = self.batches(pairs, batch_size)
        if progress:
            from tqdm import tqdm
            batches = tqdm(batches, desc="NLI", unit="batch")
        for idx in batches:
            out[idx] = self.score_batch([pairs[i] for i in idx])
        return out

    def column(self, label: str) -> int:
        return self.labels.index(label)


def _transformers_runner(path: Path, precision: str):
    """The model through transformers, in ``precision`` (what a trace is made from)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from contradict.runtime import EagerRunner

    try:
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForSequenceClassification.from_pretrained(path, dtype=torch.float32)
    except Exception as exc:  # a truncated or damaged model directory: one line, and the scan goes on without it
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise ModelNotFoundError(f"{path}: the NLI model is incomplete or damaged ({reason})") from exc
    model.eval()
    if precision == "bf16":
        model = model.to(torch.bfloat16)
    elif precision == "int8":
        import warnings

        with warnings.catch_warnings():  # torch marks the quantized-tensor API deprecated; it still works
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            # Per-channel weight scales: measured here 0.4 points from fp32 on MNLI-mm (per-tensor: 1.0)
            # for ~20 % less speed than per-tensor; see MODEL_CARD.md.
            qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear: qconfig})
    return EagerRunner(model, tokenizer, 128, "logits")


def token_lengths(runner, pairs: Sequence[tuple[str, str]]) -> list[int]:
    """How many tokens each pair is, as the model reads it (truncated to its ``max_length``); ``runner``: a
    ``contradict.runtime`` runner or ``Tokenizer``."""
    if not pairs:
        return []
    return runner.lengths([a for a, _ in pairs], [b for _, b in pairs])


def pair_batches(pairs: Sequence[tuple[str, str]], batch_size: int, precision: str,
                 lengths: Sequence[int] | None = None) -> list[list[int]]:
    """``NLIModel.batches`` for a model in ``precision``: the model calls, cut so that a pair's scores never
    depend on the pairs scored beside it (a scan, a re-scan that scores only new pairs, and a vet must
    give one pair the same evidence).

    - int8: one pair a call.  Dynamic quantization scales each Linear's input by its largest value over the
      whole batch (measured: P(contradiction) 0.71 alone, 0.58 beside ten others); 0.9x the batched speed.
    - bf16: pairs of the same length in tokens (``lengths``), ``batch_size`` a call: no padding, and
      measured bit-equal to scoring each alone (146 of 146 seed pairs), where padded batches differ in
      the fourth decimal.  Without ``lengths``, one pair a call.
    - fp32: one pair a call: its kernels round differently with the batch's size even without padding
      (measured: 32 of 146 pairs bit-equal).
    """
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]) + len(pairs[i][1]), i))
    if precision != "bf16" or lengths is None:
        return [[i] for i in order]
    groups: dict[int, list[int]] = {}
    for i in sorted(range(len(pairs)), key=lambda i: (lengths[i], i)):
        groups.setdefault(lengths[i], []).append(i)
    return [members[start:start + batch_size] for _, members in sorted(groups.items())
            for start in range(0, len(members), batch_size)]


def export_model(model, tokenizer, target: str | Path, training: dict | None = None) -> Path:
    """Write ``model`` as fp16 safetensors with its tokenizer and config (``id2label``) to ``target``."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    model = model.half()
    model.config.torch_dtype = "float16"
    model.save_pretrained(target, safe_serialization=True)
    tokenizer.save_pretrained(target)
    if training is not None:
        (target / "training.json").write_text(json.dumps(training, indent=2, sort_keys=True) + "\n")
    return target
