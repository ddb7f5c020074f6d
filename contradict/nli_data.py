"""Labelled NLI pairs for training and evaluating the project's cross-encoder, under the split policy.

The policy (``../shared/nli-data/README.md``) is binding: only ``train*`` splits and a named list of
dev/test splits may be trained on; everything else, and all of ``../shared/eval/``, is held out and
never used for training or for choosing checkpoints.  Trainable pairs that also occur in any held-out
set are dropped here, in one place, so every script applies the same rule.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

LABELS = ("contradiction", "entailment", "neutral")  # index order of the model's logits
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
    return Path(__file__).resolve().parents[2] / "shared"


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
