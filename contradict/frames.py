"""How a news reader reads a figure: what it counts, where, and over what span of time.

``find_quantities`` finds figures; this module frames them, so the quantity judge compares only
figures that count the same thing:

- **category**: the event a count belongs to, from the counted noun or the words around the figure
  ("the death toll has risen to 247", "73 people have died", "killed 218 people", "N remain
  missing", "no casualties", crowds: "N took to the streets", air defences: "shot down 71 of 103
  missiles").  Two counts of different categories (dead vs missing) are never the same thing; the
  same category is the same thing whatever the noun ("people" / "victims"); a broader category meets
  a narrower one only at zero ("no casualties" against "80 killed").
- **zero counts**: "no casualties", "No Americans were harmed", "no one was killed", "did not suffer
  any casualties", "none of the missiles was intercepted", "all the children have been accounted
  for", "every missile hit its target" are counts of 0, for event categories only ("no evidence" is
  not a count); a zero of a named group ("no Iraqi casualties", "among the police") is about it only.
- **measures**: a unit glued or hyphenated to the figure ("100km", "27-storey", "4.8-magnitude") or
  next to it ("magnitude 7.1", "4.7 in magnitude") is what it counts.
- **scope**: a place the count is restricted to ("in Amatrice alone", "in the Rieti province", "In
  Mexico City"), or a group named before ("five of the dead", "two of which"); a country is the whole
  story, not a part.  A part is not compared with a whole.
- **period**: a count of one event ("in the latest strike") against a running total ("since
  September", "so far") is no conflict.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from contradict.quantities import Quantity, find_quantities, is_plural_noun, ordinals, singular

# Event categories of news counts, by the words that name them (singular, lower case).
CATEGORY_WORDS: dict[str, str] = {}
for _category, _words in {
    "dead": "dead death deaths died die dies dying killed kill kills killing fatality fatalities life lives "
            "toll perished drowned",
    "injured": "injured injury injuries wounded wounding hurt",
    "casualty": "casualty casualties harmed victim victims",
    "missing": "missing unaccounted",
    "bodies": "body bodies mortuary morgue",  # bodies recovered are not the toll: some are still missing
    "hospitalised": "hospital hospitals hospitalised hospitalized treated",
    "rescued": "rescued rescue saved",
    "homeless": "homeless displaced",
    "evacuated": "evacuated evacuee evacuees",
    "arrested": "arrested arrest arrests detained",
    # projectiles stopped by air defences: "shot down 71 of 103 missiles", "13 downed"
    "intercepted": "intercepted intercept intercepts intercepting interception downed deflected repelled",
    # the size of a crowd: "1 million protesters", "240,000 people on the march", "the crowd at N"
    "crowd": "protester protesters protestor protestors demonstrator demonstrators marcher marchers marched "
             "march participant participants crowd crowds rally rallied turnout",
}.items():
    for _word in _words.split():
        CATEGORY_WORDS[_word] = _category
# Nouns that name what a toll counts, wherever they stand in its clause.
_FRAME_NOUNS = frozenset({"toll", "death", "deaths", "dead", "fatalities", "casualties", "injuries", "injured",
                          "wounded", "missing", "crowd", "turnout"})
# Words that name a category only in lower case ("the march", not the month of March).
_LOWER_CASE_ONLY = frozenset({"march"})
_CROWD_PHRASE = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:took|take|taking|poured|turned)\s+"
                           r"(?:to|into|out\s+(?:in|on))\s+the\s+"
                           r"streets\b|\s+(?:joined|attended)\s+the\s+(?:march|protest|rally|demonstration)")
_QUOTES = frozenset("\"“”‘’'")
_OPENING_QUOTE = re.compile(r"[\"“‘]\s*$")
# Things air defences stop: with these counted, "destroyed", "shot down" and "engaged" say intercepted.
_PROJECTILES = frozenset({"missile", "rocket", "drone", "projectile", "shell", "munition", "weapon", "bomb"})
_INTERCEPT_VERB = r"(?:destroyed|shot\s+down|engaged|neutrali[sz]ed|downed|intercepted)"
_INTERCEPT_BEFORE = re.compile(_INTERCEPT_VERB + r"\s+(?:[a-z]+\s+)?[\"“‘]?$", re.I)  # "had shot down 71 ..."
_INTERCEPT_AFTER = re.compile(r"^(?:\s+[a-z]+){0,3}?\s+" + _INTERCEPT_VERB + r"\b")  # "... were intercepted"
# ... and with these verbs, a count of projectiles sent ("fired 22 missiles", "105 weapons were launched"):
# how many were sent is not how many were stopped, nor how many struck.
_LAUNCH_VERB = r"(?:fired|launched|used)"
_LAUNCH_BEFORE = re.compile(r"\b" + _LAUNCH_VERB + r"\s+(?:[a-z]+\s+)?[\"“‘]?$", re.I)  # "Iran fired 22 ..."
_LAUNCH_AFTER = re.compile(r"^(?:\s+[a-z]+){0,3}?\s+" + _LAUNCH_VERB + r"\b")  # "... were launched"
# What a noun covers: none of the weapons is none of the missiles.
_COVERS = {"weapon": _PROJECTILES}
# A casualty is a death or an injury: "no casualties" contradicts "80 killed".
ZERO_COVERS = {"casualty": ("dead", "injured")}
_COMPATIBLE = {frozenset({broad, narrow}) for broad, narrows in ZERO_COVERS.items() for narrow in narrows}

# Units of measure, normalised.
UNIT_WORDS = {
    "magnitude": "magnitude", "storey": "storey", "storeys": "storey", "story": "storey", "stories": "storey",
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km",
    "kilometer": "km", "kilometers": "km", "mile": "mile", "miles": "mile", "mi": "mile", "m": "metre",
    "metre": "metre", "metres": "metre", "meter": "metre", "meters": "metre", "ft": "foot", "foot": "foot",
    "feet": "foot", "tonne": "tonne", "tonnes": "tonne", "ton": "tonne", "tons": "tonne", "t": "tonne",
    "kiloton": "kiloton", "kilotons": "kiloton", "kilotonne": "kiloton", "kilotonnes": "kiloton", "kt": "kiloton",
    "year-old": "year-old",
}
# What one event has once and later reports do not move, unless they say so ("police later revised the
# crowd to ..."): the size of a crowd, the missiles of one attack, a measure (a magnitude, a distance, an age).
FIXED_QUANTITIES = frozenset({"crowd", "intercepted", "launched", *UNIT_WORDS.values()})
_GLUED_UNIT = re.compile(r"(km|kms|mi|m|ft|kt|t)\b")  # as quantities._GLUED_UNIT, capturing the unit
_HYPHEN_UNIT = re.compile(r"-([A-Za-z]+(?:-[A-Za-z]+)*)")
_UNIT_BEFORE = re.compile(r"\b(magnitude)(?:\s+of)?\s+$", re.I)
_UNIT_AFTER = re.compile(r"^\s+(?:in\s+)?(magnitude)\b", re.I)
_ZERO = re.compile(r"(?:\b(?P<no>[Nn]o one|[Nn]obody|[Nn]o|[Nn]one of (?:the|our|their|its|his|her)|[Zz]ero)"
                   r"|(?P<neg>(?:\bnot|n['’]t|\bnever|\bwithout)(?:\s+[a-z]+){0,2}?\s+any))\s+"
                   r"(?P<rest>(?:[\w'’-]+\s+){0,4}?[\w'’-]+)")
# Everyone accounted for, every missile on target: zero missing, zero intercepted.
_ALL_OF = r"\b(?:[Aa]ll|[Ee]ach|[Ee]very one|[Ee]very)\s+(?:of\s+)?(?:(?:the|our|their|its|those)\s+)?"
_ACCOUNTED_FOR = re.compile(_ALL_OF + r"(?P<rest>(?:[\w'’-]+\s+){1,5}?)(?:have|has|had|were|was|are|is)\s+"
                            r"(?:now\s+|all\s+|since\s+|been\s+)*accounted\s+for\b")
_ON_TARGET = re.compile(_ALL_OF + r"(?P<rest>(?:[\w'’-]+\s+){1,5}?)(?:hit|reached|struck)\s+"
                        r"(?:their|its|the)\s+(?:[\w-]+\s+)?targets?\b")
_AMONG = re.compile(r"[^,;:.]{0,40}?\bamong\s+(?:the\s+)?(?P<group>(?:[\w'’-]+\s+){0,2}?[\w'’-]+s)\b")
_ZERO_PERSON = {"no one", "nobody"}
# a full stop inside a sentence after a capital ("U.S.", "Lt.") is an abbreviation, not a break
_CLAUSE_BREAK = re.compile(r"[,;:()—–\"“”]|(?<!\b[A-Z])(?<!\b[A-Z][a-z])\.(\s|$)"
                           r"|\b(but|while|whereas|although|however)\b")
_PER_EVENT = re.compile(r"\b(?:single|each|in (?:the|a|one) (?:latest|last|most recent|first|second|third|fourth|"
                        r"fifth|single|new|separate)(?:\s+\w+)?\s+(?:strike|attack|raid|blast|explosion|incident|"
                        r"shooting|bombing|aftershock|clash|clashes|ambush))\b"
                        # one of a series of attacks as the subject: "U.S. strike on a drug boat kills 11"
                        r"|\b(?:strike|attack|raid|bombing|shooting|ambush)\b(?:\s+[\w'’.-]+){0,6}?\s+kill(?:s|ed)\b",
                        re.I)
# Increments are counts of what is new, not totals: "another 15 bodies", "a further 12", "12 more people".
_INCREMENT_BEFORE = re.compile(r"\b(?:[Aa]nother|[Aa] further|[Ff]urther|[Aa]dditional|[Aa]n additional)\s+$")
_INCREMENT_AFTER = re.compile(r"\s+more\b(?!\s+than)")
# One day's count: "On Tuesday alone, 40 people died".
_ONE_DAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+alone\b")
# Another event than the story's: "less than two weeks ago", "in 1985", "last year".
_PAST = re.compile(r"\b(?:ago|last (?:week|month|year)|earlier this (?:month|year)|previous|in (?:18|19|20)\d\d)\b",
                   re.I)
# An earlier report the sentence opens with: "Previously, authorities had said as many as 248 had died".  Not
# "Russia had previously said 71 were downed": a claim still made is no superseded figure.
_FRONTED_PAST = re.compile(r"^\W*(?:previously|initially|originally|at first)\b", re.I)
# An earlier event named by its year, whose own figures follow: "the 1985 earthquake, which killed 10,000",
# "the 2011 tsunami killed more than 15,000".  A story's figures are never those of an event it recalls.
_YEAR_EVENT = re.compile(r"\b(?:1[6-9]|20)\d\d\s+(?:[\w-]+\s+){0,2}?(?:earthquakes?|quakes?|tremors?|tsunamis?|"
                         r"fires?|blazes?|floods?|flooding|storms?|hurricanes?|typhoons?|cyclones?|attacks?|bombings?|"
                         r"explosions?|blasts?|crash(?:es)?|collapses?|disasters?|wars?|eruptions?|massacres?|"
                         r"shootings?|riots?|protests?|famines?|epidemics?|outbreaks?)\b", re.I)
# A time named by its year, then what happened then: "the largest since 1989, when over a million people marched".
_YEAR_WHEN = re.compile(r"\b(?:1[6-9]|20)\d\d,?\s+when\b[^.;!?]{0,80}$")
_RECALLED_FIGURE = re.compile(r"(?:,?\s+(?:which|that|when|in which)\b|\s+(?:killed|left|claimed|injured|wounded|"
                              r"destroyed|displaced|caused))[^.;!?\d]{0,80}$", re.I)
_RUNNING_TOTAL = re.compile(r"\b(since|so far|in total|overall|to date|in all|altogether|cumulative)\b", re.I)
_PLACE = re.compile(r"\b(?:[Ii]n|[Aa]t)\s+(?:the\s+)?(?:(?:central|northern|southern|eastern|western|north|south|east|"
                    r"west|north-east|northeast|north-west|northwest|south-east|southeast|south-west|southwest|"
                    r"neighbouring|neighboring)\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+(?:of\s+)?[A-Z][\w'’-]+)*)"
                    r"(?P<kind>\s+(?:province|state|region|city|town|district|village|county|municipality|"
                    r"airbase|base|neighbou?rhood))?(?=\s+alone\b|\s*[,.;:)]|\s*$|\s+(?:and|or|on|in|at|"
                    r"from|after|when|where|while)\b|\s+\d)")
_ADMIN_AREA = re.compile(r"\b(?:in|at)\s+the\s+(state|province|region|city|town|district|county|prefecture)\s+of\s+"
                         r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
_SUB_AREA = re.compile(r"\bin\s+(?:one|a|the|that)\s+(neighbou?rhood|village|town|district|building|hospital|"
                       r"street|school|capital)\b(?:\s+alone)?", re.I)
# "died in Mexico City — the capital — and in the states of Puebla and Morelos", "in Homs and Hama": a figure
# of several places is of none of them alone
_AND_MORE_PLACES = re.compile(r"(?:\s*[—–][^—–.;]{0,60}[—–])?\s*,?\s*(?:and|or)\s+(?:(?:in|at)\s+)?(?:the\s+)?"
                              r"(?:[A-Z]|(?:states?|provinces?|regions?|cities|towns|districts|villages)\s+of\b)")
# "rose from 100 to 115": an earlier figure between a place and the figure does not part them
_CHANGE_FROM = re.compile(r"\bfrom\s+(?:an?\s+|the\s+)?(?:\w+\s+)?[\d][\d,.]*\s+to\s*$")
_COORDINATED = re.compile(r"\s*(?:,|and|or|, and|, or)\s*$")
# "86 people died in Mexico City, 71 in Morelos": a place ends the item before
_LIST_PLACE = re.compile(r"(?:\s+[a-z]+(?:\s+[a-z]+)?)?\s+in\s+(?:the\s+(?:(?:state|province|region|city|district)"
                         r"\s+of\s+)?)?[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*"
                         r"(?:\s+(?:state|province|region|city|district))?\s*(?:,|and|, and)\s*$")
# "the toll was at 217 by Wednesday morning — more than 100 in Mexico City alone": a breakdown after a dash
_ELABORATION = re.compile(r"[^.;,]{0,40}[—–:]\s*$")
_LIST_ITEM = re.compile(r"\s+[a-z]+(?:\s+[a-z]+)?\s*(?:,|and|, and)\s*$")  # "At Homs, 16 missiles, 13 downed"
# Measures that one story has one of (its quake's magnitude, its tower's height): the same measure is
# the same thing.  Distances, weights and ages are of many things: their words must agree as well.
SINGULAR_MEASURES = frozenset({"magnitude", "storey"})
_PLACE_REACH = 40  # characters after a figure within which a place restricts it ("22 killed in Amatrice")
_FRONTED = re.compile(r"^\s*(?:(?:and|but)\s+)?(?:[Ii]n|[Aa]t)\s+(?!least\b|most\b)")
_NOT_PLACES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
               "sunday", "the", "christmas", "easter", "europe", "asia", "africa", "america", "north america",
               "south america", "latin america", "the middle east", "middle east", "oceania", "antarctica"}
_GENERIC_HEADS = {"person", "people", "other", "individual", "live", "life"}


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    """Capital cities of the world's countries, lower case (data/capitals.tsv, from GeoNames)."""
    from importlib.resources import files

    lines = files("contradict").joinpath("data/capitals.tsv").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[1].strip().lower() for line in lines if line and not line.startswith("#"))


