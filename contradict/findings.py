"""Combine judge verdicts on candidate pairs into typed, scored, self-contained findings."""

from __future__ import annotations

import hashlib

from contradict.schema import Article, CandidatePair, Finding, JudgeVerdict, Sentence, Side


def _side(sentence: Sentence, article: Article) -> Side:
    return Side(outlet=article.outlet, article_id=article.id, url=article.url, published=article.published,
                title=article.title, sentence=sentence.text, start=sentence.start, end=sentence.end)


def finding_id(kind: str, pair: CandidatePair) -> str:
    """Stable across runs: the same sentences of the same articles give the same id."""
    key = "|".join([kind, pair.left.article_id, str(pair.left.start), str(pair.left.end),
                    pair.right.article_id, str(pair.right.start), str(pair.right.end)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def explain(kind: str, left: Side, right: Side, verdicts: list[JudgeVerdict]) -> str:
    quantity = next((v for v in verdicts if v.judge == "quantity" and v.conflict), None)
    if kind == "numeric" and quantity and quantity.quantities:
        c = quantity.quantities[0]
        return (f"{left.outlet} says {c.left} {c.counted_left or ''}".rstrip()
                + f"; {right.outlet} says {c.right} {c.counted_right or ''}".rstrip()
                + (" (different counts)" if c.relation == "different_bounds" else " (incompatible figures)"))
    nli = next((v for v in verdicts if v.judge == "nli"), None)
    p = nli.confidence if nli else 0.0
    return f"{left.outlet} and {right.outlet} make claims the NLI model reads as contradictory (p={p:.2f})"


def combine(pair: CandidatePair, verdicts: list[JudgeVerdict | None], articles: dict[str, Article]
            ) -> Finding | None:
    """A finding when any judge flags the pair; None otherwise.

    The quantity judge names the type ``numeric`` (figures are checked symbolically, the stronger
    evidence); otherwise an NLI flag makes it ``contradiction``.  Score: the flagging judges' highest
    confidence, raised a little when both agree.
    """
    present = [v for v in verdicts if v is not None]
    flagged = [v for v in present if v.conflict]
    if not flagged:
        return None
    kind = "numeric" if any(v.judge == "quantity" for v in flagged) else "contradiction"
    score = max(v.confidence for v in flagged)
    if len(flagged) > 1:
        score = min(1.0, score + 0.05)
    left = _side(pair.left, articles[pair.left.article_id])
    right = _side(pair.right, articles[pair.right.article_id])
    return Finding(id=finding_id(kind, pair), type=kind, score=round(score, 4),
                   explanation=explain(kind, left, right, present), similarity=pair.similarity,
                   left=left, right=right, evidence=present)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.score, f.id))
