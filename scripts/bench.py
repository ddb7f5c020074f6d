#!/usr/bin/env python
"""Time a scan stage by stage and print the figures.

    python scripts/bench.py [CORPUS ...] [--precision auto|bf16|int8|fp32] [--no-nli]
    python scripts/bench.py CORPUS --engine ray [--ray-cpus N] [--ray-address ADDR]

Prints wall and CPU seconds per stage (load, ingest, embed, pair, judge, write), peak memory,
claims, candidate pairs, findings, and the machine it ran on.  Under ``--engine ray`` the CPU column is
the driver's and a third column the Ray workers' (parsing, model loading and model calls; measured in
each worker around its work), and the findings file's SHA-256 is printed so two engines' runs can be
compared.  A benchmark, not a test: nothing here
fails on speed.  ``scripts/make_corpus.py`` writes corpora of any size to run it on.
"""

from __future__ import annotations

import argparse
import hashlib
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
from contradict.pipeline import Finder  # noqa: E402
from contradict.settings import defaults  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="*", type=Path, default=[Path(__file__).resolve().parents[1] / "seeds"])
    ap.add_argument("--precision", choices=PRECISIONS, default="auto")
    ap.add_argument("--no-nli", action="store_true")
    ap.add_argument("--embedding-precision", choices=("fp32", "bf16"), default="fp32",
                    help="the embedder's arithmetic (the setting embedding_precision)")
    ap.add_argument("--engine", choices=("local", "ray"), default="local")
    ap.add_argument("--ray-cpus", type=int, default=None, help="CPUs of the local Ray instance (--engine ray)")
    ap.add_argument("--ray-address", default=None, help="an existing Ray cluster (--engine ray)")
    args = ap.parse_args()
    _quiet_libraries()
    import torch

    ray = {"ray_cpus": args.ray_cpus, "ray_address": args.ray_address} if args.engine == "ray" else {}
    start, cpu_start = time.perf_counter(), time.process_time()
    finder = Finder(nli_model=None if args.no_nli else DEFAULT_MODEL_DIR, precision=args.precision,
                    engine=args.engine, settings=defaults().model_copy(
                        update={"embedding_precision": args.embedding_precision}), **ray)
    with tempfile.TemporaryDirectory() as tmp:
        findings, report = finder.scan(args.corpus, Path(tmp) / "flagged.jsonl")
        digest = hashlib.sha256((Path(tmp) / "flagged.jsonl").read_bytes()).hexdigest()
    total = time.perf_counter() - start
    workers = finder._ray.worker_cpu if finder._ray is not None else None
    engine = f"ray ({finder._ray.cpus} worker CPUs)" if finder._ray is not None else "local"
    finder.close()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch threads {torch.get_num_threads()}, "
          f"python {platform.python_version()}, torch {torch.__version__}")
    arithmetic = f"; NLI in {report.nli_precision}" if report.nli_precision else ""
    print(f"corpus: {', '.join(map(str, args.corpus))}; engine: {engine}; judges: {', '.join(report.judges_run)}"
          f"{arithmetic}")
    extra = workers is not None
    print(f"  {'stage':<8} {'wall s':>8} {'CPU s':>8}" + (f" {'workers CPU s':>14}" if extra else ""))
    for stage, seconds in report.seconds.items():
        print(f"  {stage:<8} {seconds:8.2f} {report.cpu_seconds.get(stage, 0.0):8.2f}"
              + (f" {report.worker_cpu_seconds.get(stage, 0.0):14.2f}" if extra else ""))
    print(f"  {'total':<8} {total:8.2f} {time.process_time() - cpu_start:8.2f}"
          + (f" {workers:14.2f}" if extra else ""))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"peak memory (max RSS{', the driver' if extra else ''}): {peak:.0f} MiB")
    print(f"articles {report.articles}, sentences {report.sentences}, claims {report.claims}, "
          f"candidate pairs {report.candidate_pairs}, findings {len(findings)} {report.findings_by_type}")
    if report.candidate_pairs and report.seconds.get("judge"):
        print(f"judge throughput: {report.candidate_pairs / report.seconds['judge']:.0f} candidate pairs/s "
              f"(an evidence-only NLI model reads just the flagged pairs, both ways)")
    print(f"findings file sha256: {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