def same_scope(a: str | None, b: str | None) -> bool:
    """Whether two scopes are one part of the story: equal, or "the capital" against a city that is a
    country's capital ("in the capital" / "in Mexico City").  A story's capital is the one its outlets
    name; which country's is not checked (a story of two countries may mean the other's: rare in tolls)."""
    if (a or "") == (b or ""):
        return True
    if not (a and b) or "one capital" not in (a, b):
        return False
    return (b if a == "one capital" else a) in _capitals()


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Country names, lower case (pycountry: ISO 3166 names, common and official forms)."""
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.lower())
    names.update({"us", "u.s", "usa", "united states", "america", "uk", "britain", "great britain", "england",
                  "russia", "iran", "syria", "venezuela", "south korea", "north korea", "the us"})
    return frozenset(names)


CLAUSE_REACH = 300  # characters: longer than any clause of news copy


@lru_cache(maxsize=64)
def _clause_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where clause breaks start and end in ``text``, found once per text: a sentence with many
    figures asks for its clauses many times."""
    matches = list(_CLAUSE_BREAK.finditer(text))
    return [m.start() for m in matches], [m.end() for m in matches]


def _clause_bounds(text: str, start: int, end: int, reach: int = CLAUSE_REACH) -> tuple[int, int]:
    """The clause around ``text[start:end]``: from the last break that ends before it to the next that
    starts after it, and at most ``reach`` characters either side (a run-on text is not one clause:
    without the bound, framing a text's figures would take time growing with its square)."""
    starts, ends = _clause_breaks(text)
    i = bisect.bisect_right(ends, start)
    left = ends[i - 1] if i else 0
    j = bisect.bisect_left(starts, end)
    right = starts[j] if j < len(starts) else len(text)
    return max(left, start - reach), min(right, end + reach)


