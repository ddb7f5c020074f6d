#!/usr/bin/env python
"""Time vetting a draft against a saved index: warm (a loaded Finder, as a service would) and cold (the
``contradict vet`` command from a new process), with the warm call's stages.

    python scripts/bench_vet.py CORPUS_DIR --index /tmp/corpus.idx [--words 1000] [--runs 5]

Builds the index from CORPUS_DIR first when ``--index`` does not hold one (not timed).  The draft is
made from the corpus itself, reproducibly: the sentences of one story's articles, in order, until
``--words`` words (a draft about an indexed story, so it is vetted against that story as a reporter's
would be).  Prints the machine, the draft's size, the warm median/min/max over ``--runs`` calls after a
first call that warms the models, where a warm call spends its time, and the cold command's wall
seconds.  A benchmark, not a test: nothing here fails on speed.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from contradict.cli import _quiet_libraries  # noqa: E402


def make_draft(corpus: Path, words: int) -> str:
    """Sentences of the first story's articles (manifest order), paragraph by paragraph, up to ``words``."""
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    stories = sorted({m.get("story") for m in manifest if m.get("story")})
    chosen = [m for m in manifest if not stories or m.get("story") == stories[0]]
    paragraphs, count = [], 0
    for entry in chosen:
        for paragraph in (corpus / entry["file"]).read_text(encoding="utf-8").split("\n\n"):
            paragraph = paragraph.strip()
            if not paragraph:
                continue
            paragraphs.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                return "\n\n".join(paragraphs)
    return "\n\n".join(paragraphs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--index", type=Path, required=True, help="a saved index (built from CORPUS if absent)")
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--precision", default="auto")
    args = ap.parse_args()
    _quiet_libraries()
    import torch

    from contradict.index import CorpusIndex
    from contradict.pipeline import Finder
    from contradict.settings import Settings

    finder = Finder(settings=Settings(nli_precision=args.precision))
    if not (args.index / "meta.json").exists():
        start = time.perf_counter()
        index, _ = finder.build_index([args.corpus])
        index.save(args.index)
        print(f"built the index in {time.perf_counter() - start:.0f} s (not part of the figures)")
    draft = make_draft(args.corpus, args.words)
    draft_file = args.index.parent / f"{args.index.name}.draft.txt"
    draft_file.write_text(draft, encoding="utf-8")

    start = time.perf_counter()
    index = CorpusIndex.load(args.index)
    load = time.perf_counter() - start
    start = time.perf_counter()
    findings = finder.vet(draft, index)  # loads the models and warms the caches
    first = time.perf_counter() - start
    warm = []
    for _ in range(args.runs):
        start = time.perf_counter()
        finder.vet(draft, index)
        warm.append(time.perf_counter() - start)
    profile = cProfile.Profile()
    profile.enable()
    finder.vet(draft, index)
    profile.disable()

    command = [sys.executable, "-m", "contradict", "vet", str(draft_file), "--index", str(args.index),
               "--format", "jsonl", "-o", str(args.index.parent / f"{args.index.name}.vet.jsonl")]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    cold = time.perf_counter() - start

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch threads "
          f"{torch.get_num_threads()}, python {platform.python_version()}, torch {torch.__version__}")
    print(f"index: {len(index.articles)} articles, {len(index)} claims; draft: {len(draft.split())} words; "
          f"story: {finder.last_draft_story or '(whole index)'}; findings: {len(findings)}")
    print(f"load index {load:.2f} s; first vet (models loaded) {first:.2f} s")
    print(f"warm vet over {len(warm)} runs: median {statistics.median(warm):.2f} s, min {min(warm):.2f}, "
          f"max {max(warm):.2f}")
    print(f"cold: `contradict vet` from a new process {cold:.2f} s wall (exit {done.returncode}: "
          f"{'findings' if done.returncode == 1 else 'none' if done.returncode == 0 else done.stderr.strip()})")
    print("where a warm call spends its time (cumulative seconds, top functions of the package and models):")
    stats = pstats.Stats(profile)
    rows = [(value[3], f"{Path(key[0]).name}:{key[2]}") for key, value in stats.stats.items()
            if "contradict" in key[0] or key[2] in ("encode", "forward")]
    for seconds, name in sorted(rows, reverse=True)[:12]:
        print(f"  {seconds:7.2f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
