#!/usr/bin/env python
"""Write the news-style NLI augmentation to a JSONL file for inspection, and print its make-up.

    python scripts/augment_nli.py -o augment.jsonl.gz [--scale 1.0] [--news-scale 0] [--extra] [--show 10]

The same pairs train_nli.py generates in memory (same budget, same seed), from trainable pairs only;
``--news-scale`` adds the news-framing kinds (wrappers, same-story neutrals), ``--extra`` draws from the
supplement's trainable pairs too (as a ``--extra`` training run does).
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contradict.augment import augment, augment_news  # noqa: E402
from contradict.nli_data import default_data_dir, split_pool, split_with_extra  # noqa: E402
from train_nli import AUGMENT_BUDGET, NEWS_BUDGET  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", type=Path, default=None)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--news-scale", type=float, default=0.0)
    ap.add_argument("--extra", action="store_true", help="draw from the supplement's trainable pairs too")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=10, help="examples printed")
    args = ap.parse_args()
    if args.extra:
        split = split_with_extra(args.data_dir)
        train = split.train + split.extra_train
    else:
        train, _, _, _ = split_pool(args.data_dir)  # split seed 13, as train_nli.py
    pairs = augment(train, {k: int(v * args.scale) for k, v in AUGMENT_BUDGET.items()}, seed=args.seed)
    if args.news_scale > 0:
        pairs += augment_news(train, {k: int(v * args.news_scale) for k, v in NEWS_BUDGET.items()}, seed=args.seed)
    counts = Counter(p.source for p in pairs)
    print(f"{len(pairs)} augmented pairs = {len(pairs) / (len(pairs) + len(train)):.1%} of the training data "
          f"({len(train)} trainable pairs)")
    for source, n in sorted(counts.items()):
        print(f"  {source:<28} {n:6d}  {next(p.label for p in pairs if p.source == source)}")
    for p in random.Random(args.seed).sample(pairs, min(args.show, len(pairs))):
        print(f"- [{p.source} -> {p.label}]\n    P: {p.premise[:160]}\n    H: {p.hypothesis[:160]}")
    if args.output:
        with gzip.open(args.output, "wt", encoding="utf-8") if args.output.suffix == ".gz" else \
                open(args.output, "w", encoding="utf-8") as fh:
            for p in pairs:
                fh.write(p.model_dump_json() + "\n")
        print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
