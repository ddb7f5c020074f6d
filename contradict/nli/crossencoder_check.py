"""Can sentence-transformers' ``CrossEncoder`` and ``CrossEncoderTrainer`` stand in for our hand-written parts?

    python -m contradict.nli.crossencoder_check [--model models/nli-minilm-l6] [--pairs 400] [--steps 50] [--write]

1. Scoring: the candidate pairs of a ``seeds/`` scan (real news sentences, both directions, the first
   ``--pairs``), fp32, one thread: ``CrossEncoder(model).predict(pairs, apply_softmax=True)`` against
   ``NLIModel.predict_proba`` (length-sorted batches): pairs/s of each (best of ``--repeat``), argmax agreement
   and the largest change of P(contradiction).
2. Training: ``--steps`` steps of batch 32 on the same pairs (the first trainable ``mnli/dev_matched`` pairs),
   fp32, one thread, from the shipped weights, AdamW lr 4e-5, 6 % warm-up, weight decay 0.01, gradient clip 1:
   our loop (``contradict.nli.train``'s step on length-bucketed batches) against ``CrossEncoderTrainer``
   (``CrossEntropyLoss``); pairs/s of each.  Nothing trained here is kept.
``--write`` records the figures in the model's ``crossencoder.json``; ``python -m contradict.nli.card`` reads them
into the model card, with what they mean (``contradict.nli.card.crossencoder_reading``).
The trainer needs the ``datasets`` and ``accelerate`` packages, which the project does not depend on.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from contradict.nli.records import Machine
from contradict.nli_model import DEFAULT_MODEL_DIR, LABELS, NLIModel

ROOT = Path(__file__).resolve().parents[2]
LABEL2ID = {label: i for i, label in enumerate(LABELS)}


def news_pairs(corpus: Path, limit: int) -> list[tuple[str, str]]:
    from contradict.embed import Embedder
    from contradict.pipeline import Judges, scan_with_pairs

    embedder = Embedder()
    _, _, pairs = scan_with_pairs([corpus], embedder=embedder, judges=Judges(embedder, nli_model=None))
    texts = [(p.left.text, p.right.text) for p in pairs] + [(p.right.text, p.left.text) for p in pairs]
    return texts[:limit]


def _best_rate(run, n: int, repeat: int) -> tuple[float, object]:
    best, out = 0.0, None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        best = max(best, n / (time.perf_counter() - start))
    return best, out


def compare_scoring(model_dir: Path, pairs: list[tuple[str, str]], batch_size: int, repeat: int) -> dict:
    from sentence_transformers import CrossEncoder

    ours = NLIModel.load(model_dir, precision="fp32", threads=1)
    ours.predict_proba(pairs[:batch_size], batch_size=batch_size)  # warm-up
    our_rate, our_probs = _best_rate(lambda: ours.predict_proba(pairs, batch_size=batch_size), len(pairs), repeat)
    import torch

    # the weights are stored fp16: without fp32 here CrossEncoder would compute in fp16 on the CPU
    theirs = CrossEncoder(str(model_dir), device="cpu", max_length=ours.max_length, local_files_only=True,
                          model_kwargs={"dtype": torch.float32})
    theirs.predict(pairs[:batch_size], batch_size=batch_size, apply_softmax=True)
    st_rate, st_probs = _best_rate(lambda: theirs.predict(pairs, batch_size=batch_size, apply_softmax=True,
                                                          show_progress_bar=False), len(pairs), repeat)
    st_probs = np.asarray(st_probs, dtype=np.float32)
    c = ours.column("contradiction")
    return {"pairs": len(pairs), "batch_size": batch_size, "nlimodel_pairs_per_s": round(our_rate, 1),
            "crossencoder_pairs_per_s": round(st_rate, 1),
            "argmax_agreement": round(float((our_probs.argmax(1) == st_probs.argmax(1)).mean()), 4),
            "max_abs_dp": float(np.abs(our_probs[:, c] - st_probs[:, c]).max()),
            "st_labels": [str(theirs.config.id2label[i]).lower() for i in range(len(theirs.config.id2label))]}


def _train_pairs(steps: int, batch_size: int):
    from contradict.nli.data import default_data_dir, split_pool

    train, _, _, _ = split_pool(default_data_dir())
    chosen = [p for p in train if p.source == "mnli/dev_matched"][: steps * batch_size]
    if len(chosen) < steps * batch_size:
        raise SystemExit(f"only {len(chosen)} mnli/dev_matched pairs for {steps} steps of {batch_size}")
    return chosen


def time_our_loop(model_dir: Path, pairs, steps: int, batch_size: int) -> float:
    """Pairs/s of ``contradict.nli.train``'s training step (length-bucketed batches), fp32."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from contradict.nli.train import batches_for_epoch

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, dtype=torch.float32)
    optimizer = torch.optim.AdamW(model.parameters(), lr=4e-5, weight_decay=0.01)
    warmup = max(1, int(steps * 0.06))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    batches = batches_for_epoch([len(p.premise) + len(p.hypothesis) for p in pairs], batch_size, 13, 0)[:steps]
    model.train()
    start = time.perf_counter()
    for idx in batches:
        batch = [pairs[i] for i in idx]
        enc = tokenizer([p.premise for p in batch], [p.hypothesis for p in batch], truncation=True, max_length=128,
                        padding=True, return_tensors="pt")
        loss = model(**enc, labels=torch.tensor([LABEL2ID[p.label] for p in batch])).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
    return sum(len(b) for b in batches) / (time.perf_counter() - start)


