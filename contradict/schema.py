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
    story: str | None = None  # the manifest's ``story``, when given: fixes the story the article belongs to


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
    # An undated article's reporting weekday (0 = Monday): the day its sentences say things were said on
    # ("Earlier on Thursday, the navy announced ..."), for a sentence of it that names none.
    left_weekday: int | None = None
    right_weekday: int | None = None
    # An undated article's lead death toll (its title's, else its first sentences'): tolls rise as coverage
    # goes on, so between two undated reports of one story, a much higher toll is the later report.
    left_toll: float | None = None
    right_toll: float | None = None
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


# copy_edit: the two sides are copies of one text (an editing difference, not a dispute between newsrooms);
# disputed_claim: what a source claims against what another outlet states in its own voice.
FindingType = Literal["numeric", "contradiction", "update", "copy_edit", "disputed_claim"]


class Timing(BaseModel):
    """Which side reports later, and on what grounds (publication dates, or a change cue such as "rose to")."""

    newer: Literal["left", "right"]
    basis: str
    # "order": only when each side was said is known (dates, weekdays, "had said", "earlier"); "change": a side
    # says its figure changed ("has risen to", "later said", "now").  Order alone makes an update only of a
    # figure that moves (a toll, not the size of one crowd).
    grounds: Literal["order", "change"] = "change"


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


class Attribution(BaseModel):
    """Who asserts a claim: the outlet in its own voice, a named person or body ("the Pentagon", "Trump"),
    unnamed people ("four sources familiar with the matter", "a former US official"), or experts
    ("experts", "analysts").  ``via``: the report it reaches the outlet through ("sources told NBC News")."""

    kind: Literal["own_voice", "named", "unnamed", "experts"]
    who: str | None = None
    via: str | None = None


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
    asserted_by: Attribution | None = None  # that frame read: own voice, a named source, unnamed sources, experts
    family: str | None = None  # the family (copies and relays of one original) the article belongs to
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
    story: str | None = None  # the story (``Story.id``) both sides belong to; None when pairing crossed stories


class Story(BaseModel):
    """Articles on one event close in time (``contradict.stories``), or one manifest ``story`` label."""

    id: str  # short and stable for the same members: "genoa-morandi-bridge-3fa2c1", or the manifest's label
    label: str  # the names that set the story apart, for a reader: "Genoa, Morandi, Italy"
    given: bool = False  # from the manifest's ``story`` field rather than found
    articles: list[str]  # article ids, sorted
    outlets: list[str]  # sorted, each once


class FamilyMember(BaseModel):
    article_id: str
    outlet: str
    # original: the text the others copy; copy: verbatim, light_edit or spun; relay: reports an upstream's report
    role: Literal["original", "verbatim", "light_edit", "spun", "relay"]
    of: str | None = None  # the article copied, or the upstream relayed ("NBC News")
    coverage: float | None = None  # copies: share of the shorter text's claims aligned, in order, with the other
    overlap: float | None = None  # copies: word 3-grams of the shorter text found in the other


class Family(BaseModel):
    """Articles that are one report: copies of one text and relays of one upstream report.  Agreement
    within a family is not a second confirmation; disagreement within copies is an editing difference."""

    id: str
    story: str | None = None
    original: str  # the original article's id, or the upstream's name when it relays one ("NBC News")
    upstream: str | None = None  # the named report relayed, if any
    members: list[FamilyMember]


class ClaimMention(BaseModel):
    outlet: str
    article_id: str
    family: str  # a family id, or the article id for an article that is a family of its own
    sentence: str
    start: int
    end: int
    asserted_by: Attribution
    basis: Literal["finding", "agreement"]  # in a finding, or agreeing with a claim of one


class ClaimVersion(BaseModel):
    version: str  # "at least three" / the claim as one side states it
    outlets: list[str]
    families: list[str]
    n_outlets: int
    n_families: int
    mentions: list[ClaimMention]


class ClaimCluster(BaseModel):
    """One line of ``claims.jsonl``: the versions of one disputed claim within a story, who says each."""

    schema_version: int = SCHEMA_VERSION
    cluster: str  # stable id (the same claims give the same id)
    story: str | None
    kind: Literal["numeric", "statement"]
    topic: str  # what the versions are about: the counted thing, or the shortest claim
    findings: list[str]  # ids of the findings between its versions
    versions: list[ClaimVersion]


class ScanReport(BaseModel):
    """What a scan did: counts, what it skipped and why, which judges ran, seconds per stage."""

    articles: int = 0
    skipped: list[SkippedFile] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    claims: int = 0
    sentences: int = 0
    removed_blocks: dict[str, int] = Field(default_factory=dict)
    candidate_pairs: int = 0
    # what a scan with a saved index did not do again: articles whose claims it had embedded, pairs judged
    reused_files: int = 0  # files unchanged since the saved index: not read again
    reused_articles: int = 0
    reused_pairs: int = 0
    findings_by_type: dict[str, int] = Field(default_factory=dict)
    judges_run: list[str] = Field(default_factory=list)
    judges_missing: dict[str, str] = Field(default_factory=dict)
    nli_precision: str | None = None  # bf16 / int8 / fp32: scores differ slightly between them
    seconds: dict[str, float] = Field(default_factory=dict)  # wall time per stage
    cpu_seconds: dict[str, float] = Field(default_factory=dict)  # CPU time per stage (this process)
    # CPU time per stage in the worker processes of the Ray engine (parsing, model loading and calls); empty locally
    worker_cpu_seconds: dict[str, float] = Field(default_factory=dict)
    by_story: bool = True  # claims paired within stories only (contradict.stories)
    stories: list[Story] = Field(default_factory=list)
    families: list[Family] = Field(default_factory=list)
    claim_table: list[ClaimCluster] = Field(default_factory=list)
