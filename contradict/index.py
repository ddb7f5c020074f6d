"""A FAISS index of claim embeddings plus the articles and sentences they came from.

Vectors are unit length, so inner product is cosine similarity.  ``IndexFlatIP`` searches exactly
(a corpus of news on one story holds thousands of claims, not millions); it sits inside an
``IndexIDMap2`` so ids are our own claim numbers.  Saved as a directory:
``index.faiss``, ``articles.jsonl``, ``sentences.jsonl`` and ``meta.json`` (written last: the marker
that the directory is an index, with the format, the embedder, the counts and each file's checksum).

Saving never loses an index: writers of one directory hold a lock (``.NAME.lock`` beside it); the new
index is written to ``.NAME.tmp-PID-*`` and fsynced, the old one renamed to ``.NAME.old``, the new one
renamed in, the old one removed.  A kill at any moment leaves a state the next load or save repairs
(``recover``): the old index is restored if the new one was not yet in place, the aside copy and stale
temporary directories are removed otherwise.  A directory that is not an index is never replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError

from contradict.embed import Encoder
from contradict.safeio import (DEFAULT_LOCK_TIMEOUT, OutputError, display, fsync_dir, fsync_file, nearest_existing,
                               remove_path, stale_temps, temp_name, umask, writer_lock)
from contradict.schema import Article, Sentence
from contradict.settings import NeighbourSearch, defaults

INDEX_FORMAT = 2  # 2: article ids carry a content hash (1: relative paths, which collided across folders)
INDEX_KIND = "contradict-index"
INDEX_FILES = ("index.faiss", "articles.jsonl", "sentences.jsonl", "meta.json")
# Attachments: named JSONL files saved with the index, checksummed in meta.json, opaque to it (the judges'
# verdict cache, ``contradict.verdict_cache``).  A damaged attachment is dropped with a warning, never
# the index: it only holds what can be computed again.
ATTACHMENT_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")


class IndexFormatError(ValueError):
    """The directory does not hold an index this version can read (the message is one line)."""


class IndexTargetError(OutputError):
    """A directory an index must not be written to (not an index, or an input)."""


class FileDigest(BaseModel):
    bytes: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class IndexMeta(BaseModel):
    """``meta.json``: what the other files must hold, read before them."""

    kind: Literal["contradict-index"] = INDEX_KIND
    format: Literal[2] = INDEX_FORMAT
    dimension: int = Field(gt=0, le=65536)
    embedder: str = Field(min_length=1)
    articles: int = Field(ge=0)
    sentences: int = Field(ge=0)
    claims: list[tuple[str, int]]
    files: dict[str, FileDigest]


def _digest(path: Path) -> FileDigest:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return FileDigest(bytes=size, sha256=h.hexdigest())


def _aside(directory: Path) -> Path:
    return directory.with_name(f".{directory.name}.old")


def _legacy_aside(directory: Path) -> Path:  # what format-1 saves left behind when killed
    return directory.with_name(f".{directory.name}-old")


def _looks_like_index(directory: Path) -> bool:
    """Our own marker: only index files inside, and a meta.json object naming a format and an embedder."""
    try:
        names = {p.name for p in directory.iterdir()}
        attachments = {name for name in names if name.endswith(".jsonl") and ATTACHMENT_NAME.match(name[:-6])}
        if not names or not names <= set(INDEX_FILES) | attachments or "meta.json" not in names:
            return False
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(meta, dict) and "format" in meta and "embedder" in meta


def check_index_target(directory: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Raise ``IndexTargetError`` (one line) unless ``directory`` may receive an index: it does not exist,
    is empty, or already is an index; it is not, and does not hold, one of ``inputs``; its parent is
    writable.  Called before any work."""
    directory = Path(directory)
    shown = display(directory)
    resolved = directory.resolve()
    for item in inputs:
        source = Path(item).resolve()
        if source == resolved or source.is_relative_to(resolved):
            raise IndexTargetError(f"index directory {shown} is (or holds) the input {display(item)}; "
                                   "choose another -o")
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise IndexTargetError(f"index directory {shown} exists and is not a directory; choose another -o")
    if directory.is_dir():
        try:
            entries = sorted(p.name for p in directory.iterdir())
        except OSError as exc:
            raise IndexTargetError(f"index directory {shown}: cannot list it ({exc.strerror or exc})") from None
        if entries and not _looks_like_index(directory):
            raise IndexTargetError(f"{shown} is not an index directory (it holds {len(entries)} entries, e.g. "
                                   f"{display(entries[0])!r}); refusing to replace it, choose another -o")
    parent = resolved.parent
    existing = nearest_existing(parent)
    if not existing.is_dir():
        raise IndexTargetError(f"index directory {shown}: {display(existing)} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise IndexTargetError(f"index directory {shown}: cannot write in {display(existing)}")
    if existing == parent:
        probe = temp_name(resolved, "tmp")
        try:
            probe.mkdir()
            probe.rmdir()
        except OSError as exc:
            raise IndexTargetError(f"index directory {shown}: cannot write in {display(parent)} "
                                   f"({exc.strerror or exc})") from None
    return directory


def recover(directory: str | Path) -> list[str]:
    """Repair what a killed save left beside ``directory``; the caller holds its writer lock.

    Returns what was done (for a message).  The old index renamed aside is restored when the new one
    never arrived, or removed when it did; stale temporary directories are removed.
    """
    directory = Path(directory)
    done = []
    for aside in (_aside(directory), _legacy_aside(directory)):
        if not aside.exists():
            continue
        if directory.is_dir() and (directory / "meta.json").exists():
            shutil.rmtree(aside, ignore_errors=True)
            done.append(f"removed the previous copy {display(aside)} left by an interrupted save")
        elif not directory.exists() or (directory.is_dir() and not any(directory.iterdir())):
            if directory.exists():
                directory.rmdir()
            os.rename(aside, directory)
            fsync_dir(directory.parent)
            done.append(f"restored {display(directory)} from {display(aside)} (a save was interrupted)")
        else:
            raise IndexFormatError(f"{display(directory)} and the earlier index {display(aside)} both exist "
                                   "and the first is not an index; move one of them away")
    for stale in stale_temps(directory, kinds=("tmp",), any_pid=True):
        remove_path(stale)
        done.append(f"removed the unfinished save {display(stale)}")
    return done


def _needs_recovery(directory: Path) -> bool:
    return _aside(directory).exists() or _legacy_aside(directory).exists()


class CorpusIndex:
    """Articles, their sentences, and a FAISS index over the claim sentences."""

    def __init__(self, dimension: int, embedder_name: str = "all-MiniLM-L6-v2") -> None:
        import faiss

        self.dimension = dimension
        self.embedder_name = embedder_name
        self.articles: dict[str, Article] = {}
        self.sentences: dict[str, list[Sentence]] = {}
        self.claims: list[Sentence] = []  # position = FAISS id
        self.faiss = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        self.last_offered: list[str] = []  # ids of the articles last offered to ``pipeline.index_articles``
        self._hnsw = (None, None)  # the approximate search graph and how it was built, on first use (``_graph``)
        # name -> JSONL lines saved beside the index (``ATTACHMENT_NAME``); ``warnings``: what loading dropped
        self.attachments: dict[str, list[str]] = {}
        self.warnings: list[str] = []

    def __len__(self) -> int:
        return len(self.claims)

    def unseen(self, articles: Iterable[Article]) -> list[Article]:
        """The articles not indexed yet (by id; an id given twice counts once), in the order given."""
        seen: set[str] = set()
        fresh = []
        for article in articles:
            if article.id not in self.articles and article.id not in seen:
                seen.add(article.id)
                fresh.append(article)
        return fresh

    def add(self, articles: Sequence[Article], sentences: Mapping[str, list[Sentence]], vectors: np.ndarray) -> None:
        """Store segmented, embedded articles: ``sentences`` by article id, ``vectors`` one row per claim
        sentence, in the order of ``articles`` and then of their sentences (what ``pipeline.index_articles``
        gives).  The index receives the segmenter's and the encoder's output; it runs neither.  Articles
        with no claim sentence are still stored (``remove_claimless`` drops them)."""
        articles = list(articles)
        known = [a.id for a in articles if a.id in self.articles]
        if known:
            raise ValueError(f"already indexed: {', '.join(known[:3])}; pass index.unseen(articles)")
        missing = [a.id for a in articles if a.id not in sentences]
        if missing:
            raise ValueError(f"no sentences given for {', '.join(missing[:3])}")
        claims = [s for a in articles for s in sentences[a.id] if s.is_claim]
        if vectors.shape != (len(claims), self.dimension):  # checked before anything is stored
            raise ValueError(f"expected {len(claims)} vectors of size {self.dimension}, got {vectors.shape}")
        for article in articles:
            self.articles[article.id] = article
            self.sentences[article.id] = list(sentences[article.id])
        if claims:
            self._add_vectors(claims, vectors)

    def subset(self, article_ids: Iterable[str]) -> CorpusIndex:
        """A new index of ``article_ids`` in the order given (their claims and vectors, nothing embedded
        again): built this way, an index extended scan after scan holds what a fresh build of the same
        corpus would, claim for claim.  Attachments stay with this index."""
        order = list(dict.fromkeys(article_ids))
        unknown = [a for a in order if a not in self.articles]
        if unknown:
            raise KeyError(f"not in the index: {', '.join(unknown[:3])}")
        row_of = {(c.article_id, c.index): n for n, c in enumerate(self.claims)}
        sub = CorpusIndex(self.dimension, self.embedder_name)
        rows = []
        for article_id in order:
            sub.articles[article_id] = self.articles[article_id]
            sub.sentences[article_id] = self.sentences[article_id]
            rows += [row_of[(s.article_id, s.index)] for s in self.sentences[article_id] if s.is_claim]
        if rows:
            sub._add_vectors([self.claims[r] for r in rows], self.vectors()[rows])
        return sub

    def check_embedder(self, embedder: Encoder) -> None:
        """Raise ``IndexFormatError`` unless ``embedder`` is the one the index was built with: vectors of
        another model are not comparable, even at the same dimension."""
        name, dimension = getattr(embedder, "name", None), getattr(embedder, "dimension", None)
        if name != self.embedder_name:
            from contradict.embed import precision_of

            hint = "rebuild the index with this embedder"
            if str(name).split("+")[0] == str(self.embedder_name).split("+")[0]:  # the same model, another arithmetic
                hint = f"set embedding_precision = \"{precision_of(self.embedder_name)}\", or rebuild the index"
            raise IndexFormatError(f"the index was built with the embedder {self.embedder_name!r}, this run uses "
                                   f"{name!r}; {hint}")
        if dimension != self.dimension:
            raise IndexFormatError(f"the index holds {self.dimension}-dimensional vectors, the embedder "
                                   f"{name!r} makes {dimension}-dimensional ones; rebuild the index")

    def remove_claimless(self) -> list[Article]:
        """Drop articles that have no claim sentence (they hold no vectors); return them."""
        empty = [a for a in self.articles.values() if not any(s.is_claim for s in self.sentences[a.id])]
        for article in empty:
            del self.articles[article.id]
            del self.sentences[article.id]
        return empty

    def _add_vectors(self, claims: list[Sentence], vectors: np.ndarray) -> None:
        if vectors.shape != (len(claims), self.dimension):
            raise ValueError(f"expected {len(claims)} vectors of size {self.dimension}, got {vectors.shape}")
        ids = np.arange(len(self.claims), len(self.claims) + len(claims), dtype=np.int64)
        self.faiss.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
        self.claims.extend(claims)

    def vectors(self) -> np.ndarray:
        """All claim vectors in id order."""
        if not self.claims:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Ids are insertion positions, so the wrapped flat index holds the vectors in id order.
        return self.faiss.index.reconstruct_n(0, self.faiss.ntotal)

    def search(self, vectors: np.ndarray, k: int, exact: bool | None = None, how: NeighbourSearch | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, claim ids) of the ``k`` nearest claims for each row; id -1 where fewer exist.

        Exact (a flat scan) below ``how.approximate_from`` claims (default: ``Settings``'), approximate (HNSW
        graph, built on first use and kept until claims are added) from there, where a flat scan of every
        claim against every claim grows with the square of the corpus; ``exact`` forces either."""
        how = how or defaults().neighbour_search()
        if vectors.ndim != 2 or vectors.shape[1] != self.dimension:
            raise IndexFormatError(f"query vectors of shape {vectors.shape} do not match the index "
                                   f"(dimension {self.dimension}, embedder {self.embedder_name!r})")
        k = max(1, min(k, len(self.claims)))
        queries = np.ascontiguousarray(vectors, dtype=np.float32)
        if exact is None:
            exact = len(self.claims) < how.approximate_from
        if exact:
            return self.faiss.search(queries, k)
        return self._graph(how).search(queries, k)

    def _graph(self, how: NeighbourSearch):
        """The HNSW graph over the claim vectors (ids = claim positions), built once per claim count.

        Built on one thread: parallel insertion makes a different graph each run, and the same corpus
        must give the same pairs."""
        import faiss

        cached, built_how = self._hnsw
        if cached is not None and cached.ntotal == len(self.claims) and built_how == how:
            return cached
        graph = faiss.IndexHNSWFlat(self.dimension, how.graph_degree, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = how.ef_construction
        graph.hnsw.efSearch = how.ef_search
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            graph.add(np.ascontiguousarray(self.vectors(), dtype=np.float32))
        finally:
            faiss.omp_set_num_threads(threads)
        self._hnsw = (graph, how)
        return graph

    def article_of(self, sentence: Sentence) -> Article:
        return self.articles[sentence.article_id]

    def save(self, directory: str | Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Path:
        """Write the index to ``directory``, replacing an index there only once the new one is complete.

        Raises ``IndexTargetError`` if ``directory`` exists and is not an index (nothing is touched), and
        ``safeio.LockTimeout`` if another writer holds it longer than ``lock_timeout`` seconds.
        """
        import faiss

        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        with writer_lock(directory, lock_timeout):
            recover(directory)
            check_index_target(directory)
            existed = directory.exists()
            mode = (directory.stat().st_mode & 0o7777) if existed else (0o777 & ~umask())
            tmp = temp_name(directory, "tmp")
            tmp.mkdir(mode=0o700)
            try:
                faiss.write_index(self.faiss, str(tmp / "index.faiss"))
                with open(tmp / "articles.jsonl", "w", encoding="utf-8", newline="\n") as fh:
                    for article in self.articles.values():
                        fh.write(article.model_dump_json() + "\n")
                with open(tmp / "sentences.jsonl", "w", encoding="utf-8", newline="\n") as fh:
                    for sentences in self.sentences.values():
                        for sentence in sentences:
                            fh.write(sentence.model_dump_json() + "\n")
                names = list(INDEX_FILES[:3])
                for name, lines in sorted(self.attachments.items()):
                    if not ATTACHMENT_NAME.match(name):
                        raise ValueError(f"attachment name {name!r}: lower-case letters, digits, '-' or '_'")
                    with open(tmp / f"{name}.jsonl", "w", encoding="utf-8", newline="\n") as fh:
                        fh.writelines(line + "\n" for line in lines)
                    names.append(f"{name}.jsonl")
                files = {}
                for name in names:
                    fsync_file(tmp / name)
                    files[name] = _digest(tmp / name)
                meta = IndexMeta(dimension=self.dimension, embedder=self.embedder_name, articles=len(self.articles),
                                 sentences=sum(len(v) for v in self.sentences.values()),
                                 claims=[(s.article_id, s.index) for s in self.claims], files=files)
                with open(tmp / "meta.json", "w", encoding="utf-8") as fh:  # last: the mark of a whole index
                    fh.write(meta.model_dump_json())
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, mode)
                fsync_dir(tmp)
                if existed:
                    aside = _aside(directory)
                    os.rename(directory, aside)
                    fsync_dir(directory.parent)
                    os.rename(tmp, directory)
                    fsync_dir(directory.parent)
                    shutil.rmtree(aside)
                else:
                    os.rename(tmp, directory)
                fsync_dir(directory.parent)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        return directory

    @classmethod
    def load(cls, directory: str | Path, embedder: Encoder | None = None,
             lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> CorpusIndex:
        """Read an index saved by ``save``; ``IndexFormatError`` (one line) if it is missing or damaged, or
        was built with another embedder than ``embedder`` (when given)."""
        directory = Path(directory)
        if _needs_recovery(directory):
            try:
                with writer_lock(directory, lock_timeout):
                    recover(directory)
            except OSError as exc:
                raise IndexFormatError(f"{display(directory)}: an interrupted save needs repair, which failed "
                                       f"({exc.strerror or exc}); run 'contradict index' on it") from None
        try:
            index = cls._read(directory)
        except IndexFormatError:
            raise
        except (OSError, ValueError, KeyError, IndexError, TypeError, RuntimeError, RecursionError) as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise IndexFormatError(f"{display(directory)}: damaged index ({detail[:200]}); rebuild it") from None
        if embedder is not None:
            index.check_embedder(embedder)
        return index

    @classmethod
    def _read(cls, directory: Path) -> CorpusIndex:
        import faiss

        shown = display(directory)

        def damaged(what: str) -> IndexFormatError:
            return IndexFormatError(f"{shown}: damaged index ({what}); rebuild it")

        if not directory.exists():
            raise IndexFormatError(f"{shown}: no such index directory")
        if not directory.is_dir():
            raise IndexFormatError(f"{shown}: not an index directory (a file)")
        try:
            raw = (directory / "meta.json").read_bytes()
        except FileNotFoundError:
            raise IndexFormatError(f"{shown}: not an index directory (meta.json missing)") from None
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            raise damaged("meta.json is not valid JSON") from None
        if not isinstance(data, dict):
            raise damaged("meta.json is not a JSON object")
        if data.get("format") != INDEX_FORMAT:
            raise IndexFormatError(f"{shown}: index format {data.get('format')!r}, this version reads "
                                   f"{INDEX_FORMAT}; rebuild it with 'contradict index'")
        try:
            meta = IndexMeta.model_validate(data)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(map(str, problem["loc"])) or "meta.json"
            raise damaged(f"meta.json: {where}: {problem['msg']}") from None
        for name in INDEX_FILES[:3]:
            path = directory / name
            if not path.is_file():
                raise damaged(f"{name} missing")
            expected = meta.files.get(name)
            if expected is None:
                raise damaged(f"meta.json has no checksum for {name}")
            if _digest(path) != expected:
                raise damaged(f"{name} differs from what meta.json recorded (truncated or edited)")
        try:
            vectors = faiss.read_index(str(directory / "index.faiss"))
        except RuntimeError:
            raise damaged("index.faiss cannot be read") from None
        if vectors.d != meta.dimension:
            raise damaged(f"index.faiss holds {vectors.d}-dimensional vectors, meta.json says {meta.dimension}")
        if vectors.ntotal != len(meta.claims):
            raise damaged(f"index.faiss holds {vectors.ntotal} vectors for {len(meta.claims)} claims")
        index = cls(meta.dimension, meta.embedder)
        index.faiss = vectors
        with open(directory / "articles.jsonl", encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                try:
                    article = Article.model_validate_json(line)
                except ValidationError:
                    raise damaged(f"articles.jsonl line {number} is not an article") from None
                index.articles[article.id] = article
                index.sentences[article.id] = []
        with open(directory / "sentences.jsonl", encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                try:
                    sentence = Sentence.model_validate_json(line)
                except ValidationError:
                    raise damaged(f"sentences.jsonl line {number} is not a sentence") from None
                if sentence.article_id not in index.sentences:
                    raise damaged(f"sentences.jsonl line {number} names an unknown article")
                index.sentences[sentence.article_id].append(sentence)
        if len(index.articles) != meta.articles:
            raise damaged(f"{len(index.articles)} articles, meta.json says {meta.articles}")
        if sum(len(v) for v in index.sentences.values()) != meta.sentences:
            raise damaged(f"sentences.jsonl does not hold the {meta.sentences} sentences meta.json says")
        for name in sorted(set(meta.files) - set(INDEX_FILES)):
            stem = name[:-6] if name.endswith(".jsonl") else ""
            path = directory / name
            if not ATTACHMENT_NAME.match(stem) or not path.is_file() or _digest(path) != meta.files[name]:
                index.warnings.append(f"{shown}: {name} is missing or differs from what meta.json recorded; "
                                      "left out (it is recomputed)")
                continue
            index.attachments[stem] = path.read_text(encoding="utf-8").splitlines()
        by_key = {(s.article_id, s.index): s for v in index.sentences.values() for s in v}
        try:
            index.claims = [by_key[(a, i)] for a, i in meta.claims]
        except KeyError as exc:
            raise damaged(f"meta.json names a claim {exc.args[0]!r} that sentences.jsonl does not hold") from None
        return index
