"""The judges' verdicts kept with a saved index, so a re-scan judges only the pairs it has not judged.

A verdict depends on the candidate pair (both sentences with their context, dates, similarity, source)
and on the judges (their code, settings and models), nothing else: ``run_judges`` sees only the pairs.
So an entry is keyed by a digest of the whole pair, and the cache as a whole by a fingerprint of the
judges; a cache written under another fingerprint (a new model, other settings, a changed judge) is
not read at all.  Saved as the index attachment ``verdicts`` (``CorpusIndex.attachments``): a header
line, then one line per pair judged in the last scan (pairs of articles no longer in the corpus drop
out, so the cache does not grow without end).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from contradict.schema import CandidatePair, JudgeVerdict

ATTACHMENT = "verdicts"
CACHE_FORMAT = 1
_VERDICTS = TypeAdapter(list[JudgeVerdict])
_PACKAGE = Path(__file__).resolve().parent


class _Header(BaseModel):
    kind: str
    format: int
    fingerprint: str


def _code_digest() -> str:
    """The package's runtime source (training code aside): any change to how pairs are judged changes it."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        relative = path.relative_to(_PACKAGE)
        if relative.parts[0] != "nli":  # the model's training, not its use
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def judges_fingerprint(names: Sequence[str], settings_json: str, model_files: Sequence[Path] = (),
                       extra: Sequence[str] = ()) -> str:
    """What the verdicts depend on besides the pair: the judges run, the settings, the code, the model's
    files (weights and thresholds) and anything else named in ``extra`` (the encoder, the arithmetic)."""
    parts = ["judges=" + ",".join(names), "settings=" + settings_json, "code=" + _code_digest(), *extra]
    parts += [f"{path.name}={_file_digest(path)}" for path in model_files if path.is_file()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def pair_key(pair: CandidatePair) -> str:
    return hashlib.blake2b(pair.model_dump_json().encode(), digest_size=16).hexdigest()


class VerdictCache:
    """Verdicts by pair under one judges' fingerprint; ``run`` judges what it does not hold."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self._raw: dict[str, str] = {}  # key -> the verdicts' JSON, parsed only when used
        self._used: dict[str, str] = {}  # what the last ``run`` read or wrote: what ``to_lines`` keeps
        self.reused = 0
        self.judged = 0
        self.dropped_reason: str | None = None  # why saved verdicts were not read, when they were not

    @classmethod
    def from_lines(cls, lines: Sequence[str] | None, fingerprint: str) -> VerdictCache:
        """The cache saved in ``lines`` if it was written under ``fingerprint``, else an empty one (saying
        why in ``dropped_reason``); a damaged line drops the saved verdicts, never the scan."""
        cache = cls(fingerprint)
        if not lines:
            return cache
        try:
            header = _Header.model_validate_json(lines[0])
            if header.kind != "contradict-verdicts" or header.format != CACHE_FORMAT:
                cache.dropped_reason = "saved verdicts are of another format"
                return cache
            if header.fingerprint != fingerprint:
                cache.dropped_reason = "the judges changed since the verdicts were saved (code, settings or model)"
                return cache
            for line in lines[1:]:
                entry = json.loads(line)
                cache._raw[str(entry["k"])] = json.dumps(entry["v"])
        except (ValidationError, ValueError, KeyError, TypeError):
            cache._raw.clear()
            cache.dropped_reason = "saved verdicts are damaged"
        return cache

    def to_lines(self) -> list[str]:
        header = _Header(kind="contradict-verdicts", format=CACHE_FORMAT, fingerprint=self.fingerprint)
        return [header.model_dump_json()] + [f'{{"k":"{key}","v":{raw}}}' for key, raw in self._used.items()]

    def run(self, judge_pairs, pairs: Sequence[CandidatePair]) -> list[list[JudgeVerdict]]:
        """``judge_pairs(pairs)`` (``judges.base.run_judges`` bound to the judges) over the pairs this cache
        has no verdicts for; the rest read from the cache.  Verdicts per pair, in order."""
        keys = [pair_key(pair) for pair in pairs]
        rows: list[list[JudgeVerdict] | None] = [None] * len(pairs)
        todo: list[int] = []
        for i, key in enumerate(keys):
            raw = self._raw.get(key)
            if raw is None:
                todo.append(i)
            else:
                try:
                    rows[i] = _VERDICTS.validate_json(raw)
                except ValidationError:  # an entry that no longer reads as verdicts: judge it again
                    todo.append(i)
        fresh = judge_pairs([pairs[i] for i in todo]) if todo else []
        for i, verdicts in zip(todo, fresh, strict=True):
            rows[i] = verdicts
            self._raw[keys[i]] = _VERDICTS.dump_json(verdicts).decode()
        self.reused, self.judged = len(pairs) - len(todo), len(todo)
        self._used = {key: self._raw[key] for key in keys}
        return rows  # type: ignore[return-value] - every row is set above
