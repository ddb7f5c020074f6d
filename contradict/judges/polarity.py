"""The polarity judge: one outlet asserts what another denies.

"Trump has not yet approved the strikes" against "Trump has approved the strikes on targets inside
Venezuela"; "Venezuela is not considered a source of illegal fentanyl" against "Venezuela is a major
source of the fentanyl that enters the United States".  A denial and an assertion of one predicate
about one subject are the plainest contradiction in news, and the one small NLI models trained on
captions miss when the sentences are long.

A pair of claims is flagged when exactly one of them negates its predicate ("not", "n't", "never",
"no longer"), and the other, unnegated, shares with it

- the predicate: the first content word after the negation ("approved"; hedges such as "considered",
  "believed", "yet" are skipped), in the same form or with the same stem;
- the subject: a content word before the negation (or before the predicate in the other claim);
- the object: a content word after the predicate.

Surface rules over the claims (attribution already set aside by ``contradict.claims``); pairs formed
only by their figures are left to the quantity judge.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contradict.claims import Claim
from contradict.judges.base import ClaimPairJudge
from contradict.quantities import singular
from contradict.schema import JudgeVerdict
from contradict.settings import Settings, defaults

_NEGATION = re.compile(r"\b(?:not|never|no longer)\b|n[’']t\b", re.I)
_HEDGES = frozenset("yet been be being considered believed thought seen regarded deemed known viewed "
                    "expected likely really necessarily currently immediately officially publicly also even "
                    "able to as a an the any".split())
_STOP = frozenset("the a an of to in on and or for with as at by from that this these those is are was were be been "
                  "being has have had do does did will would can could may might should must its their his her it "
                  "they we our us i you he she which who whom what than then there here into onto over under "
                  "about after before during also only just so such very out up down off against near "
                  "across through between among within without toward towards".split())
# "not" denies a predicate after an auxiliary ("has not approved", "were not intercepted", "is also not");
# after a noun it describes one ("persons not reported as missing", "officials not authorised to speak").
_AUXILIARIES = frozenset("is are was were be been being am has have had do does did will would can could may might "
                         "shall should must ought need dare".split())
_UNIVERSAL = frozenset("all every each always entirely fully completely".split())
_OPEN_QUESTION = frozenset("how whether if what when why who where which".split())


def _words(text: str) -> list[tuple[str, int]]:
    return [(m.group().lower(), m.start()) for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text)]


def _stem(word: str) -> str:
    word = singular(word)
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content(words: list[tuple[str, int]]) -> list[str]:
    return [_stem(w) for w, _ in words if w not in _STOP and len(w) > 2]


def _predicate_negation(claim: str) -> re.Match | None:
    """The first negation that denies a predicate: "never", "no longer", "n't", or "not" after an auxiliary
    (up to two words back: "has also not"), not "not" describing a noun ("persons not reported as missing")."""
    for m in _NEGATION.finditer(claim):
        if m.group().lower() != "not":
            return m
        if any(w in _AUXILIARIES for w, _ in _words(claim[max(0, m.start() - 40):m.start()])[-2:]):
            return m
    return None


# A claim meets a dozen partners or more: its reading is worked out once (measured: 7 of 83 s of a
# 1,000-article re-scan went to reading the same claims again, pair after pair).
@lru_cache(maxsize=1 << 16)
def denial(claim: str) -> tuple[frozenset[str], str, tuple[str, ...]] | None:
    """(subject stems, predicate stem, object stems) of a negated claim, or None if not negated."""
    m = _predicate_negation(claim)
    if not m:
        return None
    before = _content(_words(claim[: m.start()]))
    after = [(w, i) for w, i in _words(claim[m.end():]) if w not in _HEDGES]
    if not after or not before:
        return None
    if len(after) > 1 and after[1][0] in _OPEN_QUESTION:
        return None  # "did not say how many": not saying is no denial
    if any(w in _UNIVERSAL for w, _ in after):
        return None  # "has not provided evidence on all vessels" denies "all", not "some"
    objects = _content(after[1:])
    if not objects:
        return None
    return frozenset(before), _stem(after[0][0]), tuple(objects)


@lru_cache(maxsize=1 << 16)
def assertion(claim: str) -> tuple[str, ...] | None:
    """Content stems of an unnegated claim in order, or None if it is negated."""
    if _predicate_negation(claim):
        return None
    return tuple(_content(_words(claim)))


def opposes(negated: str, asserted: str) -> str | None:
    """The shared predicate when ``asserted`` asserts what ``negated`` denies, else None."""
    denied = denial(negated)
    stems = assertion(asserted)
    if denied is None or stems is None:
        return None
    subject, predicate, objects = denied
    if predicate not in stems or predicate in _STOP:
        return None
    at = stems.index(predicate)
    asserted_objects = stems[at + 1:]
    if not subject & set(stems[:at]) or not asserted_objects:
        return None
    # The same object: the first thing after the verb on both sides ("approved the strikes" /
    # "approved the strikes on targets"), or two of its words ("a source of illegal fentanyl entering
    # the US" / "a major source of the fentanyl that enters"); one shared word is not enough ("did not
    # attend the summit" / "attended a dinner after the summit").
    if objects[0] != asserted_objects[0] and len(set(objects) & set(asserted_objects)) < 2:
        return None
    return predicate


class PolarityJudge(ClaimPairJudge):
    name = "polarity"

    def __init__(self, confidence: float | None = None, settings: Settings | None = None) -> None:
        """``confidence`` (default: ``settings.polarity_confidence``): a denial of the same predicate is plain;
        the reading of who and what is by words only."""
        settings = settings or defaults()
        self.confidence = settings.polarity_confidence if confidence is None else confidence

    def compare(self, a: Claim, b: Claim) -> JudgeVerdict | None:
        for negated, asserted, denier, asserter in ((a, b, "{left}", "{right}"), (b, a, "{right}", "{left}")):
            predicate = opposes(negated.text, asserted.text)
            if predicate:
                return JudgeVerdict(
                    judge=self.name, conflict=True, confidence=self.confidence, kind="contradiction",
                    explanation=f'{denier} denies what {asserter} asserts: "{negated.text.rstrip(".")}" / '
                                f'"{asserted.text.rstrip(".")}"',
                    note=f"predicate: {predicate}")
        return None
