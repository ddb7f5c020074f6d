"""A FAISS index of claim embeddings plus the articles and sentences they came from.

Vectors are unit length, so inner product is cosine similarity.  ``IndexFlatIP`` searches exactly
(a corpus of news on one story holds thousands of claims, not millions); it sits inside an
``IndexIDMap2`` so ids are our own claim numbers.  Saved as a directory:
``index.faiss``, ``articles.jsonl``, ``sentences.jsonl`` and ``meta.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from contradict.embed import Embedder
from contradict.schema import Article, Sentence
from contradict.segment import segment

INDEX_FORMAT = 1


class IndexFormatError(ValueError):
    """The directory does not hold an index this version can read."""


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

    def __len__(self) -> int:
        return len(self.claims)

    @classmethod
    def build(cls, articles: Iterable[Article], embedder: Embedder, progress: bool = False) -> CorpusIndex:
        index = cls(embedder.dimension, embedder.name)
        index.add(articles, embedder, progress=progress)
        return index

    def add(self, articles: Iterable[Article], embedder: Embedder, progress: bool = False) -> list[Article]:
        """Segment and embed new articles; those already indexed (same id) are not re-embedded.

        Returns the articles actually added.  Articles with no claim sentence are still stored.
        """
        added: list[Article] = []
        new_claims: list[Sentence] = []
        for article in articles:
            if article.id in self.articles:
                continue
            sentences = segment(article)
            self.articles[article.id] = article
            self.sentences[article.id] = sentences
            new_claims.extend(s for s in sentences if s.is_claim)
            added.append(article)
        if new_claims:
            vectors = embedder.encode([s.text for s in new_claims], progress=progress)
            self._add_vectors(new_claims, vectors)
        return added

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

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, claim ids) of the ``k`` nearest claims for each row; id -1 where fewer exist."""
        k = max(1, min(k, len(self.claims)))
        return self.faiss.search(np.ascontiguousarray(vectors, dtype=np.float32), k)

    def article_of(self, sentence: Sentence) -> Article:
        return self.articles[sentence.article_id]

    def save(self, directory: str | Path) -> Path:
        """Write the index to ``directory`` atomically (a new directory replaces the old one whole)."""
        import faiss

        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
        try:
            faiss.write_index(self.faiss, str(tmp / "index.faiss"))
            with open(tmp / "articles.jsonl", "w", encoding="utf-8") as fh:
                for article in self.articles.values():
                    fh.write(article.model_dump_json() + "\n")
            with open(tmp / "sentences.jsonl", "w", encoding="utf-8") as fh:
                for sentences in self.sentences.values():
                    for sentence in sentences:
                        fh.write(sentence.model_dump_json() + "\n")
            meta = {"format": INDEX_FORMAT, "dimension": self.dimension, "embedder": self.embedder_name,
                    "claims": [[s.article_id, s.index] for s in self.claims]}
            (tmp / "meta.json").write_text(json.dumps(meta))
            if directory.exists():
                old = directory.with_name(f".{directory.name}-old")
                shutil.rmtree(old, ignore_errors=True)
                os.replace(directory, old)
                os.replace(tmp, directory)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, directory)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> CorpusIndex:
        import faiss

        directory = Path(directory)
        try:
            meta = json.loads((directory / "meta.json").read_text())
        except FileNotFoundError:
            raise IndexFormatError(f"{directory}: not an index directory (meta.json missing)") from None
        if meta.get("format") != INDEX_FORMAT:
            raise IndexFormatError(f"{directory}: index format {meta.get('format')}, this version reads {INDEX_FORMAT}")
        index = cls(meta["dimension"], meta["embedder"])
        index.faiss = faiss.read_index(str(directory / "index.faiss"))
        with open(directory / "articles.jsonl", encoding="utf-8") as fh:
            for line in fh:
                article = Article.model_validate_json(line)
                index.articles[article.id] = article
                index.sentences[article.id] = []
        with open(directory / "sentences.jsonl", encoding="utf-8") as fh:
            for line in fh:
                sentence = Sentence.model_validate_json(line)
                index.sentences[sentence.article_id].append(sentence)
        index.claims = [index.sentences[a][i] for a, i in meta["claims"]]
        if index.faiss.ntotal != len(index.claims):
            raise IndexFormatError(f"{directory}: index.faiss holds {index.faiss.ntotal} vectors for "
                                   f"{len(index.claims)} claims; rebuild it")
        return index
