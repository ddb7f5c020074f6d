"""The NLI judge's contradiction threshold, chosen on named data and written into the model's
``thresholds.json`` (where ``contradict.nli_model`` reads it) with the data, rule and figures.

    python -m contradict.nli.calibrate news [--corpus DIR] [--precisions int8,fp32] [--write]
    python -m contradict.nli.calibrate validation [--model DIR] [--write]

``news`` (the threshold the product uses, ``by_arithmetic``): real news, the development stories'
candidate pairs.  Why not the balanced NLI validation slice: one pair in three is a contradiction there,
while among real cross-outlet candidate pairs conflicts are rare, so a threshold set there flags far too
much (or, set for precision, too little).  Data: every candidate pair of each story of
../shared/news-clusters (scanned one story at a time, as the product does), labelled positive when it
pairs a must_flag entry of gold.json (any kind) and negative otherwise (traps and unannotated pairs
alike: an editor would flag little else).  Score: the NLI judge's pair score (highest contradiction
probability over claim pairs and both directions), over the pairs it reads.

Rule: an NLI flag must add something and may not dilute the findings.  Only the pairs NLI reads and the
other judges (quantity, degree, polarity) do not flag count; a pair is positive when it pairs a must_flag
entry the other judges miss.  The threshold is the lowest at which the pairs NLI flags (at least
``--min-flagged`` of them, so that a precision is measured, not guessed) are annotated at least as often as
the other judges' findings are; where no threshold qualifies it is 1.0, and NLI gives evidence
(probabilities both ways) without flagging.  Chosen for int8 and fp32 on the same pairs so every CPU flags
about the same pairs; bf16 takes fp32's (``nli_model.read_threshold``), since bf16 is only measurable
where the CPU has it.  The curve (annotated among the top 100 / 200 / 500 pairs) is recorded too.

In-sample: the threshold is fitted on the same stories that scripts/eval_clusters.py reports on.
``--write`` is refused when there is nothing to fit: no pairs, no annotated pair, or other judges with no
annotated finding (precision 0: every threshold would qualify, and NLI would flag nearly every pair).

``validation``: the validation slice of the trainable pool (3 %, seed 13); the lowest threshold whose
contradiction precision (max over both directions) reaches 0.9 (``contradiction``; kept for the record).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from contradict.nli.data import default_data_dir, split_pool
from contradict.nli_model import DEFAULT_MODEL_DIR, THRESHOLDS_FILE, NLIModel

CURVE_POINTS = (5, 10, 20, 50, 100, 200, 500)  # flagged-pair counts at which the precision curve is recorded


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


def top_counts(scores: np.ndarray, labels: np.ndarray, points=CURVE_POINTS) -> dict[str, int]:
    """Annotated pairs among the N highest-scoring pairs, for each N of ``points`` that there are."""
    order = np.argsort(-scores, kind="stable")
    return {str(n): int(labels[order[:n]].sum()) for n in points if n <= len(scores)}


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


def _update_thresholds(model_dir: Path, update) -> Path:
    path = model_dir / THRESHOLDS_FILE
    record = json.loads(path.read_text()) if path.exists() else {}
    update(record)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)
    return path


def news(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m contradict.nli.calibrate news", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path.home() / ".cache/contradict/news-clusters")
    ap.add_argument("--gold", type=Path, default=default_data_dir() / "news-clusters" / "gold.json")
    ap.add_argument("--nli-model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--precisions", default="int8,fp32,bf16")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--min-flagged", type=int, default=10)
    ap.add_argument("--write", action="store_true", help="write the thresholds into the model's thresholds.json")
    args = ap.parse_args(argv)

    from contradict.calibration.gold import check_needles, matches

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
        annotated += sum(any(matches(e, f.left.sentence, f.right.sentence) for e in must) for f in findings)
        # What NLI could add: entries the other judges miss, on pairs they do not already flag.
        missed = [e for e in must if not any(matches(e, f.left.sentence, f.right.sentence) for f in findings)]
        flagged = {frozenset({(f.left.article_id, f.left.start), (f.right.article_id, f.right.start)})
                   for f in findings}
        for pair in story_pairs:
            key = frozenset({(pair.left.article_id, pair.left.start), (pair.right.article_id, pair.right.start)})
            if pair.source == "neighbours" and key not in flagged:  # the pairs NLI reads and could add
                pairs.append(pair)
                labels.append(any(matches(e, pair.left.text, pair.right.text) for e in missed))
    base = annotated / max(1, found)
    labels_arr = np.array(labels, dtype=bool)
    print(f"{len(pairs)} candidate pairs that NLI reads and the other judges do not flag, in {len(gold)} stories; "
          f"{int(labels_arr.sum())} pair a must_flag entry the other judges miss; the other judges "
          f"({', '.join(others.names)}): {found} findings, {annotated} annotated (precision {base:.3f})")
    refusal = write_refusal(len(pairs), int(labels_arr.sum()), base)
    if args.write and refusal:
        print(f"error: not writing thresholds: {refusal}", file=sys.stderr)
        return 2
    for precision in [p for p in args.precisions.split(",") if p]:
        model = NLIModel.load(args.nli_model, precision=precision)
        scores = np.array([s for s, *_ in NLIJudge(model, threshold=1.0).scores(pairs)], dtype=np.float64)
        curve = precision_curve(scores, labels_arr)
        best = {**lowest_as_precise(curve, base, args.min_flagged), "annotated_in_top": top_counts(scores, labels_arr)}
        table = "  ".join(f"{t:.3f}:{tp}/{n}" for t, n, tp in curve if n in CURVE_POINTS)
        print(f"[{precision}] threshold {best['threshold']}: {best['annotated']}/{best['flagged']} flagged pairs "
              f"annotated (precision {best['precision']}); curve (threshold:annotated/flagged) {table}")
        if args.write:  # after each arithmetic: a long run that is stopped keeps what it measured
            def update(record: dict, precision=precision, best=best) -> None:
                record.setdefault("by_arithmetic", {})[precision] = best["threshold"]
                record.setdefault("by_arithmetic_figures", {})[precision] = best
                record["by_arithmetic_data"] = (
                    f"candidate pairs of the {len(gold)} development stories of shared/news-clusters that NLI reads "
                    f"and the other judges do not flag ({len(pairs)} pairs, {int(labels_arr.sum())} pairing a "
                    f"must_flag entry the other judges miss; k={args.k}); rule: the lowest threshold whose flags "
                    f"(>= {args.min_flagged}) add annotated conflicts at least as often as the other judges' "
                    f"findings are annotated ({base:.3f}); 1.0 = none does, NLI then only gives evidence; bf16 uses "
                    "fp32's threshold; written by python -m contradict.nli.calibrate news")
                record["by_arithmetic_base"] = {"findings": found, "annotated": annotated,
                                                "candidate_pairs": len(pairs),
                                                "positive_pairs": int(labels_arr.sum())}
            print(f"written: {_update_thresholds(args.nli_model, update)} ({precision})")
    return 0


def validation_threshold(val, model_dir: Path, precision_target: float = 0.9) -> dict | None:
    """The lowest threshold with contradiction precision >= ``precision_target`` on the validation slice."""
    model = NLIModel.load(model_dir)  # the product's precision ("auto")
    forward = model.predict_proba([(p.premise, p.hypothesis) for p in val])
    backward = model.predict_proba([(p.hypothesis, p.premise) for p in val])
    c = model.column("contradiction")
    score = np.maximum(forward[:, c], backward[:, c])
    gold = np.array([p.label == "contradiction" for p in val])
    # finer steps near 1, where a confident model's contradiction probabilities bunch up
    for t in np.concatenate([np.arange(0.5, 0.95, 0.01), np.arange(0.95, 0.999, 0.002)]):
        pred = score >= t
        precision = (pred & gold).sum() / max(1, pred.sum())
        if precision >= precision_target:
            chosen = round(float(t), 3)
            recall = (pred & gold).sum() / gold.sum()
            print(f"[nli threshold] validation slice ({len(val)} pairs): contradiction precision "
                  f"{precision:.3f}, recall {recall:.3f} at {chosen:.3f} (max over both directions, {model.precision})")
            return {"contradiction": chosen, "precision": round(float(precision), 3),
                    "recall": round(float(recall), 3), "arithmetic": model.precision,
                    "rule": f"lowest threshold with contradiction precision >= {precision_target}",
                    "data": f"validation slice of the trainable pool of shared/nli-data ({len(val)} pairs, "
                            "split seed 13); score = max over both directions"}
    print(f"[nli threshold] no threshold reaches precision {precision_target} on the validation slice")
    return None


def write_validation_threshold(model_dir: Path, result: dict) -> Path:
    """Record the validation-slice threshold in the model's thresholds.json (its news thresholds kept)."""
    return _update_thresholds(model_dir, lambda record: record.update(result))


def validation(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m contradict.nli.calibrate validation")
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--write", action="store_true", help="write the threshold to the model's thresholds.json")
    args = ap.parse_args(argv)
    _, val, _, _ = split_pool(args.data_dir)
    result = validation_threshold(val, args.model)
    if result and args.write:
        print(f"written: {write_validation_threshold(args.model, result)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    commands = {"news": news, "validation": validation}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
