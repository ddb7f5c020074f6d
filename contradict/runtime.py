"""The project's transformer models (the sentence encoder, the NLI cross-encoder) run as TorchScript traces.

A cold ``contradict vet`` spent about a third of its time importing transformers' modelling code (for one
BERT, transformers 5 imports torch.distributed, dynamo, sympy and scipy).  So each model is traced once
(``torch.jit.trace``) from the transformers model, checked bit-equal to it on probe batches, and cached;
a later process loads the trace with torch alone and tokenizes with the ``tokenizers`` library on the
model's ``tokenizer.json``, configured as transformers' fast tokenizer configures it (padding to the
longest, ``longest_first`` truncation), and checked equal to it on the same probes.  A traced call also
spends less time in Python than the module tree (measured on the NLI model: 1.2-1.5x faster).

Cache: ``$CONTRADICT_CACHE/traces`` (default ``~/.cache/contradict/traces``), one file per model, role,
arithmetic and library versions, named by a hash of the model's files, so a retrained or edited model never
meets an old trace.  A trace that cannot be read is removed and made again.  ``CONTRADICT_TRACES=0``
runs every model through transformers (nothing is read from or written to the cache).

torch 2.13 marks ``torch.jit`` deprecated in favour of ``torch.export``, whose loading imports dynamo and sympy
(the seconds a trace is there to save).  Should a torch release drop ``torch.jit``, tracing fails, the failure
is caught, and every model runs through transformers again: slower to start, the same numbers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

# Part of every trace's key: raise it when what a trace holds, or how it is made or checked, changes.
TRACE_FORMAT = 1
# The most disk the cache may take: the traces used least recently go first.  The shipped models take
# 90 MB (encoder) and 45-90 MB (the NLI model in one arithmetic); a 12-layer model about 440 MB.
TRACE_CACHE_BYTES = 2 << 30
# Files whose bytes make the model: a trace is keyed by their digests.
_MODEL_FILES = ("config.json", "model.safetensors", "pytorch_model.bin", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json")

# Probe texts: punctuation, figures, quotes and dashes, accents, a text past any model's token limit.
PROBE_TEXTS = (
    "The navy said at least three boats had been struck since September.",
    "Venezuela plays a minimal role in the region's drug trade, analysts said.",
    "“We don’t know yet,” said José Martínez — the mayor — on 3 March, as 1,250 people were evacuated.",
    "Short.",
    " ".join(["The toll rose again on Thursday as more bodies were found in the collapsed buildings."] * 30),
)


def traces_enabled() -> bool:
    return os.environ.get("CONTRADICT_TRACES", "1").strip().lower() not in ("0", "false", "no", "off")


def trace_dir() -> Path:
    return Path(os.environ.get("CONTRADICT_CACHE", Path.home() / ".cache" / "contradict")) / "traces"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def trace_key(path: Path, role: str, precision: str, max_length: int) -> str:
    """The name of the trace of the model in ``path``: what it is (role, arithmetic, token limit), the digest of
    each of its files, and the versions of the libraries that made it and run it."""
    import torch

    digest = hashlib.sha256()
    digest.update(json.dumps([TRACE_FORMAT, role, precision, max_length, torch.__version__,
                              _version("transformers"), _version("tokenizers")]).encode())
    for name in _MODEL_FILES:
        file = path / name
        if file.is_file():
            with open(file, "rb") as handle:
                digest.update(name.encode() + hashlib.file_digest(handle, "sha256").digest())
    return f"{role}-{precision}-{digest.hexdigest()[:24]}"


class Tokenizer:
    """A model's fast tokenizer (``tokenizer.json``) run as transformers runs it for
    ``tokenizer(texts, [second,] padding=True, truncation=True, max_length=...)``, without transformers."""

    def __init__(self, path: str | Path, max_length: int,
                 input_names: Sequence[str] = ("input_ids", "token_type_ids", "attention_mask")) -> None:
        from tokenizers import Tokenizer as RustTokenizer

        path = Path(path)
        config = _read_json(path / "tokenizer_config.json")
        self.max_length = int(max_length)
        self.input_names = tuple(input_names)
        self._plain = RustTokenizer.from_file(str(path / "tokenizer.json"))
        side = config.get("truncation_side", "right")
        self._plain.no_padding()
        self._plain.enable_truncation(self.max_length, stride=0, strategy="longest_first", direction=side)
        self._padded = RustTokenizer.from_file(str(path / "tokenizer.json"))
        self._padded.enable_truncation(self.max_length, stride=0, strategy="longest_first", direction=side)
        pad = config.get("pad_token", "[PAD]")
        pad = pad.get("content") if isinstance(pad, dict) else pad
        pad_id = self._padded.token_to_id(pad)
        if pad_id is None:
            raise ValueError(f"{path}: the pad token {pad!r} is not in tokenizer.json")
        self._padded.enable_padding(direction=config.get("padding_side", "right"), pad_id=pad_id,
                                    pad_type_id=int(config.get("pad_token_type_id", 0)), pad_token=pad)

    @staticmethod
    def available(path: str | Path) -> bool:
        return (Path(path) / "tokenizer.json").is_file()

    @staticmethod
    def _inputs(texts: Sequence[str], second: Sequence[str] | None) -> list:
        return list(texts) if second is None else list(zip(texts, second, strict=True))

    def lengths(self, texts: Sequence[str], second: Sequence[str] | None = None) -> list[int]:
        """Tokens of each text (or pair), special tokens included, truncated to ``max_length``."""
        return [len(e.ids) for e in self._plain.encode_batch(self._inputs(texts, second))]

    def batch(self, texts: Sequence[str], second: Sequence[str] | None = None) -> dict:
        """The model's inputs for ``texts`` (or pairs), padded to the longest, as int64 tensors."""
        import numpy as np
        import torch

        encodings = self._padded.encode_batch(self._inputs(texts, second))
        fields = {"input_ids": "ids", "token_type_ids": "type_ids", "attention_mask": "attention_mask"}
        return {name: torch.from_numpy(np.array([getattr(e, fields[name]) for e in encodings], dtype=np.int64))
                for name in self.input_names}


