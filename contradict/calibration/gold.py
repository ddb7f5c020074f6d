"""The development stories' annotations (``shared/news-clusters/gold.json``): matching findings and pairs
to gold entries, as that README scores them.  Shared by the NLI news calibration and
``scripts/eval_clusters.py``."""

from __future__ import annotations

from pathlib import Path


def _norm(text: str) -> str:
    return " ".join(text.split())


def matches(entry: dict, left: str, right: str) -> bool:
    """One side's sentence holds needle a and the other's needle b, in either order."""
    a, b = _norm(entry["a"][1]), _norm(entry["b"][1])
    left, right = _norm(left), _norm(right)
    return (a in left and b in right) or (a in right and b in left)


def check_needles(story_dir: Path, story: dict) -> list[str]:
    """Gold needles that do not occur in their outlet's file (the text was rebuilt differently)."""
    missing = []
    for entry in story["must_flag"] + story["must_not_flag"]:
        for outlet, needle in (entry["a"], entry["b"]):
            path = story_dir / f"{outlet}.txt"
            text = _norm(path.read_text(encoding="utf-8")) if path.exists() else ""
            if _norm(needle) not in text:
                missing.append(f"{entry['id']}: {outlet}: {needle!r}")
    return missing
