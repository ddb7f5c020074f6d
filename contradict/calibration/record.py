"""Writing calibrated values, with their provenance, into the file the runtime reads."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

from contradict.thresholds import DATA_FILE, Calibrated, CalibrationFile


def command_line(module: str, argv: list[str] | None) -> str:
    """The command that produced a figure, as a reader would type it again."""
    args = sys.argv[1:] if argv is None else argv
    return " ".join(["python -m", module, *map(shlex.quote, args)])


def write_calibrated(entries: dict[str, Calibrated], path: Path = DATA_FILE) -> Path:
    """Replace ``entries`` in ``path`` (others kept), whole-file replace so a reader never sees half."""
    record = CalibrationFile.read(path) if path.exists() else CalibrationFile(thresholds={})
    merged = {**record.thresholds, **entries}
    record = CalibrationFile(schema_version=record.schema_version, thresholds=dict(sorted(merged.items())))
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record.model_dump(mode="json"), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
