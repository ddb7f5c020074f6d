"""Who asserts a claim: the outlet in its own voice, a named person or body, unnamed sources, or experts.

``contradict.claims`` sets the attribution frame of a sentence aside ("four sources familiar with the
matter told NBC News", "according to experts", "Police said"); this module reads that frame:

- **who** speaks: the words before the verb of saying, or after "according to";
- **kind**: ``experts`` when the speaker is a kind of expert with no name ("experts", "analysts",
  "scientists"); ``unnamed`` when it is people not named ("sources", "officials", "a former US
  official", "people familiar with ..."); ``named`` otherwise (a person, a body, a role such as "the
  mayor", a pronoun that stands for someone named before); ``own_voice`` when there is no frame;
- **via**: the report a claim reaches the outlet through: the one told ("told NBC News", "confirmed to
  Reuters"), the owner in "NBC News' four sources", or the speaker of "X reported" (a report is a
  publication's).  ``contradict.families`` finds relays from it.

A role noun followed by a name ("analyst John Smith", "official Jane Doe") is named.  Plain rules over
the formulaic frames of news copy, no parser, no list of outlets or people.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contradict.claims import _SAY, INTRO, claims_of
from contradict.schema import Attribution

_EXPERT = re.compile(r"\b(?:experts?|analysts?|scientists?|researchers?|economists?|observers?|specialists?|"
                     r"academics?|scholars?|seismologists?|geologists?|engineers?|epidemiologists?|"
                     r"commentators?|historians?)\b", re.I)
_UNNAMED = re.compile(r"\b(?:sources?|officials?|officers?|people|persons?|insiders?|aides?|diplomats?|"
                      r"individuals?|someone|others|witnesses|residents|"
                      r"(?:those|people|person|one|others?)\s+(?:familiar|briefed|close|involved|with knowledge))\b",
                      re.I)
_ANONYMOUS = re.compile(r"\b(?:familiar with|briefed on|condition of anonymity|not authori[sz]ed|declined to be "
                        r"named|asked not to be (?:named|identified)|speaking anonymously)\b", re.I)
_PRONOUN = re.compile(r"^(?:he|she|it|they|we|i)$", re.I)
_ACCORDING = re.compile(r"^\s*(?:according to|as per|in response to)\s+(?P<who>.+)$", re.I | re.S)
_VERB = re.compile(r"\b" + _SAY + r"\b", re.I)
# A name: capitalised words (with initials and "of"/"the" inside: "U.S. Geological Survey", "Bank of Italy").
_NAME = r"(?-i:[A-Z][\w'’.&-]*)(?:\s+(?:(?-i:[A-Z][\w'’.&-]*)|of|de|the|and)){0,5}"
_TOLD = re.compile(r"^\s*(?:(?:the\s+)?(?P<name>" + _NAME + r"))", re.I)
_POSSESSIVE = re.compile(r"^(?P<owner>(?:the\s+)?" + _NAME + r")['’]s?\s+(?P<rest>.+)$", re.I | re.S)
_DETERMINER = re.compile(r"^(?:the|a|an|some|several|many|two|three|four|five|six|multiple|one|other)\b", re.I)
_TRIM = " ,:;.\"“”'’"
OWN_VOICE = Attribution(kind="own_voice")


def _clean_name(name: str) -> str:
    name = re.sub(r"(?:\s+(?:of|de|the|and))+$", "", name.strip(_TRIM))  # a name does not end in "of"
    return re.sub(r"^the\s+", "", name)  # "the BBC" is the BBC; a capitalised "The" is part of the name


def name_key(name: str) -> str:
    """One spelling of a name: "the Daily Planet", "The Daily Planet" and "Daily Planet’s" are one."""
    name = re.sub(r"['’]s?$", "", name.strip(_TRIM))
    return " ".join(re.sub(r"^(?i:the)\s+", "", name).lower().split())


def _is_name(words: str) -> bool:
    """A phrase that names someone: it holds a capitalised word other than its first word, or is one
    capitalised word that is not a sentence's common first word ("Police", "Trump")."""
    tokens = words.split()
    if not tokens:
        return False
    return any(t[:1].isupper() for t in tokens[1:]) or (tokens[0][:1].isupper() and not _DETERMINER.match(tokens[0]))


