"""Combine judge verdicts on candidate pairs into typed, scored, self-contained findings.

The combination knows verdict roles and kinds, never judge names: a new judge plugs in without a
change here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from contradict.attribution import citing, sentence_attribution
from contradict.context import sentence_context
from contradict.frames import FIXED_QUANTITIES
from contradict.quantities import last_digit_step
from contradict.schema import Article, CandidatePair, Finding, JudgeVerdict, Sentence, Side
from contradict.settings import defaults

# When several judges flag one pair, the most specific kind names the finding: figures compared
# symbolically say more than a model's reading of the whole sentence.
KIND_SPECIFICITY = {"numeric": 2, "contradiction": 1}
_DEFAULT = defaults()  # agreement bonus and same-version share unless a Finder's settings are passed


def _side(sentence: Sentence, article: Article, sentences: list[Sentence] | None = None) -> Side:
    attribution, asserted_by = sentence_attribution(sentence.text, sentence.antecedent)
    spans = None if sentences is None else [(s.start, s.end) for s in sentences]
    return Side(outlet=article.outlet, article_id=article.id, url=article.url, published=article.published,
                title=article.title, sentence=sentence.text, start=sentence.start, end=sentence.end,
                attribution=attribution, asserted_by=asserted_by,
                context=sentence_context(article.text, sentence.start, sentence.end, spans=spans))


def voice(side: Side) -> str:
    """The outlet and whom it cites: "outlet-002, citing experts", or the outlet alone for its own voice."""
    return side.outlet + citing(side.asserted_by)


def finding_id(pair: CandidatePair) -> str:
    """Stable across runs: the same sentences of the same articles give the same id, whatever the
    judges call the pair (a verdict recorded on it survives a re-typing)."""
    key = "|".join([pair.left.article_id, str(pair.left.start), str(pair.left.end),
                    pair.right.article_id, str(pair.right.start), str(pair.right.end)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _date(side: Side) -> str:
    return f" ({side.published})" if side.published else ""


def explain(lead: JudgeVerdict, left: Side, right: Side, update: JudgeVerdict | None) -> str:
    """The flagging verdict's own one-line explanation; an update names the older and newer report.

    Judges write ``{left}`` and ``{right}`` where the outlets go: they see sentences, not articles.
    """
    text = (lead.explanation or "{left} and {right} conflict (" + f"{lead.judge}, p={lead.confidence:.2f})")
    text = text.replace("{left}", voice(left)).replace("{right}", voice(right))
    if update is None or update.timing is None:
        return text
    newer, older = (right, left) if update.timing.newer == "right" else (left, right)
    dated = newer.published and older.published and newer.published != older.published \
        and update.timing.basis.startswith("published")
    why = "" if dated else f" ({update.timing.basis})"  # the order rests on what the sentences say
    return f"update: {newer.outlet}{_date(newer)} reports later than {older.outlet}{_date(older)}{why}; {text}"


def combine(pair: CandidatePair, verdicts: list[JudgeVerdict | None], articles: dict[str, Article],
            agreement_bonus: float = _DEFAULT.agreement_bonus,
            sentences: Mapping[str, list[Sentence]] | None = None) -> Finding | None:
    """A finding when any conflict verdict flags the pair; None otherwise (``sentences``: each article's
    sentences, as an index keeps them, for the sides' paragraph context).

    Type: the flagging verdict of the most specific kind (then the most confident); a context
    verdict of kind ``update`` makes it an update.  Score: the flagging verdicts' highest
    confidence, raised a little when more than one judge flags the pair.
    """
    present = [v for v in verdicts if v is not None]
    flagged = [v for v in present if v.role == "conflict" and v.conflict]
    if not flagged:
        return None
    lead = max(flagged, key=lambda v: (KIND_SPECIFICITY.get(v.kind or "", 0), v.confidence))
    # A changed figure is an update; a denial or an opposite reading stays a contradiction, whatever the dates.
    update = next((v for v in present if v.role == "context" and v.kind == "update"), None) \
        if lead.kind == "numeric" else None
    if update is not None and update.timing.grounds == "order" and _fixed(lead):
        update = None  # a march's crowd reported a day later is the same crowd: two sources disagree
    kind = "update" if update else (lead.kind or "contradiction")
    score = max(v.confidence for v in flagged)
    if len(flagged) > 1:
        score = min(1.0, score + agreement_bonus)
    sentences = sentences or {}
    left = _side(pair.left, articles[pair.left.article_id], sentences.get(pair.left.article_id))
    right = _side(pair.right, articles[pair.right.article_id], sentences.get(pair.right.article_id))
    return Finding(id=finding_id(pair), type=kind, score=round(score, 4),
                   explanation=explain(lead, left, right, update), similarity=pair.similarity,
                   left=left, right=right, evidence=present, timing=update.timing if update else None)


def _fixed(verdict: JudgeVerdict) -> bool:
    """Whether the figures a verdict compares count a thing later reports do not move (``FIXED_QUANTITIES``)."""
    counts = verdict.quantities[0].counts if verdict.quantities else None
    return bool(counts) and counts.split()[0] in FIXED_QUANTITIES


def disagreement(finding: Finding) -> tuple[str, tuple[float, float]] | None:
    """What a numeric finding disagrees about, whichever outlets say it: its story, its type, the thing
    counted and the two values ("<story>|numeric|dead", (30, 58)).  None for findings not about figures."""
    if finding.type not in ("numeric", "update"):
        return None  # a copy edit or a disputed claim is its own case, never a telling of another
    lead = next((v for v in finding.evidence if v.role == "conflict" and v.conflict and v.quantities), None)
    if lead is None or lead.kind != "numeric" or lead.quantities[0].values is None:
        return None
    comparison = lead.quantities[0]
    low, high = sorted(comparison.values)
    # the story and type belong to the key: "2 dead" against "3 dead" in two stories are two disagreements
    return f"{finding.story}|{finding.type}|{comparison.counts}", (low, high)


def same_version(a: float, b: float, share: float = _DEFAULT.same_version) -> bool:
    """Whether two figures of one thing are one version of it: equal, or within ``share`` of each other
    when the rounder one's last digit covers the difference ("1.03 million" / "more than 1 million";
    "2,750" / "2,700").  "245" and "233", or "278" and "268", are two versions: nobody rounds 245 to 233."""
    if a == b:
        return True
    return abs(a - b) <= share * max(abs(a), abs(b)) and \
        abs(a - b) < max(last_digit_step(a), last_digit_step(b)) * (1 - 1e-9)  # 4.8 - 4.7 is 0.0999...


def _version(versions: list[float], value: float, share: float = _DEFAULT.same_version) -> int:
    """The index of the version ``value`` belongs to, adding a new one if no known value is one with it."""
    for i, known in enumerate(versions):
        if same_version(value, known, share):
            return i
    versions.append(value)
    return len(versions) - 1


def sort_findings(findings: list[Finding], same_version: float = _DEFAULT.same_version) -> list[Finding]:
    """Best first, each distinct disagreement once before any repeat of it: when six outlet pairs give
    "30 dead" against "58 dead" (or "about 30" against "58"), the reviewer sees that once, at its best
    score; the others are marked ``same_as`` it and listed after every distinct disagreement, so the top
    of the list spans the story.  Nothing is dropped."""
    ranked = sorted((f.model_copy(update={"same_as": None}) for f in findings), key=lambda f: (-f.score, f.id))
    versions: dict[str, list[float]] = {}
    first: dict[tuple, str] = {}
    for finding in ranked:
        found = disagreement(finding)
        if found is None:
            continue
        counts, values = found
        known = versions.setdefault(counts, [])
        key = (counts, frozenset(_version(known, v, same_version) for v in values))
        if key in first:
            finding.same_as = first[key]
        else:
            first[key] = finding.id
    return sorted(ranked, key=lambda f: (f.same_as is not None, -f.score, f.id))
