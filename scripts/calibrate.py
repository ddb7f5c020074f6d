#!/usr/bin/env python
"""Choose the pipeline's thresholds on named, trainable data and print the figures behind them.

    python scripts/calibrate.py [--nli-model models/nli-minilm-l6 [--write]] [--nli-only]

1. MIN_PAIR_SIMILARITY: cosine of same-topic NLI pairs (entailment + contradiction) of the trainable
   dev splits vs. premises paired with random hypotheses; the value that keeps 90 % of same-topic pairs.
2. MIN_COUNTED_SIMILARITY: quantity pairs inside trainable NLI pairs whose premise and hypothesis both
   carry two or more figures: same figure = same thing counted (positive), different figure = other
   things (negative). Only pairs with different counted nouns, the only ones the threshold decides
   (the same noun counts as the same thing). The value with the best F1 for ``counted_similarity``.
3. NLI_CONTRADICTION_THRESHOLD: the validation slice of the trainable pool (3 %, seed 13); the lowest
   threshold whose contradiction precision (max over both directions) reaches 0.9.
Held-out sets and seeds/ are never read.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from contradict.embed import Embedder  # noqa: E402
from contradict.judges.quantity import clause_context, comparable, counted_similarity, quantity_context, same_head  # noqa: E402
from contradict.nli.data import default_data_dir, split_pool  # noqa: E402
from contradict.nli_model import THRESHOLDS_FILE  # noqa: E402
from contradict.quantities import find_quantities  # noqa: E402

SAME_TOPIC_SOURCES = ("snli/dev", "mnli/dev_matched", "xnli_en/dev")


def pair_floor(train, embedder: Embedder, n: int = 2000, seed: int = 13) -> float:
    rng = random.Random(seed)
    related = [p for p in train if p.source in SAME_TOPIC_SOURCES and p.label != "neutral"]
    related = rng.sample(related, min(n, len(related)))
    premises = embedder.encode([p.premise for p in related])
    hypotheses = embedder.encode([p.hypothesis for p in related])
    same = (premises * hypotheses).sum(1)
    shuffled = np.roll(hypotheses, 1, axis=0)
    other = (premises * shuffled).sum(1)
    floor = float(np.quantile(same, 0.10))
    print(f"[pair floor] {len(related)} same-topic pairs from {', '.join(SAME_TOPIC_SOURCES)}: cosine "
          f"median {np.median(same):.3f}, 10th percentile {floor:.3f}; random pairs median {np.median(other):.3f}, "
          f"share of random pairs above the floor {(other >= floor).mean():.3%}")
    return floor


def counted_threshold(train, embedder: Embedder, limit: int = 3000) -> float:
    examples = []  # (context_a, context_b, same_thing)
    for p in train:
        qa = [q for q in find_quantities(p.premise) if q.kind != "year"]
        qb = [q for q in find_quantities(p.hypothesis) if q.kind != "year"]
        if len(qa) < 2 or len(qb) < 2:
            continue
        values_a = [q.value for q in qa]
        if len(set(values_a)) != len(values_a) or len({q.value for q in qb}) != len(qb):
            continue  # a repeated figure makes "same value = same thing" ambiguous
        for a in qa:
            for b in qb:
                if comparable(a, b):
                    if not same_head(a, b):  # same noun scores 1.0 without the threshold
                        examples.append((p.premise, a, p.hypothesis, b))
        if len(examples) >= limit:
            break
    texts = sorted({ctx(t, q) for ta, a, tb, b in examples for t, q in ((ta, a), (tb, b))
                    for ctx in (quantity_context, clause_context)})
    vectors = dict(zip(texts, embedder.encode(texts), strict=True))
    sims = np.array([counted_similarity(ta, a, tb, b, vectors) for ta, a, tb, b in examples])
    gold = np.array([a.value == b.value for _, a, _, b in examples])
    best = (0.0, 0.5)
    for t in np.arange(0.1, 0.95, 0.01):
        pred = sims >= t
        tp, fp, fn = (pred & gold).sum(), (pred & ~gold).sum(), (~pred & gold).sum()
        best = max(best, (2 * tp / max(1, 2 * tp + fp + fn), round(float(t), 2)))
    pred = sims >= best[1]
    print(f"[counted similarity] {len(examples)} quantity pairs with different counted nouns ({gold.sum()} same "
          f"figure) from trainable NLI pairs with 2+ figures on each side: best F1 {best[0]:.3f} at {best[1]:.2f} "
          f"(precision "
          f"{(pred & gold).sum() / max(1, pred.sum()):.3f}, recall {(pred & gold).sum() / gold.sum():.3f}); "
          f"same-figure median {np.median(sims[gold]):.3f}, other-figure median {np.median(sims[~gold]):.3f}")
    return best[1]


def nli_threshold(val, model_dir: Path, precision_target: float = 0.9) -> dict | None:
    from contradict.nli_model import NLIModel

    model = NLIModel.load(model_dir)  # the product's precision ("auto")
    forward = model.predict_proba([(p.premise, p.hypothesis) for p in val])
    backward = model.predict_proba([(p.hypothesis, p.premise) for p in val])
    c = model.column("contradiction")
    score = np.maximum(forward[:, c], backward[:, c])
    gold = np.array([p.label == "contradiction" for p in val])
    chosen = None
    # finer steps near 1, where a confident model's contradiction probabilities bunch up
    for t in np.concatenate([np.arange(0.5, 0.95, 0.01), np.arange(0.95, 0.999, 0.002)]):
        pred = score >= t
        precision = (pred & gold).sum() / max(1, pred.sum())
        if precision >= precision_target:
            chosen = round(float(t), 3)
            recall = (pred & gold).sum() / gold.sum()
            result = {"contradiction": chosen, "precision": round(float(precision), 3),
                      "recall": round(float(recall), 3), "arithmetic": model.precision,
                      "rule": f"lowest threshold with contradiction precision >= {precision_target}",
                      "data": f"validation slice of the trainable pool of shared/nli-data ({len(val)} pairs, "
                              "split seed 13); score = max over both directions"}
            print(f"[nli threshold] validation slice ({len(val)} pairs): contradiction precision "
                  f"{precision:.3f}, recall {recall:.3f} at {chosen:.3f} (max over both directions, {model.precision})")
            break
    if chosen is None:
        print(f"[nli threshold] no threshold reaches precision {precision_target} on the validation slice")
        return None
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--nli-model", type=Path, default=None, help="also choose this NLI model's threshold")
    ap.add_argument("--write", action="store_true",
                    help=f"write the NLI threshold to the model's {THRESHOLDS_FILE}, where the judge reads it")
    ap.add_argument("--nli-only", action="store_true", help="skip the embedder thresholds")
    args = ap.parse_args()
    train, val, _, _ = split_pool(args.data_dir)
    if not args.nli_only:
        embedder = Embedder()
        pair_floor(train, embedder)
        counted_threshold(train, embedder)
    if args.nli_model:
        result = nli_threshold(val, args.nli_model)
        if result and args.write:
            (args.nli_model / THRESHOLDS_FILE).write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
            print(f"wrote {args.nli_model / THRESHOLDS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