def kind_of(who: str) -> str:
    """``experts``, ``unnamed`` or ``named`` for a speaker phrase."""
    who = who.strip(_TRIM)
    if _PRONOUN.match(who):
        return "named"
    for pattern, kind in ((_EXPERT, "experts"), (_UNNAMED, "unnamed")):
        m = pattern.search(who)
        if m:
            after = who[m.end():].strip(_TRIM)
            # "analyst John Smith", "official Jane Doe": the role is followed by the person's name
            if after and re.match(r"(?-i:[A-Z])", after) and not _ANONYMOUS.search(who):
                return "named"
            return kind
    if _ANONYMOUS.search(who):
        return "unnamed"
    return "named"


def _one(frame: str) -> Attribution | None:
    frame = frame.strip(_TRIM)
    if not frame:
        return None
    via = None
    m = _ACCORDING.match(frame)
    if m:
        who = m.group("who")
        verb = None
    else:
        v = _VERB.search(frame)
        if not v:
            return None
        who, verb = frame[:v.start()], v.group().lower()
        after = frame[v.end():]
        if verb in ("told", "tells") or re.match(r"\s+to\b", after):  # "told NBC News", "confirmed to Reuters"
            t = _TOLD.match(re.sub(r"^\s+to\b", "", after))
            if t and t.group("name").lower() not in ("reporters", "journalists"):
                via = _clean_name(t.group("name"))
    who = re.sub(r"^\s*" + INTRO, "", who, flags=re.I)  # "Posting on Truth Social, Trump said"
    who = re.sub(r",\s*(?:who|which|including)\b.*$", "", who.strip(_TRIM), flags=re.S).strip(_TRIM)
    p = _POSSESSIVE.match(who)
    # "NBC News' four sources": sources a publication keeps unnamed reach us through it; "Italy's
    # interior minister" is a named speaker, and Italy no report
    if p and _is_name(p.group("owner")) and kind_of(p.group("rest")) == "unnamed":
        via, who = _clean_name(p.group("owner")), p.group("rest").strip(_TRIM)
    if not who:
        return None
    kind = kind_of(who)
    if verb in ("reported", "reports") and kind == "named" and _is_name(who):
        via = via or _clean_name(who)  # "NBC News reported": the report is the publication's own
    return Attribution(kind=kind, who=who, via=via)


@lru_cache(maxsize=65536)
def read_frame(frame: str | None) -> Attribution:
    """What an attribution frame (``Claim.attribution``; several joined by "; ") says about who asserts.

    The first frame that names a speaker gives ``who`` and ``kind``; ``via`` comes from any of them."""
    if not frame:
        return OWN_VOICE
    read = [a for a in (_one(part) for part in frame.split("; ")) if a is not None]
    if not read:
        return OWN_VOICE
    via = next((a.via for a in read if a.via), None)
    return read[0].model_copy(update={"via": via})


def sentence_attribution(text: str, antecedent: str | None = None) -> tuple[str | None, Attribution]:
    """(the frame as written, what it says) for a sentence: the frame of its first attributed claim."""
    frame = next((c.attribution for c in claims_of(text, antecedent) if c.attribution), None)
    return frame, read_frame(frame)


def citing(attribution: Attribution | None, max_words: int = 8) -> str:
    """How a finding names a source after the outlet: "" for the outlet's own voice (or a pronoun's
    speaker, named elsewhere), else ", citing experts,"
    / ", citing four sources familiar with the matter (via NBC News),"."""
    if attribution is None or attribution.kind == "own_voice" or not attribution.who \
            or _PRONOUN.match(attribution.who):  # "citing it": someone named in another sentence
        return ""
    words = attribution.who.split()
    who = " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")
    via = f" (via {attribution.via})" if attribution.via and name_key(attribution.via) != name_key(attribution.who) \
        else ""
    return f", citing {who}{via},"
