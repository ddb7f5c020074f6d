#!/usr/bin/env python
"""Write a reproducible synthetic corpus for benchmarks: real English sentences, many outlets, dates.

    python scripts/make_corpus.py --articles 1000 --out /tmp/corpus-1000
    python scripts/bench.py /tmp/corpus-1000

Sentences are MultiNLI premises (``mnli/dev_matched`` of ../shared/nli-data, multi-genre prose).  The
corpus is a set of stories (``--per-story`` articles each, default 50); each story has a pool of
premises, and each of its articles (20-40 sentences in paragraphs of 3-5) tells a sample of that pool,
some sentences as a premise's entailed hypothesis (another outlet's wording) and a few as its
contradicting hypothesis (a conflict to find).  ``--copies`` of the articles (default 10 %) are
near-copies of another article of their story with figures changed.  The seeds are mixed in.  Every
article has a ``manifest.jsonl`` line: outlet (one of ``--outlets``), date within a week, title.

The same arguments give byte-identical files: a benchmark that anyone can rebuild.  Not a test set:
its sentences say nothing true about any story.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from contradict.quantities import find_quantities, format_number  # noqa: E402

NLI_DATA = ROOT.parent / "shared" / "nli-data" / "nli_pairs.jsonl.gz"
SOURCE = "mnli/dev_matched"


def load_premises(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """(premise, entailed hypotheses, contradicting hypotheses), in file order."""
    by_premise: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["source"] == SOURCE and 40 <= len(row["premise"]) <= 300:
                by_premise[row["premise"]][row["label"]].append(row["hypothesis"])
    return [(p, labels["entailment"], labels["contradiction"]) for p, labels in by_premise.items()]


def change_figures(text: str, rng: random.Random) -> str:
    """The text with each figure moved a little ("17" -> "19"): a near-copy that disagrees."""
    out, last = [], 0
    for q in find_quantities(text):
        if q.kind not in ("count", "money", "percent") or q.value <= 0:
            continue
        digits = re.search(r"\d[\d,.]*|\b[a-z]+\b", text[q.start:q.end])
        if not digits:
            continue
        start, end = q.start + digits.start(), q.start + digits.end()
        new_value = q.value + rng.randint(1, 5)
        out.append(text[last:start] + format_number(new_value, text[start:end]))
        last = end
    return "".join(out) + text[last:]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--outlets", type=int, default=20)
    ap.add_argument("--per-story", type=int, default=50)
    ap.add_argument("--copies", type=float, default=0.10, help="share of articles that are near-copies")
    ap.add_argument("--contradictions", type=float, default=0.03,
                    help="share of sentences told as a contradicting hypothesis")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-seeds", action="store_true", help="leave the project's seeds/ out")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    if args.articles < 1 or args.outlets < 1 or args.per_story < 1:
        ap.error("--articles, --outlets and --per-story must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        ap.error(f"{args.out}: exists and is not empty")

    rng = random.Random(args.seed)
    premises = load_premises(NLI_DATA)
    rng.shuffle(premises)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    stories = (args.articles + args.per_story - 1) // args.per_story
    pool_size = max(60, min(400, len(premises) // max(1, stories)))
    start_day = date(2031, 3, 2)
    texts: list[tuple[int, str]] = []
    for n in range(args.articles):
        story = n // args.per_story
        first = (story * pool_size) % len(premises)
        pool = (premises[first:] + premises[:first])[:pool_size]  # wraps around: many stories share premises
        if texts and rng.random() < args.copies:
            same_story = [t for s, t in texts if s == story] or [texts[-1][1]]
            text = change_figures(rng.choice(same_story), rng)
        else:
            sentences = []
            for premise, entailed, contradicting in rng.sample(pool, rng.randint(20, 40)):
                roll = rng.random()
                if contradicting and roll < args.contradictions:
                    sentences.append(rng.choice(contradicting))
                elif entailed and roll < 0.3:
                    sentences.append(rng.choice(entailed))
                else:
                    sentences.append(premise)
            paragraphs, i = [], 0
            while i < len(sentences):
                size = rng.randint(3, 5)
                paragraphs.append(" ".join(s.strip() for s in sentences[i:i + size]))
                i += size
            text = "\n\n".join(paragraphs) + "\n"
        texts.append((story, text))
        name = f"story{story:03d}/article{n:05d}.txt"
        (args.out / name).parent.mkdir(parents=True, exist_ok=True)
        (args.out / name).write_text(text, encoding="utf-8")
        day = start_day + timedelta(days=story * 7 + rng.randint(0, 6))
        manifest.append({"file": name, "outlet": f"outlet-{rng.randrange(args.outlets):02d}",
                         "published": day.isoformat(), "title": text.split(".")[0][:80]})
    if not args.no_seeds:
        # the articles the seeds' manifest lists (its README is not an article)
        for line in (ROOT / "seeds" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                shutil.copyfile(ROOT / "seeds" / entry["file"], args.out / f"seeds-{entry['file']}")
                entry["file"] = f"seeds-{entry['file']}"
                manifest.append(entry)
    with open(args.out / "manifest.jsonl", "w", encoding="utf-8") as fh:
        for entry in manifest:
            fh.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{args.articles} articles ({stories} stories, {args.outlets} outlets)"
          f"{'' if args.no_seeds else ' + seeds'} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
