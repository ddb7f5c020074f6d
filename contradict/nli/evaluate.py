"""Evaluate the shipped NLI model on the held-out sets and print one table.

    python -m contradict.nli.evaluate [--model models/nli-minilm-l6] [--precision auto|bf16|int8|fp32]
                               [--limit N] [--sets mnli,anli]

Sets: mnli/dev_mismatched, anli_r1-r3/dev, breaking_nli/test (from ../shared/nli-data), the held-out
splits of the supplement (anli_r1-r3/test, climate_fever/test, negation_nli_snli/test,
negation_nli_mnli/test from extra_pairs.jsonl.gz), and every file of ../shared/eval (EQUATE; Stanford
contradiction).  ``--subset N --subset-sets breaking,climate`` scores a fixed random sample (seed 13,
the same for every model) of N pairs of the named big sets; ``--json FILE`` writes the rows.
3-way sets are scored 3-way; EQUATE's 2-class sets (NewsNLI, RTE_Quant, AWPNLI) as entailment vs not;
Stanford sets as contradiction vs not.
Columns: accuracy, contradiction precision / recall (where contradiction is a class), the
majority-class accuracy and the published anchor, where there is one.  ``--with-quantity`` adds
the product's combination: a quantity-judge conflict overrides the NLI label to contradiction.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path


import numpy as np

from contradict.nli.records import EVALUATION_FILE, EvaluationFile, EvaluationRun, Machine, SetScore
from contradict.nli.data import NLIPair, default_data_dir, extra_held_out, load_eval_sets, load_pool
from contradict.nli_model import DEFAULT_MODEL_DIR, PRECISIONS, NLIModel

POOL_SETS = ["mnli/dev_mismatched", "anli_r1/dev", "anli_r2/dev", "anli_r3/dev", "breaking_nli/test"]
TWO_CLASS_ENTAILMENT = {"equate/NewsNLI", "equate/RTE_Quant", "equate/AWPNLI"}
# Published figures for comparison (MNLI-mismatched accuracy of public cross-encoders, from the
# data README; EQUATE: the paper reports NLI models near the majority class on average).
ANCHORS = {"mnli/dev_mismatched": "86.89 nli-MiniLM2-L6-H768 / 83.98 nli-distilroberta-base"}


def quantity_flags(pairs: list[NLIPair]) -> np.ndarray:
    """Where the product's quantity judge flags a (premise, hypothesis) pair as conflicting."""
    from contradict.embed import Embedder
    from contradict.judges.quantity import QuantityJudge
    from contradict.schema import CandidatePair, Sentence

    def sentence(text: str) -> Sentence:
        return Sentence(article_id="x", index=0, start=0, end=len(text), text=text)

    judge = QuantityJudge(Embedder())
    verdicts = judge.judge([CandidatePair(left=sentence(p.premise), right=sentence(p.hypothesis), similarity=1.0)
                            for p in pairs])
    return np.array([bool(v and v.conflict) for v in verdicts])


def score_set(name: str, pairs: list[NLIPair], probs: np.ndarray, labels: tuple[str, ...]) -> dict:
    c, e = labels.index("contradiction"), labels.index("entailment")
    gold_labels = [p.label for p in pairs]
    if name.startswith("stanford_contradiction/"):
        pred = np.where(probs.argmax(1) == c, "contradiction", "not_contradiction")
        mode = "C vs not"
    elif name in TWO_CLASS_ENTAILMENT:
        pred = np.where(probs.argmax(1) == e, "entailment", "not_entailment")
        gold_labels = ["entailment" if g == "entailment" else "not_entailment" for g in gold_labels]
        mode = "E vs not"
    else:
        pred = np.array([labels[i] for i in probs.argmax(1)])
        mode = "3-way"
    gold = np.array(gold_labels)
    row = {"set": name, "n": len(pairs), "mode": mode, "accuracy": float((pred == gold).mean()),
           "majority": Counter(gold_labels).most_common(1)[0][1] / len(gold_labels)}
    if "contradiction" in set(gold_labels) and mode != "E vs not":
        predicted_c, gold_c = pred == "contradiction", gold == "contradiction"
        row["c_precision"] = float((predicted_c & gold_c).sum() / max(1, predicted_c.sum()))
        row["c_recall"] = float((predicted_c & gold_c).sum() / max(1, gold_c.sum()))
    return row