def time_st_trainer(model_dir: Path, pairs, steps: int, batch_size: int) -> float:
    """Pairs/s of ``CrossEncoderTrainer`` on the same pairs and schedule, fp32 on the CPU."""
    from datasets import Dataset
    from sentence_transformers.cross_encoder import (CrossEncoder, CrossEncoderTrainer,
                                                     CrossEncoderTrainingArguments)
    from sentence_transformers.cross_encoder.losses import CrossEntropyLoss

    import torch

    model = CrossEncoder(str(model_dir), device="cpu", max_length=128, local_files_only=True,
                         model_kwargs={"dtype": torch.float32})
    data = Dataset.from_dict({"premise": [p.premise for p in pairs], "hypothesis": [p.hypothesis for p in pairs],
                              "label": [LABEL2ID[p.label] for p in pairs]})
    with tempfile.TemporaryDirectory() as out:
        args = CrossEncoderTrainingArguments(
            output_dir=out, per_device_train_batch_size=batch_size, max_steps=steps, learning_rate=4e-5,
            warmup_ratio=0.06, weight_decay=0.01, max_grad_norm=1.0, use_cpu=True, report_to="none",
            save_strategy="no", logging_steps=10_000, seed=13, dataloader_num_workers=0)
        trainer = CrossEncoderTrainer(model=model, args=args, train_dataset=data, loss=CrossEntropyLoss(model))
        start = time.perf_counter()
        trainer.train()
        return steps * batch_size / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    ap.add_argument("--pairs", type=int, default=400)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--train-batch-size", type=int, default=32)
    ap.add_argument("--write", action="store_true", help="record the figures in MODEL/crossencoder.json")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(1)
    record = compare_scoring(args.model, news_pairs(args.corpus, args.pairs), args.batch_size, args.repeat)
    print(json.dumps(record))
    train = _train_pairs(args.steps, args.train_batch_size)
    record.update(train_steps=args.steps, train_batch_size=args.train_batch_size,
                  our_train_pairs_per_s=round(time_our_loop(args.model, train, args.steps, args.train_batch_size), 2))
    print(f"our loop: {record['our_train_pairs_per_s']} pairs/s")
    record["st_train_pairs_per_s"] = round(time_st_trainer(args.model, train, args.steps, args.train_batch_size), 2)
    print(f"CrossEncoderTrainer: {record['st_train_pairs_per_s']} pairs/s")
    shown = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--write"]
    record.update(command=" ".join(["python -m contradict.nli.crossencoder_check", *shown]),
                  machine=Machine.here(1).line())
    if args.write:
        path = args.model / "crossencoder.json"
        path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
