#!/usr/bin/env python
"""NLI inference speed on realistic news sentence pairs: fp32 vs int8, length-sorted batches.

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from contradict.embed import Embedder  # noqa: E402
from contradict.index import CorpusIndex  # noqa: E402
from contradict.ingest import ingest  # noqa: E402
from contradict.nli_model import DEFAULT_MODEL_DIR, NLIModel  # noqa: E402
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
    index = CorpusIndex.build(ingest([args.corpus]).articles, Embedder())
    pairs = corpus_pairs(index)
    texts = [(p.left.text, p.right.text) for p in pairs] + [(p.right.text, p.left.text) for p in pairs]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"{args.threads} threads; {len(texts)} news sentence pairs from {args.corpus.name}/")
    for label, quantize, batch, sort in [("fp32, batch 64, sorted", False, 64, True),
                                         ("int8, batch 64, sorted", True, 64, True),
                                         ("int8, batch 64, unsorted", True, 64, False)]:
        model = NLIModel.load(args.model, quantize=quantize)
        model.predict_proba(texts[:64])  # warm-up
        best = 0.0
        for _ in range(args.repeat):
            start = time.perf_counter()
            if sort:
                model.predict_proba(texts, batch_size=batch)
            else:
                for i in range(0, len(texts), batch):
                    _unsorted(model, texts[i:i + batch])
            best = max(best, len(texts) / (time.perf_counter() - start))
        print(f"  {label:<26} {best:7.0f} pairs/s (best of {args.repeat})")
    return 0


def _unsorted(model: NLIModel, batch: list[tuple[str, str]]) -> None:
    """One batch padded to its longest pair, in arrival order (what sorting saves us from)."""
    import torch

    enc = model.tokenizer([a for a, _ in batch], [b for _, b in batch], truncation=True,
                          max_length=model.max_length, padding=True, return_tensors="pt")
    with torch.inference_mode():
        model.model(**enc)


if __name__ == "__main__":
    sys.exit(main())
