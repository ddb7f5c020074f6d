"""Where the story threshold comes from: how exactly corpora of mixed stories are grouped, per threshold.

    python -m contradict.calibration.stories --no-dates                  # the development stories + seeds/
    python -m contradict.calibration.stories --no-dates --weights 0.3,0.5 --write --weight 0.5

Data: the development stories of ../shared/news-clusters (rebuilt as its README says) and seeds/, one
story per folder.  Corpora: every story alone (it must stay one story) and ``--draws`` random mixes of
each size from 2 stories to all but one (a story's name weights depend on what else is in the corpus).
For each embedding weight and distance threshold it prints the mean adjusted Rand index of the grouping
against the folders, the share of corpora grouped exactly, and how many single stories were split; then
the range of thresholds that group every corpus exactly.  ``--write --weight W`` records W as
``story_embedding_weight`` and the middle of W's exact range (rounded down to 0.01) as ``story_distance``
in ``contradict/data/calibrated.json``, with the ranges of every weight tried.  In-sample: no held-out
stories.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
from pathlib import Path

from contradict.calibration.record import command_line, write_calibrated
from contradict.thresholds import Calibrated

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


def exact_range(thresholds, exact_flags) -> tuple[float, float] | None:
    """The lowest and highest threshold at which every corpus is grouped exactly, or None."""
    exact = [float(t) for t, ok in zip(thresholds, exact_flags, strict=True) if ok]
    return (min(exact), max(exact)) if exact else None


def middle(low: float, high: float) -> float:
    """The middle of a range, rounded down to 0.01 (a round figure inside the range, nearer the merging end)."""
    return math.floor(round((low + high) / 2 * 100, 6)) / 100


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path.home() / ".cache/contradict/news-clusters")
    ap.add_argument("--seeds", type=Path, default=SEEDS_DIR)
    ap.add_argument("--weights", default="0.3", help="embedding weights to try, comma-separated")
    ap.add_argument("--thresholds", default="0.60:0.95:0.01", help="start:stop:step")
    ap.add_argument("--draws", type=int, default=25, help="random mixes per corpus size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-dates", action="store_true",
                    help="forget the publication dates (most corpora have few): names and embeddings alone")
    ap.add_argument("--write", action="store_true", help="record --weight and its range's middle as the defaults")
    ap.add_argument("--weight", type=float, default=None, help="the embedding weight to record (one of --weights)")
    args = ap.parse_args(argv)
    if args.write and args.weight is None:
        ap.error("--write needs --weight (the embedding weight to record)")

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import adjusted_rand_score

    from contradict.embed import Embedder
    from contradict.pipeline import build_index
    from contradict.stories import story_distances, sub_index

    folders = sorted(p for p in args.corpus.iterdir() if (p / "manifest.jsonl").exists()) if args.corpus.is_dir() \
        else []
    if not folders:
        print(f"error: {args.corpus}: no story folders (see ../shared/news-clusters/README.md)", file=sys.stderr)
        return 2
    folders.append(args.seeds)
    embedder = Embedder()
    index, _ = build_index(folders, embedder)
    if args.no_dates:
        index.articles = {a: article.model_copy(update={"published": None}) for a, article in index.articles.items()}
    resolved = [f.resolve() for f in folders]
    truth = {a.id: next(f.name for f in resolved if Path(a.path).resolve().is_relative_to(f))
             for a in index.articles.values()}
    names = sorted(set(truth.values()))
    rng = random.Random(args.seed)
    corpora = [[n] for n in names]
    for size in range(2, len(names)):
        corpora += [sorted(rng.sample(names, size)) for _ in range(args.draws)]
    start, stop, step = (float(x) for x in args.thresholds.split(":"))
    thresholds = np.round(np.arange(start, stop + step / 2, step), 4)
    vectors = index.vectors()
    subs = []
    for corpus in corpora:
        ids = sorted(a for a in index.articles if truth[a] in corpus)
        subs.append((corpus, ids, sub_index(index, ids, vectors)))
    data = (f"{len(names) - 1} development stories of shared/news-clusters and seeds/ ({len(index.articles)} "
            f"articles) as {len(corpora)} corpora: each story alone and {args.draws} random mixes (seed {args.seed}) "
            f"of each size 2-{len(names) - 1}; {'without' if args.no_dates else 'with'} publication dates")
    print(data)
    ranges: dict[float, tuple[float, float] | None] = {}
    for weight in (float(w) for w in args.weights.split(",")):
        scores = np.zeros((len(corpora), len(thresholds)))
        split = np.zeros(len(thresholds), dtype=int)
        for c, (corpus, ids, sub) in enumerate(subs):
            distance, _, _ = story_distances(sub, ids, weight)
            labels_true = [truth[a] for a in ids]
            for t, threshold in enumerate(thresholds):
                found = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="complete",
                                                distance_threshold=float(threshold)).fit_predict(distance)
                if len(corpus) == 1:
                    exact = len(set(found)) == 1
                    split[t] += not exact
                    scores[c, t] = float(exact)
                else:
                    scores[c, t] = adjusted_rand_score(labels_true, found)
        print(f"\nembedding weight {weight}: threshold, mean ARI, corpora grouped exactly, single stories split")
        for t, threshold in enumerate(thresholds):
            print(f"  {threshold:.2f}  {scores[:, t].mean():.3f}  {(scores[:, t] >= 0.9999).mean():.3f}  {split[t]}")
        ranges[weight] = exact_range(thresholds, (scores >= 0.9999).all(axis=0))
        print(f"  every corpus grouped exactly for thresholds {ranges[weight][0]:.2f}-{ranges[weight][1]:.2f}"
              if ranges[weight] else "  no threshold groups every corpus exactly")
    if args.write:
        chosen = ranges.get(args.weight)
        if chosen is None:
            print(f"error: not writing: weight {args.weight} was not tried or groups no threshold exactly",
                  file=sys.stderr)
            return 2
        command = command_line("contradict.calibration.stories", argv)
        shown = {f"exact_at_weight_{w}": (f"{r[0]:.2f}-{r[1]:.2f}" if r else "none") for w, r in ranges.items()}
        path = write_calibrated({
            "story_embedding_weight": Calibrated(
                value=args.weight, unit="share", data=data, figures=shown, written_by=command,
                rule="a weight at which some thresholds group every corpus exactly, chosen on the command line"),
            "story_distance": Calibrated(
                value=middle(*chosen), unit="distance", data=data, written_by=command,
                figures={"exact_from": chosen[0], "exact_to": chosen[1]},
                rule="the middle of the thresholds that group every corpus exactly at the chosen weight, "
                     "rounded down to 0.01")})
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
