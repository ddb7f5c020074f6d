"""Find quantities in a sentence: numbers in digits or words, their qualifier, kind and what they count.

NLI models are weak at numbers, so quantities are parsed symbolically and compared by interval logic
(see ``contradict.judges.quantity``).  The same parser drives the number-swap augmentation used to
train the project's NLI model, so both sides agree on what a quantity is.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel

from contradict.settings import defaults

_DEFAULT = defaults()  # the defaults of keyword arguments below (a Finder's judges pass their own)

# "vague": an order of magnitude in words ("several hundred", "tens of thousands"): value is its low end;
# "range": "between 20 and 30", "20 to 30": value is the low end, ``upper`` the high one
Qualifier = Literal["exact", "at_least", "more_than", "at_most", "less_than", "nearly", "about", "vague", "range"]
Kind = Literal["count", "money", "percent", "year", "ordinal"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_SCALE_ABBREV = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}
NUMBER_WORDS = {**_UNITS, **_TENS, "dozen": 12}

# Qualifier phrases, longest first so "more than" wins over "more".
_QUALIFIERS: list[tuple[str, Qualifier]] = [
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("at least", "at_least"),
    ("a minimum of", "at_least"),
    ("upwards of", "more_than"), ("more than", "more_than"), ("greater than", "more_than"),
    ("over", "more_than"), ("above", "more_than"), ("in excess of", "more_than"),
    ("no more than", "at_most"), ("at most", "at_most"), ("up to", "at_most"),
    ("a maximum of", "at_most"), ("fewer than", "less_than"), ("less than", "less_than"),
    ("just under", "nearly"), ("just below", "nearly"), ("under", "less_than"), ("below", "less_than"),
    ("nearly", "nearly"), ("almost", "nearly"), ("roughly", "about"), ("about", "about"), ("around", "about"),
    ("approximately", "about"), ("some", "about"), ("an estimated", "about"),
    ("estimated", "about"), ("close to", "about"), ("exactly", "exact"), ("only", "exact"),
    ("just", "exact"),
]
_QUALIFIER_RE = re.compile(
    r"(?:^|(?<=[\s(\"“]))(" + "|".join(re.escape(q) for q, _ in _QUALIFIERS) + r")\s+$", re.I)
_QUALIFIER_OF = {q: kind for q, kind in _QUALIFIERS}

_WORD_NUM = "|".join(sorted([*NUMBER_WORDS, *_SCALES], key=len, reverse=True))
_NUMBER_RE = re.compile(
    r"(?P<cur>[$€£])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|(?:(?:" + _WORD_NUM + r")(?:[\s-]+(?:and\s+)?(?=(?:" + _WORD_NUM + r")\b))?)+)"
    r"(?:\s?(?P<scale>million|billion|trillion|thousand|bn|mn|m|k)\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?",
    re.I,
)
_ARTICLE = re.compile(r"\ban?\s+$", re.I)
_OR_MORE = re.compile(r"\s+or\s+(more|fewer|less)\b(?!\s+than)", re.I)
# A fraction of a scale word: "half a billion euros", "a quarter of a million people", "three quarters of a million".
_FRACTION_OF_SCALE = re.compile(r"(?:^|(?<=\W))(?:(?P<half>half)\s+an?"
                                r"|(?:(?P<three>three)\s+|an?\s+)?quarters?\s+of\s+an?"
                                r"|(?:an?|one)\s+third\s+of\s+an?)\s+$", re.I)
_FRACTION_VALUE = {"half": 0.5, "three": 0.75}
# Orders of magnitude in words: "several hundred thousand", "a few dozen", "tens of thousands of",
# "hundreds of".  Each is read loosely, as 1 to 10 times its unit (100 to 999 for "hundreds"): "tens of
# missiles" is not worth a flag against 17, but "hundreds of thousands" against "more than 1 million" is.
_VAGUE_UNITS = {"dozen": 12, "dozens": 12, "ten": 10, "tens": 10, "hundred": 100, "hundreds": 100,
                "thousand": 1_000, "thousands": 1_000, "million": 1_000_000, "millions": 1_000_000}
_VAGUE_RE = re.compile(
    r"\b(?:(?:several|a few)\s+(?P<u1>dozen|hundred|thousand|million)s?(?:\s+(?P<u2>thousand|million)s?)?"
    r"|(?P<u3>dozens|tens|hundreds|thousands|millions)\s+of(?:\s+(?P<u4>thousands|millions)(?:\s+of)?)?)\b",
    re.I)
# "71 of 103 missiles", "two out of the 17 missiles": the first figure counts the second's noun
_PART_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?(?:(?:more than|over|at least)\s+)?"
                      r"(?:\d{1,3}(?:,\d{3})+|\d+)\s+", re.I)
# A part of a group named before: "17 missiles were fired, two of which failed to explode", "24 people,
# 12 of them in critical care", "one of those who died", "five of the dead have been identified"
_PART_OF_GROUP = re.compile(r"\s+of\s+(?:(?:which|whom|them|those|these)\b|the\s+(?P<group>[a-z][a-z-]*))", re.I)
# "one in seven residents", "1 in 5": a ratio (the first smaller than the second, neither a year),
# neither figure a count; "30 in one night", "120 in 2024" are counts
_RATIO_AFTER = re.compile(r"\s+in\s+(?:every\s+)?(?P<of>\d+|" + "|".join(NUMBER_WORDS) + r")\b", re.I)
_RATIO_BEFORE = re.compile(r"\b(?P<part>\d+|" + "|".join(NUMBER_WORDS) + r")\s+in\s+(?:every\s+)?$", re.I)


def _ratio(part: str, whole: str) -> bool:
    a, b = _number_value(part), _number_value(whole)
    return a is not None and b is not None and a < b and not (whole.isdigit() and 1800 <= b <= 2100)
_GLUED_UNIT = re.compile(r"(?:km|kms|mi|m|ft|kt|t)\b")
_HYPHEN_WORD = re.compile(r"-[A-Za-z]{2,}")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
# Words that end the search for the counted noun: the noun phrase is over.
_PHRASE_BREAK = {
    "of", "on", "in", "at", "to", "for", "from", "with", "by", "against", "since", "and", "or",
    "that", "which", "who", "while", "as", "than", "after", "before", "during", "into", "onto",
    "per", "was", "were", "is", "are", "be", "been", "have", "has", "had", "the", "a", "an",
    "this", "these", "those", "its", "their", "his", "her", "said", "says", "say", "ago",
    "later", "earlier", "each", "apiece", "over", "under", "about", "around", "more", "less",
    "nearly", "almost", "up", "down", "not", "no",
}
# Between a figure and what it counts, words that say the count is on top of another ("four more people").
_INCREMENT_WORDS = {"more", "other", "additional", "further", "new", "extra"}
_IRREGULAR_PLURALS = {
    "people": "person", "personnel": "personnel", "children": "child", "men": "man",
    "women": "woman", "police": "police", "troops": "troop", "staff": "staff", "aircraft": "aircraft",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "cattle": "cattle",
}
# Counted nouns that make a bare number a time span, a rank or a year rather than a count of things.
_TIME_NOUNS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century",
               "time", "am", "pm", "a.m", "p.m", "gmt", "utc", "est", "edt", "bst", "cet"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "sep", "sept", "oct", "nov", "dec"}


class Quantity(BaseModel):
    """One quantity found in a text, with its character span in that text."""

    text: str
    start: int
    end: int
    value: float
    qualifier: Qualifier = "exact"
    kind: Kind = "count"
    unit: str | None = None  # currency symbol, "%" or None
    counted: str | None = None  # the noun phrase counted ("US military attacks")
    counted_head: str | None = None  # its head, singular, lower case ("attack")
    counted_span: tuple[int, int] | None = None
    # the whole this figure is a part of: a figure ("two of the 17 missiles": "17") or a group named before
    # ("five of the dead": "the dead", "two of which": "the group")
    part_of: str | None = None
    upper: float | None = None  # the high end of a range ("between 20 and 30")

    def interval(self, about_share: float = _DEFAULT.about_slack_share,
                 about_min: float = _DEFAULT.about_slack_min) -> tuple[float, float]:
        """The values this quantity allows, as a closed interval (open ends nudged by epsilon)."""
        v = self.value
        eps = 1e-9
        # "about" in news copy means within roughly 10 %.  "Nearly 50" is below 50 and close to it: within
        # 10 % and within the step of its last digit ("nearly 75 %" is over 70 %, or it would say "nearly 70").
        slack = max(abs(v) * about_share, about_min)
        nearly = max(min(abs(v) * about_share, last_digit_step(v)), about_min)
        return {
            "exact": (v, v),
            "at_least": (v, math.inf),
            "more_than": (v + eps, math.inf),
            "at_most": (-math.inf, v),
            "less_than": (-math.inf, v - eps),
            "nearly": (v - nearly, v - eps),
            "about": (v - slack, v + slack),
            "vague": (v, 10 * v - eps),
            "range": (v, self.upper if self.upper is not None else v),
        }[self.qualifier]

    def describe(self) -> str:
        return self.text if not self.counted else f"{self.text} {self.counted}"


def last_digit_step(value: float) -> float:
    """The unit of a figure's last stated digit: 1,000,000 -> 1,000,000; 2,700 -> 100; 245 -> 1; 4.7 -> 0.1.
    A round figure ("1 million", "2,700") stands for any value within its step; an exact one does not."""
    value = abs(value)
    if not math.isfinite(value):
        return math.inf
    if value != int(value):
        for decimals in range(1, 7):
            if round(value, decimals) == value:
                return 10.0 ** -decimals
        return 1e-6
    if value == 0:
        return 1.0
    step, whole = 1.0, int(value)
    while whole % 10 == 0:
        step, whole = step * 10, whole // 10
    return step


def parse_number_words(text: str) -> float | None:
    """Value of an English number written in words ("twenty-one", "four hundred thousand")."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if not word or word == "and":
            continue
        if word in _UNITS or word in _TENS:
            current += NUMBER_WORDS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _number_value(raw: str) -> float | None:
    raw = raw.strip()
    if raw[0].isdigit():
        return float(raw.replace(",", ""))
    return parse_number_words(raw)


