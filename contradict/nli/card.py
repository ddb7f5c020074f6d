"""Build a model's MODEL_CARD.md from the files beside its weights, so the card cannot drift from them.

    python -m contradict.nli.card [--model models/nli-minilm-l6] [--check]

Figures come from ``training.json`` (the training record ``export_model`` writes), ``thresholds.json``
(``python -m contradict.nli.calibrate``), ``evaluation.json`` (``python -m contradict.nli.evaluate --write``),
``crossencoder.json`` (``python -m contradict.nli.crossencoder_check --write``), ``config.json`` and the
safetensors header (layers, width, parameters), and ``history.json`` (earlier sessions' measurements on
another machine, transcribed once, each with its command).  The prose that is no measurement (licences,
data, caveats) is the template ``contradict/nli/templates/MODEL_CARD.md.j2``.  ``--check`` writes nothing
and exits 1 when the card on disk differs from what these files make.
"""

from __future__ import annotations

import argparse
import json
import math
import struct
import sys
from pathlib import Path

from contradict.nli.evaluate import ANCHORS  # published accuracies of public cross-encoders, for comparison
from contradict.nli.records import EVALUATION_FILE, EvaluationFile
from contradict.nli_model import DEFAULT_MODEL_DIR, THRESHOLDS_FILE

CARD_FILE = "MODEL_CARD.md"
TEMPLATE = "MODEL_CARD.md.j2"


def _json(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def weights_summary(path: Path) -> dict:
    """Parameter count, stored dtype and size of a safetensors file, from its header (no tensor is read)."""
    with path.open("rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
    tensors = [v for k, v in header.items() if k != "__metadata__"]
    return {"parameters": sum(math.prod(t["shape"]) for t in tensors),
            "dtypes": sorted({t["dtype"] for t in tensors}), "megabytes": path.stat().st_size / 1e6}


def pct(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{100 * value:.{digits}f}"


def thousands(value: float | int | None) -> str:
    return "" if value is None else f"{value:,}"


SAME_SPEED = 0.05  # speeds within 5 % of each other are one speed: repeated runs on a shared machine vary more


def crossencoder_reading(x: dict) -> str:
    """What the sentence-transformers comparison says, in words, from its figures."""
    same = x["argmax_agreement"] == 1.0 and x["max_abs_dp"] < 1e-4
    ratio = x["crossencoder_pairs_per_s"] / x["nlimodel_pairs_per_s"]
    speed = "as fast" if abs(ratio - 1) <= SAME_SPEED else "faster" if ratio > 1 else "slower"
    train_ratio = x["our_train_pairs_per_s"] / x["st_train_pairs_per_s"]
    return (f"Scoring: `CrossEncoder` gives {'the same probabilities as' if same else 'other probabilities than'} "
            f"`NLIModel` at fp32 and is {speed}; a user may load the model with it, and `NLIModel` stays the "
            f"serving path for its int8 and bf16 arithmetic. Training: our loop is {train_ratio:.1f}x "
            f"`CrossEncoderTrainer`'s speed here (its length-bucketed batches pad less than the trainer's random "
            f"ones), and it resumes from checkpoints, trains in bf16 autocast, freezes layers and mixes sources; "
            f"the trainer would also add the `datasets` and `accelerate` dependencies, so the loop stays.")


def render(model_dir: Path) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(pct=pct, thousands=thousands)
    env.globals.update(pct=pct)
    evaluation = EvaluationFile.read(model_dir / EVALUATION_FILE)
    training = _json(model_dir / "training.json") or {}
    data = training.get("data", {})
    return env.get_template(TEMPLATE).render(
        name=model_dir.name, config=_json(model_dir / "config.json") or {},
        weights=weights_summary(model_dir / "model.safetensors"), training=training, data=data,
        training_pairs=data.get("trainable_pairs", 0) + data.get("augmented_pairs", 0),
        thresholds=_json(model_dir / THRESHOLDS_FILE) or {}, evaluation=evaluation,
        runs=sorted(evaluation.runs.values(), key=lambda r: r.precision) if evaluation else [],
        crossencoder=_json(model_dir / "crossencoder.json"), history=_json(model_dir / "history.json"),
        anchors=ANCHORS, crossencoder_reading=crossencoder_reading)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--check", action="store_true", help="exit 1 if the card on disk is not what the files make")
    args = ap.parse_args(argv)
    card = render(args.model)
    path = args.model / CARD_FILE
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != card:
            print(f"{path}: differs from what python -m contradict.nli.card makes from the model's JSON files",
                  file=sys.stderr)
            return 1
        print(f"{path}: up to date")
        return 0
    path.write_text(card, encoding="utf-8")
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
