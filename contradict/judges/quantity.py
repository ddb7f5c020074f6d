"""The quantity judge: incompatible figures for the same thing in two claims.

NLI models are weak at numbers, so this judge parses quantities (``contradict.quantities``) and
compares them by interval logic:

- equal figures never conflict, whatever their qualifiers ("more than 4,000" vs "4,000");
- disjoint intervals conflict: ``incompatible`` ("11 killed" vs "at least 17 killed");
- two lower bounds (or two upper bounds) with different figures are ``different_bounds``: the
  outlets report different counts ("at least three strikes" vs "at least four attacks"), the
  typical cross-outlet discrepancy; flagged with a lower confidence than a hard clash.

Two quantities are only compared when they count the same thing: the same counted noun, or both
the counted words and the clause around them embed close together ("attacks on boats" ~ "strikes
against drug boats").
"""

from __future__ import annotations

import math
import re

import numpy as np

from contradict.embed import Embedder
from contradict.frames import (SINGULAR_MEASURES, FramedQuantity, framed_quantities, frames_allow_comparison,
                               other_events, same_category)
from contradict.quantities import Quantity
from contradict.schema import CandidatePair, JudgeVerdict, QuantityComparison
from contradict.settings import Settings, defaults

# Context vectors kept by a judge between calls (20,000 x 384 floats: 31 MB); memory, not judgement
CONTEXT_CACHE = 20_000
_LOWER = {"at_least", "more_than"}
_UPPER = {"at_most", "less_than"}
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_CLAUSE_BREAK = re.compile(r"[,;:()—–]\s")
_CLAUSE_END = re.compile(r"[,;:()—–](\s|$)|[.!?](\s|$)")
_TAIL_BREAK = {"and", "or", "with", "but", "while", "as", "which", "who", "that", "plus"}


def quantity_context(text: str, q: Quantity, tail_words: int = 4) -> str:
    """What a quantity counts: its counted noun phrase and the words that follow it in the clause.

    "four US military attacks on boats allegedly carrying" keeps the object of the count ("on
    boats"); the tail stops at punctuation or a coordinating word, where another item starts.
    Without a counted phrase, the three words before the figure stand in ("reward for his arrest").
    """
    if q.counted_span:
        start, end = q.counted_span
        closing = _closing_parenthesis(text, q)
        clause = re.split(r"[.,;:!?()]", text[closing or end:], maxsplit=1)[0]
        tail = []
        for word in _WORD.findall(clause)[:tail_words]:
            if word.lower() in _TAIL_BREAK:
                break
            tail.append(word)
        return " ".join([text[start:end], *tail])
    return " ".join(_WORD.findall(text[: q.start])[-3:])


def _closing_parenthesis(text: str, q: Quantity) -> int | None:
    """Where a parenthesised conversion ends ("100km (65 miles) north-east of Rome"): the figure in
    brackets restates the one before it, so what follows the bracket is said of it too."""
    end = q.counted_span[1] if q.counted_span else q.end
    if text[:q.start].rstrip().endswith("(") and text[end:].lstrip().startswith(")"):
        return text.index(")", end) + 1
    return None


def clause_context(text: str, q: Quantity) -> str:
    """The clause around a quantity with the figure masked as "N": what is said about the count."""
    closing = _closing_parenthesis(text, q)
    opening = text.rindex("(", 0, q.start) if closing else q.start
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, opening)]
    start = breaks[-1] if breaks else 0
    if closing:  # the bracket's figure in its outer clause: "on Wednesday N miles north-east of Rome"
        m = _CLAUSE_END.search(text, closing)
        end = m.start() if m else len(text)
        outer_figure = re.search(r"[\d.,]+\s*\w*\s*$", text[start:opening])
        head = text[start:start + outer_figure.start()] if outer_figure else text[start:opening]
        return (head + "N " + (q.counted or "") + text[closing:end]).strip()
    m = _CLAUSE_END.search(text, q.end)
    end = m.start() if m else len(text)
    return (text[start:q.start] + "N" + text[q.end:end]).strip()


def counted_similarity(a_text: str, a: Quantity, b_text: str, b: Quantity,
                       vectors: dict[str, np.ndarray]) -> float:
    """How surely two quantities count the same thing, in [-1, 1].

    The same counted noun is certain (1.0).  Otherwise both the counted words and the masked clause
    must agree (the lower of the two cosines): words alone are fooled by generic nouns ("people" /
    "personnel"), clauses alone by two figures in one clause ("two officials and two others").
    """
    framed = isinstance(a, FramedQuantity) and isinstance(b, FramedQuantity)
    if framed and (same_category(a, b) or (a.measure in SINGULAR_MEASURES and a.measure == b.measure)):
        return 1.0  # the same event category ("people died" / "the death toll"), or the story's magnitude
    if same_head(a, b) and not (framed and a.measure):  # "10 km" and "240 km" may measure different ways
        return 1.0
    words = float(vectors[quantity_context(a_text, a)] @ vectors[quantity_context(b_text, b)])
    clause = float(vectors[clause_context(a_text, a)] @ vectors[clause_context(b_text, b)])
    return min(words, clause)