def singular(word: str) -> str:
    """A cheap English singular for matching counted nouns ("strikes" -> "strike")."""
    w = word.lower().strip("'’")
    if w in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def is_plural_noun(word: str) -> bool:
    w = word.lower()
    if w.endswith(("'s", "’s")):
        return False  # a possessive ("the school's")
    if w in _IRREGULAR_PLURALS:
        return True
    return word != word.upper() and len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is"))


def _counted_phrase(text: str, pos: int) -> tuple[str, str, tuple[int, int]] | None:
    """The noun phrase right after a number: up to four words, ending before a break word.

    The head is the first plural noun in it ("US military attacks" -> "attack"), else its last word.
    No POS tagger is needed for the short, formulaic phrases news uses after a count.
    """
    words = []
    for m in _WORD_RE.finditer(text, pos):
        gap = text[pos if not words else words[-1].end():m.start()]
        # punctuation or a clause break ends the phrase; quotation marks do not: 80 “American terrorists”
        if gap.strip(" \"“”‘’") or len(words) == 4:
            break
        if not words and m.group().lower() in _INCREMENT_WORDS and not re.match(r"\s+than\b", text[m.end():]):
            pos = m.end()  # "four more people", "12 other victims": the people are counted, "more" says how
            continue
        if m.group().lower() in _PHRASE_BREAK:
            break
        words.append(m)
        if is_plural_noun(m.group()):
            break
    if not words:
        return None
    head_match = next((w for w in words if is_plural_noun(w.group())), words[-1])
    words = words[: words.index(head_match) + 1]
    span = (words[0].start(), words[-1].end())
    return text[span[0]:span[1]], singular(head_match.group()), span


