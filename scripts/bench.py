#!/usr/bin/env python
"""Time a scan stage by stage and print the figures.

    python scripts/bench.py [CORPUS ...] [--precision auto|bf16|int8|fp32] [--no-nli]

Prints wall and CPU seconds per stage (load, ingest, embed, pair, judge, write), peak memory,
claims, candidate pairs, findings, and the machine it ran on.  A benchmark, not a test: nothing here
fails on speed.  ``scripts/make_corpus.py`` writes corpora of any size to run it on.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from contradict.cli import _quiet_libraries  # noqa: E402
from contradict.nli_model import DEFAULT_MODEL_DIR, PRECISIONS  # noqa: E402
from contradict.pipeline import scan  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="*", type=Path, default=[Path(__file__).resolve().parents[1] / "seeds"])
    ap.add_argument("--precision", choices=PRECISIONS, default="auto")
    ap.add_argument("--no-nli", action="store_true")
    args = ap.parse_args()
    _quiet_libraries()
    import torch

    start, cpu_start = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        findings, report = scan(args.corpus, Path(tmp) / "flagged.jsonl", nli_model=None if args.no_nli else
                                DEFAULT_MODEL_DIR, precision=args.precision)
    total = time.perf_counter() - start
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch threads {torch.get_num_threads()}, "
          f"python {platform.python_version()}, torch {torch.__version__}")
    arithmetic = f"; NLI in {report.nli_precision}" if report.nli_precision else ""
    print(f"corpus: {', '.join(map(str, args.corpus))}; judges: {', '.join(report.judges_run)}{arithmetic}")
    print(f"  {'stage':<7} {'wall s':>8} {'CPU s':>8}")
    for stage, seconds in report.seconds.items():
        print(f"  {stage:<7} {seconds:8.2f} {report.cpu_seconds.get(stage, 0.0):8.2f}")
    print(f"  {'total':<7} {total:8.2f} {time.process_time() - cpu_start:8.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak memory (max RSS): {peak:.0f} MiB")
    print(f"articles {report.articles}, sentences {report.sentences}, claims {report.claims}, "
          f"candidate pairs {report.candidate_pairs}, findings {len(findings)} {report.findings_by_type}")
    if report.candidate_pairs and report.seconds.get("judge"):
        print(f"judge throughput: {report.candidate_pairs / report.seconds['judge']:.0f} candidate pairs/s "
              f"(an evidence-only NLI model reads just the flagged pairs, both ways)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
