#!/usr/bin/env python
"""NLI inference speed on realistic news sentence pairs: fp32, int8 and bf16, length-sorted batches.

    python scripts/bench_nli.py [--model models/nli-minilm-l6] [--repeat 3]

The pairs are the candidate pairs a scan of seeds/ produces (real news sentences, both directions).
Prints pairs/s per setting and the machine; a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from contradict.embed import Embedder  # noqa: E402
from contradict.pipeline import index_articles  # noqa: E402
from contradict.ingest import ingest  # noqa: E402
from contradict.nli_model import DEFAULT_MODEL_DIR, NLIModel, fast_bf16_available  # noqa: E402
from contradict.pair import corpus_pairs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    index = index_articles(ingest([args.corpus]).articles, Embedder())
    pairs = corpus_pairs(index)
    texts = [(p.left.text, p.right.text) for p in pairs] + [(p.right.text, p.left.text) for p in pairs]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"{args.threads} threads; {len(texts)} news sentence pairs from {args.corpus.name}/")
    reference = None
    for precision, batch, sort in [("fp32", 64, True), ("int8", 64, True), ("int8", 64, False),
                                   ("bf16", 16, True), ("bf16", 32, True), ("bf16", 64, True), ("bf16", 32, False)]:
        if precision == "bf16" and not fast_bf16_available():
            print(f"  {precision}: skipped, this CPU has no bf16 in hardware")
            continue
        model = NLIModel.load(args.model, precision=precision)
        model.predict_proba(texts[:batch], batch_size=batch)  # warm-up
        best, probs = 0.0, None
        for _ in range(args.repeat):
            start = time.perf_counter()
            if sort:
                probs = model.predict_proba(texts, batch_size=batch)
            else:
                for i in range(0, len(texts), batch):
                    _unsorted(model, texts[i:i + batch])
            best = max(best, len(texts) / (time.perf_counter() - start))
        agreement = ""
        if probs is not None:
            reference = probs if reference is None else reference
            contra = model.column("contradiction")
            agreement = (f"  argmax = fp32 on {100 * (probs.argmax(1) == reference.argmax(1)).mean():.1f} %, "
                         f"max |dP(contradiction)| {np.abs(probs[:, contra] - reference[:, contra]).max():.3f}")
        label = f"{precision}, batch {batch}, {'sorted' if sort else 'unsorted'}"
        print(f"  {label:<26} {best:7.0f} pairs/s (best of {args.repeat}){agreement}")
    return 0


def _unsorted(model: NLIModel, batch: list[tuple[str, str]]) -> None:
    """One batch padded to its longest pair, in arrival order (what sorting saves us from)."""
    model.score_batch(batch)


if __name__ == "__main__":
    sys.exit(main())
