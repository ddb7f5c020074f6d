"""Choose the pairing floor and the same-thing-counted similarity on named, trainable data.

    python -m contradict.calibration.pairing [--write] [--nli-model DIR [--write-nli]]

1. ``min_pair_similarity``: cosine of same-topic NLI pairs (entailment + contradiction) of the trainable
   dev splits vs. premises paired with random hypotheses; the value that keeps 90 % of same-topic pairs.
2. ``min_counted_similarity``: quantity pairs inside trainable NLI pairs whose premise and hypothesis both
   carry two or more figures: same figure = same thing counted (positive), different figure = other
   things (negative). Only pairs with different counted nouns, the only ones the threshold decides
   (the same noun counts as the same thing). The value with the best F1 for ``counted_similarity``.
``--write`` records both, with their data, rule and figures, in ``contradict/data/calibrated.json``
(the defaults of ``Settings``).  ``--nli-model DIR`` also runs the validation-slice NLI threshold
(``contradict.nli.calibrate validation``).  Held-out sets and seeds/ are never read.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

from contradict.calibration.record import command_line, write_calibrated
from contradict.embed import Embedder
from contradict.judges.quantity import clause_context, comparable, counted_similarity, quantity_context, same_head
from contradict.nli.data import default_data_dir, split_pool
from contradict.quantities import find_quantities
from contradict.thresholds import Calibrated

SAME_TOPIC_SOURCES = ("snli/dev", "mnli/dev_matched", "xnli_en/dev")
KEEP_RELATED = 0.90  # recall first: a pair never formed is never judged


def pair_floor(train, embedder: Embedder, n: int = 2000, seed: int = 13) -> tuple[float, dict, str]:
    """(floor, figures, data): the cosine that keeps ``KEEP_RELATED`` of related pairs, to 0.01."""
    rng = random.Random(seed)
    related = [p for p in train if p.source in SAME_TOPIC_SOURCES and p.label != "neutral"]
    related = rng.sample(related, min(n, len(related)))
    premises = embedder.encode([p.premise for p in related])
    hypotheses = embedder.encode([p.hypothesis for p in related])
    same = (premises * hypotheses).sum(1)
    other = (premises * np.roll(hypotheses, 1, axis=0)).sum(1)
    quantile = float(np.quantile(same, 1 - KEEP_RELATED))
    floor = round(quantile, 2)
    figures = {"related_median": round(float(np.median(same)), 3), "related_p10": round(quantile, 4),
               "random_median": round(float(np.median(other)), 3),
               "random_above": round(float((other >= floor).mean()), 4)}
    data = (f"{len(related)} contradiction/entailment pairs of {', '.join(SAME_TOPIC_SOURCES)} (trainable, seed "
            f"{seed}); random pairs: each premise with the next pair's hypothesis")
    print(f"[pair floor] {data}: cosine median {figures['related_median']}, 10th percentile {quantile:.3f}; random "
          f"pairs median {figures['random_median']}, share above the floor {figures['random_above']:.2%}")
    return floor, figures, data


def counted_threshold(train, embedder: Embedder, limit: int = 3000) -> tuple[float, dict, str]:
    """(threshold, figures, data): the best-F1 threshold of ``counted_similarity`` on quantity pairs."""
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
                if comparable(a, b) and not same_head(a, b):  # same noun scores 1.0 without the threshold
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
    figures = {"f1": round(float(best[0]), 3), "precision": round(float((pred & gold).sum() / max(1, pred.sum())), 3),
               "recall": round(float((pred & gold).sum() / max(1, gold.sum())), 3),
               "same_median": round(float(np.median(sims[gold])), 3),
               "other_median": round(float(np.median(sims[~gold])), 3)}
    data = (f"{len(examples)} quantity pairs with different counted nouns ({int(gold.sum())} same figure = same "
            "thing) inside trainable NLI pairs with 2+ figures a side")
    print(f"[counted similarity] {data}: best F1 {figures['f1']} at {best[1]:.2f} (precision {figures['precision']}, "
          f"recall {figures['recall']}); same-figure median {figures['same_median']}, other-figure median "
          f"{figures['other_median']}")
    return best[1], figures, data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--write", action="store_true", help="record the values in contradict/data/calibrated.json")
    ap.add_argument("--nli-model", type=Path, default=None, help="also choose this NLI model's validation threshold")
    ap.add_argument("--write-nli", action="store_true", help="write that threshold to the model's thresholds.json")
    ap.add_argument("--nli-only", action="store_true", help="skip the embedder thresholds")
    args = ap.parse_args(argv)
    train, val, _, _ = split_pool(args.data_dir)
    if not args.nli_only:
        embedder = Embedder()
        command = command_line("contradict.calibration.pairing", argv)
        floor, floor_figures, floor_data = pair_floor(train, embedder)
        counted, counted_figures, counted_data = counted_threshold(train, embedder)
        if args.write:
            path = write_calibrated({
                "min_pair_similarity": Calibrated(
                    value=floor, unit="cosine", data=floor_data, figures=floor_figures, written_by=command,
                    rule=f"the cosine that keeps {KEEP_RELATED:.0%} of related pairs (their "
                         f"{1 - KEEP_RELATED:.0%} quantile), to 0.01"),
                "min_counted_similarity": Calibrated(
                    value=counted, unit="cosine", data=counted_data, figures=counted_figures, written_by=command,
                    rule="best F1 of counted_similarity over 0.10-0.94 in steps of 0.01")})
            print(f"written: {path}")
    if args.nli_model:
        from contradict.nli.calibrate import validation_threshold, write_validation_threshold

        result = validation_threshold(val, args.nli_model)
        if result and args.write_nli:
            print(f"written: {write_validation_threshold(args.nli_model, result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
