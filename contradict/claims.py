"""Claims, not long sentences: what a sentence asserts, with who asserts it set aside.

A news sentence often wraps one or two assertions in attribution and extra clauses: "Trump has not
yet approved the plans, according to the sources, who spoke on condition of anonymity", "Venezuela
is not a major cocaine producer but serves as a significant transit point".  An NLI model reads the
wrapping as content and misses the conflict; so before NLI each sentence is reduced to its claims:

- attribution frames are set aside and kept as the claim's ``attribution`` ("according to X",
  ", X said", "X said that", "X told Y that", "sources told X", "experts point out that");
- clauses coordinated by "but", "while", "whereas" or a semicolon are split, the second taking the
  first one's subject when it has none of its own ("... but serves as ..." -> "Venezuela serves as").

Plain rules over surface forms, no parser: the frames are the formulaic ones of news copy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel

_SAY = (r"(?:said|says|say|told|tells|added|noted|stated|explained|reported|confirmed|confirms|"
        r"announced|announces|claimed|believes?|believed|argued|argues|"
        r"warned|insisted|maintained|point(?:s|ed)? out|acknowledged|admitted|wrote)")
# Who a verb of saying is addressed to: a few capitalised words, "reporters", "the BBC".  Bounded, and
# no two branches can read the same words (an unbounded, overlapping version backtracked
# exponentially on all-capitals sentences).
_TO_WHOM = (r"(?:\s+(?:(?-i:[A-Z])[\w'’.-]*|reporters|journalists|(?-i:the)\s+[\w'’.-]+|"
            r"(?:local|state|national|foreign)\s+(?:media|television|tv|radio|press)|media|press)){0,4}")
_WHEN = r"(?:\s+(?:on|in|at|last|this|late|early|earlier|later)(?:\s+[\w'’]+){1,2})?"
# ", according to the sources, who spoke on condition ..." / ", officials said on Friday." at the end.
_TRAILING = re.compile(
    # an initial's dot ("according to the U.S. Geological Survey") does not end the frame; "in response to"
    # (what synonym spinners make of "according to") only when a speaker follows
    r"(?:,?\s+(?:according to|as per|in response to(?=[^.;,]*\b(?:officials?|sources?|people|person|experts?|"
    r"analysts?|familiar|acquainted|briefed)\b))\b(?:[^.;,]|(?<=\b[A-Z])\.)*(?:,\s+(?:who|which)\b[^.;]*)?|"
    r",['\"”’]?\s+(?:[\w'’.-]+\s+){0,6}?" + _SAY + _TO_WHOM + _WHEN + r")[.!]?['\"”’]*\s*$", re.I)
# ", according to local officials," in the middle of a sentence.
_MIDDLE_ACCORDING = re.compile(r",\s+according to\b[^,.;]{1,100},\s*", re.I)
_MIDDLE_SAY = re.compile(r",\s+(?:[\w'’.-]+\s+){0,4}?(?:said|says|added|noted|told reporters),\s+", re.I)
# "According to X, ..." / "X said (that) ..." / "X told Y (that) ..." at the start.
_LEADING_ACCORDING = re.compile(r"^\s*(?:according to|in response to|as per)\b[^,]{1,80},\s*", re.I)
# The speaker: a few words, or a noun with an apposition ("The sources, including two officials, said").
_WHO = (r"(?P<who>(?:[\w'’.-]+\s+){0,8}?|[\w'’.-]+(?:\s+[\w'’.-]+){0,4},\s+(?:including|who|a|an|the)\b"
        r"[^,]{0,150},\s+)")
# An opening adverbial before the speaker: "On Friday, ", "Posting on Truth Social, ", "In a statement, ".
INTRO = (r"(?:(?:on|in|at|after|before|during|posting|speaking|writing|asked|responding|earlier|later|"
         r"meanwhile|however|separately|also)\b[^,;:\"“”]{0,50},\s+)")
_LEADING_SAY = re.compile(r"^\s*" + INTRO + "?" + _WHO + _SAY + r"(?:\s+(?:on|in|last)\s+\w+)?" + _TO_WHOM +
                          r"?(?:\s+that\b|,|:)\s+", re.I)
# "X said US President Trump has ...": a verb of saying followed straight by its clause.
_LEADING_SAY_BARE = re.compile(r"^\s*" + _WHO + r"(?:said|says|say|claimed|claim|believes|believe|believed|"
                               r"argued|argues|argue|"
                               r"insisted|warned|added|noted|stated|confirmed|confirms)\s+", re.I)
# A speaker that is no speaker: "Police have not confirmed ...", "The man who said ...".
_NOT_A_SPEAKER = re.compile(r"(?:\b(?:not|never|have|has|had|did|does|do|will|would|could|can|who|which|that)"
                            r"|n[’']t),?\s*$", re.I)
# A clause has a finite verb: an auxiliary, a past form, or a common irregular one.
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|(?-i:may)|might|must|should|did|does|"
                     r"do|remains?|held|said|told|rose|fell|went|came|made|took|gave|found|left|began|hit|saw|"
                     r"knew|kept|struck|won|lost|ran|led|met|paid|sent|built|shot|fled|\w+ed)\b"
                     # a named subject and a present-tense verb: "... said Venezuela plays a minimal role"
                     r"|\b(?-i:[A-Z][\w'’-]*)\s+(?-i:[a-z]+s)\b", re.I)
_SPLIT = re.compile(r"\s*(?:;|,?\s+but\s+|,\s+while\s+|,\s+whereas\s+)\s*", re.I)
_NO_SPLIT_BEFORE = {"all", "anything", "nothing", "none", "everything", "only", "nobody", "last"}
_SUBJECT_END = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|should|does|do|did|"
                          r"remains?|plays?|serves?|says?|said)\b", re.I)
_VERB_START = re.compile(r"^(?-i:[a-z])[a-z]*(?:s|ed)\b|^(?:is|are|was|were|has|have|had|will|would|can|could|"
                         r"remains?)\b")
_MIN_WORDS = 4


class Claim(BaseModel):
    """One assertion of a sentence: ``text`` as judged, ``start``/``end`` its span in the sentence
    (the part it came from), ``attribution`` the frame set aside, if any."""

    text: str
    start: int
    end: int
    attribution: str | None = None


def strip_attribution(sentence: str) -> tuple[str, str | None]:
    """(the assertion, the attribution frame or None)."""
    text, frames = sentence.strip(), []
    m = _LEADING_ACCORDING.match(text)
    if m:
        frames.append(m.group(0).strip(" ,"))
        text = text[m.end():]
    m = _TRAILING.search(text)
    if m and len(text[:m.start()].split()) >= _MIN_WORDS:
        frames.append(m.group(0).strip(" ,.”\"’'"))
        text = text[:m.start()].rstrip(" ,") + "."
    for middle in (_MIDDLE_ACCORDING, _MIDDLE_SAY):  # ", according to local officials," / ", police said,"
        m = middle.search(text)
        if m and len(text[:m.start()].split()) >= 2:
            frames.append(m.group(0).strip(" ,"))
            text = text[:m.start()] + " " + text[m.end():]
    if not frames:
        m = _LEADING_SAY.match(text)
        if not _is_frame(m, text, need_verb=False):
            m = _LEADING_SAY_BARE.match(text)
            if not _is_frame(m, text, need_verb=True):
                m = None
        if m:
            frames.append(m.group(0).strip(" ,:"))
            text = text[m.end():]
            text = text[0].upper() + text[1:]
    return text.strip(), ("; ".join(frames) if frames else None)


def _is_frame(m: re.Match | None, text: str, need_verb: bool) -> bool:
    """A leading "X said" is a frame when X can be a speaker and what follows is a clause of its own."""
    if not m or len(text[m.end():].split()) < _MIN_WORDS or _NOT_A_SPEAKER.search(m.group("who")):
        return False
    return not need_verb or _FINITE.search(text, m.end()) is not None


def _subject(clause: str) -> str | None:
    m = _SUBJECT_END.search(clause)
    if not m or m.start() == 0:
        return None
    subject = clause[:m.start()].strip()
    return subject if 0 < len(subject.split()) <= 6 else None


def _parts(body: str) -> list[str]:
    """Coordinated clauses: split at "; ", "but", ", while", ", whereas" unless the piece after is too
    short to stand alone ("profits fell 10%") or the "but" means "except" ("all but two")."""
    parts, last = [], 0
    for m in _SPLIT.finditer(body):
        before = body[last:m.start()].split()
        after = body[m.end():].split()
        if not before or (before[-1].lower() in _NO_SPLIT_BEFORE and "but" in m.group().lower()):
            continue
        rest = _SPLIT.split(body[m.end():], maxsplit=1)[0]
        if len(rest.split()) < _MIN_WORDS or len(body[last:m.start()].split()) < _MIN_WORDS or not after:
            continue
        parts.append(body[last:m.start()])
        last = m.end()
    parts.append(body[last:])
    return [p.strip() for p in parts if p.strip()]


def claims_of(sentence: str, antecedent: str | None = None) -> list[Claim]:
    """The claims of one sentence (at least one: the sentence itself, stripped of attribution).

    ``antecedent``: what a leading "It" stands for (``Sentence.antecedent``); the claim names it, so "It
    is not considered a source" is judged as "Venezuela is not considered a source".
    """
    return list(_claims(sentence, antecedent))


@lru_cache(maxsize=8192)
def _claims(sentence: str, antecedent: str | None) -> tuple[Claim, ...]:
    original = sentence  # spans point into the sentence as written, before the pronoun is named
    if antecedent:
        sentence = re.sub(r"^It\b", antecedent, sentence, count=1)
    body, attribution = strip_attribution(sentence)
    parts = _parts(body.rstrip("."))
    claims: list[Claim] = []
    subject = _subject(parts[0]) if parts else None
    for part in parts:
        if claims and subject and _VERB_START.match(part):
            part = f"{subject} {part}"  # "... but serves as a transit point": the first clause's subject
        start = max(0, original.find(part.split(" ", 1)[0]))
        claims.append(Claim(text=part.rstrip(" ,") + ".", start=start, end=len(original), attribution=attribution))
    if not claims:
        claims.append(Claim(text=sentence.strip(), start=0, end=len(original), attribution=attribution))
    return tuple(claims)
