"""The degree judge: two claims about the same thing that grade it at opposite ends.

"Venezuela plays a minimal role in the region's drug trade" against "Venezuela serves as a
significant transit point for the drug"; "only minimal damage was sustained" against "equipment was
badly damaged".  NLI models trained on image captions read such pairs poorly, and the words that
carry them are few: a low degree (minimal, minor, negligible, ...) on one side, a high degree
(significant, major, extensive, badly, ...) on the other, about the same subject.

A pair is flagged when a claim of one side carries only low-degree words and a claim of the other
only high-degree ones ("not a major" counts as low), and the two claims share at least
``min_shared`` content words besides them (the same subject and topic).  Pairs formed only by their
figures are left to the quantity judge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from contradict.claims import Claim, claims_of
from contradict.quantities import singular
from contradict.schema import CandidatePair, JudgeVerdict

LOW_DEGREE = frozenset("minimal minor negligible slight slightly little limited marginal insignificant modest "
                       "light lightly trivial".split())
HIGH_DEGREE = frozenset("significant significantly major key important substantial extensive extensively heavy "
                        "heavily severe severely badly serious seriously massive huge central crucial vital".split())
_NEGATED = re.compile(r"\b(?:not|no|never|hardly|barely)\s+(?:(?:a|an|the|very|so|particularly)\s+)?$", re.I)
_STOP = frozenset("the a an of to in on and or for with as at by from that this these those is are was were be been "
                  "being has have had its their his her it they we our us said says say not no only which who whom "
                  "what more most also than then there here into onto over under about after before during".split())
CONFIDENCE = 0.7  # as sure as two differing lower bounds: a clear opposition, read from two words


def degree(claim: str) -> str | None:
    """"low", "high", or None (no degree word, or both kinds)."""
    found = set()
    for m in re.finditer(r"[A-Za-z]+", claim):
        word = m.group().lower()
        if word in LOW_DEGREE or word in HIGH_DEGREE:
            high = word in HIGH_DEGREE
            if _NEGATED.search(claim, 0, m.start()):
                high = not high  # "not a major producer" grades low
            found.add("high" if high else "low")
    return found.pop() if len(found) == 1 else None


def content_words(claim: str) -> set[str]:
    return {singular(w.lower()) for w in re.findall(r"[A-Za-z]+", claim)
            if len(w) > 2 and w.lower() not in _STOP and w.lower() not in LOW_DEGREE | HIGH_DEGREE}


class DegreeJudge:
    name = "degree"

    def __init__(self, min_shared: int = 2) -> None:
        self.min_shared = min_shared

    def judge(self, pairs: Sequence[CandidatePair]) -> list[JudgeVerdict | None]:
        cache: dict[tuple[str, str | None], list[tuple[Claim, str | None, set[str]]]] = {}

        def claims(sentence) -> list[tuple[Claim, str | None, set[str]]]:
            key = (sentence.text, sentence.antecedent)
            if key not in cache:
                cache[key] = [(c, degree(c.text), content_words(c.text)) for c in claims_of(*key)]
            return cache[key]

        return [self._verdict(claims(p.left), claims(p.right)) if p.source == "neighbours" else None
                for p in pairs]

    def _verdict(self, left, right) -> JudgeVerdict | None:
        for a, grade_a, words_a in left:
            for b, grade_b, words_b in right:
                if grade_a and grade_b and grade_a != grade_b:
                    shared = words_a & words_b
                    if len(shared) >= self.min_shared:
                        return JudgeVerdict(
                            judge=self.name, conflict=True, confidence=CONFIDENCE, kind="contradiction",
                            explanation=f'{{left}} grades it {grade_a} ("{a.text.rstrip(".")}"); {{right}} grades it '
                                        f'{grade_b} ("{b.text.rstrip(".")}")',
                            note=f"shared words: {', '.join(sorted(shared))}")
        return None
