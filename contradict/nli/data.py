"""Labelled NLI pairs for training and evaluating the project's cross-encoder, under the split policy.

The policy (``../shared/nli-data/README.md``) is binding: only ``train*`` splits and a named list of
dev/test splits may be trained on; everything else, and all of ``../shared/eval/``, is held out and
never used for training or for choosing checkpoints.  Trainable pairs that also occur in any held-out
set are dropped here, in one place, so every script applies the same rule.

The supplement ``nli-data/extra_pairs.jsonl.gz`` follows the same policy (``split_with_extra``): its
``train*`` splits are trainable, its other splits (ANLI test, climate_fever, the negation benchmarks)
join the held-out sets.  The main pool's validation slice is left exactly as ``split_pool`` makes it
(so figures compare across models); the supplement gets its own slice, reported separately.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from contradict.nli_model import LABELS  # (the serving model's label order; training follows it)

LABEL2ID = {label: i for i, label in enumerate(LABELS)}

# Splits the README names as trainable besides every "*/train*" split.
TRAINABLE_EXTRA = {"snli/dev", "snli/test", "mnli/dev_matched", "xnli_en/dev", "xnli_en/test"}


class NLIPair(BaseModel):
    premise: str
    hypothesis: str
    label: str
    source: str = ""


def default_data_dir() -> Path:
    """``../shared`` beside the checkout, where the team's data lives."""
    checkout = Path(__file__).resolve().parents[2]  # contradict/nli/data.py -> the checkout
    return checkout.parent / "shared"


def is_trainable(source: str) -> bool:
    split = source.split("/", 1)[1] if "/" in source else ""
    return split.startswith("train") or source in TRAINABLE_EXTRA


def _key(premise: str, hypothesis: str) -> tuple[str, str]:
    return (" ".join(premise.lower().split()), " ".join(hypothesis.lower().split()))