class EagerRunner:
    """A transformers model and its tokenizer: ``runner(batch)`` gives the model output named ``output``."""

    traced = False

    def __init__(self, model, tokenizer, max_length: int, output: str) -> None:
        self.model, self.tokenizer, self.max_length, self.output = model, tokenizer, int(max_length), output

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(self.tokenizer.model_input_names)

    def lengths(self, texts: Sequence[str], second: Sequence[str] | None = None) -> list[int]:
        ids = self.tokenizer(list(texts), None if second is None else list(second), truncation=True,
                             max_length=self.max_length)["input_ids"]
        return [len(row) for row in ids]

    def batch(self, texts: Sequence[str], second: Sequence[str] | None = None) -> dict:
        return dict(self.tokenizer(list(texts), None if second is None else list(second), padding=True,
                                   truncation=True, max_length=self.max_length, return_tensors="pt"))

    def __call__(self, batch: Mapping) -> object:
        return getattr(self.model(**batch), self.output)


class TracedRunner:
    """A traced model and the ``Tokenizer``: the same inputs and outputs as the ``EagerRunner`` it was made from."""

    traced = True

    def __init__(self, module, tokenizer: Tokenizer) -> None:
        self.module, self.tokenizer = module, tokenizer
        self.max_length, self.input_names = tokenizer.max_length, tokenizer.input_names

    def lengths(self, texts: Sequence[str], second: Sequence[str] | None = None) -> list[int]:
        return self.tokenizer.lengths(texts, second)

    def batch(self, texts: Sequence[str], second: Sequence[str] | None = None) -> dict:
        return self.tokenizer.batch(texts, second)

    def __call__(self, batch: Mapping) -> object:
        return self.module(*(batch[name] for name in self.input_names))


def bf16_autocast(model):
    """``model`` run under CPU bf16 autocast (matrix products in bf16, normalisations and softmax in fp32):
    a module whose trace records the casts, so the trace computes exactly what the autocast model does."""
    import torch

    class _BF16Autocast(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, **inputs):
            with torch.autocast("cpu", dtype=torch.bfloat16):
                return self.inner(**inputs)

    return _BF16Autocast(model).eval()


def _read_json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def probe_batches(pairs: bool) -> list[tuple[list[str], list[str] | None]]:
    """Batches a trace is checked on: one text alone, a padded batch with a truncated text, two of a length."""
    texts = list(PROBE_TEXTS)
    if not pairs:
        return [(texts[:1], None), (texts, None), (texts[1:3], None)]
    return [(texts[:1], texts[1:2]), (texts, texts[::-1]), (texts[2:4], texts[:2])]


def load_runner(path: str | Path, role: str, precision: str, max_length: int, output: str, pairs: bool,
                build: Callable[[], EagerRunner]) -> EagerRunner | TracedRunner:
    """The model in ``path`` ready to run: its cached trace when there is one; else the transformers model
    ``build()`` makes, traced, checked and cached on the way (and run traced from then on) when that works."""
    path = Path(path)
    if not (traces_enabled() and Tokenizer.available(path)):
        return build()
    key = trace_key(path, role, precision, max_length)
    file = trace_dir() / f"{key}.pt"
    if file.exists():
        runner = _read_trace(file, path, max_length)
        if runner is not None:
            return runner
    eager = build()
    traced = make_trace(eager, path, pairs)
    if traced is None:
        return eager
    _write_trace(traced, file)
    return traced