def category_of(text: str, q: Quantity, window: int = 9, window_before: int = 12) -> str | None:
    """The event category of a count: its counted noun, else the nearest category word after the
    figure (up to ``window`` words, within the clause), else before it (frames such as "the death
    toll in the Italian earthquake has risen to N" put the noun far ahead)."""
    if q.counted_head and q.counted_head in CATEGORY_WORDS:
        return CATEGORY_WORDS[q.counted_head]
    # the clause goes on past a quoted counted phrase: 80 “American terrorists” were killed
    quoted = q.counted_span is not None and text[q.counted_span[1]:q.counted_span[1] + 1] in _QUOTES
    lo, hi = _clause_bounds(text, q.start, q.counted_span[1] + 1 if quoted else q.end)
    opening = _OPENING_QUOTE.search(text, max(0, q.start - 3), q.start)
    if opening:  # the clause goes on before a quoted figure too: Iran launched “tens of missiles”
        lo = _clause_bounds(text, opening.start(), q.start)[0]
    if q.counted_head in _PROJECTILES:
        counted_end = q.counted_span[1] if q.counted_span else q.end
        if _INTERCEPT_BEFORE.search(text[lo:q.start]) or _INTERCEPT_AFTER.match(text[counted_end:hi]):
            return "intercepted"
        if _LAUNCH_BEFORE.search(text[lo:q.start]) or _LAUNCH_AFTER.match(text[counted_end:hi]):
            return "launched"
    right_before = [w for w in re.findall(r"[A-Za-z]+", text[lo:q.start])[-1:] if _names_category(w)]
    if right_before:  # "killed at least 245 people"
        return CATEGORY_WORDS[right_before[0].lower()]
    if _CROWD_PHRASE.match(text, q.counted_span[1] if q.counted_span else q.end, hi):
        return "crowd"
    after = re.findall(r"[A-Za-z]+", text[q.end:hi])[:window]
    for word in after:
        if _names_category(word):
            return CATEGORY_WORDS[word.lower()]
    before = re.findall(r"[A-Za-z]+", text[lo:q.start])[-window_before:]
    for n, word in enumerate(reversed(before)):
        w = word.lower() if _names_category(word) else ""
        # Further back than the word before the figure, only a toll frame names what it counts ("the
        # death toll in the earthquake has risen to N", "the number of confirmed dead ... lowered to N"):
        # "a man was killed and 4 people were stabbed" does not count the 4 as dead.
        if w in _FRAME_NOUNS or (w in CATEGORY_WORDS and "number" in (x.lower() for x in before[-n - 4:-n - 1])):
            return CATEGORY_WORDS[w]
    return None