def read_jsonl(path: Path) -> Iterable[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_pool(data_dir: Path) -> list[NLIPair]:
    return [NLIPair(**row) for row in read_jsonl(data_dir / "nli-data" / "nli_pairs.jsonl.gz")]


EXTRA_FILE = "extra_pairs.jsonl.gz"


def load_extra(data_dir: Path) -> list[NLIPair]:
    """The supplement's rows (empty if the file is absent); same row format as the main pool."""
    path = data_dir / "nli-data" / EXTRA_FILE
    return [NLIPair(**row) for row in read_jsonl(path)] if path.exists() else []


def extra_held_out(data_dir: Path) -> dict[str, list[NLIPair]]:
    """The supplement's held-out splits by source ("anli_r1/test", "climate_fever/test", ...)."""
    held: dict[str, list[NLIPair]] = {}
    for pair in load_extra(data_dir):
        if not is_trainable(pair.source):
            held.setdefault(pair.source, []).append(pair)
    return held


def _eval_label(row: dict, set_name: str) -> str:
    if "contradiction" in row and "label" not in row:  # Stanford contradiction corpora: YES / NO
        return "contradiction" if str(row["contradiction"]).upper() == "YES" else "not_contradiction"
    label = str(row["label"]).lower()
    return {"e": "entailment", "n": "neutral", "c": "contradiction"}.get(label, label)


def load_eval_sets(data_dir: Path) -> dict[str, list[NLIPair]]:
    """The held-out sets under ``eval/`` by name ("equate/NewsNLI", "stanford_contradiction/...")."""
    sets: dict[str, list[NLIPair]] = {}
    for path in sorted((data_dir / "eval").glob("*/*.jsonl")):
        name = f"{path.parent.name}/{path.stem}"
        pairs = []
        for row in read_jsonl(path):
            premise = row.get("premise") or row.get("text") or row.get("sentence1")
            hypothesis = row.get("hypothesis") or row.get("sentence2")
            pairs.append(NLIPair(premise=premise, hypothesis=hypothesis, label=_eval_label(row, name),
                                 source=name))
        sets[name] = pairs
    return sets


def split_pool(data_dir: Path, val_fraction: float = 0.03, seed: int = 13
               ) -> tuple[list[NLIPair], list[NLIPair], dict[str, list[NLIPair]], int]:
    """(train, validation, held_out_by_source, dropped): the policy applied to the shared pool.

    ``held_out_by_source`` includes the ``eval/`` sets; ``dropped`` counts trainable pairs removed
    because the same (premise, hypothesis) occurs in a held-out set.
    """
    pool = load_pool(data_dir)
    held_out: dict[str, list[NLIPair]] = {}
    trainable: list[NLIPair] = []
    for pair in pool:
        if is_trainable(pair.source):
            trainable.append(pair)
        else:
            held_out.setdefault(pair.source, []).append(pair)
    held_out.update(load_eval_sets(data_dir))
    held_keys = {_key(p.premise, p.hypothesis) for pairs in held_out.values() for p in pairs}
    clean = [p for p in trainable if _key(p.premise, p.hypothesis) not in held_keys]
    dropped = len(trainable) - len(clean)
    rng = random.Random(seed)
    order = list(range(len(clean)))
    rng.shuffle(order)
    n_val = int(len(clean) * val_fraction)
    val = [clean[i] for i in order[:n_val]]
    train = [clean[i] for i in order[n_val:]]
    return train, val, held_out, dropped


@dataclass
class DataSplit:
    """The policy applied to the main pool and the supplement together (see ``split_with_extra``)."""

    train: list[NLIPair]                      # main pool, trainable, minus its validation slice
    val: list[NLIPair]                        # main pool validation slice: identical to split_pool's
    extra_train: list[NLIPair]                # supplement, trainable, minus its own slice
    extra_val: list[NLIPair]                  # supplement validation slice (reported separately)
    held_out: dict[str, list[NLIPair]]        # every held-out set of both files and of eval/
    counts: dict[str, int] = field(default_factory=dict)


def split_with_extra(data_dir: Path, val_fraction: float = 0.03, seed: int = 13,
                     extra_val_fraction: float = 0.03, extra_seed: int = 13) -> DataSplit:
    """Main pool split exactly as ``split_pool`` does, plus the supplement under the same policy.

    The supplement's held-out splits join the held-out sets; main training pairs that occur in them
    are dropped *after* the split (so the validation slice does not move).  Supplement trainable pairs
    are dropped when they occur in any held-out set, in the main validation slice, in the main training
    pool, or twice; the rest is shuffled with ``extra_seed`` and its first ``extra_val_fraction`` is the
    supplement's validation slice.
    """
    train, val, held_out, dropped = split_pool(data_dir, val_fraction=val_fraction, seed=seed)
    extra = load_extra(data_dir)
    for pair in extra:
        if not is_trainable(pair.source):
            held_out.setdefault(pair.source, []).append(pair)
    held_keys = {_key(p.premise, p.hypothesis) for pairs in held_out.values() for p in pairs}
    kept = [p for p in train if _key(p.premise, p.hypothesis) not in held_keys]
    counts = {"main_dropped_as_held_out_duplicates": dropped,
              "main_dropped_as_extra_held_out_duplicates": len(train) - len(kept),
              "main_val_in_extra_held_out": sum(_key(p.premise, p.hypothesis) in held_keys for p in val)}
    val_keys = {_key(p.premise, p.hypothesis) for p in val}
    train_keys = {_key(p.premise, p.hypothesis) for p in kept}
    seen: set[tuple[str, str]] = set()
    extra_clean: list[NLIPair] = []
    reasons = {"extra_dropped_held_out": 0, "extra_dropped_main_val": 0, "extra_dropped_main_train": 0,
               "extra_dropped_duplicate": 0}
    for pair in extra:
        if not is_trainable(pair.source):
            continue
        key = _key(pair.premise, pair.hypothesis)
        reason = ("extra_dropped_held_out" if key in held_keys else "extra_dropped_main_val" if key in val_keys
                  else "extra_dropped_main_train" if key in train_keys else "extra_dropped_duplicate" if key in seen
                  else None)
        if reason:
            reasons[reason] += 1
            continue
        seen.add(key)
        extra_clean.append(pair)
    order = list(range(len(extra_clean)))
    random.Random(extra_seed).shuffle(order)
    n_val = int(len(extra_clean) * extra_val_fraction)
    extra_val = [extra_clean[i] for i in order[:n_val]]
    extra_train = [extra_clean[i] for i in order[n_val:]]
    counts.update(reasons)
    counts.update({"main_train": len(kept), "main_val": len(val), "extra_train": len(extra_train),
                   "extra_val": len(extra_val)})
    return DataSplit(kept, val, extra_train, extra_val, held_out, counts)
