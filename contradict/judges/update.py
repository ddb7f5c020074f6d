"""The update judge: tells a figure that changed between reports from two outlets disagreeing at once.

News tolls move: "at least 73 dead" on Wednesday and "the toll has risen to 247" on Thursday are an
update, not a dispute.  This judge never flags a pair; it gives a ``context`` verdict that makes a
pair flagged by other judges an ``update`` and names the newer side, when:

- both articles carry publication dates, the dates differ, and the pair is about a state that
  changes (both sides state figures, or the newer side carries a change cue: "now", "so far",
  "still", "has risen"); or
- the dates do not tell (equal or unknown) and one side reports a change of a figure ("risen to
  247", "raised the number killed to 17", "lowered to 217") whose direction fits a figure on the
  other side being the earlier one (lower for a rise, higher for a fall); when both sides report a
  rise (or both a fall) of different figures, the one that went further is the later report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from contradict.quantities import Quantity, find_quantities
from contradict.schema import CandidatePair, JudgeVerdict, Timing

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


class UpdateJudge:
    """Context verdicts that type a flagged pair as an update between reports (see module doc)."""

    name = "update"

    def judge(self, pairs: Sequence[CandidatePair]) -> list[JudgeVerdict | None]:
        cache: dict[str, list[Quantity]] = {}

        def counts(text: str) -> list[Quantity]:
            if text not in cache:
                cache[text] = [q for q in find_quantities(text) if q.kind in ("count", "money", "percent")]
            return cache[text]

        return [self._verdict(p, counts(p.left.text), counts(p.right.text)) for p in pairs]

    def _verdict(self, pair: CandidatePair, left_qs: list[Quantity], right_qs: list[Quantity]
                 ) -> JudgeVerdict | None:
        left_day, right_day = _day(pair.left_published), _day(pair.right_published)
        if left_day and right_day and left_day != right_day:
            newer = "right" if right_day > left_day else "left"
            newer_text = pair.right.text if newer == "right" else pair.left.text
            if (left_qs and right_qs) or _STATE_CUE.search(newer_text):
                older_day, newer_day = sorted((left_day, right_day))
                return self._context(newer, f"published {older_day.isoformat()} and {newer_day.isoformat()}")
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
            return None
        newer, (figure, direction), other = (("left", left_change, right_qs) if left_change
                                             else ("right", right_change, left_qs))
        earlier = [q for q in other if q.kind == figure.kind and (q.value - figure.value) * direction < 0]
        if not earlier:
            return None
        cue = "rise" if direction > 0 else "fall"
        return self._context(newer, f"the {newer} side reports a {cue} to {figure.text}")

    def _context(self, newer: str, basis: str) -> JudgeVerdict:
        return JudgeVerdict(judge=self.name, role="context", conflict=False, confidence=0.0, kind="update",
                            timing=Timing(newer=newer, basis=basis))  # type: ignore[arg-type]
