#!/usr/bin/env python
"""Set the NLI judge's contradiction threshold on real news: the development stories' candidate pairs.

    python scripts/calibrate_news.py --corpus ~/.cache/contradict/news-clusters [--write]

Why not the balanced NLI validation slice: one pair in three is a contradiction there, while among
real cross-outlet candidate pairs conflicts are rare, so a threshold set there flags far too much
(or, set for precision, too little).  Data: every candidate pair of each story of
../shared/news-clusters (scanned one story at a time, as the product does), labelled positive when
it pairs a must_flag entry of gold.json (any kind) and negative otherwise (traps and unannotated
pairs alike: an editor would flag little else).  Score: the NLI judge's pair score (highest
contradiction probability over claim pairs and both directions), over the pairs it reads.

Rule: an NLI flag must add something and may not dilute the findings.  Only the pairs NLI reads and
the other judges (quantity, degree, polarity) do not flag count; a pair is positive when it pairs a
must_flag entry the other judges miss.  The threshold is the lowest at which the pairs NLI flags (at
least ``--min-flagged`` of them, so that a precision is measured, not guessed) are annotated at least
as often as the other judges' findings are; where no threshold qualifies it is 1.0, and NLI gives
evidence (probabilities both ways) without flagging.  Measured earlier: the best-F1 threshold flags
~9 pairs per article at ~3 % precision, and at 0.9575 (int8) the 36 pairs flagged held 4 annotated
conflicts, all already found by the quantity judge.  Chosen for int8 and fp32 on the same pairs so
every CPU flags about the same pairs; bf16 takes fp32's (they agree on 99.9 % of news pairs, max
|dP(contradiction)| 0.012, MODEL_CARD.md), since bf16 is only measurable where the CPU has it.

In-sample: the threshold is fitted on the same stories that scripts/eval_clusters.py reports on, so
the NLI part of those figures is measured on the data it was fitted to and overstates what NLI does
on coverage it never saw (which is what the product reads).  ``--write`` is refused when there is
nothing to fit: no pairs, no annotated pair, or other judges with no annotated finding (precision 0:
every threshold would qualify, and NLI would flag nearly every pair).
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

from contradict.nli.data import default_data_dir  # noqa: E402
from contradict.nli_model import DEFAULT_MODEL_DIR, THRESHOLDS_FILE, NLIModel  # noqa: E402


def precision_curve(scores: np.ndarray, labels: np.ndarray) -> list[tuple[float, int, int]]:
    """(threshold, pairs flagged, annotated among them) for each distinct score, highest first."""
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], labels[order]
    tp = np.cumsum(y)
    return [(float(s[i]), i + 1, int(tp[i])) for i in range(len(s)) if i == len(s) - 1 or s[i] != s[i + 1]]


def lowest_as_precise(curve: list[tuple[float, int, int]], base: float, min_flagged: int) -> dict:
    """The lowest threshold whose flags (at least ``min_flagged``) are at least ``base`` precise."""
    ok = [(t, n, tp) for t, n, tp in curve if n >= min_flagged and tp / n >= base]
    if not ok:
        return {"threshold": 1.0, "flagged": 0, "annotated": 0, "precision": None}
    t, n, tp = min(ok)
    return {"threshold": round(t, 4), "flagged": n, "annotated": tp, "precision": round(tp / n, 4)}


def write_refusal(pairs: int, annotated_pairs: int, base: float) -> str | None:
    """Why no threshold may be written from these figures, or None when one may."""
    if pairs == 0:
        return "no candidate pairs read by NLI"
    if annotated_pairs == 0:
        return "no candidate pair pairs a must_flag entry"
    if base <= 0:
        return ("the other judges' findings hold no annotated conflict (precision 0): every threshold would "
                "qualify and NLI would flag nearly every pair")
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path.home() / ".cache/contradict/news-clusters")
    ap.add_argument("--gold", type=Path, default=default_data_dir() / "news-clusters" / "gold.json")
    ap.add_argument("--nli-model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--precisions", default="int8,fp32,bf16")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--min-flagged", type=int, default=10)
    ap.add_argument("--write", action="store_true", help="write the thresholds into the model's thresholds.json")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from eval_clusters import _matches, check_needles

    gold = json.loads(args.gold.read_text(encoding="utf-8"))["clusters"]
    missing_dirs = [s for s in sorted(gold) if not (args.corpus / s / "manifest.jsonl").exists()]
    if missing_dirs:
        print(f"error: {args.corpus}: no rebuilt texts for {', '.join(missing_dirs)} "
              "(see ../shared/news-clusters/README.md)", file=sys.stderr)
        return 2
    for slug in sorted(gold):
        missing = check_needles(args.corpus / slug, gold[slug])
        if missing:
            print(f"warning: {slug}: needles not in the texts ({len(missing)}): " + "; ".join(missing[:5]),
                  file=sys.stderr)

    from contradict.embed import Embedder
    from contradict.judges.nli import NLIJudge
    from contradict.pipeline import Judges, scan_with_pairs

    embedder = Embedder()
    others = Judges(embedder, nli_model=None)
    pairs, labels, found, annotated = [], [], 0, 0
    for slug in sorted(gold):
        findings, _, story_pairs = scan_with_pairs([args.corpus / slug], embedder=embedder, judges=others, k=args.k)
        must = gold[slug]["must_flag"]
        found += len(findings)
        annotated += sum(any(_matches(e, f.left.sentence, f.right.sentence) for e in must) for f in findings)
        # What NLI could add: entries the other judges miss, on pairs they do not already flag.
        missed = [e for e in must if not any(_matches(e, f.left.sentence, f.right.sentence) for f in findings)]
        flagged = {frozenset({(f.left.article_id, f.left.start), (f.right.article_id, f.right.start)})
                   for f in findings}
        for pair in story_pairs:
            key = frozenset({(pair.left.article_id, pair.left.start), (pair.right.article_id, pair.right.start)})
            if pair.source == "neighbours" and key not in flagged:  # the pairs NLI reads and could add
                pairs.append(pair)
                labels.append(any(_matches(e, pair.left.text, pair.right.text) for e in missed))
    base = annotated / max(1, found)
    labels_arr = np.array(labels, dtype=bool)
    print(f"{len(pairs)} candidate pairs that NLI reads and the other judges do not flag, in {len(gold)} stories; "
          f"{int(labels_arr.sum())} pair a must_flag entry the other judges miss; the other judges "
          f"({', '.join(others.names)}): {found} findings, {annotated} annotated (precision {base:.3f})")
    refusal = write_refusal(len(pairs), int(labels_arr.sum()), base)
    if args.write and refusal:
        print(f"error: not writing thresholds: {refusal}", file=sys.stderr)
        return 2
    chosen = {}
    for precision in [p for p in args.precisions.split(",") if p]:
        model = NLIModel.load(args.nli_model, precision=precision)
        scores = np.array([s for s, *_ in NLIJudge(model, threshold=1.0).scores(pairs)], dtype=np.float64)
        curve = precision_curve(scores, labels_arr)
        best = lowest_as_precise(curve, base, args.min_flagged)
        chosen[precision] = best
        table = "  ".join(f"{t:.3f}:{tp}/{n}" for t, n, tp in curve if n in (5, 10, 20, 50, 100, 200, 500))
        print(f"[{precision}] threshold {best['threshold']}: {best['annotated']}/{best['flagged']} flagged pairs "
              f"annotated (precision {best['precision']}); curve (threshold:annotated/flagged) {table}")
        if args.write:  # after each arithmetic: a long run that is stopped keeps what it measured
            path = args.nli_model / THRESHOLDS_FILE
            record = json.loads(path.read_text()) if path.exists() else {}
            record.setdefault("by_arithmetic", {})[precision] = best["threshold"]
            record.setdefault("by_arithmetic_figures", {})[precision] = best
            record["by_arithmetic_data"] = (
                f"candidate pairs of the {len(gold)} development stories of shared/news-clusters that NLI reads and "
                f"the other judges do not flag ({len(pairs)} pairs, {int(labels_arr.sum())} pairing a must_flag entry "
                f"the other judges miss; k={args.k}); rule: the lowest threshold whose flags (>= {args.min_flagged}) "
                f"add annotated conflicts at least as often as the other judges' findings are annotated "
                f"({base:.3f}); 1.0 = none does, NLI then only gives evidence; bf16 uses fp32's threshold; written by "
                "scripts/calibrate_news.py")
            path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
            print(f"written: {path} ({precision})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
