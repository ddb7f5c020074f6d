#!/usr/bin/env python
"""Where the story threshold comes from: how exactly corpora of mixed stories are grouped, per threshold.

    python scripts/calibrate_stories.py                      # the development stories + seeds/
    python scripts/calibrate_stories.py --weights 0.3,0.5    # also try other embedding weights

Data: the development stories of ../shared/news-clusters (rebuilt as its README says) and seeds/, one
story per folder.  Corpora: every story alone (it must stay one story) and ``--draws`` random mixes of
each size from 2 stories to all but one (a story's name weights depend on what else is in the corpus).
For each embedding weight and distance threshold it prints the mean adjusted Rand index of the grouping
against the folders, the share of corpora grouped exactly, and how many single stories were split; then
the range of thresholds that group every corpus exactly.  The figures quoted in
``contradict/thresholds.py`` are this script's output.  The choice is in-sample: no held-out stories.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path.home() / ".cache/contradict/news-clusters")
    ap.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[1] / "seeds")
    ap.add_argument("--weights", default="0.3", help="embedding weights to try, comma-separated")
    ap.add_argument("--thresholds", default="0.60:0.95:0.01", help="start:stop:step")
    ap.add_argument("--draws", type=int, default=25, help="random mixes per corpus size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-dates", action="store_true",
                    help="forget the publication dates (most corpora have few): names and embeddings alone")
    args = ap.parse_args(argv)

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
    print(f"{len(index.articles)} articles in {len(names)} stories; {len(corpora)} corpora "
          f"({len(names)} single stories, {args.draws} draws of each size 2-{len(names) - 1})")
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
        exact = [float(th) for t, th in enumerate(thresholds) if (scores[:, t] >= 0.9999).all()]
        print(f"  every corpus grouped exactly for thresholds {min(exact):.2f}-{max(exact):.2f}" if exact
              else "  no threshold groups every corpus exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