def _names_category(word: str) -> bool:
    w = word.lower()
    return w in CATEGORY_WORDS and (w not in _LOWER_CASE_ONLY or word == w)


def scope_of(text: str, q: Quantity) -> str | None:
    """The part of the story a count is restricted to (a place smaller than a country), or None.

    The place right after the figure ("22 killed in Amatrice", within a few words), else one before it
    in its clause with no other figure between ("In Mexico City 1,900 were injured"), or a fronted
    place clause ("In the Lanvale district alone, 14 people died").
    """
    lo, hi = _clause_bounds(text, q.start, q.end)
    if lo > 0:
        fronted_lo = _clause_bounds(text, lo - 1, lo - 1)[0]
        if _FRONTED.match(text[fronted_lo:lo]):
            lo = fronted_lo
    places = []
    for m in list(_ADMIN_AREA.finditer(text, lo, hi)) + list(_SUB_AREA.finditer(text, lo, hi)) \
            + list(_PLACE.finditer(text, lo, hi)):
        if m.re is _SUB_AREA:
            name = f"one {m.group(1).lower()}"
        elif m.re is _ADMIN_AREA:  # "in the state of Mexico" is a part of Mexico
            name = f"{m.group(1)} of {m.group(2)}"
            places.append((m.start(), m.end(), name.lower()))
            continue
        else:
            name = m.group("place")
        if m.re is _PLACE and (name.lower() in _NOT_PLACES or name.lower() in _countries()
                               or name.lower().removesuffix("'s").removesuffix("’s") in _countries()):
            continue  # a month, a weekday, or a country: the whole story, not a part of it
        places.append((m.start(), m.end(), name.lower()))
    after = [p for p in places if q.end <= p[0] <= q.end + _PLACE_REACH]
    if after:
        start, end, name = min(after, key=lambda p: (p[0], -p[1]))  # the longest place starting first
        return f"{name} and more" if _AND_MORE_PLACES.match(text, end) else name
    before = [p for p in places if p[1] <= q.start
              and not re.search(r"\d", _CHANGE_FROM.sub("", text[p[1]:q.start]))]
    return max(before, key=lambda p: (p[1], p[1] - p[0]))[2] if before else None


