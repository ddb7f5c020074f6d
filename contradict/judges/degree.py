"""The degree judge: two claims about the same thing that grade it at opposite ends.

"Venezuela plays a minimal role in the region's drug trade" against "Venezuela serves as a
significant transit point for the drug"; "only minimal damage was sustained" against "equipment was
badly damaged".  NLI models trained on image captions read such pairs poorly, and the words that
carry them are few: a low degree (minimal, minor, negligible, ...) on one side, a high degree
(significant, major, extensive, badly, ...) on the other, about the same subject.

A pair is flagged when a claim of one side carries only low-degree words and a claim of the other
only high-degree ones ("not a major" counts as low), and the two claims share at least
``min_shared`` content words besides them (stems: "damaged" is "damage"), the same subject and topic.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contradict.claims import Claim
from contradict.judges.base import ClaimPairJudge
from contradict.schema import JudgeVerdict
from contradict.settings import Settings, defaults

# Words that grade how much something matters or how bad it is; words with other common senses
# ("central Italy", "a little girl", "heavy rain", "key", "modest") are left out.
LOW_DEGREE = frozenset("minimal minor negligible slight slightly marginal insignificant trivial".split())
HIGH_DEGREE = frozenset("significant significantly major important substantial extensive extensively severe "
                        "severely badly serious seriously massive huge crucial vital".split())
# A negation shortly before flips the grade: "not a major producer", "no one was seriously injured".
_NEGATED = re.compile(r"\b(?:not|no|never|hardly|barely|nobody|none)\b(?:\s+[\w'’-]+){0,3}\s+$", re.I)
_STOP = frozenset("the a an of to in on and or for with as at by from that this these those is are was were be been "
                  "being has have had its their his her it they we our us said says say not no only which who whom "
                  "what more most also than then there here into onto over under about after before during".split())


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _stems(claim: str) -> list[str]:
    """The claim's content words as stems, in order: "damaged" and "damage" are one word."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", claim)
             if len(w) > 2 and w.lower() not in _STOP and w.lower() not in LOW_DEGREE | HIGH_DEGREE]
    return _stemmer().stemWords(words)


@lru_cache(maxsize=4096)
def graded_words(claim: str, before: int = 3, after: int = 5) -> frozenset[str]:
    """The content stems among the few words around the claim's degree words: what it grades ("a
    significant transit point for the drug", "was badly damaged"), not all the sentence says."""
    words = re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", claim)  # "the area's drug trade": five words
    near = []
    for n, word in enumerate(words):
        if word.lower() in LOW_DEGREE or word.lower() in HIGH_DEGREE:
            near.extend(words[max(0, n - before):n] + words[n + 1:n + 1 + after])
    return frozenset(_stems(" ".join(near)))


@lru_cache(maxsize=4096)
def content_words(claim: str) -> frozenset[str]:
    return frozenset(_stems(claim))


@lru_cache(maxsize=4096)
def subject_words(claim: str, first: int) -> frozenset[str]:
    """The ``first`` content words: where a news claim names what it is about (after an opening such as
    "More broadly, experts point out that")."""
    return frozenset(_stems(claim)[:first])


class DegreeJudge(ClaimPairJudge):
    name = "degree"
    # graded claims are paired beside figures (pair._figure_keys "degree"): "badly damaged" and "only
    # minimal damage" are rarely each other's nearest neighbours
    sources = frozenset({"neighbours", "figures"})

    def __init__(self, min_shared: int | None = None, confidence: float | None = None,
                 settings: Settings | None = None) -> None:
        """``settings`` (default ``defaults()``) gives the shared words, the confidence and the subject
        words; ``min_shared`` and ``confidence``, when given, override them."""
        settings = settings or defaults()
        self.min_shared = settings.degree_min_shared if min_shared is None else min_shared
        self.confidence = settings.degree_confidence if confidence is None else confidence
        self.subject_words = settings.degree_subject_words

    def compare(self, a: Claim, b: Claim) -> JudgeVerdict | None:
        grade_a, grade_b = degree(a.text), degree(b.text)
        if not (grade_a and grade_b and grade_a != grade_b):
            return None
        words_a, words_b = content_words(a.text), content_words(b.text)
        shared = words_a & words_b
        subjects = subject_words(a.text, self.subject_words) & subject_words(b.text, self.subject_words)
        if len(shared) < self.min_shared or not subjects:
            return None  # about the same thing, and of the same subject ("Venezuela ..." / "Venezuela ...")
        graded = graded_words(a.text) & graded_words(b.text)
        if not graded:
            return None  # grading the same thing: "a significant escalation" is no answer to "a minimal role"
        first_a, first_b = _stems(a.text)[:1], _stems(b.text)[:1]
        same_subject = bool(first_a and first_b and first_a[0] in words_b and first_b[0] in words_a)
        if not same_subject and not subjects - graded:
            return None  # of one subject: "the president played a major role" / "the minister ... a minor role"
        return JudgeVerdict(
            judge=self.name, conflict=True, confidence=self.confidence, kind="contradiction",
            explanation=f'{{left}} grades it {grade_a} ("{a.text.rstrip(".")}"); {{right}} grades it '
                        f'{grade_b} ("{b.text.rstrip(".")}")',
            note=f"shared words: {', '.join(sorted(shared))}")
