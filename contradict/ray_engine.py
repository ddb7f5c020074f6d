"""The Ray engine: a scan's reading, embedding and model calls as Ray Data batches, on a Ray cluster.

``Finder(engine="ray")`` (``contradict scan --engine ray``) runs the same pipeline as the local engine; what
it moves onto the cluster:

- reading: the driver lists the corpus (``ingest.plan``) and reads each file's bytes (``ingest.file_bytes``),
  and Ray tasks parse them (``ingest.read_file``: decoding, HTML extraction, cleaning, the language check).
  The files are sent by the driver, so the workers need not see the corpus's filesystem;
- embedding: the claims' vectors, and the quantity judge's vectors of the words around figures;
- the NLI judge's model: the cross-encoder's probabilities.

Each model call is a batch cut exactly as the local engine cuts it (``Embedder.batches``,
``NLIModel.batches``: a vector or a probability carries float noise from the batch it was computed in),
and Ray Data's ``map_batches`` runs the batches on a pool of worker actors, each loading its model once
(``_EncodeWorker``, ``_NLIWorker``).  So the findings are those of the local engine, byte for byte.  The
driver keeps what needs the whole corpus at once: the index, stories, pairing, the judges' rules,
families, findings and the output files.  It loads no model.

Ray is an optional extra (``pip install -e .[ray]``); only this module imports it, and only when a Ray
engine is made.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from contradict.ingest import DEFAULT_MAX_BYTES, FileResult, IngestResult, file_bytes, gather, plan, read_file

INSTALL_HINT = "install the ray extra: pip install -e .[ray]  (or: pip install 'ray[data]')"
# Files read per batch by one task, and blocks per worker: enough to keep every worker busy to the end.
FILES_PER_BATCH = 8
BLOCKS_PER_WORKER = 4
# Model batches per actor at least: loading the model costs a worker about what 5-10 batches of 64 do.
BATCHES_PER_ACTOR = 8
# What every worker process of a scan runs with (a cluster's nodes do not share the driver's environment).
WORKER_ENV = {"HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


def runtime_env() -> dict:
    """What every worker of a scan runs with: this process's ``contradict`` package (sent to the cluster, so
    the workers run the very code the driver runs: the same batches, the same parsing) and ``WORKER_ENV``."""
    import contradict

    return {"env_vars": dict(WORKER_ENV), "py_modules": [str(Path(contradict.__file__).resolve().parent)],
            "excludes": ["__pycache__", "*.pyc"]}


class EngineError(RuntimeError):
    """The Ray engine cannot run (Ray missing, no cluster at the address); the message is one line."""


def import_ray():
    """The ``ray`` module, or ``EngineError`` saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401 - the extra's Ray Data, not a bare ray
    except ImportError as exc:
        raise EngineError(f"the Ray engine needs Ray, which is not installed ({exc}); {INSTALL_HINT}") from None
    return ray