# "had risen from 100 to 115", "15, up from 12", "was revised down from an earlier 248": the figure after
# "from" is one the sentence itself says is no longer current; it is not the outlet's claim of the figure.
_CHANGE_VERB = (r"(?:ris(?:e|en|es|ing)|rose|increas\w*|climb\w*|jump\w*|grew|grow\w*|soar\w*|fell|fall\w*|"
                r"drop\w*|decreas\w*|declin\w*|lower\w*|revis\w*|rais\w*|reduc\w*|cut|went|gone|up|down)")
_FROM_BEFORE = re.compile(rf"\b{_CHANGE_VERB}\b(?:\s+[\w'’,-]+){{0,6}}?\s+from\s+"
                          r"(?:(?:an?|the)\s+(?:earlier|previous|initial|original)\s+(?:[\w-]+\s+){0,2}(?:of\s+)?)?$",
                          re.I)
_TO_AFTER = re.compile(r"\s*(?:[\w'’-]+\s+){0,3}?to\s+(?:about\s+|at\s+least\s+|more\s+than\s+|over\s+)?\d", re.I)
_UP_DOWN_FROM = re.compile(r"\b(?:up|down)\s+from\s+$", re.I)
# A figure the sentence names as an earlier one: "backing away from the original claim of 80 casualties",
# "revised its initial estimate of 300", "the previous toll of 38".
_EARLIER_FIGURE = re.compile(r"\b(?:the|an|its|their|his|her)\s+(?:original|initial|earlier|previous|preliminary)\s+"
                             r"(?:claims?|figures?|estimates?|tolls?|counts?|reports?|tally|number)\s+(?:of\s+)?$",
                             re.I)


def superseded(text: str, q: Quantity) -> bool:
    """Whether the sentence gives ``q`` as an earlier figure it replaces: "rose from 100 to 115" (100),
    "115, up from 100" (100), "the original claim of 80" (80); never the figure a change arrives at."""
    before = text[max(0, q.start - 80):q.start]
    if _UP_DOWN_FROM.search(before) or _EARLIER_FIGURE.search(before):
        return True
    return bool(_FROM_BEFORE.search(before) and _TO_AFTER.match(text, q.end))


def _recalled_event(text: str, q: Quantity) -> bool:
    """Whether ``q`` is a figure of an earlier event the sentence names by its year ("the 1985 earthquake,
    which killed at least 10,000 people"): the year-named event, then the figure in its relative clause or
    as what it did, with no other figure between."""
    before = text[max(0, q.start - 160):q.start]
    for m in _YEAR_EVENT.finditer(before):
        if _RECALLED_FIGURE.fullmatch(before, m.end()):
            return True
    return False


def period_of(text: str, q: Quantity) -> str | None:
    """"superseded" (an earlier figure the sentence replaces: "rose from 100 to 115"), "past" (another,
    earlier event), "event" (one event of a series, one day, or an increment: "another 15 bodies", "12
    more people", "on Tuesday alone"), "total" (a running total), or None."""
    if superseded(text, q):
        return "superseded"
    lo, hi = _clause_bounds(text, q.start, q.end)
    clause = text[lo:hi]
    if _PAST.search(clause) or _recalled_event(text, q) or _FRONTED_PAST.match(text) \
            or _YEAR_WHEN.search(text, max(0, q.start - 100), q.start):
        return "past"
    if _PER_EVENT.search(clause) or _INCREMENT_BEFORE.search(text, max(0, q.start - 12), q.start) \
            or _INCREMENT_AFTER.match(text, q.end) or _ONE_DAY.search(text, max(0, q.start - 40), hi):
        return "event"
    if _RUNNING_TOTAL.search(clause):
        return "total"
    return None


def _measure(text: str, q: Quantity) -> str | None:
    """A unit written against the figure: glued ("100km"), hyphenated ("27-storey"), or next to it."""
    glued = _GLUED_UNIT.match(text, q.end)
    if glued:
        return UNIT_WORDS.get(glued.group(1).lower())
    if text[q.end:q.end + 1] == "-":
        hyphen = _HYPHEN_UNIT.match(text, q.end)
        if hyphen:
            compound = hyphen.group(1).lower()
            return UNIT_WORDS.get(compound) or UNIT_WORDS.get(compound.split("-")[0]) or singular(compound)
    if _UNIT_BEFORE.search(text[max(0, q.start - 20):q.start]) or _UNIT_AFTER.match(text[q.end:q.end + 20]):
        return "magnitude"
    if q.counted_head and q.counted_head in UNIT_WORDS:
        return UNIT_WORDS[q.counted_head]
    first = (q.counted or "").split(" ")[0].lower()
    return UNIT_WORDS.get(first)


