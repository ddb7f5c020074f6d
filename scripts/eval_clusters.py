#!/usr/bin/env python
"""Measure the finder on the development stories of ../shared/news-clusters (real multi-outlet coverage).

    python scripts/eval_clusters.py --corpus ~/.cache/contradict/news-clusters
    python scripts/eval_clusters.py --corpus DIR --stories genoa-bridge-collapse-2018 --dump /tmp/findings

The texts are third-party news kept out of git: rebuild them once per machine as
../shared/news-clusters/README.md says.  Each story is scanned on its own (as a user would scan one
story).  Scoring follows that README: a finding pairs a gold entry when one side's sentence contains
needle a and the other side's contains needle b, in either order.

Printed per story and overall: must_flag recall (and by kind), recall within the story's top 20
findings ("top"; "topg" also counts a finding that repeats one of the top 20, ``same_as``: the report lists
it under that finding as "also told by"), must_flag pairs that were at least candidates (paired by the
index, whether or not a judge flagged them), traps flagged, findings per article, and how many found
``update`` entries were typed ``update``.  A development set for measuring, not for fitting: no rule may
name its sentences.

``--together`` scans the stories as one corpus (their manifests merged, as a user with a folder of mixed
coverage would): the stories found are compared with the folders they came from (adjusted Rand index,
purity of each), findings whose sides come from two stories are counted, and each story is scored on its
own findings (top-N within the story).  ``--across-stories`` pairs claims across the stories found.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contradict.calibration.gold import check_needles, matches as _matches  # noqa: E402
from contradict.nli.data import default_data_dir  # noqa: E402


def evaluate_story(findings, pairs, story: dict, top: int) -> dict:
    top_findings = findings[:top]
    top_ids = {f.id for f in top_findings}
    row: dict = {"must_flag": len(story["must_flag"]), "found": 0, "found_top": 0, "found_top_grouped": 0,
                 "candidates": 0,
                 "traps": len(story["must_not_flag"]), "traps_flagged": 0, "updates_found": 0,
                 "updates_typed": 0, "by_kind": Counter(), "found_by_kind": Counter(), "missed": [],
                 "trap_hits": [], "untyped_updates": []}
    for entry in story["must_flag"]:
        row["by_kind"][entry["kind"]] += 1
        hits = [f for f in findings if _matches(entry, f.left.sentence, f.right.sentence)]
        candidate = any(_matches(entry, p.left.text, p.right.text) for p in pairs)
        row["candidates"] += candidate
        if hits:
            row["found"] += 1
            row["found_by_kind"][entry["kind"]] += 1
            if entry["kind"] == "update":
                row["updates_found"] += 1
                typed = any(f.type == "update" for f in hits)
                row["updates_typed"] += typed
                if not typed:
                    row["untyped_updates"].append(entry["id"])
        else:
            row["missed"].append(entry["id"] + ("" if candidate else " (not paired)"))
        if any(_matches(entry, f.left.sentence, f.right.sentence) for f in top_findings):
            row["found_top"] += 1
        # as the report shows it: a repeat of a top finding is listed under it ("also told by ...")
        if any(f.id in top_ids or f.same_as in top_ids for f in hits):
            row["found_top_grouped"] += 1
    for entry in story["must_not_flag"]:
        hits = [f for f in findings if _matches(entry, f.left.sentence, f.right.sentence)]
        if hits:
            row["traps_flagged"] += 1
            row["trap_hits"].append(f"{entry['id']} ({hits[0].type} {hits[0].score:.2f})")
    return row


def _table_row(label: str, row: dict) -> str:
    per_article = row["findings"] / max(1, row["articles"])
    return (f"{label[:34]:34} {row['must_flag']:>5} {row['found']:>5} {row['found_top']:>4} "
            f"{row['found_top_grouped']:>4} {row['candidates']:>4} "
            f"{row['traps_flagged']:>2}/{row['traps']:<2} {row['articles']:>4} {row['findings']:>5} "
            f"{per_article:>5.1f} {row['updates_typed']:>3}/{row['updates_found']:<3}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path.home() / ".cache/contradict/news-clusters",
                    help="the rebuilt texts: one directory per story with its manifest.jsonl")
    ap.add_argument("--gold", type=Path, default=default_data_dir() / "news-clusters" / "gold.json")
    ap.add_argument("--stories", default="", help="comma-separated story slugs (default: all)")
    ap.add_argument("--top", type=int, default=20, help="findings per story counted for top-N recall")
    ap.add_argument("--no-nli", action="store_true")
    ap.add_argument("--nli-model", type=Path, default=None)
    ap.add_argument("--precision", default="auto", help="the NLI model's arithmetic")
    ap.add_argument("--embedding-precision", choices=("fp32", "bf16"), default="fp32",
                    help="the embedder's arithmetic (the setting embedding_precision)")
    ap.add_argument("--nli-threshold", type=float, default=None,
                    help="try another NLI flag threshold than the model's calibrated one (exploration)")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--dump", type=Path, default=None, help="write each story's findings JSONL here")
    ap.add_argument("--json", type=Path, default=None, help="write the figures as JSON here")
    ap.add_argument("--verbose", action="store_true", help="list missed entries and flagged traps")
    ap.add_argument("--together", action="store_true",
                    help="scan all the stories as one corpus; report story grouping and cross-story findings")
    ap.add_argument("--across-stories", action="store_true",
                    help="pair claims across the stories found too (the scan option of the same name)")
    args = ap.parse_args(argv)

    from contradict.embed import Embedder
    from contradict.nli_model import DEFAULT_MODEL_DIR
    from contradict.pipeline import Judges, scan_with_pairs
    from contradict.report import write_jsonl

    gold = json.loads(args.gold.read_text(encoding="utf-8"))["clusters"]
    wanted = [s for s in args.stories.split(",") if s] or sorted(gold)
    missing_dirs = [s for s in wanted if not (args.corpus / s / "manifest.jsonl").exists()]
    if missing_dirs:
        print(f"error: {args.corpus}: no rebuilt texts for {', '.join(missing_dirs)} "
              "(see ../shared/news-clusters/README.md)", file=sys.stderr)
        return 2
    embedder = Embedder(precision=args.embedding_precision)
    judges = Judges(embedder, nli_model=None if args.no_nli else (args.nli_model or DEFAULT_MODEL_DIR),
                    precision=args.precision)
    if args.nli_threshold is not None:
        for judge in judges.judges:
            if judge.name == "nli":
                judge.threshold = args.nli_threshold
    print(f"judges: {', '.join(judges.names)}" + (f" (nli {judges.nli_precision})" if judges.nli_precision else "")
          + "".join(f"  [{n} not run: {why}]" for n, why in judges.missing.items()))
    header = (f"{'story':34} {'flag':>5} {'found':>5} {'top':>4} {'topg':>4} {'cand':>4} {'traps':>5} {'art':>4} "
              f"{'find':>5} {'f/art':>5} {'upd':>7}")
    print(header)
    total: dict = Counter()
    kinds_total, kinds_found = Counter(), Counter()
    rows = {}
    together = None
    if args.together:
        together = scan_together(args, wanted, embedder, judges)
        if args.dump:
            write_jsonl(together["findings"], args.dump / "together.jsonl")
    for slug in wanted:
        story = gold[slug]
        missing = check_needles(args.corpus / slug, story)
        if together is None:
            findings, report, pairs = scan_with_pairs([args.corpus / slug], embedder=embedder, judges=judges,
                                                      k=args.k, by_story=not args.across_stories)
            n_articles = report.articles
            if args.dump:
                write_jsonl(findings, args.dump / f"{slug}.jsonl")
        else:
            findings, pairs, n_articles = together["by_story"][slug]
        row = evaluate_story(findings, pairs, story, args.top)
        row.update(articles=n_articles, findings=len(findings), pairs=len(pairs), needles_missing=missing)
        rows[slug] = row
        for key in ("must_flag", "found", "found_top", "found_top_grouped", "candidates", "traps", "traps_flagged",
                    "articles", "findings", "pairs", "updates_found", "updates_typed"):
            total[key] += row[key]
        kinds_total.update(row["by_kind"])
        kinds_found.update(row["found_by_kind"])
        print(_table_row(slug, row))
        if missing:
            print(f"    needles not in the texts ({len(missing)}): " + "; ".join(missing[:5]))
        if args.verbose:
            print(f"    missed: {', '.join(row['missed']) or '-'}")
            print(f"    traps flagged: {', '.join(row['trap_hits']) or '-'}")
            if row["untyped_updates"]:
                print(f"    updates found but not typed update: {', '.join(row['untyped_updates'])}")
    n = max(1, total["must_flag"])
    print(_table_row("TOTAL", total))
    traps = total["traps_flagged"] / max(1, total["traps"])
    per_article = total["findings"] / max(1, total["articles"])
    print(f"must_flag recall {total['found'] / n:.3f}  (top-{args.top}: {total['found_top'] / n:.3f}, with the "
          f"repeats listed under a top finding: {total['found_top_grouped'] / n:.3f}; "
          f"paired as candidates: {total['candidates'] / n:.3f})   traps flagged "
          f"{total['traps_flagged']}/{total['traps']} = {traps:.3f}   "
          f"findings per article {per_article:.2f}   candidate pairs {total['pairs']}")
    print("recall by kind: " + ", ".join(f"{k} {kinds_found[k]}/{kinds_total[k]}" for k in sorted(kinds_total))
          + f"   updates typed as updates: {total['updates_typed']}/{total['updates_found']}")
    figures = {"total": dict(total), "stories": {
        s: {k: (dict(v) if isinstance(v, Counter) else v) for k, v in r.items()} for s, r in rows.items()}}
    if together is not None:
        print_together(together, args.verbose)
        figures["together"] = {k: v for k, v in together.items() if k in ("ari", "purity", "cross_story_findings",
                                                                            "cross_story_pairs", "stories_found",
                                                                            "seconds")}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    return 0


def scan_together(args, wanted: list[str], embedder, judges) -> dict:
    """One scan over all ``wanted`` stories; findings and pairs split by the folder each side came from."""
    import time

    from sklearn.metrics import adjusted_rand_score

    from contradict.ingest import ingest
    from contradict.pipeline import scan_with_pairs

    folders = [args.corpus / slug for slug in wanted]
    truth = {a.id: Path(a.path).resolve().relative_to(args.corpus.resolve()).parts[0]
             for a in ingest(folders).articles}  # the same ids the scan gives: ingest is deterministic
    started = time.perf_counter()
    findings, report, pairs = scan_with_pairs(folders, embedder=embedder, judges=judges, k=args.k,
                                              by_story=not args.across_stories)
    seconds = round(time.perf_counter() - started, 1)
    found = {a: story.id for story in report.stories for a in story.articles}
    ids = sorted(found)
    ari = adjusted_rand_score([truth[a] for a in ids], [found[a] for a in ids])
    purity = {}
    for slug in wanted:
        members = [a for a in ids if truth[a] == slug]
        if members:
            top, n = Counter(found[a] for a in members).most_common(1)[0]
            share = sum(truth[a] == slug for a in ids if found[a] == top)
            purity[slug] = {"story_found": top, "kept_together": round(n / len(members), 3),
                            "purity": round(share / sum(found[a] == top for a in ids), 3)}
    by_story = {}
    def within(item, slug: str) -> bool:
        return truth.get(item.left.article_id) == truth.get(item.right.article_id) == slug

    for slug in wanted:
        by_story[slug] = ([f for f in findings if within(f, slug)], [p for p in pairs if within(p, slug)],
                          sum(truth[a] == slug for a in ids))
    cross = [f for f in findings if truth.get(f.left.article_id) != truth.get(f.right.article_id)]
    return {"findings": findings, "by_story": by_story, "ari": round(ari, 4), "purity": purity,
            "cross_story_findings": len(cross), "cross_examples": [f.explanation for f in cross[:10]],
            "cross_story_pairs": sum(truth.get(p.left.article_id) != truth.get(p.right.article_id) for p in pairs),
            "stories_found": len(report.stories), "stories": [(s.id, len(s.articles)) for s in report.stories],
            "seconds": seconds, "findings_by_type": report.findings_by_type}


def print_together(together: dict, verbose: bool) -> None:
    print(f"one corpus: {together['stories_found']} stories found, adjusted Rand index {together['ari']:.3f} "
          f"against the folders; cross-story findings {together['cross_story_findings']}, cross-story candidate "
          f"pairs {together['cross_story_pairs']}; scan {together['seconds']} s; {together['findings_by_type']}")
    for slug, p in together["purity"].items():
        print(f"    {slug[:34]:34} -> {p['story_found'][:40]:40} kept together {p['kept_together']:.2f}  "
              f"purity {p['purity']:.2f}")
    if verbose:
        for line in together["cross_examples"]:
            print(f"    cross-story: {line[:160]}")


if __name__ == "__main__":
    sys.exit(main())