def explain_comparison(c: QuantityComparison) -> str:
    """One line naming exactly the two figures compared, outlets as ``{left}``/``{right}``."""
    def said(figure: str, counted: str | None) -> str:
        return f"{figure} {counted}" if counted and counted not in figure else figure

    why = "different counts" if c.relation == "different_bounds" else "incompatible figures"
    return f"{{left}} says {said(c.left, c.counted_left)}; {{right}} says {said(c.right, c.counted_right)} ({why})"


def _counts(a: Quantity, b: Quantity) -> str | None:
    """What two compared figures count, in words that do not depend on how each outlet put it."""
    for q in (a, b):
        if isinstance(q, FramedQuantity) and (q.category or q.measure):
            return " ".join(x for x in (q.category or q.measure, q.scope) if x)
    return a.counted_head or b.counted_head


def relation(a: Quantity, b: Quantity, settings: Settings | None = None) -> str | None:
    """``incompatible``, ``different_bounds`` or None (compatible) for two quantities of one thing
    (``settings``: the slack of "about"; default ``defaults()``)."""
    settings = settings or defaults()
    if a.value == b.value:
        # equal figures agree whatever their qualifiers ("more than 4,000" / "4,000": news rounds), except
        # strict bounds on opposite sides: "nearly 100" / "more than 100", "fewer than 50" / "over 50"
        if "more_than" in (a.qualifier, b.qualifier) and {a.qualifier, b.qualifier} & {"less_than", "nearly"}:
            return "incompatible"
        return None
    about = (settings.about_slack_share, settings.about_slack_min)
    lo_a, hi_a = a.interval(*about)
    lo_b, hi_b = b.interval(*about)
    if hi_a < lo_b or hi_b < lo_a:
        return "incompatible"
    if (a.qualifier in _LOWER and b.qualifier in _LOWER) or (a.qualifier in _UPPER and b.qualifier in _UPPER):
        return "different_bounds"
    if _reported_toll(a) and _reported_toll(b) and {a.qualifier, b.qualifier} == {"at_least", "exact"}:
        # A toll "of at least 247" is the count reported, not a mere bound: another exact toll is
        # another report ("has risen to 278").  Rounded bounds ("more than 100") stay compatible.
        return "different_bounds"
    return None


def _reported_toll(q: Quantity) -> bool:
    return isinstance(q, FramedQuantity) and q.category is not None


def same_head(a: Quantity, b: Quantity) -> bool:
    """Both count the same noun ("strikes" / "strike"): similarity 1 without asking the embedder."""
    return a.counted_head is not None and a.counted_head == b.counted_head


def comparable(a: Quantity, b: Quantity) -> bool:
    """Same kind of figure, same unit, and frames that allow it (same measure, part, period, category)."""
    if a.kind != b.kind or a.kind == "year" or (a.unit or "") != (b.unit or ""):
        return False
    if a.kind == "ordinal" and a.counted_head != b.counted_head:
        return False  # "the fourth strike" is only ranked against strikes
    if isinstance(a, FramedQuantity) and isinstance(b, FramedQuantity):
        return frames_allow_comparison(a, b)
    return True


def orders_apart(a: Quantity, b: Quantity, max_ratio: float) -> bool:
    """Whether two non-zero figures are so far apart that they cannot be one thing counted two ways: outlets
    disagree about a crowd by a few times, not by a thousand ("hundreds clashed with police" is a part of
    "a million marched"); a zero ("no casualties") is a claim against any figure.  Measured between the
    nearest values each allows: "tens of thousands" reaches 99,999, a tenth of "more than 1 million"."""
    (lo_a, hi_a), (lo_b, hi_b) = a.interval(), b.interval()
    if lo_a > hi_b:
        (lo_a, hi_a), (lo_b, hi_b) = (lo_b, hi_b), (lo_a, hi_a)
    return lo_a > 0 and hi_a < math.inf and lo_b >= max_ratio * hi_a