def zero_counts(text: str) -> list[FramedQuantity]:
    """Counts of 0 of an event category: "no casualties", "No Americans were harmed", "no one was killed",
    "did not experience any casualties", "none of the missiles was intercepted", "all of the children
    have been accounted for" (0 missing), "each of the missiles hit their targets" (0 intercepted).

    The category must be the negated noun ("no casualties", "not ... any casualties") or the verb said
    of it ("No Americans were harmed", "none of the missiles ... was deflected"): "no immediate word on
    casualties", "no new deaths", "gave no death toll", "no one knows how many died", "none of the
    victims has been named" and "No 10" are not zero counts."""
    found = []
    for m in _ZERO.finditer(text):
        lo, hi = _clause_bounds(text, m.start(), m.end())
        words = [w for w in re.findall(r"[\w'’-]+", text[m.start("rest"):hi]) if not w[0].isdigit()]
        phrase = []  # the negated noun phrase ("aircraft or missiles involved")
        for w in words[:8]:
            if w.lower() in _ZERO_PHRASE_BREAK:
                break
            phrase.append(w)
        negator = (m.group("no") or "").lower()
        if negator not in _ZERO_PERSON and (not phrase or phrase[0].lower() in _NOT_ALL
                                            or any(w.lower() in _INFO_NOUNS for w in phrase)):
            continue  # "no new deaths", "no immediate word on casualties", "no death toll was given"
        if m.group("no") and re.match(r"No\s+\d", text[m.start():m.start() + 6]):
            continue  # "No 10", "No 1 spokesman"
        predicate = _predicate_category(words[len(phrase):], phrase, reach=10 if negator.startswith("none") else 3)
        if negator in _ZERO_PERSON:
            category = predicate  # "no one was killed"; "no one knows how many died" is not a count
        elif negator.startswith("none"):
            category = predicate  # "none of the victims has been named" is about naming
        else:
            category = next((CATEGORY_WORDS[w.lower()] for w in phrase if _names_category(w)), None) or predicate
        if category is None:
            continue
        if negator in _ZERO_PERSON:  # nobody at all
            zero = frame(text, Quantity(text=m.group("no"), start=m.start(), end=m.end("no"), value=0.0))
            zero.category = category
            found.append(zero)
            continue
        start = m.start()
        if m.group("neg"):  # "did not experience any casualties": the explanation quotes it whole
            aux = re.search(r"\b(?:did|does|do|has|have|had|was|were|is|are|will|would|could)\s*$", text[:start])
            start = aux.start() if aux else start
        zero = frame(text, _zero(text, start, m.start("rest"), m.end(), phrase, shown_whole=bool(m.group("neg"))))
        zero.category = category  # the category that made it a zero count, wherever it stands
        found.append(zero)
    for pattern, category in ((_ACCOUNTED_FOR, "missing"), (_ON_TARGET, "intercepted")):
        for m in pattern.finditer(text):
            zero_words = [w for w in m.group("rest").split()
                          if not w[0].isdigit() and w.lower() not in _QUALIFIER_WORDS]
            if zero_words:
                zero = frame(text, _zero(text, m.start(), m.start("rest"), m.end(), zero_words, shown_whole=True))
                zero.category, zero.period = category, None  # "each of the missiles" is not one event
                found.append(zero)
    return found


_QUALIFIER_WORDS = {"more", "than", "over", "at", "least", "some", "about", "nearly", "almost"}
# "no new deaths", "no further casualties": nothing more, not nothing at all
_NOT_ALL = {"new", "further", "more", "additional", "immediate", "other", "less", "fewer", "longer", "later",
            "sooner", "fresh"}
# "no word on casualties", "no death toll was given": nothing said, not nothing happened
_INFO_NOUNS = {"word", "words", "information", "details", "detail", "figure", "figures", "toll", "tolls",
               "indication", "indications", "report", "reports", "confirmation", "sign", "signs", "evidence",
               "number", "numbers", "estimate", "estimates", "comment", "update", "updates", "count", "data"}
_AUXILIARIES = {"was", "were", "is", "are", "has", "have", "had", "been", "being", "be", "got", "get"}


def _predicate_category(after: list[str], phrase: list[str], reach: int) -> str | None:
    """The category of the verb said of a negated noun phrase ("were harmed", "was deflected",
    "died"): the first auxiliary within ``reach`` words, then past adverbs, the verb; None otherwise."""
    for n, word in enumerate(after[:reach]):
        w = word.lower()
        if w in _AUXILIARIES or _names_category(word):
            rest = [x for x in after[n:n + 5] if x.lower() not in _AUXILIARIES and not x.lower().endswith("ly")]
            verb = rest[0] if rest else ""
            if _names_category(verb):
                return CATEGORY_WORDS[verb.lower()]
            if any(singular(p.lower()) in _PROJECTILES for p in phrase) and re.fullmatch(_INTERCEPT_VERB, verb.lower()):
                return "intercepted"  # "none of the 105 weapons ... was engaged"
            return None
    return None
# Words that end the noun phrase of a zero count; "or"/"and" do not ("aircraft or missiles").
_ZERO_PHRASE_BREAK = {"of", "on", "in", "at", "to", "for", "from", "with", "by", "against", "that", "which", "who",
                      "was", "were", "is", "are", "be", "been", "have", "has", "had", "the", "said", "says",
                      "involved", "launched", "fired", "among"}


