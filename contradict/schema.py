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
    # who a leading "It"/"He"/"She" stands for: the named subject of the sentence before, if any
    antecedent: str | None = None


class CandidatePair(BaseModel):
    """Two claims from different outlets close enough in meaning to be compared by the judges.

    ``left_published``/``right_published`` (ISO dates, when known) let judges tell an update between
    reports from a disagreement at one time.
    """

    left: Sentence
    right: Sentence
    similarity: float
    left_published: str | None = None
    right_published: str | None = None
    # "neighbours": among each other's nearest claims; "figures": both count the same kind of thing
    # (same event category or measure) without being that close in wording: for the judges of figures.
    source: Literal["neighbours", "figures"] = "neighbours"


class QuantityComparison(BaseModel):
    left: str
    right: str
    counted_left: str | None
    counted_right: str | None
    relation: Literal["incompatible", "different_bounds"]
    counted_similarity: float
    # what the two figures count (an event category, a measure, else the noun) and their values: two
    # findings with the same values of the same thing are one disagreement between versions
    counts: str | None = None
    values: tuple[float, float] | None = None


FindingType = Literal["numeric", "contradiction", "update"]


class Timing(BaseModel):
    """Which side reports later, and on what grounds (publication dates, or a change cue such as "rose to")."""

    newer: Literal["left", "right"]
    basis: str


class JudgeVerdict(BaseModel):
    """What one judge said about one pair.

    A ``conflict`` verdict flags the pair (``conflict`` true) with a ``confidence`` in [0, 1] and
    proposes the finding's ``kind``; its ``explanation`` names exactly what was compared.  A
    ``context`` verdict never flags a pair: it refines the type of a pair that others flagged (an
    ``update`` between reports).  The remaining fields are the judge's evidence.
    """

    judge: str
    role: Literal["conflict", "context"] = "conflict"
    conflict: bool
    confidence: float
    kind: FindingType | None = None
    explanation: str | None = None
    nli: dict[str, dict[str, float]] | None = None  # {"left->right": {label: p}, "right->left": {...}}
    quantities: list[QuantityComparison] | None = None
    timing: Timing | None = None
    note: str | None = None


class SideContext(BaseModel):
    """The sentence in its paragraph: up to a few whole sentences each way, so a reviewer reads it in place.

    ``before + sentence + after`` is verbatim article text (``Article.text[start - len(before):end + len(after)]``).
    """

    before: str = ""
    after: str = ""


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
    attribution: str | None = None  # who the sentence says asserts it ("according to experts"), if it says
    context: SideContext | None = None  # its paragraph around it (None in files written before it was added)


VerdictKind = Literal["confirmed", "dismissed", "update"]


class Verdict(BaseModel):
    """A reviewer's judgement of a finding: one line of ``flagged.verdicts.jsonl``, carried forward by id."""

    finding_id: str
    verdict: VerdictKind  # "update": a change between reports, not a conflict
    note: str | None = None
    reviewer: str
    time: str  # ISO 8601, UTC, to the second ("2025-09-27T10:04:05Z")


class Finding(BaseModel):
    """A flagged pair, self-contained: one line of the JSONL file a reviewer reads."""

    schema_version: int = SCHEMA_VERSION
    id: str
    type: FindingType
    score: float
    explanation: str
    similarity: float
    left: Side
    right: Side
    evidence: list[JudgeVerdict]
    timing: Timing | None = None  # set on ``update`` findings: which side is the newer report
    # the best-scored finding that compares the same two figures of the same thing (other outlets
    # repeating one disagreement); such repeats are listed after every distinct disagreement
    same_as: str | None = None
    verdict: Verdict | None = None  # a recorded verdict carried forward by ``scan --verdicts``
