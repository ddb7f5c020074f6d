"""The update judge: tells a figure that changed between reports from two outlets disagreeing at once.

News tolls move: "at least 73 dead" on Wednesday and "the toll has risen to 247" on Thursday are an
update, not a dispute.  This judge never flags a pair; it gives a ``context`` verdict that makes a
pair flagged by other judges an ``update`` and names the newer side, when:

- the two sides were said on different days, and the pair is about a state that changes (both sides
  state figures, or the newer side carries a change cue: "now", "so far", "still", "has risen").  The
  day is the weekday a sentence names ("officials said on Thursday"; not an event's "struck on
  Wednesday"), placed in the week up to its article's publication date, else that date; two undated
  weekdays are taken to be at most three days apart; or
- the dates do not tell (equal or unknown) and one side reports a change of a figure ("risen to
  247", "raised the number killed to 17", "lowered to 217") whose direction fits a figure on the
  other side being the earlier one (lower for a rise, higher for a fall); when both sides report a
  rise (or both a fall) of different figures, the one that went further is the later report; or
- only one side says its figure superseded another ("later said", "the new toll", "has increased"), or,
  failing that, only one side says "now" ("have now been deployed").

An undated article's sentence that names no weekday takes its article's reporting weekday (the latest day
its sentences date statements by: "Earlier on Thursday, the navy announced").  Between two undated reports
that nothing above orders, both counting a running tally (the dead, the injured, the missing ...), the
article whose lead death toll is ``Settings.update_toll_step`` times the other's is the later one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from contradict.frames import framed_quantities
from contradict.quantities import Quantity
from contradict.schema import CandidatePair, JudgeVerdict, Timing
from contradict.settings import Settings, defaults

# A verb of change, then up to six words ("the number killed", "the overall toll from the quake"), then "to".
_UP = r"ris(?:e|es|en|ing)|rose|climb(?:ed|s|ing)?|increas(?:e|ed|es|ing)|jump(?:ed|s)?|soar(?:ed|s)?|grew|" \
      r"grow(?:n|s)?|rais(?:e|ed|es|ing)|bring(?:s|ing)?|brought|swell(?:ed|s)?|mount(?:ed|s)?|went up|gone up"
_DOWN = r"lower(?:ed|s|ing)?|fell|fall(?:en|s)?|dropp?(?:ed|s)?|decreas(?:e|ed|es|ing)|reduc(?:e|ed|es|ing)|" \
        r"revis(?:ed|es) down(?:ward)?|cut"
_CHANGE_TO = re.compile(rf"\b(?P<verb>{_UP}|{_DOWN})\b(?:\s+[\w'’,-]+){{0,6}}?\s+(?:to|from\s+\S+\s+to)\s+$", re.I)
_DOWN_RE = re.compile(rf"^(?:{_DOWN})$", re.I)
# Words that say a statement is a snapshot of something still moving.
_STATE_CUE = re.compile(r"\b(now|so far|as of|still|latest|updated|revised|has risen|have risen|rose|"
                        r"climbed|increased|remain(?:s|ed)?|has been lowered|new toll)\b", re.I)


def change_of_figure(text: str, quantities: Sequence[Quantity]) -> tuple[Quantity, int] | None:
    """The figure that a change phrase leads to ("risen to at least 247") and its direction (+1 / -1)."""
    for q in quantities:
        m = _CHANGE_TO.search(text, max(0, q.start - 80), q.start)
        if m and m.end() == q.start:
            return q, (-1 if _DOWN_RE.match(m.group("verb")) else 1)
    return None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# "on Tuesday evening", "Thursday's toll", "late Wednesday": the day a figure was given.  Capitalised
# only (a weekday is a name); "next Monday" and "by Friday" look ahead and say nothing of when it was said.
# Only a weekday that dates a statement: "on Tuesday", "late Wednesday", "Thursday night", "said Friday".
# Not "the Tuesday strike" (an adjective), "Black Friday" (a name), "will be held on Saturday" (ahead).
_DAY = "(?P<day>" + "|".join(_WEEKDAYS) + ")"
_WEEKDAY = re.compile(r"(?<![A-Z][a-z])(?<![A-Z][a-z][a-z])(?<![A-Z][a-z]{3})(?<![A-Z][a-z]{4})"  # no "Black Friday"
                      r"\b(?:(?i:on|late|early|by|since|until|next|last|this|said|says|told)\s+)?" + _DAY
                      + r"(?:\s+(?:night|morning|evening|afternoon))?\b")
_WEEKDAY_AHEAD = re.compile(r"\b(?:will|would|due|scheduled|expected|planned|set|to be)\b[^.;]{0,40}$", re.I)
# Words that say a figure superseded another: the side that has one and whose partner has none is newer.
_NEWER_CUE = re.compile(r"\b(?:later (?:said|put|raised|revised|gave|reported|confirmed)|new (?:toll|figure|count)|"
                        r"updated (?:toll|figure|count)|latest (?:toll|figure|count)|"
                        r"(?:has|have) (?:now )?(?:increased|risen|climbed|grown|gone up))\b", re.I)
# Words that say a figure was the earlier one: "Tuesday evening, the minister had said at least 50 were killed",
# "Earlier, the ministry reported 70 dead".  The side that has one and whose partner has none is older.
_OLDER_CUE = re.compile(r"\b(?:had (?:said|reported|put|given|announced|confirmed|estimated|stood)|"
                        r"(?:said|reported|announced) earlier|^\W*earlier\b|an earlier (?:toll|figure|count|report))\b",
                        re.I)
# A weaker cue, heard only when neither side has a strong one: "have now been deployed", "are now feared dead".
_NOW_CUE = re.compile(r"\b(?:has|have|is|are) now\b", re.I)


# A weekday after an event verb dates the event, not the report: "the quake that struck on Wednesday".
_EVENT_BEFORE = re.compile(r"\b(?:struck|hit|hits|rocked|exploded|erupted|collapsed|happened|occurred|began|started|"
                           r"broke out|launched|fired|attacked|killed)\b(?:\s+[\w'’,-]+){0,4}?\s+$", re.I)


@lru_cache(maxsize=1 << 16)  # a claim meets many partners: its weekday is found once
def _weekday_of_report(text: str) -> re.Match | None:
    """The first weekday that dates a statement: introduced by "on"/"late"/"said" or followed by a time
    of day, not looking ahead ("will be held on Saturday", "next Monday", "by Friday"), not an event's
    ("struck on Wednesday"), not a name ("Black Friday") or an adjective ("the Tuesday strike")."""
    for m in _WEEKDAY.finditer(text):
        lead = m.group()[: m.start("day") - m.start()].strip().lower()
        tail = m.group()[m.end("day") - m.start():].strip()
        if not lead and not tail:
            continue  # a bare weekday: an adjective or a name more often than a date
        if lead in ("next", "by", "until", "this") or _WEEKDAY_AHEAD.search(text, max(0, m.start() - 60), m.start()):
            continue
        if _EVENT_BEFORE.search(text, 0, m.start()):
            continue
        return m
    return None


def _cue(cue_re: re.Pattern, text: str, quantities: Sequence[Quantity] | None) -> re.Match | None:
    """A cue anywhere (``quantities`` None), or said of a figure: in the same clause as one ("there are
    now 58"), not elsewhere in the sentence ("the Pentagon, which is now called ..., said four")."""
    if quantities is None:
        return cue_re.search(text)
    bounds = [0, *(b.end() for b in re.finditer(r"[,;:()—–]", text)), len(text) + 1]
    for m in cue_re.finditer(text):
        i = max(n for n, b in enumerate(bounds) if b <= m.start())
        lo, hi = bounds[i], bounds[i + 1] if i + 1 < len(bounds) else len(text) + 1
        if any(lo <= q.start < hi for q in quantities):
            return m
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n\s*")  # a line break ends a sentence too: a headline, a lede


@lru_cache(maxsize=4096)
def article_weekday(text: str) -> int | None:
    """The weekday an article reports from (0 = Monday): the latest of the weekdays its sentences date
    statements by ("Earlier on Thursday, the navy announced", not "Tuesday's quake" or "struck on
    Wednesday"), all taken to lie within three days of it, as one story's coverage does; None when it
    names none, or days that cannot all be within three days of one of them."""
    days = set()
    for sentence in _SENTENCE_END.split(text):
        m = _weekday_of_report(sentence)
        if m:
            days.add(_WEEKDAYS.index(m.group("day")))
    latest = [d for d in days if all((d - other) % 7 <= 3 for other in days)]
    return latest[0] if len(latest) == 1 else None


# Tallies that grow as a disaster's coverage goes on (not measures: a magnitude, a yield, a crowd).
RUNNING_TALLIES = frozenset({"dead", "injured", "missing", "hospitalised", "rescued", "bodies", "casualty",
                             "evacuated", "homeless", "arrested"})


@lru_cache(maxsize=4096)
def lead_toll(title: str, text: str, lede: int = 3) -> float | None:
    """The death toll an article leads with: the first count of the dead in its title, else in its first
    ``lede`` sentences, that is the story's own (not an earlier event's, a superseded figure, one place's
    or one day's); None when it gives none or only zero."""
    for part in (title, *_SENTENCE_END.split(text.strip(), maxsplit=lede)[:lede]):
        for q in framed_quantities(part):
            if q.category == "dead" and q.kind == "count" and q.value > 0 and q.qualifier != "vague" \
                    and not q.scope and q.period in (None, "total"):  # "several dozen killed" is no toll
                return q.value
    return None


def reported_day(text: str, published: str | None, article_weekday: int | None = None
                 ) -> tuple[date | None, int | None]:
    """When a sentence's figure was given: the weekday it names (not an event's: "struck on Wednesday"),
    placed on the last such day up to the publication date, else the publication date; without a date,
    the weekday alone (0 = Monday), else its undated article's reporting weekday (``article_weekday``)."""
    day = _day(published)
    m = _weekday_of_report(text)
    if not m:
        return day, day.weekday() if day else article_weekday
    weekday = _WEEKDAYS.index(m.group("day"))
    if day is None:
        return None, weekday
    return date.fromordinal(day.toordinal() - (day.weekday() - weekday) % 7), weekday


def _order(left: tuple[date | None, int | None], right: tuple[date | None, int | None]) -> str | None:
    """Which side was later ("left"/"right"), from dates where both have one, else from weekdays taken
    to be at most three days apart (one story's coverage), else None."""
    (left_day, left_weekday), (right_day, right_weekday) = left, right
    if left_day and right_day:
        return None if left_day == right_day else ("right" if right_day > left_day else "left")
    if left_weekday is None or right_weekday is None:
        return None
    ahead = (right_weekday - left_weekday) % 7
    return "right" if 1 <= ahead <= 3 else "left" if 4 <= ahead <= 6 else None


class UpdateJudge:
    """Context verdicts that type a flagged pair as an update between reports (see module doc)."""

    name = "update"

    def __init__(self, settings: Settings | None = None) -> None:
        self.toll_step = (settings or defaults()).update_toll_step

    def judge(self, pairs: Sequence[CandidatePair]) -> list[JudgeVerdict | None]:
        def counts(text: str) -> list[Quantity]:
            # framed_quantities is memoised, and has the zeros ("all the children have been accounted for")
            return [q for q in framed_quantities(text) if q.kind in ("count", "money", "percent")]

        verdicts = []
        for pair in pairs:
            left, right = counts(pair.left.text), counts(pair.right.text)
            verdicts.append(self._verdict(pair, left, right) or self._by_tolls(pair, left, right))
        return verdicts

    def _by_tolls(self, pair: CandidatePair, left_qs: list[Quantity], right_qs: list[Quantity]
                  ) -> JudgeVerdict | None:
        """The last resort between two undated reports that nothing else orders: when both sides count a
        running tally (the dead, the injured, the missing ...) and one article leads with a toll at least
        ``toll_step`` times the other's, it is the later report (tolls rise as a story goes on)."""
        if pair.left_published or pair.right_published or not pair.left_toll or not pair.right_toll:
            return None
        tallies = [{getattr(q, "category", None) for q in qs} & RUNNING_TALLIES for qs in (left_qs, right_qs)]
        if not (tallies[0] & tallies[1]):
            return None
        low, high = sorted((pair.left_toll, pair.right_toll))
        if high < self.toll_step * low:
            return None
        newer = "right" if pair.right_toll > pair.left_toll else "left"
        return self._context(newer, f"both undated; the {newer} article leads with a toll of {high:g} dead, the "
                                    f"other with {low:g}: tolls rise as coverage goes on", grounds="order")

    def _verdict(self, pair: CandidatePair, left_qs: list[Quantity], right_qs: list[Quantity]
                 ) -> JudgeVerdict | None:
        left_when = reported_day(pair.left.text, pair.left_published, pair.left_weekday)
        right_when = reported_day(pair.right.text, pair.right_published, pair.right_weekday)
        newer = _order(left_when, right_when)
        if newer:
            newer_text = pair.right.text if newer == "right" else pair.left.text
            cue = _STATE_CUE.search(newer_text)
            if (left_qs and right_qs) or cue:
                return self._context(newer, _when_basis(pair, left_when, right_when, newer),
                                     grounds="change" if cue else "order")
            return None
        left_change = change_of_figure(pair.left.text, left_qs)
        right_change = change_of_figure(pair.right.text, right_qs)
        if left_change and right_change:
            (a, up_a), (b, up_b) = left_change, right_change
            if up_a != up_b or a.kind != b.kind or a.value == b.value:
                return None
            # Both report a rise (or both a fall) of one figure: the further one is the later report.
            newer = "right" if (b.value - a.value) * up_a > 0 else "left"
            return self._context(newer, f"both sides report a {'rise' if up_a > 0 else 'fall'}; the {newer} one "
                                        f"goes further ({a.text} / {b.text})")
        if not left_change and not right_change:
            # a change said outright counts anywhere in the sentence; a bare "now" only in a figure's clause
            for cue_re, anywhere, older in ((_NEWER_CUE, True, False), (_OLDER_CUE, True, True),
                                            (_NOW_CUE, False, False)):
                left_cue, right_cue = (_cue(cue_re, pair.left.text, None if anywhere else left_qs),
                                       _cue(cue_re, pair.right.text, None if anywhere else right_qs))
                if bool(left_cue) != bool(right_cue):  # "the education department later said 25 bodies"
                    side, cue = ("left", left_cue) if left_cue else ("right", right_cue)
                    if older:  # "had said 50": the other side is the later report
                        newer = "right" if side == "left" else "left"
                        return self._context(newer, f'the {side} side says "{cue.group()}"', grounds="order")
                    return self._context(side, f'the {side} side says "{cue.group()}"')
                if left_cue:
                    return None  # both sides say it: no order
            return None
        newer, (figure, direction), other = (("left", left_change, right_qs) if left_change
                                             else ("right", right_change, left_qs))
        earlier = [q for q in other if q.kind == figure.kind and (q.value - figure.value) * direction < 0]
        if not earlier:
            return None
        cue = "rise" if direction > 0 else "fall"
        return self._context(newer, f"the {newer} side reports a {cue} to {figure.text}")

    def _context(self, newer: str, basis: str, grounds: str = "change") -> JudgeVerdict:
        return JudgeVerdict(judge=self.name, role="context", conflict=False, confidence=0.0, kind="update",
                            timing=Timing(newer=newer, basis=basis, grounds=grounds))  # type: ignore[arg-type]


def _when_basis(pair: CandidatePair, left: tuple[date | None, int | None], right: tuple[date | None, int | None],
                newer: str) -> str:
    """What the order rests on: "published 2017-09-19 and 2017-09-21", or the weekdays named."""
    older_side, newer_side = ("left", "right") if newer == "right" else ("right", "left")
    texts = {"left": pair.left.text, "right": pair.right.text}
    whens = {"left": left, "right": right}
    named = {side: _weekday_of_report(texts[side]) for side in texts}
    if not any(named.values()) and whens[older_side][0] and whens[newer_side][0]:
        return f"published {whens[older_side][0].isoformat()} and {whens[newer_side][0].isoformat()}"

    def said(side: str) -> str:
        day, weekday = whens[side]
        if named[side]:
            return f"{named[side].group('day')} ({day.isoformat()})" if day else named[side].group("day")
        if day:
            return f"published {day.isoformat()}"
        return f"{_WEEKDAYS[weekday]} (its article reports that day)" if weekday is not None else "undated"

    return f"said {said(older_side)}, then {said(newer_side)}"