def evaluate_sets(model: NLIModel, sets: dict[str, list[NLIPair]], *, limit: int = 0, subset: int = 0,
                  subset_sets: list[str] | tuple[str, ...] = ("breaking_nli", "climate_fever"),
                  with_quantity: bool = False) -> dict:
    """Score ``model`` on each named set: ``{"pairs", "seconds", "rows": [score_set(...) per set]}``, a
    metric dict per set as sentence-transformers' evaluators return (the model card is built from it).
    ``limit``: the first N pairs of each set; ``subset``: a fixed random sample (seed 13) of the big
    ``subset_sets``; ``with_quantity``: also the product's combination (a quantity conflict overrides)."""
    rows, total, seconds = [], 0, 0.0
    for name, pairs in sets.items():
        pairs = pairs[:limit] if limit else pairs
        sampled = bool(subset) and len(pairs) > subset and any(k in name for k in subset_sets)
        if sampled:
            keep = sorted(random.Random(13).sample(range(len(pairs)), subset))
            pairs = [pairs[i] for i in keep]
        start = time.perf_counter()
        probs = model.predict_proba([(p.premise, p.hypothesis) for p in pairs])
        seconds += time.perf_counter() - start
        total += len(pairs)
        row = score_set(name, pairs, probs, model.labels)
        row["sampled"] = sampled
        if with_quantity:
            flags = quantity_flags(pairs)
            forced = probs.copy()
            forced[flags] = np.eye(len(model.labels))[model.labels.index("contradiction")]
            with_q = score_set(name, pairs, forced, model.labels)
            row.update({"q_flagged": int(flags.sum()), "q_accuracy": with_q["accuracy"],
                        "q_c_precision": with_q.get("c_precision")})
        rows.append(row)
    return {"pairs": total, "seconds": seconds, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--precision", choices=PRECISIONS, default="auto",
                    help="arithmetic (default: auto, the path the product takes on this machine)")
    ap.add_argument("--limit", type=int, default=0, help="first N pairs of each set (0: all)")
    ap.add_argument("--sets", default="", help="comma-separated substrings of set names to keep")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--subset", type=int, default=0,
                    help="score a fixed random sample (seed 13) of this many pairs of the --subset-sets")
    ap.add_argument("--subset-sets", default="breaking_nli,climate_fever",
                    help="comma-separated substrings of the set names --subset applies to")
    ap.add_argument("--json", type=Path, default=None, help="also write the rows to this JSON file")
    ap.add_argument("--write", action="store_true",
                    help="record this run in MODEL/evaluation.json (replacing the run of the same arithmetic)")
    ap.add_argument("--with-quantity", action="store_true",
                    help="also score NLI + quantity judge (a quantity conflict overrides to contradiction)")
    args = ap.parse_args(argv)

    model = NLIModel.load(args.model, precision=args.precision, threads=args.threads)
    pool = load_pool(args.data_dir)
    sets = {name: [p for p in pool if p.source == name] for name in POOL_SETS}
    for name, pairs in extra_held_out(args.data_dir).items():
        if name in sets:  # anli_r3/dev: the supplement adds the 3 rows the main file lacked
            sets[name] = sets[name] + pairs
        else:
            sets[name] = pairs
    sets.update(load_eval_sets(args.data_dir))
    if args.sets:
        keep = args.sets.split(",")
        sets = {k: v for k, v in sets.items() if any(s in k for s in keep)}
    result = evaluate_sets(model, sets, limit=args.limit, subset=args.subset,
                           subset_sets=args.subset_sets.split(","), with_quantity=args.with_quantity)
    rows, total, seconds = result["rows"], result["pairs"], result["seconds"]
    rate = total / max(seconds, 1e-9)
    print(f"model {args.model} ({model.precision}); {total} pairs in {seconds:.0f} s ({rate:.0f} pairs/s)")
    q_head = f" {'+Q acc':>6} {'+Q Cp':>6} {'Q flag':>6}" if args.with_quantity else ""
    header = f"{'set':<42} {'n':>5} {'mode':<8} {'acc':>6} {'C prec':>6} {'C rec':>6} {'major.':>6}{q_head}  anchor"
    print(header)
    print("-" * len(header))
    for r in rows:
        cp = f"{100 * r['c_precision']:6.1f}" if "c_precision" in r else f"{'-':>6}"
        cr = f"{100 * r['c_recall']:6.1f}" if "c_recall" in r else f"{'-':>6}"
        q_cols = ""
        if args.with_quantity:
            qcp = f"{100 * r['q_c_precision']:6.1f}" if r.get("q_c_precision") is not None else f"{'-':>6}"
            q_cols = f" {100 * r['q_accuracy']:6.1f} {qcp} {r['q_flagged']:6d}"
        print(f"{r['set']:<42} {r['n']:>5} {r['mode']:<8} {100 * r['accuracy']:6.1f} {cp} {cr} "
              f"{100 * r['majority']:6.1f}{q_cols}  {ANCHORS.get(r['set'], '')}")
    if args.json:
        args.json.write_text(json.dumps({"model": str(args.model), "precision": model.precision, "pairs": total,
                                         "seconds": seconds, "rows": rows}, indent=1) + "\n")
    if args.write:
        write_run(args.model, model.precision, result, argv if argv is not None else sys.argv[1:], args)
    return 0


def recorded_command(argv: list[str]) -> str:
    """The command that made the figures: where they were written (--write, --json FILE) is left out."""
    shown, skip = [], False
    for a in argv:
        if skip or a == "--write" or a.startswith("--json="):
            skip = False
            continue
        skip = a == "--json"
        if not skip:
            shown.append(a)
    return " ".join(["python -m contradict.nli.evaluate", *shown])


def write_run(model_dir: Path, precision: str, result: dict, argv: list[str], args: argparse.Namespace) -> Path:
    """Record one run in ``model_dir/evaluation.json`` under its arithmetic (other arithmetics' runs kept)."""
    path = model_dir / EVALUATION_FILE
    record = EvaluationFile.read(path) or EvaluationFile(model=model_dir.name)
    run = EvaluationRun(
        precision=precision, command=recorded_command(argv),
        machine=Machine.here(args.threads), pairs=result["pairs"], seconds=round(result["seconds"], 1),
        limit=args.limit, subset=args.subset, subset_sets=args.subset_sets.split(",") if args.subset else [],
        with_quantity=args.with_quantity, rows=[SetScore(**row) for row in result["rows"]])
    record = record.model_copy(update={"runs": {**record.runs, precision: run}})
    record.write(path)
    return path


if __name__ == "__main__":
    sys.exit(main())
