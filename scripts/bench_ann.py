#!/usr/bin/env python
"""Exact against approximate (HNSW) nearest-neighbour pairing on one corpus: seconds and recall.

    python scripts/make_corpus.py --articles 1000 --out /tmp/corpus-1000
    python scripts/bench_ann.py /tmp/corpus-1000 [--save-index /tmp/corpus-1000.idx]
    python scripts/bench_ann.py --index /tmp/corpus-1000.idx

Pairs the corpus's claims twice (``contradict.pair.corpus_pairs``: each claim's nearest claims of other
outlets), once by a flat scan and once through the HNSW graph, and prints the seconds of each and the
pairing recall of the approximate search (share of the exact search's neighbour pairs it also finds),
and its neighbour recall counting ties (near-copies make identical sentences: which of two equal
claims a search returns is arbitrary).
``Settings.approximate_from_claims`` is chosen from these figures.  A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from contradict.cli import _quiet_libraries
from contradict.index import CorpusIndex
from contradict.pair import corpus_pairs
from contradict.pipeline import build_index
from contradict.settings import Settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="*", type=Path)
    ap.add_argument("--index", type=Path, help="a saved index instead of a corpus")
    ap.add_argument("--save-index", type=Path, help="save the index built from the corpus here")
    ap.add_argument("-k", type=int, default=10)
    args = ap.parse_args(argv)
    if bool(args.corpus) == bool(args.index):
        ap.error("give a corpus or --index, not both")
    _quiet_libraries()
    if args.index:
        index = CorpusIndex.load(args.index)
    else:
        index, _ = build_index(args.corpus)
        if args.save_index:
            index.save(args.save_index)
    keys = {}
    for label, threshold in (("exact", 2**62), ("approximate", 1)):
        start = time.perf_counter()
        search = Settings(approximate_from_claims=threshold).neighbour_search()
        pairs = corpus_pairs(index, k=args.k, figures=False, search=search)
        keys[label] = {(p.left.article_id, p.left.index, p.right.article_id, p.right.index) for p in pairs}
        print(f"{label:<12} {time.perf_counter() - start:8.1f} s   {len(pairs):8d} neighbour pairs")
    found = len(keys["exact"] & keys["approximate"])
    print(f"claims {len(index)}; pairing recall of the approximate search: {found / max(1, len(keys['exact'])):.4f} "
          f"({found} of {len(keys['exact'])})")
    # Near-copies make identical sentences, so many neighbours tie: which of two equal claims a search
    # returns is arbitrary.  Counted by similarity (a tie found is a neighbour found):
    vectors = index.vectors()
    exact_sims, _ = index.search(vectors, args.k + 1, exact=True)
    approx_sims, _ = index.search(vectors, args.k + 1, exact=False, how=search)
    matched = sum(sum((Counter(np.round(a, 4)) & Counter(np.round(b, 4))).values())
                  for a, b in zip(exact_sims, approx_sims, strict=True))
    print(f"neighbour recall counting ties: {matched / exact_sims.size:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
