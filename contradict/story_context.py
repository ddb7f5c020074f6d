"""A scan in its story context: stories before pairing, families and attribution on findings, the claim table.

``judge_corpus`` is the scan's work after indexing:

1. stories (``contradict.stories``), and candidate pairs within each story (or across the corpus when
   ``by_story`` is off);
2. the judges' findings (``contradict.findings``: each side says who asserts it);
3. families (``contradict.families``) and the finding types that depend on them and on attribution
   (``annotate``): between two copies of one text a conflict is a ``copy_edit``; between a source's
   claim and another outlet's own voice a ``disputed_claim``;
4. the claim table (``contradict.claim_table``).
"""

from __future__ import annotations

from contextlib import nullcontext

from pydantic import BaseModel, Field

from contradict.claim_table import build_claim_table
from contradict.findings import sort_findings
from contradict.families import CopyLink, copy_pairs, family_index, find_families
from contradict.index import CorpusIndex
from contradict.pair import corpus_pairs
from contradict.settings import Settings, defaults
from contradict.schema import CandidatePair, ClaimCluster, Family, Finding, Story
from contradict.stories import find_stories, story_index, story_pairs

# Conflict types a source's word against an outlet's own can turn into a ``disputed_claim``: an update is
# about time (a newer report), and stays one.
DISPUTABLE = {"contradiction"}


class StoryContext(BaseModel):
    by_story: bool = True  # claims were paired within stories only
    stories: list[Story] = Field(default_factory=list)
    families: list[Family] = Field(default_factory=list)
    copies: list[CopyLink] = Field(default_factory=list)
    claim_table: list[ClaimCluster] = Field(default_factory=list)


def judge_corpus(index: CorpusIndex, judges, k: int = 10, by_story: bool = True, watch=None,
                 pairing: dict | None = None, stories: dict | None = None, settings: Settings | None = None,
                 cache=None) -> tuple[list[Finding], list[CandidatePair], StoryContext]:
    """(findings, candidate pairs, story context) of an indexed corpus; ``judges``: a ``pipeline.Judges``.
    ``watch``: a stopwatch with ``stage(name)`` (the pipeline's), to time the stages.  ``settings`` (default
    ``defaults()``): the families' and the claim table's knobs; ``pairing`` and ``stories`` (default: those
    of ``settings``) the pairing's and the stories'; ``cache``: a ``verdict_cache.VerdictCache`` of the
    judges' earlier verdicts."""
    settings = settings or defaults()
    def stage(name: str):
        return watch.stage(name) if watch is not None else nullcontext()

    with stage("pair"):
        stories = find_stories(index, **(settings.stories() if stories is None else stories))
        pairing = settings.pairing() if pairing is None else pairing
        pairs = story_pairs(index, stories, k=k, **pairing) if by_story else corpus_pairs(index, k=k, **pairing)
    with stage("judge"):
        findings = judges.judge(pairs, index.articles, cache=cache, sentences=index.sentences) if cache is not None \
            else judges.judge(pairs, index.articles, sentences=index.sentences)
    with stage("families"):
        families, links = find_families(index, stories, settings)
        findings = sort_findings(annotate(findings, stories, families, links),  # types and stories now known
                                 getattr(judges, "same_version", settings.same_version))
        table = build_claim_table(findings, pairs, index.articles, story_index(stories), family_index(families),
                                  settings)
    return findings, pairs, StoryContext(by_story=by_story, stories=stories, families=families, copies=links,
                                         claim_table=table)


def annotate(findings: list[Finding], stories: list[Story], families: list[Family], links: list[CopyLink]
             ) -> list[Finding]:
    """Findings with their story and families named, retyped ``copy_edit`` or ``disputed_claim`` where
    that is what they are; order kept (scores do not change)."""
    story_of = story_index(stories)
    family_of = family_index(families)
    copies = copy_pairs(links)
    kind_of_copy = {frozenset((link.original, link.copy_id)): link.kind for link in links}
    out = []
    for finding in findings:
        left, right = finding.left, finding.right
        story = story_of.get(left.article_id)
        update: dict = {"story": story if story == story_of.get(right.article_id) else None,
                        "left": left.model_copy(update={"family": family_of.get(left.article_id)}),
                        "right": right.model_copy(update={"family": family_of.get(right.article_id)})}
        articles = frozenset((left.article_id, right.article_id))
        if finding.type != "update" and articles in copies:
            how = kind_of_copy.get(articles)
            update["type"] = "copy_edit"
            update["explanation"] = f"copy edit ({how.replace('_', ' ') + ' ' if how else ''}copies of one text): " \
                                    + finding.explanation
        elif finding.type in DISPUTABLE and _disputed(finding):
            update["type"] = "disputed_claim"
            update["explanation"] = "disputed claim: " + finding.explanation
        out.append(finding.model_copy(update=update))
    return out


def _disputed(finding: Finding) -> bool:
    """One side reports what a source says, the other states the opposite as fact in its own voice."""
    kinds = [side.asserted_by.kind if side.asserted_by else "own_voice" for side in (finding.left, finding.right)]
    return kinds.count("own_voice") == 1


def _short(text: str, most: int = 50) -> str:
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def _some(items: list[str], most: int = 8) -> str:
    return ", ".join(items[:most]) + (f" (+{len(items) - most} more)" if len(items) > most else "")


def format_context(report, findings: list[Finding], most: int = 20) -> list[str]:
    """Summary lines for stories, families, agreement counted by family, and the claim table
    (``report``: a ``pipeline.ScanReport``)."""
    lines = []
    if report.stories:
        how = "claims paired within each story" if report.by_story else "claims paired across stories"
        lines.append(f"stories: {len(report.stories)} ({how})")
        for story in report.stories[:most]:
            lines.append(f"  {story.id}{' (manifest)' if story.given else ''}: {len(story.articles)} articles, "
                         f"{len(story.outlets)} outlets: {_some(story.outlets)}")
        if len(report.stories) > most:
            lines.append(f"  ... and {len(report.stories) - most} more")
    if report.families:
        lines.append(f"families (copies and relays of one report): {len(report.families)}")
        for family in report.families[:most]:
            members = [f"{m.outlet} ({m.role.replace('_', ' ')})" for m in family.members]
            lines.append(f"  {family.original}: {_some(members)}")
    if findings:
        within = sum(1 for f in findings if f.left.family and f.left.family == f.right.family)
        lines.append(f"findings between families: {len(findings) - within}, within one family: {within}")
    if report.claim_table:
        lines.append(f"claim table: {len(report.claim_table)} disputed claims")
        for cluster in report.claim_table[:3]:
            versions = "; ".join(f"{_short(v.version)!r}: {v.n_outlets} outlet{'s' * (v.n_outlets != 1)} in "
                                 f"{v.n_families} famil{'ies' if v.n_families != 1 else 'y'}"
                                 for v in cluster.versions[:4])
            lines.append(f"  {_short(cluster.topic, 60)}: {versions}")
    return lines