def _zero(text: str, start: int, rest: int, end: int, words: list[str], shown_whole: bool = False) -> Quantity:
    """A count of 0 whose counted phrase is ``words`` up to the first word that ends a noun phrase
    ("aircraft or missiles involved"), restricted by a following "among the Iraqi forces".  Its text is
    the negating words ("No", "None of the"), or with ``shown_whole`` everything up to ``end`` ("all of
    our missiles reached their targets"), so an explanation quotes what says zero."""
    phrase = []
    for w in words:
        if w.lower() in _ZERO_PHRASE_BREAK:
            break
        phrase.append(w.strip("'’,.;:"))
    phrase = phrase or words[:1]
    counted = " ".join(phrase)
    # the first plural noun ("school's children", "aircraft or missiles"); "those listed as missing" is anyone
    plural = next((w for w in phrase if is_plural_noun(w)), None)
    head = singular(plural.lower()) if plural else None
    among = _AMONG.match(text, end)
    if among:  # "no casualties were recorded among the Iraqi forces": Iraqi forces, not anyone
        counted = among.group("group")
        head = singular(counted.split()[-1].lower())
    offset = text.find(phrase[0], rest)
    shown_end = max(end, offset + len(" ".join(phrase))) if shown_whole else rest
    q = Quantity(text=text[start:shown_end].strip(), start=start, end=shown_end, value=0.0, counted=counted,
                 counted_head=head, counted_span=(offset, offset + len(" ".join(phrase))) if offset >= 0 else None)
    return q


class FramedQuantity(Quantity):
    """A quantity with what a reader takes from its frame (see module doc)."""

    category: str | None = None
    measure: str | None = None
    scope: str | None = None
    period: str | None = None

    @property
    def generic(self) -> bool:
        """No head of its own, or one that says nothing of who ("people", "victims", "casualties")."""
        return self.counted_head is None or self.counted_head in _GENERIC_HEADS or self.counted_head in CATEGORY_WORDS


# "75% of inbound missiles", "70 percent of the cruise missiles": a share of a counted group
_SHARE_OF = re.compile(r"\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?", re.I)


def share_category(text: str, q: Quantity) -> str | None:
    """The event category of a percentage of a counted group, taken from what the sentence says happened to
    the group ("nearly 75% of inbound missiles were shot down": intercepted), as a count of that group would
    take it.  None when the group's noun is itself a category ("60% of the victims were children": a
    breakdown of the dead, not a share that happened to them) or nothing happened to it."""
    from contradict.quantities import _counted_phrase

    of = _SHARE_OF.match(text, q.end)
    counted = _counted_phrase(text, of.end()) if q.kind == "percent" and of else None
    if counted is None or counted[1] in CATEGORY_WORDS or singular(counted[1]) in CATEGORY_WORDS:
        return None
    group = q.model_copy(update={"counted": counted[0], "counted_head": counted[1], "counted_span": counted[2]})
    return category_of(text, group)


def frame(text: str, q: Quantity) -> FramedQuantity:
    measure = _measure(text, q)
    share = share_category(text, q) if q.kind == "percent" and measure is None else None
    if share:  # framed as a count of the group would be: its category, the part of the story, the period
        return FramedQuantity(**q.model_dump(), category=share, scope=scope_of(text, q), period=period_of(text, q))
    if q.kind != "count":
        return FramedQuantity(**q.model_dump(), measure=measure, period="superseded" if superseded(text, q) else None)
    if measure:  # a height, a distance, a magnitude: no event category, and places say where, not which part
        return FramedQuantity(**q.model_dump(), measure=measure, period=period_of(text, q))
    category = category_of(text, q)
    # "two of the 17 missiles failed to explode" is a part of the 17, not another count of all missiles;
    # "71 of 103 missiles were shot down" has a category of its own (intercepted) and stays comparable;
    # "five of the dead were identified", "one of those who died" are parts of a group, whatever they count
    # ("35 of the dead were in Amatrice alone" names its part: the place)
    part = q.part_of is not None and (category is None or not q.part_of[0].isdigit())
    scope = scope_of(text, q) or (f"part of {q.part_of}" if part else None)
    return FramedQuantity(**q.model_dump(), category=category, scope=scope, period=period_of(text, q))


_WEEKDAY_NAME = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|say|told|announced|reported|added|confirmed|stated|as\s+of)\s+"
                          r"(?:on\s+)?(?:late\s+|early\s+)?$", re.I)


@lru_cache(maxsize=1 << 14)
def event_days(text: str) -> frozenset[str]:
    """The weekdays a sentence dates what happened by ("the quake that struck on Wednesday", "early Friday
    morning's aftershock"), not when something was said ("officials said on Friday", "as of Thursday")."""
    return frozenset(m.group(1) for m in _WEEKDAY_NAME.finditer(text)
                     if not _SAID_BEFORE.search(text, max(0, m.start() - 30), m.start()))


def is_fixed(q: Quantity) -> bool:
    """A figure later reports do not move (``FIXED_QUANTITIES``): a crowd, one attack's missiles, a measure."""
    return isinstance(q, FramedQuantity) and (q.category or q.measure) in FIXED_QUANTITIES


def other_events(a: Quantity, a_text: str, b: Quantity, b_text: str) -> bool:
    """Whether two fixed figures belong to events of different days: Wednesday's 6.2 quake and Friday's 4.7
    aftershock, Sunday's march and Wednesday's rally.  A toll is not one day's: it moves from day to day."""
    if not (is_fixed(a) and is_fixed(b)):
        return False
    days_a, days_b = event_days(a_text), event_days(b_text)
    return bool(days_a and days_b and not days_a & days_b)


def framed_quantities(text: str) -> list[FramedQuantity]:
    """Every quantity of ``text`` framed (see ``_framed``); pairing and the quantity judge both ask, so
    each text is framed once."""
    return list(_framed(text))