class QuantityJudge:
    """Flags pairs whose claims give incompatible figures for the same counted thing."""

    name = "quantity"

    def __init__(self, embedder: Embedder, min_counted_similarity: float | None = None,
                 confidence: dict[str, float] | None = None, settings: Settings | None = None) -> None:
        """``settings`` (default ``defaults()``) gives the counted similarity, the confidences and the
        slack of "about"; ``min_counted_similarity`` and ``confidence``, when given, override them."""
        self.embedder = embedder
        self.settings = settings or defaults()
        self.min_counted_similarity = self.settings.min_counted_similarity if min_counted_similarity is None \
            else min_counted_similarity
        self.confidence = {**self.settings.quantity_confidence(), **(confidence or {})}
        self._context_vectors: dict[str, np.ndarray] = {}  # see ``_vectors``

    def _vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The contexts' vectors, each encoded once per judge: vetting draft after draft meets the index's
        side of the pairs again every time.  The oldest are dropped past ``CONTEXT_CACHE`` entries."""
        if len(texts) > CONTEXT_CACHE:  # a large scan: encoded in one go, not kept
            return dict(zip(texts, self.embedder.encode(texts), strict=True))
        missing = [t for t in texts if t not in self._context_vectors]
        if missing:
            self._context_vectors.update(zip(missing, self.embedder.encode(missing), strict=True))
        found = {t: self._context_vectors[t] for t in texts}
        for old in list(self._context_vectors)[:max(0, len(self._context_vectors) - CONTEXT_CACHE)]:
            del self._context_vectors[old]
        return found

    def judge(self, pairs: list[CandidatePair]) -> list[JudgeVerdict | None]:
        """One verdict per pair; None where the pair has no comparable quantities.

        Quantities are matched one-to-one, most similar context first, agreeing figures included:
        "at least 17 people" on both sides pairs up, so the 17 is never compared with a count of boats.
        """
        # framed_quantities is memoised: a claim that meets many partners is parsed once
        parsed = [(framed_quantities(p.left.text), framed_quantities(p.right.text)) for p in pairs]
        contexts: set[str] = set()
        for pair, (qs_left, qs_right) in zip(pairs, parsed, strict=True):
            if any(comparable(a, b) for a in qs_left for b in qs_right):
                for text, qs in ((pair.left.text, qs_left), (pair.right.text, qs_right)):
                    for q in qs:
                        contexts.update((quantity_context(text, q), clause_context(text, q)))
        vectors = self._vectors(sorted(contexts))
        verdicts: list[JudgeVerdict | None] = []
        for pair, (qs_left, qs_right) in zip(pairs, parsed, strict=True):
            candidates = []
            for i, a in enumerate(qs_left):
                for j, b in enumerate(qs_right):
                    if not comparable(a, b) or orders_apart(a, b, self.settings.max_figure_ratio) \
                            or other_events(a, pair.left.text, b, pair.right.text):
                        continue
                    # Rounded as written out: vectors carry float noise from the batch they were encoded
                    # in, and a verdict must not depend on which other pairs were judged beside this one
                    # (a re-scan reuses verdicts judged in another batch); ties then fall to word order.
                    sim = round(counted_similarity(pair.left.text, a, pair.right.text, b, vectors), 4)
                    candidates.append((a.value != b.value, -sim, i, j))
            if not candidates:
                verdicts.append(None)
                continue
            used_left, used_right, found = set(), set(), []
            # Equal figures pair up first, whatever their words: agreeing on "4,000" (personnel /
            # sailors) never makes a finding, and it keeps "eight ships" from meeting "4,000 sailors".
            for differ, negative_sim, i, j in sorted(candidates):
                sim = -negative_sim
                a, b = qs_left[i], qs_right[j]
                unlike_nouns = a.counted_head and b.counted_head and a.counted_head != b.counted_head
                too_unlike = sim < self.min_counted_similarity
                if i in used_left or j in used_right or ((differ or unlike_nouns) and too_unlike):
                    continue  # ("up to 20 critical points" agrees with no "20 missiles")
                used_left.add(i)
                used_right.add(j)
                rel = relation(a, b, self.settings)
                if rel:
                    found.append(QuantityComparison(
                        left=a.text, right=b.text, counted_left=a.counted, counted_right=b.counted,
                        relation=rel, counted_similarity=round(sim, 4), counts=_counts(a, b),
                        values=(a.value, b.value)))
            if found:
                scored = [(self.confidence[c.relation] * (0.5 + 0.5 * c.counted_similarity), c) for c in found]
                best, lead = max(scored, key=lambda sc: sc[0])
                found.remove(lead)
                found.insert(0, lead)  # the comparison the explanation names comes first
                # Two sentences that say much the same apart from the figure are one story told twice;
                # figures far apart in otherwise unlike sentences more often count different things.
                # (Ranking measured on the development stories: top-20 recall 11 -> 21 of 29 found.)
                best *= min(1.0, max(0.0, pair.similarity))
                verdicts.append(JudgeVerdict(judge=self.name, conflict=True, confidence=round(best, 4), kind="numeric",
                                             explanation=explain_comparison(lead), quantities=found))
            else:
                verdicts.append(JudgeVerdict(judge=self.name, conflict=False, confidence=0.0, quantities=[],
                                             note="figures agree or count different things"))
        return verdicts
