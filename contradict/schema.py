"""Typed records passed between the pipeline's stages.

files -> Article -> Sentence -> (embeddings, index) -> CandidatePair -> JudgeVerdict -> Finding
Every text position is a character offset into ``Article.text``, the cleaned article text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1


class RemovedBlock(BaseModel):
    """A piece of page furniture or a repeat taken out of the article by the cleaner."""

    kind: Literal["repeat", "recommendations", "social_embed", "link_line", "disclaimer", "masthead",
                  "credit"]
    text: str


class Article(BaseModel):
    """One article, cleaned: ``text`` is what sentences and spans refer to."""

    id: str
    outlet: str
    path: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    removed: list[RemovedBlock] = Field(default_factory=list)


class SkippedFile(BaseModel):
    """An input that produced no article, and why (one line, names the file)."""

    path: str
    reason: str


class Sentence(BaseModel):
    """A sentence of an article with its span in ``Article.text``; only claims are paired."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    is_claim: bool = True
    not_claim_reason: str | None = None


class CandidatePair(BaseModel):
    """Two claims from different outlets close enough in meaning to be compared by the judges."""

    left: Sentence
    right: Sentence
    similarity: float


class QuantityComparison(BaseModel):
    left: str
    right: str
    counted_left: str | None
    counted_right: str | None
    relation: Literal["incompatible", "different_bounds"]
    counted_similarity: float


class JudgeVerdict(BaseModel):
    """What one judge said about one pair: ``conflict`` with a confidence in [0, 1] and its evidence."""

    judge: Literal["quantity", "nli"]
    conflict: bool
    confidence: float
    nli: dict[str, dict[str, float]] | None = None  # {"left->right": {label: p}, "right->left": {...}}
    quantities: list[QuantityComparison] | None = None
    note: str | None = None


class Side(BaseModel):
    """One side of a finding: enough to find the sentence again without the index."""

    outlet: str
    article_id: str
    url: str | None
    published: str | None
    title: str | None
    sentence: str
    start: int
    end: int


class Finding(BaseModel):
    """A flagged pair, self-contained: one line of the JSONL file a reviewer reads."""

    schema_version: int = SCHEMA_VERSION
    id: str
    type: Literal["numeric", "contradiction"]
    score: float
    explanation: str
    similarity: float
    left: Side
    right: Side
    evidence: list[JudgeVerdict]