def _quiet_worker(threads: int) -> None:
    """A worker's setup: one torch thread per CPU it was given, no download attempts, no progress bars."""
    for name, value in WORKER_ENV.items():
        os.environ.setdefault(name, value)
    import torch

    torch.set_num_threads(max(1, threads))
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning)
    for name in ("transformers", "sentence_transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()  # no "Loading weights" bar from every actor
    except ImportError:  # pragma: no cover
        pass


class _Worker:
    """A Ray Data actor: ``__call__`` gets rows of pickled model batches (``payload``) and returns each
    result pickled with the CPU seconds it took (the actor's start, its model loading, counted with its
    first batch)."""

    def __init__(self, **kwargs) -> None:
        self._cpu_start = time.process_time()
        self.setup(**kwargs)

    def setup(self, **kwargs) -> None:  # pragma: no cover - the subclass's
        raise NotImplementedError

    def run(self, payload):  # pragma: no cover - the subclass's
        raise NotImplementedError

    def __call__(self, batch: dict) -> dict:
        out = []
        for payload in batch["payload"]:
            result = self.run(pickle.loads(payload))
            cpu, self._cpu_start = time.process_time() - self._cpu_start, time.process_time()
            out.append(pickle.dumps((result, cpu)))
        return {"n": batch["n"], "result": np.array(out, dtype=object)}


class _EncodeWorker(_Worker):
    """Holds one encoder (an ``Embedder``, sent as its settings: the model loads here)."""

    def setup(self, encoder: bytes, threads: int = 1) -> None:
        _quiet_worker(threads)
        self.encoder = pickle.loads(encoder)
        getattr(self.encoder, "model", None)  # load now, once per actor

    def run(self, texts: list[str]) -> np.ndarray:
        return encode_batch(self.encoder, texts)


class _NLIWorker(_Worker):
    """Holds the NLI model, in the arithmetic the driver chose."""

    def setup(self, path: str, precision: str, threads: int = 1) -> None:
        _quiet_worker(threads)
        from contradict.nli_model import NLIModel

        self.model = NLIModel.load(path, precision=precision)

    def run(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        return self.model.score_batch(pairs)


def _read_files(batch: dict) -> dict:
    """A Ray Data task: parse files whose bytes the driver read (``ingest.read_file``)."""
    out = []
    for payload in batch["payload"]:
        start = time.process_time()
        path, base_id, entry, max_bytes, data, language = pickle.loads(payload)
        result = read_file(Path(path), base_id, entry, max_bytes, data=data, language=language)
        out.append(pickle.dumps((result, time.process_time() - start)))
    return {"n": batch["n"], "result": np.array(out, dtype=object)}


def encode_batch(encoder, texts: Sequence[str]) -> np.ndarray:
    """One model call of ``encoder`` (``Embedder.encode_batch``; an encoder without batches is one call)."""
    if hasattr(encoder, "encode_batch"):
        return encoder.encode_batch(texts)
    return encoder.encode(list(texts))


def encoder_batches(encoder, texts: Sequence[str]) -> list[list[int]]:
    """The model calls the local engine makes for ``texts`` (``Embedder.batches``), or one call."""
    if hasattr(encoder, "batches"):
        return encoder.batches(texts)
    return [list(range(len(texts)))] if len(texts) else []


class RayEngine:
    """A connection to a Ray cluster (``address``; default: a Ray instance of this process, or a new local
    one of ``cpus`` CPUs) and the scan stages it runs there.  ``cpus`` also caps the worker actors of a
    stage (default: the cluster's CPUs).  Ray is imported when the engine is made (``EngineError`` if it is
    missing) and started or reached on first use (``start``); ``close`` shuts down a Ray instance this
    engine started."""

    def __init__(self, address: str | None = None, cpus: int | None = None, progress: bool = False) -> None:
        if cpus is not None and (not isinstance(cpus, int) or isinstance(cpus, bool) or cpus < 1):
            raise ValueError(f"cpus must be a whole number of at least 1, not {cpus!r}")
        self.ray = import_ray()
        self.address, self.progress = address, progress
        self.started = False
        self._cpus = cpus
        self.cpus = 0  # worker CPUs a stage may use, known once started
        self.worker_cpu = 0.0  # CPU seconds the workers spent for this engine (parsing, loading, model calls)

    def start(self) -> None:
        """Start a local Ray instance, or connect to the cluster, unless this process already has one."""
        if self.cpus:
            return
        ray, address, cpus, progress = self.ray, self.address, self._cpus, self.progress
        if not ray.is_initialized():
            options = {"include_dashboard": False, "logging_level": logging.ERROR, "log_to_driver": True,
                       "runtime_env": runtime_env()}
            if address:
                _check_reachable(address)
            try:
                if address:
                    ray.init(address=address, **options)
                else:
                    ray.init(num_cpus=cpus, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = f"the Ray cluster at {address}" if address else "a local Ray instance"
                raise EngineError(f"cannot start or reach {where} ({str(exc).strip().splitlines()[0]})") from None
            self.started = True
        total = int(ray.cluster_resources().get("CPU", 1))
        self.cpus = max(1, min(cpus, total) if cpus else total)
        if not self.started:  # a Ray the caller started: its workers must run this very code
            self._check_workers_code()
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # progress, not warnings: errors raise
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = progress
        context.print_on_execution_start = False

    def _check_workers_code(self) -> None:
        """``EngineError`` unless a worker imports the same ``contradict`` code as this process (another
        version would parse, batch or judge otherwise, and the findings would differ silently)."""
        from contradict.verdict_cache import _code_digest

        theirs = self.ray.get(self.ray.remote(num_cpus=0)(_workers_code).remote())
        if theirs != _code_digest():
            raise EngineError("the Ray workers import another version of contradict than this process; install "
                              "the same one on every node, or let the engine start Ray (it sends its own code: "
                              f"ray.init(runtime_env={{'py_modules': ['{runtime_env()['py_modules'][0]}']}}))")

    def close(self) -> None:
        if self.started and self.ray.is_initialized():
            self.ray.shutdown()
        self.started = False
        self.cpus = 0

    def run(self, payloads: list, fn, batch_size: int = 1, **kwargs) -> list:
        """``fn`` over ``payloads`` with Ray Data ``map_batches``, ``batch_size`` payloads a call: an actor
        class of this module (a pool of ``cpus`` actors at most, built with ``kwargs``), or ``_read_files``
        (tasks).  Results in the order of ``payloads``."""
        if not payloads:
            return []
        self.start()
        ray = self.ray
        calls = -(-len(payloads) // batch_size)
        # an actor's start (its model loading) costs about as much as several batches: a short stage
        # (the quantity judge's few contexts) gets fewer actors than CPUs
        workers = max(1, min(self.cpus, calls // BATCHES_PER_ACTOR if isinstance(fn, type) else calls))
        rows = [{"n": n, "payload": pickle.dumps(p)} for n, p in enumerate(payloads)]
        blocks = min(calls, workers * BLOCKS_PER_WORKER)
        ds = ray.data.from_items(rows, override_num_blocks=blocks)
        if isinstance(fn, type):
            ds = ds.map_batches(fn, batch_size=batch_size, num_cpus=1, batch_format="numpy",
                                compute=ray.data.ActorPoolStrategy(size=workers), fn_constructor_kwargs=kwargs)
        else:
            ds = ds.map_batches(fn, batch_size=batch_size, num_cpus=1, batch_format="numpy")
        results: list = [None] * len(payloads)
        for row in ds.iter_rows():
            result, cpu = pickle.loads(row["result"])
            results[int(row["n"])] = result
            self.worker_cpu += cpu
        return results

    # --- the stages ------------------------------------------------------------------------------------
    def ingest(self, paths: str | Path | Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
               language=None) -> IngestResult:
        """``ingest.ingest`` with the files parsed by Ray tasks: the same articles, skips and warnings."""
        files, result = plan(paths)
        read: list[FileResult | None] = [None] * len(files)
        todo, payloads = [], []
        for n, file in enumerate(files):
            data = file_bytes(file.path, max_bytes)
            if isinstance(data, FileResult):  # empty, too large or unreadable: skipped as ingest skips it
                read[n] = data
            else:
                todo.append(n)
                payloads.append((str(file.path), file.base_id, file.entry, max_bytes, data, language))
        for n, file_result in zip(todo, self.run(payloads, _read_files, batch_size=FILES_PER_BATCH), strict=True):
            read[n] = file_result
        return gather(result, read)  # type: ignore[arg-type] - every file is read above

    def encoder(self, encoder) -> RayEncoder:
        return encoder if isinstance(encoder, RayEncoder) else RayEncoder(self, encoder)

    def nli_model(self, path: str | Path, precision: str | None = None) -> RemoteNLIModel:
        return RemoteNLIModel(self, path, precision or "auto")


class RayEncoder:
    """An ``embed.Encoder`` whose model calls run on Ray workers: ``encode`` cuts the texts into the
    batches the wrapped encoder would make and sends them to ``_EncodeWorker`` actors, each holding a
    copy of the encoder (so it must pickle: an ``Embedder`` sends its settings, not its model)."""

    def __init__(self, engine: RayEngine, encoder) -> None:
        self.engine, self.local = engine, encoder
        self._blob = pickle.dumps(encoder)
        self._dimension: int | None = None

    @property
    def name(self) -> str:
        return self.local.name

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            from contradict.embed import Embedder

            if isinstance(self.local, Embedder) and self.local._model is None:  # asked of a worker: the driver
                self.engine.start()  # loads no model
                remote = self.engine.ray.remote(num_cpus=1)(_dimension_of)
                self._dimension = int(self.engine.ray.get(remote.remote(self._blob)))
            else:
                self._dimension = int(self.local.dimension)
        return self._dimension

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        batches = encoder_batches(self.local, texts)
        results = self.engine.run([[texts[i] for i in positions] for positions in batches], _EncodeWorker,
                                  encoder=self._blob)
        out = np.zeros((len(texts), results[0].shape[1]), dtype=np.float32)
        for positions, vectors in zip(batches, results, strict=True):
            out[positions] = vectors
        if self._dimension is None:
            self._dimension = out.shape[1]
        return out


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """``EngineError`` at once when nothing listens at a ``HOST:PORT`` address (Ray itself retries for
    minutes); other forms (``auto``, ``ray://...``) are left to Ray."""
    import socket

    host, _, port = address.rpartition(":")
    if "://" in address or not host or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise EngineError(f"no Ray cluster answers at {address} ({exc.strerror or exc}); start one with "
                          "'ray start --head' there, or leave out --ray-address for a local Ray instance") from None


def _workers_code() -> str:
    from contradict.verdict_cache import _code_digest

    return _code_digest()


def _dimension_of(blob: bytes) -> int:
    _quiet_worker(1)
    return int(pickle.loads(blob).dimension)


class RemoteNLIModel:
    """What ``judges.nli.NLIJudge`` needs of an ``NLIModel``, with the model on Ray workers: the driver
    reads the model's labels and calibrated threshold from its directory and chooses the arithmetic
    ("auto": by the driver's CPU, so every worker computes in the same one); ``predict_proba`` cuts the
    pairs into ``NLIModel.batches`` and scores each batch on an ``_NLIWorker`` actor.  The directory
    must be at the same path on every node."""

    def __init__(self, engine: RayEngine, path: str | Path, precision: str = "auto") -> None:
        from contradict.nli_model import ModelNotFoundError, read_threshold, resolve_precision

        self.engine = engine
        self.path = Path(path).resolve()
        self.precision = resolve_precision(precision)
        config = self.path / "config.json"
        if not config.exists():
            raise ModelNotFoundError(f"{path}: no NLI model here (config.json missing); "
                                     "train one with python -m contradict.nli.train")
        try:
            id2label = json.loads(config.read_text(encoding="utf-8"))["id2label"]
            self.labels = tuple(str(id2label[str(i)]).lower() for i in range(len(id2label)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelNotFoundError(f"{path}: the NLI model's config.json cannot be read ({exc})") from None
        self.contradiction_threshold = read_threshold(self.path, self.precision)
        self.max_length = 128  # NLIModel's: the batches are cut by the lengths the workers' models read
        self._tokenizer = None

    def batches(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> list[list[int]]:
        from contradict.nli_model import pair_batches, token_lengths

        lengths = None
        if self.precision == "bf16":  # cut by length in tokens: only the tokenizer, not the model, is loaded here
            if getattr(self, "_tokenizer", None) is None:
                from contradict.runtime import EagerRunner, Tokenizer

                if Tokenizer.available(self.path):
                    self._tokenizer = Tokenizer(self.path, self.max_length)
                else:
                    from transformers import AutoTokenizer

                    self._tokenizer = EagerRunner(None, AutoTokenizer.from_pretrained(self.path), self.max_length, "")
            lengths = token_lengths(self._tokenizer, pairs)
        return pair_batches(pairs, batch_size, self.precision, lengths)

    def predict_proba(self, pairs: Sequence[tuple[str, str]], batch_size: int = 64,
                      progress: bool = False) -> np.ndarray:
        out = np.zeros((len(pairs), len(self.labels)), dtype=np.float32)
        batches = self.batches(pairs, batch_size)
        results = self.engine.run([[pairs[i] for i in idx] for idx in batches], _NLIWorker, path=str(self.path),
                                  precision=self.precision)
        for idx, probs in zip(batches, results, strict=True):
            out[idx] = probs
        return out

    def column(self, label: str) -> int:
        return self.labels.index(label)
