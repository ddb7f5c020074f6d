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

from pydantic import BaseModel

_SAY = (r"(?:said|says|say|told|tells|added|noted|stated|explained|reported|reports|confirmed|confirms|"
        r"announced|announces|claimed|claims|believes?|believed|estimated|estimates|argued|argues|"
        r"warned|insisted|maintained|point(?:s|ed)? out|acknowledged|admitted|denied|wrote|according)")
# ", according to the sources, who spoke on condition ..." / ", officials said on Friday." at the end.
_WHEN = r"(?:\s+(?:on|in|at|last|this|late|early|earlier|later)(?:\s+[\w'’]+){1,2})?"
_TRAILING = re.compile(
    r"(?:,?\s+according to\b[^.;]*|,\s+(?:[\w'’.-]+\s+){0,6}?" + _SAY +
    r"(?:\s+(?:(?-i:[A-Z])[\w'’.-]*|reporters|journalists|the\s+\w+))*" + _WHEN + r")[.!]?['\"”’]*\s*$", re.I)
# "According to X, ..." / "X said (that) ..." / "X told Y (that) ..." at the start.
_LEADING_ACCORDING = re.compile(r"^\s*(?:according to|in response to|as per)\b[^,]{1,80},\s*", re.I)
_LEADING_SAY = re.compile(
    r"^\s*(?P<who>(?:[\w'’.,-]+\s+){0,16}?)" + _SAY + r"(?:\s+(?:on|in|last)\s+\w+)?"
    r"(?:\s+(?:(?-i:[A-Z])[\w'’.-]*|reporters|journalists|the\s+\w+(?:\s+\w+)?|\w+\s+News))*?(?:\s+that\b|,|:)\s+",
    re.I)
# "X said US President Trump has ...": a verb of saying followed straight by its clause.
_LEADING_SAY_BARE = re.compile(
    r"^\s*(?P<who>(?:[\w'’.,-]+\s+){1,16}?)(?:said|says|say|claimed|claims|believes|believed|argued|argues|"
    r"insisted|warned|added|noted|stated|confirmed|confirms)\s+", re.I)
_SPLIT = re.compile(r"\s*(?:;|,?\s+but\s+|,\s+while\s+|,\s+whereas\s+)\s*", re.I)
_SUBJECT_END = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|should|does|do|did|"
                          r"remains?|plays?|serves?|says?|said)\b", re.I)
_STARTS_WITH_SUBJECT = re.compile(
    r"^(?:(?i:the|a|an|this|that|these|those|it|he|she|they|we|i|you|there|its|his|her|their|our|some|many|most|"
    r"all|no|none|each|every)\b|[A-Z]|\d)")
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
    if not frames:
        m = _LEADING_SAY.match(text)
        if not (m and len(text[m.end():].split()) >= _MIN_WORDS):
            m = _LEADING_SAY_BARE.match(text)
        if m and len(text[m.end():].split()) >= _MIN_WORDS:
            frames.append(m.group(0).strip(" ,:"))
            text = text[m.end():]
            text = text[0].upper() + text[1:]
    return text.strip(), ("; ".join(frames) if frames else None)


def _subject(clause: str) -> str | None:
    m = _SUBJECT_END.search(clause)
    if not m or m.start() == 0:
        return None
    subject = clause[:m.start()].strip()
    return subject if 0 < len(subject.split()) <= 6 else None


def claims_of(sentence: str, antecedent: str | None = None) -> list[Claim]:
    """The claims of one sentence (at least one: the sentence itself, stripped of attribution).

    ``antecedent``: what a leading "It"/"He"/"She" stands for (``Sentence.antecedent``); the claim
    names it, so "It is not considered a source" is judged as "Venezuela is not considered a source".
    """
    original = sentence  # spans point into the sentence as written, before the pronoun is named
    if antecedent:
        sentence = re.sub(r"^(?:It|He|She)\b", antecedent, sentence, count=1)
    body, attribution = strip_attribution(sentence)
    parts = [p for p in _SPLIT.split(body.rstrip(".")) if p.strip()]
    claims: list[Claim] = []
    subject = _subject(parts[0]) if parts else None
    for part in parts:
        part = part.strip()
        if len(part.split()) < _MIN_WORDS and claims:
            claims[-1] = claims[-1].model_copy(update={"text": claims[-1].text})  # too short to stand alone
            continue
        if claims and subject and not _STARTS_WITH_SUBJECT.match(part):
            part = f"{subject} {part}"
        start = max(0, original.find(part.split(" ", 1)[0]))
        claims.append(Claim(text=part.rstrip(" ,") + ".", start=start, end=len(original), attribution=attribution))
    if not claims:
        claims.append(Claim(text=sentence.strip(), start=0, end=len(original), attribution=attribution))
    return claims