def vague_quantities(text: str) -> list[Quantity]:
    """Orders of magnitude in words ("several hundred thousand people", "tens of thousands of"), qualifier
    ``vague``."""
    found = []
    for m in _VAGUE_RE.finditer(text):
        units = [m.group(g).lower() for g in ("u1", "u2", "u3", "u4") if m.group(g)]
        value = float(math.prod(_VAGUE_UNITS[u] for u in units))
        counted = _counted_phrase(text, m.end())
        found.append(Quantity(text=m.group(), start=m.start(), end=m.end(), value=value, qualifier="vague",
                              counted=counted[0] if counted else None, counted_head=counted[1] if counted else None,
                              counted_span=counted[2] if counted else None))
    return found


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text`` with spans, qualifier, kind and counted noun phrase."""
    found: list[Quantity] = vague_quantities(text)
    vague_spans = [(q.start, q.end) for q in found]
    for m in _NUMBER_RE.finditer(text):
        num = m.group("num")
        if not num or not num.strip() or any(lo <= m.start("num") < hi for lo, hi in vague_spans):
            continue
        # Whole tokens only: "COVID-19", "F-35", "B52", "3D" are names, not quantities.
        lead = m.start("cur") if m.group("cur") else m.start("num")
        before = text[lead - 1] if lead > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        # ...but a unit glued or hyphenated to a figure is a measure: "100km", "27-storey", "4.8-magnitude".
        glued_unit = after.isalpha() and _GLUED_UNIT.match(text, m.end()) is not None
        hyphen_word = after == "-" and _HYPHEN_WORD.match(text, m.end()) is not None
        if before.isalnum() or before in "-/" or (after.isalnum() and not glued_unit) \
                or (after == "-" and not hyphen_word) or (before == "(" and after == ")") \
                or before == ":" or (after == ":" and text[m.end() + 1:m.end() + 2].isdigit()):  # 03:36 is a time
            continue
        value = _number_value(num)
        ratio_after = _RATIO_AFTER.match(text, m.end())
        ratio_before = _RATIO_BEFORE.search(text, max(0, lead - 30), lead)
        if value is None or (ratio_after and _ratio(num, ratio_after.group("of"))) \
                or (ratio_before and _ratio(ratio_before.group("part"), num)):
            continue
        scale = (m.group("scale") or "").lower()
        if scale:
            value *= _SCALES.get(scale) or _SCALE_ABBREV.get(scale, 1)
        start, end = lead, m.end()
        currency, pct = m.group("cur"), m.group("pct")
        if num.strip().lower() in _SCALES and not currency:
            fraction = _FRACTION_OF_SCALE.search(text, max(0, start - 25), start)
            if fraction:  # "half a billion" is 500 million, not a billion
                value *= _FRACTION_VALUE.get((fraction.group("half") or fraction.group("three") or "").lower(),
                                             1 / 3 if "third" in fraction.group().lower() else 0.25)
                start = fraction.start()
                found = [f for f in found if not start <= f.start < end]  # "three" of "three quarters of a"
        qualifier: Qualifier = "exact"
        article = _ARTICLE.search(text, max(0, start - 4), start)  # "more than a dozen"
        before_qualifier = start - (len(article.group()) if article else 0)
        # the longest qualifier is a few words: look only just before the figure (searching from the
        # text's start for every figure made a text's parse grow with its square)
        q = _QUALIFIER_RE.search(text, max(0, before_qualifier - 30), before_qualifier)
        if q:
            qualifier = _QUALIFIER_OF[q.group(1).lower()]
            start = q.start(1)
        kind: Kind = "money" if currency else "percent" if pct else "count"
        or_more = _OR_MORE.match(text, end)
        if or_more and qualifier == "exact" and not pct:  # "two or more bases": a bound, and the noun follows
            qualifier = "at_least" if or_more.group(1).lower() == "more" else "at_most"
            end = or_more.end()
        part_of = _PART_OF.match(text, end)
        counted = _counted_phrase(text, part_of.end() if part_of else end)
        group = _PART_OF_GROUP.match(text, end) if part_of is None else None
        if group:
            counted = _counted_phrase(text, group.start("group")) if group.group("group") else None
        head = counted[1] if counted else None
        is_digit_year = num.isdigit() and len(num) == 4 and 1800 <= value <= 2100 and not currency and not pct
        word_form = not num[0].isdigit()
        if kind == "count":
            prev_word = text[max(0, start - 12):start].lower().split()[-1:] or [""]  # "Sept. 2", not "In March, 40"
            if is_digit_year and (head is None or qualifier == "exact"):
                kind = "year"
            elif (prev_word[0].strip(".") in _MONTHS and not prev_word[0].endswith(",")) or (head and head in _MONTHS):
                continue  # a day of a month ("Sept. 2") is a date, not a count
            elif head in _TIME_NOUNS:
                # "three weeks", "11 a.m.": time expressions, left to the NLI judge.
                continue
            elif word_form and value == 1 and qualifier == "exact":
                continue  # "one official said": "one" is rarely a count worth checking
        if kind == "money" and head is not None and head not in ("bounty", "reward", "fine"):
            # "$50 million bounty": keep the noun; "$50 million for information" has none.
            pass
        found.append(Quantity(
            text=text[start:end], start=start, end=end, value=value, qualifier=qualifier,
            kind=kind, unit=currency or ("%" if pct else None),
            counted=counted[0] if counted and kind != "year" else None,
            counted_head=head if kind != "year" else None,
            counted_span=counted[2] if counted and kind != "year" else None,
            part_of=part_of.group().split()[-1].lower() if part_of else "the " + (group.group("group") or "group")
            if group else None,
        ))
    found.sort(key=lambda q: q.start)
    return _ranges(text, found)


_RANGE_GAP = re.compile(r"\s+(?:and|to)\s+$")


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """"between 20 and 30 people", "20 to 30 people" are one quantity, a range; "from 100 to 115" is a
    change (the update judge reads it), not a range."""
    out: list[Quantity] = []
    skip = False
    for n, low in enumerate(found):
        high = found[n + 1] if n + 1 < len(found) else None
        if skip:
            skip = False
            continue
        if high is not None and low.kind == high.kind == "count" and low.qualifier == "exact" \
                and high.qualifier == "exact" and low.value < high.value and low.counted is None:
            gap = _RANGE_GAP.match(text[low.end:high.start])
            before = text[max(0, low.start - 9):low.start].lower()
            if gap and (("and" in gap.group() and before.endswith("between ")) or
                        ("to" in gap.group() and not before.rstrip().endswith("from"))):
                start = low.start - len("between ") if before.endswith("between ") else low.start
                out.append(high.model_copy(update={"text": text[start:high.end], "start": start, "value": low.value,
                                                   "qualifier": "range", "upper": high.value}))
                skip = True
                continue
        out.append(low)
    return out


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_ORDINAL_RE = re.compile(r"\b(?:the|a|its|their|his|her)\s+(?P<ord>" + "|".join(_ORDINAL_WORDS)
                         + r"|\d{1,3}(?:st|nd|rd|th))\s+(?=[a-z])", re.I)


def ordinals(text: str) -> list[Quantity]:
    """Ranks in a series: "the fourth strike", "its 5th attack" (kind ``ordinal``, compared only with
    ranks of the same noun).  Time words ("the second day") and ranks of nothing in particular are
    left out."""
    found = []
    for m in _ORDINAL_RE.finditer(text):
        raw = m.group("ord").lower()
        value = _ORDINAL_WORDS.get(raw) or float(raw[:-2])
        counted = _counted_phrase(text, m.end("ord"))
        if not counted or counted[1] in _TIME_NOUNS or counted[1] in _MONTHS or counted[1] in ("one", "person"):
            continue
        found.append(Quantity(text=m.group("ord"), start=m.start("ord"), end=m.end("ord"), value=float(value),
                              kind="ordinal", counted=counted[0], counted_head=counted[1], counted_span=counted[2]))
    return found


def format_number(value: float, like: str) -> str:
    """Write ``value`` in the style of ``like`` (words if it was words, thousands commas if digits had them)."""
    if like and like.strip()[0].isalpha() and value == int(value) and 0 <= value < 100:
        word = number_to_words(int(value))
        return word.capitalize() if like.strip()[0].isupper() else word
    if value == int(value):
        return f"{int(value):,}" if "," in like or value >= 10000 else str(int(value))
    return f"{value:g}"


def number_to_words(n: int) -> str:
    """0..99 in English words."""
    inverse = {v: k for k, v in {**_UNITS, **_TENS}.items()}
    if n in inverse:
        return inverse[n]
    tens, units = divmod(n, 10)
    return f"{inverse[tens * 10]}-{inverse[units]}"
