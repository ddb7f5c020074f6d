#!/usr/bin/env python
"""Set the NLI judge's contradiction threshold on real news: the development stories' candidate pairs.

    python scripts/calibrate_news.py --corpus ~/.cache/contradict/news-clusters [--write]

Why not the balanced NLI validation slice: one pair in three is a contradiction there, while among
real cross-outlet candidate pairs conflicts are rare, so a threshold set there flags far too much
(or, set for precision, too little).  Data: every candidate pair of each story of
../shared/news-clusters (scanned one story at a time, as the product does), labelled positive when
it pairs a must_flag entry of gold.json (any kind) and negative otherwise (traps and unannotated
pairs alike: an editor would flag little else).  Score: the NLI judge's pair score (highest
contradiction probability over claim pairs and both directions).  Rule: the threshold with the best
F1 on these pairs, chosen for each arithmetic (bf16, int8, fp32) so that every CPU flags about the
same pairs; written to the model's thresholds.json under ``by_arithmetic`` with the data named.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from contradict.nli_data import default_data_dir  # noqa: E402
from contradict.nli_model import DEFAULT_MODEL_DIR, THRESHOLDS_FILE, NLIModel  # noqa: E402


def best_f1(scores: np.ndarray, labels: np.ndarray) -> dict:
    """The threshold (one of the scores) with the best F1, and its precision and recall."""
    order = np.argsort(-scores)
    s, y = scores[order], labels[order]
    tp = np.cumsum(y)
    flagged = np.arange(1, len(s) + 1)
    precision, recall = tp / flagged, tp / max(1, y.sum())
    f1 = np.where(tp > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-9), 0)
    # only where the next score differs: a threshold flags every pair at or above it
    valid = np.r_[s[:-1] != s[1:], True]
    i = int(np.argmax(np.where(valid, f1, -1)))
    return {"threshold": round(float(s[i]), 4), "f1": round(float(f1[i]), 4), "precision": round(float(precision[i]), 4),
            "recall": round(float(recall[i]), 4), "flagged": int(flagged[i])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path.home() / ".cache/contradict/news-clusters")
    ap.add_argument("--gold", type=Path, default=default_data_dir() / "news-clusters" / "gold.json")
    ap.add_argument("--nli-model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--precisions", default="int8,fp32,bf16")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--write", action="store_true", help="write the thresholds into the model's thresholds.json")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from eval_clusters import _matches

    from contradict.embed import Embedder
    from contradict.judges.nli import NLIJudge
    from contradict.pipeline import Judges, scan_with_pairs

    gold = json.loads(args.gold.read_text(encoding="utf-8"))["clusters"]
    embedder = Embedder()
    no_nli = Judges(embedder, nli_model=None)
    pairs, labels = [], []
    for slug in sorted(gold):
        _, _, story_pairs = scan_with_pairs([args.corpus / slug], embedder=embedder, judges=no_nli, k=args.k)
        for pair in story_pairs:
            pairs.append(pair)
            labels.append(any(_matches(e, pair.left.text, pair.right.text) for e in gold[slug]["must_flag"]))
    labels_arr = np.array(labels, dtype=bool)
    print(f"{len(pairs)} candidate pairs of {len(gold)} stories, {int(labels_arr.sum())} pair a must_flag entry")
    chosen = {}
    for precision in [p for p in args.precisions.split(",") if p]:
        model = NLIModel.load(args.nli_model, precision=precision)
        judge = NLIJudge(model, threshold=1.0)
        scores = np.array([s for s, *_ in judge.scores(pairs)], dtype=np.float64)
        best = best_f1(scores, labels_arr)
        chosen[precision] = best
        print(f"[{precision}] threshold {best['threshold']}: F1 {best['f1']}, precision {best['precision']}, "
              f"recall {best['recall']} ({best['flagged']} pairs flagged); median score of positives "
              f"{np.median(scores[labels_arr]):.3f}, of the rest {np.median(scores[~labels_arr]):.3f}")
    if args.write:
        path = args.nli_model / THRESHOLDS_FILE
        record = json.loads(path.read_text()) if path.exists() else {}
        record["by_arithmetic"] = {p: c["threshold"] for p, c in chosen.items()}
        record["by_arithmetic_data"] = (
            f"candidate pairs of the {len(gold)} development stories of shared/news-clusters ({len(pairs)} pairs, "
            f"{int(labels_arr.sum())} pairing a must_flag entry; k={args.k}); rule: best F1, must_flag pairs "
            "positive, all other pairs negative; written by scripts/calibrate_news.py")
        record["by_arithmetic_figures"] = chosen
        path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
