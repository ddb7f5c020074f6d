"""contradict: find claims that conflict across news outlets.

    from contradict import build_index, vet
    index, report = build_index(["seeds/"])
    for finding in vet(draft_text, index):
        print(finding.explanation)

``scan`` runs the whole batch path; ``CorpusIndex.save``/``CorpusIndex.load`` keep an index on disk.
A ``Finder`` holds the models (loaded once) and the settings for ``build_index``, ``scan`` and ``vet``;
the functions above are thin wrappers around one.
"""

from contradict.index import CorpusIndex
from contradict.pipeline import Finder, Judges, ScanReport, build_index, scan, vet
from contradict.report import read_jsonl, write_jsonl
from contradict.schema import Article, Finding, JudgeVerdict, Sentence, SkippedFile
from contradict.settings import Settings

__all__ = ["Article", "CorpusIndex", "Finder", "Finding", "JudgeVerdict", "Judges", "ScanReport", "Sentence",
           "Settings", "SkippedFile", "build_index", "load_index", "read_jsonl", "scan", "vet", "write_jsonl"]
__version__ = "0.1.0"

load_index = CorpusIndex.load
