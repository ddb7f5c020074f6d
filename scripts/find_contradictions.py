#!/usr/bin/env python
"""Batch entry: find cross-outlet contradictions in a corpus (same as ``contradict scan``).

    python scripts/find_contradictions.py CORPUS_DIR -o flagged.jsonl
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contradict.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["scan", *sys.argv[1:]]))