def _read_trace(file: Path, path: Path, max_length: int) -> TracedRunner | None:
    import torch

    extra = {"contradict.json": ""}
    try:
        with _cpp_stderr_without("quantized tensor creation functions"), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # torch.jit's deprecation: see the module's note
            module = torch.jit.load(str(file), map_location="cpu", _extra_files=extra)
        meta = json.loads(extra["contradict.json"])
        runner = TracedRunner(module.eval(), Tokenizer(path, max_length, meta["input_names"]))
    except Exception as exc:  # a damaged cache file is made again, never fatal
        log.warning("%s: cached model trace unreadable (%s); tracing again", file, str(exc).splitlines()[0][:200])
        file.unlink(missing_ok=True)
        return None
    with contextlib.suppress(OSError):
        os.utime(file)  # last used now: the cache keeps the traces used most recently (``prune_traces``)
    return runner


@contextlib.contextmanager
def _cpp_stderr_without(noise: str) -> Iterator[None]:
    """Hold back lines containing ``noise`` that C++ code writes to standard error (file descriptor 2) in
    the block; every other line is written on.  Loading an int8 trace makes torch print, once per process,
    that its quantized-tensor API is deprecated: the Python warning filter never sees that line."""
    import sys
    import tempfile

    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no usable standard error: nothing to filter
        yield
        return
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            kept = [line for line in held.read().decode("utf-8", "replace").splitlines(keepends=True)
                    if noise not in line]
            if kept:
                sys.stderr.write("".join(kept))


def make_trace(eager: EagerRunner, path: Path, pairs: bool) -> TracedRunner | None:
    """A trace of ``eager``'s model, or None when the trace or the ``Tokenizer`` differs from transformers
    by a single bit (or a single token) on any probe batch."""
    import torch

    class _Output(torch.nn.Module):
        def __init__(self, model, names: tuple[str, ...], output: str) -> None:
            super().__init__()
            self.model, self.names, self.output = model, names, output

        def forward(self, *inputs):
            return getattr(self.model(**dict(zip(self.names, inputs, strict=True))), self.output)

    names = eager.input_names
    probes = probe_batches(pairs)
    try:
        tokenizer = Tokenizer(path, eager.max_length, names)
        wrapped = _Output(eager.model, names, eager.output).eval()
        example = eager.batch(*probes[1])
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # TracerWarnings on shape checks that hold for every encoder input
            module = torch.jit.trace(wrapped, tuple(example[n] for n in names), check_trace=False)
        traced = TracedRunner(module, tokenizer)
        with torch.inference_mode():
            for texts, second in probes:
                ours, theirs = traced.batch(texts, second), eager.batch(texts, second)
                if any(not torch.equal(ours[n], theirs[n]) for n in names) or \
                        traced.lengths(texts, second) != eager.lengths(texts, second):
                    log.info("%s: tokenizer.json tokenizes differently from transformers; not traced", path)
                    return None
                if not torch.equal(traced(ours), eager(theirs)):
                    log.info("%s: the trace computes differently from the model; not traced", path)
                    return None
    except Exception as exc:  # tracing is an optimisation: any failure leaves the transformers model in use
        log.info("%s: not traced (%s)", path, str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)
        return None
    return traced


def _write_trace(traced: TracedRunner, file: Path) -> None:
    import torch

    from contradict.safeio import atomic_write

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        meta = json.dumps({"input_names": list(traced.input_names), "format": TRACE_FORMAT})
        with atomic_write(file, "wb", encoding=None) as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # torch.jit's deprecation: see the module's note
            torch.jit.save(traced.module, handle, _extra_files={"contradict.json": meta})
    except Exception as exc:  # an unwritable cache costs the next process its start-up time, nothing else
        log.info("%s: trace not cached (%s)", file, exc)
        return
    prune_traces(file.parent, keep=file)


def prune_traces(directory: Path, keep: Path, budget_bytes: int = TRACE_CACHE_BYTES) -> list[Path]:
    """Remove the traces used least recently until the cache holds at most ``budget_bytes`` (``keep``, the
    trace just written, always stays): every retrained model, precision and library upgrade makes a new
    trace of 45-450 MB, and the old ones are never read again.  Returns what was removed."""
    try:
        traces = sorted(((f.stat().st_mtime, f) for f in directory.glob("*.pt") if f != keep), reverse=True)
        total = keep.stat().st_size
    except OSError:
        return []
    removed = []
    for _, trace in traces:
        try:
            size = trace.stat().st_size
            if total + size > budget_bytes:
                trace.unlink()
                removed.append(trace)
            else:
                total += size
        except OSError:  # gone already (another process pruned it) or not ours to remove
            continue
    return removed
