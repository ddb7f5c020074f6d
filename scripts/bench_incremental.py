#!/usr/bin/env python
"""Time a re-scan with a kept index against a fresh scan, and check they find the same.

    python scripts/bench_incremental.py CORPUS [--add 100] [--no-nli] [--no-stories] [--precision int8]

Copies CORPUS (a directory with a ``manifest.jsonl``, as ``scripts/make_corpus.py`` writes) to a
temporary directory, holds back ``--add`` articles (a seeded random sample of the manifest), scans the rest
keeping its index (``Finder.scan_index``), puts the held articles back and scans again with that
index: the re-scan embeds only the new articles and judges only new pairs.  Then a fresh scan of the
whole corpus.  Prints wall and CPU seconds per stage of each, the re-scan's share of the fresh scan,
and whether the two gave byte-identical findings.  A benchmark, not a test: nothing fails on speed.
Each scan runs in one process, one after the other, each with its own Finder whose models are loaded
before it is timed (no scan finds another's caches warm).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from contradict.cli import _quiet_libraries  # noqa: E402
from contradict.index import CorpusIndex  # noqa: E402
from contradict.nli_model import PRECISIONS  # noqa: E402
from contradict.pipeline import Finder  # noqa: E402


def _timed(label: str, run):
    start, cpu = time.perf_counter(), time.process_time()
    result = run()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    report = result[1]
    stages = "  ".join(f"{k} {v:.1f}" for k, v in report.seconds.items())
    print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU; {report.articles} articles, {report.claims} claims, "
          f"{report.candidate_pairs} pairs (verdicts reused {report.reused_pairs}, articles reused "
          f"{report.reused_articles}), {len(result[0])} findings\n    stages (wall s): {stages}", flush=True)
    return result, wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--add", type=int, default=100, help="articles held back, then added (default 100)")
    ap.add_argument("--seed", type=int, default=13, help="which articles are held back")
    ap.add_argument("--precision", choices=PRECISIONS, default="auto")
    ap.add_argument("--no-nli", action="store_true")
    ap.add_argument("--profile", type=Path, default=None,
                    help="profile the re-scan (cProfile) into this file and print where it spent its time")
    ap.add_argument("--no-stories", action="store_true",
                    help="pair across the whole corpus (scan --no-stories): no story grouping to redo")
    args = ap.parse_args()
    _quiet_libraries()
    import torch

    manifest = args.corpus / "manifest.jsonl"
    if not manifest.is_file():
        ap.error(f"{manifest}: missing (a corpus from scripts/make_corpus.py has one)")
    lines = manifest.read_text(encoding="utf-8").splitlines()
    if not 0 < args.add < len(lines):
        ap.error(f"--add must be between 1 and {len(lines) - 1} (the corpus has {len(lines)} articles)")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch threads "
          f"{torch.get_num_threads()}; corpus {args.corpus} ({len(lines)} articles, {args.add} added)", flush=True)
    def loaded_finder() -> Finder:
        # Each scan gets its own Finder, its models loaded before it is timed: a scan's judges keep caches
        # (the quantity judge's context vectors), and a scan run after another in one Finder would find
        # them warm, as neither a fresh scan nor tomorrow's re-scan in a new process does.
        finder = Finder(nli_model=None) if args.no_nli else Finder(precision=args.precision)
        finder.by_story = not args.no_stories
        finder.judges, finder.embedder.model  # noqa: B018
        return finder

    start = time.perf_counter()
    first, again_finder, fresh_finder = loaded_finder(), loaded_finder(), loaded_finder()
    print(f"models loaded in {time.perf_counter() - start:.1f} s (three finders)", flush=True)
    added = set(random.Random(args.seed).sample(lines, args.add))
    with tempfile.TemporaryDirectory() as tmp:
        corpus, held = Path(tmp) / "corpus", Path(tmp) / "held"
        shutil.copytree(args.corpus, corpus)
        held.mkdir()
        for line in added:
            name = json.loads(line)["file"]
            (held / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(corpus / name, held / name)
        manifest_copy = corpus / "manifest.jsonl"
        manifest_copy.write_text("\n".join(line for line in lines if line not in added) + "\n", encoding="utf-8")
        (_, _, index), _, _ = _timed(f"first scan ({len(lines) - args.add} articles), index kept",
                                     lambda: first.scan_index([corpus]))
        index.save(Path(tmp) / "index")
        for line in added:
            name = json.loads(line)["file"]
            shutil.move(held / name, corpus / name)
        manifest_copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
        previous = CorpusIndex.load(Path(tmp) / "index")
        def rescan():
            if not args.profile:
                return again_finder.scan_index([corpus], previous)
            import cProfile

            with cProfile.Profile() as profile:
                result = again_finder.scan_index([corpus], previous)
            profile.dump_stats(args.profile)
            return result

        (again, _, _), re_wall, re_cpu = _timed(f"re-scan (+{args.add} articles) with the kept index", rescan)
        if args.profile:
            import pstats

            pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(r"contradict/", 30)
        (fresh, _), wall, cpu = _timed("fresh scan of the whole corpus", lambda: fresh_finder.scan([corpus]))
    same = [f.model_dump_json() for f in again] == [f.model_dump_json() for f in fresh]
    if not same and os.environ.get("BENCH_DIFF"):  # what differs, for a developer chasing a difference
        for a, b in zip(fresh, again, strict=False):
            da, db = a.model_dump(), b.model_dump()
            if da != db:
                ea = [e for e in da["evidence"] if e not in db["evidence"]]
                eb = [e for e in db["evidence"] if e not in da["evidence"]]
                print("differs:", a.id, {k for k in da if da[k] != db.get(k)}, "fresh:", ea, "re-scan:", eb)
    print(f"re-scan / fresh scan: {re_wall / wall:.1%} of the wall time, {re_cpu / cpu:.1%} of the CPU time "
          f"(models loaded before either); findings identical: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