@lru_cache(maxsize=16384)
def _framed(text: str) -> tuple[FramedQuantity, ...]:
    """Every quantity of ``text`` framed, zero counts included, in text order.

    A bare figure in a list takes the category and noun of the figure before it: "86 people died in
    Mexico City, 71 in Morelos state, 43 in Puebla" counts the dead three times; "hit by 22 missiles, 17
    on the airbase" counts missiles twice.
    """
    found = [frame(text, q) for q in find_quantities(text)] + zero_counts(text)
    found += [FramedQuantity(**q.model_dump()) for q in ordinals(text)]  # a rank has no frame of its own
    found.sort(key=lambda q: (q.start, q.end))
    for before, q in zip(found, found[1:], strict=False):
        if q.kind != "count" or before.kind != "count" or q.measure is not None or before.measure is not None:
            continue
        if q.counted is not None and q.counted_head not in CATEGORY_WORDS:
            continue  # a noun of its own; a category word alone ("13 downed") still leaves the list's place
        # only a figure in a list takes the item before it: "86 died in X, 71 in Y" (not "pulled 5 from
        # the rubble" after a toll, nor "Route 9")
        if not (_COORDINATED.match(text, before.end, q.start) or _LIST_ITEM.match(text, before.end, q.start)
                or _LIST_PLACE.match(text, before.end, q.start) or _ELABORATION.match(text, before.end, q.start)):
            continue
        if q.category is None and (before.category is not None or before.counted_head is not None):
            q.category, q.counted_head = before.category, before.counted_head
        if q.scope is None:
            q.scope, q.period = before.scope, before.period  # "in Arquata remained at 49 and 11"
    return tuple(found)


def same_category(a: FramedQuantity, b: FramedQuantity) -> bool | None:
    """True/False when both counts have an event category; None when either has none."""
    if a.category is None or b.category is None:
        return None
    if a.category == b.category:
        return True
    # "no casualties" denies "80 killed"; "200 casualties" says nothing against "80 killed" (they may
    # be 80 dead and 120 injured), so a broader category meets a narrower one only at zero.
    broad = a if a.category == "casualty" else b
    return frozenset({a.category, b.category}) in _COMPATIBLE and broad.value == 0


def heads_agree(a: FramedQuantity, b: FramedQuantity) -> bool:
    """Two counts of one category count the same people: the same noun, nouns that say nothing of who
    ("people", "the toll"), or one noun inside the other's phrase ("Americans" / "American troops").
    "21 children" against "248 people" is a part against the whole.  A zero of a group named by name is
    about that group only, whatever its noun: "no Iraqi casualties" says nothing against "200 wounded"."""
    if (a.value == 0) != (b.value == 0):
        zero, other = (a, b) if a.value == 0 else (b, a)
        named = {singular(w.lower()) for w in re.findall(r"\b[A-Z][a-z]+\b", zero.counted or "")} \
            - _GENERIC_HEADS - CATEGORY_WORDS.keys()  # not a headline's capitals: "No Deaths Reported"
        if named and not named & (singular_words((other.counted or "").lower()) | {other.counted_head or ""}):
            return False
    if a.generic and b.generic:
        return True
    if a.counted_head == b.counted_head:
        return True
    if a.counted_head in _COVERS.get(b.counted_head or "", ()) or \
            b.counted_head in _COVERS.get(a.counted_head or "", ()):
        return True  # "105 weapons were launched" / "103 missiles were fired": the broader word takes in the other
    if a.value == 0 or b.value == 0:  # "no Americans were harmed" / "80 American troops were killed"
        zero, other = (a, b) if a.value == 0 else (b, a)
        zero_words = singular_words(zero.counted or "") - {"or", "and"}
        restricting = {w for w in zero_words if w not in _GENERIC_HEADS and w not in CATEGORY_WORDS}
        if not restricting:
            return True  # "no one was killed", "no casualties": nobody at all ("no Iraqi casualties": Iraqis)
        other_words = singular_words(other.counted or "") | {other.counted_head or ""}
        # the same people or things ("Americans" / "American troops"), or a word that covers the other's
        # ("none of the weapons" is none of the missiles)
        return bool(restricting & other_words) or any(other.counted_head in _COVERS.get(w, ()) for w in restricting)
    return False


def singular_words(phrase: str) -> set[str]:
    return {singular(w) for w in re.findall(r"[A-Za-z]+", phrase)}


def frames_allow_comparison(a: FramedQuantity, b: FramedQuantity) -> bool:
    """Whether two figures may be compared at all: same kind of measure, the same part of the story,
    the same span of time, the same event, and not two different event categories or groups."""
    if (a.measure or "") != (b.measure or ""):
        return False
    category = same_category(a, b)
    if category is False or (category and not heads_agree(a, b)):
        return False
    if category is None and ((a.category and b.counted) or (b.category and a.counted)):
        # "200 wounded" against "22 missiles": an event count against a count of things; "home to hundreds
        # of people" against "30 people died": people, but not the dead.  A bare figure ("rose to 79") may
        # still be compared: its frame is what it counts.
        return False
    if not same_scope(a.scope, b.scope):
        return False  # a part (a town, a province) against the whole, or two different parts
    if "superseded" in (a.period, b.period):
        return False  # "rose from 100 to 115": the 100 is what the outlet says the figure no longer is
    if (a.period == "event") != (b.period == "event") or (a.period == "past") != (b.period == "past"):
        return False  # one event's count against a running total, or another, earlier event
    return True
