"""News-style NLI augmentation in the FactCC spirit, generated from trainable pairs only.

Each transform rewrites a premise (or an entailed hypothesis) and knows the label of the result:

- ``number_swap``      a quantity changed to another figure ("three" -> "five", "$50 million" ->
                       "$25 million"): contradiction, the convention of conflicting news reports
                       (two outlets giving "at least 17" and "at least 12" dead disagree).
- ``number_rewrite``   the same quantity written another way ("four" <-> "4", "more than" <->
                       "over"): entailment.
- ``negation``         "not" inserted after, or removed from, an auxiliary: contradiction.
- ``antonym``          an adjective or verb swapped for its WordNet antonym: contradiction.
- ``attribution``      the speaker of a reported statement changed: neutral (both may have said it).

WordNet is read from Debian's ``wordnet-base`` files through NLTK's reader (no download).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from contradict.nli_data import NLIPair
from contradict.quantities import Quantity, find_quantities, format_number, number_to_words

WORDNET_DIRS = (Path("/usr/share/wordnet"), Path("/usr/share/wordnet/dict"))

_REWRITE_QUALIFIERS = {
    "more than": "over", "over": "more than", "at least": "no fewer than",
    "no fewer than": "at least", "about": "around", "around": "about", "nearly": "almost",
    "almost": "nearly", "roughly": "approximately", "approximately": "roughly",
}
_AUX = r"is|are|was|were|will|would|can|could|should|has been|have been|had been|must|may|might"
_NEG_INSERT_RE = re.compile(rf"\b({_AUX})\b(?!\s+not\b|n['’]t)", re.I)
_NEG_REMOVE_RE = re.compile(rf"\b({_AUX}|do|does|did)\s+not\s+", re.I)
_NEG_CONTRACTION_RE = re.compile(r"\b(is|are|was|were|does|did|do|could|would|should)n['’]t\b", re.I)
_ATTRIBUTION_RE = re.compile(
    r"\b(?:according to|said|says|told|stated)\b", re.I)
_COMPARATIVE_RE = re.compile(r"\b(exceed\w*|more|less|fewer|over|under|above|below|least|most|"
                             r"several|many|some|multiple|few)\b", re.I)
_SPEAKERS = ["officials", "a spokesperson", "the ministry", "police", "witnesses", "analysts",
             "the company", "the agency", "local media", "the report", "critics", "researchers"]


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def swapped_value(q: Quantity, rng: random.Random) -> float:
    """A different, clearly distinct figure of the same magnitude."""
    v = q.value
    if v < 10:
        choices = [x for x in range(0, 13) if abs(x - v) >= 1]
        return float(rng.choice(choices))
    factor = rng.choice([0.5, 0.6, 0.7, 0.75, 1.25, 1.5, 2.0, 3.0])
    new = v * factor
    magnitude = 10 ** max(0, len(str(int(v))) - 2)
    new = round(new / magnitude) * magnitude
    return float(new if new != v else v + magnitude)


def _number_text(q: Quantity) -> tuple[int, int, str]:
    """The span of the bare figure inside the quantity (qualifier and currency left out)."""
    m = re.search(r"(\d[\d,.]*|[A-Za-z][A-Za-z -]*)\s*(million|billion|thousand|bn|m|k)?\s*(%|percent)?$",
                  q.text)
    figure = q.text[m.start():]
    scale_m = re.search(r"\s*(million|billion|trillion|thousand|bn|mn|m|k)\b", figure, re.I)
    return q.start + m.start(), q.end, figure if not scale_m else figure[:scale_m.start()]


def number_swap(text: str, rng: random.Random) -> str | None:
    quantities = [q for q in find_quantities(text) if q.kind != "year"]
    if not quantities:
        return None
    q = rng.choice(quantities)
    start, end, figure = _number_text(q)
    figure_value = _number_value_of(figure)
    if figure_value is None:
        return None
    new_value = swapped_value(q.model_copy(update={"value": figure_value}), rng)
    new_figure = format_number(new_value, figure)
    return _replace(text, start, start + len(figure), new_figure)


def _number_value_of(figure: str) -> float | None:
    found = find_quantities(figure)
    return found[0].value if found else None


def number_rewrite(text: str, rng: random.Random) -> str | None:
    quantities = [q for q in find_quantities(text) if q.kind == "count"]
    rng.shuffle(quantities)
    for q in quantities:
        lowered = q.text.lower()
        for qual, other in _REWRITE_QUALIFIERS.items():
            if lowered.startswith(qual + " "):
                return _replace(text, q.start, q.start + len(qual), other)
        figure = q.text
        if figure.isdigit() and 1 < q.value < 100:
            return _replace(text, q.start, q.end, number_to_words(int(q.value)))
        if figure.isalpha() and 1 < q.value < 100 and q.value == int(q.value):
            return _replace(text, q.start, q.end, str(int(q.value)))
    return None


def negation(text: str, rng: random.Random) -> str | None:
    if text.rstrip().endswith("?"):
        return None  # questions invert the auxiliary ("Could you ..."); "not" there is not a negation
    removable = list(_NEG_REMOVE_RE.finditer(text)) + list(_NEG_CONTRACTION_RE.finditer(text))
    if removable and rng.random() < 0.5:
        m = rng.choice(removable)
        if m.re is _NEG_CONTRACTION_RE:
            return _replace(text, m.start(), m.end(), m.group(1))
        aux = m.group(1)
        if aux.lower() in ("do", "does", "did"):
            return None  # "did not go" -> "went" needs inflection; skip rather than write bad English
        return _replace(text, m.start(), m.end(), aux + " ")
    insertable = list(_NEG_INSERT_RE.finditer(text))
    if not insertable:
        return None
    m = rng.choice(insertable)
    if m.start() == 0:
        return None
    return _replace(text, m.end(), m.end(), " not")


def _antonym_pairs(path: Path) -> dict[str, str]:
    """Antonym pairs (pointer "!") from one WordNet ``data.*`` file, single words only.

    Line format (wndb(5WN)): offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt
    [pointer_symbol offset pos source/target(hex)]... | gloss.
    """
    synsets: dict[str, list[str]] = {}
    pointers: list[tuple[str, str, int, int]] = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):  # licence header
                continue
            fields = line.split(" | ", 1)[0].split()
            offset, w_cnt = fields[0], int(fields[3], 16)
            words = [re.sub(r"\(.*\)$", "", w) for w in fields[4:4 + 2 * w_cnt:2]]
            synsets[offset] = words
            i = 4 + 2 * w_cnt
            for j in range(int(fields[i])):
                symbol, target, _pos, src_tgt = fields[i + 1 + 4 * j: i + 5 + 4 * j]
                if symbol == "!":
                    pointers.append((offset, target, int(src_tgt[:2], 16), int(src_tgt[2:], 16)))
    table: dict[str, str] = {}
    for offset, target, src, tgt in pointers:
        if src and tgt and target in synsets:
            word, other = synsets[offset][src - 1], synsets[target][tgt - 1]
            if "_" not in word and "_" not in other and word.islower():
                table.setdefault(word, other)
    return table


class Antonyms:
    """Adjective and verb antonyms from the WordNet database files Debian ships."""

    def __init__(self) -> None:
        root = next((d for d in WORDNET_DIRS if (d / "data.adj").exists()), None)
        if root is None:
            raise FileNotFoundError("WordNet files not found: apt-get install wordnet-base")
        self.table: dict[str, str] = {}
        for name in ("data.adj", "data.verb"):
            self.table.update(_antonym_pairs(root / name))

    def swap(self, text: str, rng: random.Random) -> str | None:
        words = [m for m in re.finditer(r"[a-z]+", text) if m.group() in self.table and len(m.group()) > 3]
        if not words:
            return None
        m = rng.choice(words)
        return _replace(text, m.start(), m.end(), self.table[m.group()])


def attribution(text: str, rng: random.Random) -> str | None:
    m = re.search(r"\b(according to)\s+([A-Z][\w.'’ -]{1,40}?)(?=[,.;]|$)", text)
    if m:
        return _replace(text, m.start(2), m.end(2), rng.choice(_SPEAKERS))
    m = re.search(r"([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})\s+(said|says|told)\b", text)
    if m and m.start(1) > 0:
        return _replace(text, m.start(1), m.end(1), rng.choice(_SPEAKERS))
    return None


def augment(pairs: list[NLIPair], budget: dict[str, int], seed: int = 13) -> list[NLIPair]:
    """New pairs from trainable ``pairs``: at most ``budget[kind]`` of each kind.

    Premise-level transforms pair a premise with its rewrite; number swaps are also applied to the
    hypothesis of an entailment pair, which keeps the lexical gap of real NLI data.
    """
    rng = random.Random(seed)
    antonyms = Antonyms() if budget.get("antonym") else None
    transforms: dict[str, tuple[Callable[[str, random.Random], str | None], str]] = {
        "number_swap": (number_swap, "contradiction"),
        "number_rewrite": (number_rewrite, "entailment"),
        "negation": (negation, "contradiction"),
        "attribution": (attribution, "neutral"),
    }
    if antonyms:
        transforms["antonym"] = (antonyms.swap, "contradiction")
    premises = sorted({p.premise for p in pairs if 20 <= len(p.premise) <= 400})
    rng.shuffle(premises)
    entailed = [p for p in pairs if p.label == "entailment"]
    rng.shuffle(entailed)
    out: list[NLIPair] = []
    made: Counter[str] = Counter()
    for kind, (fn, label) in transforms.items():
        want = budget.get(kind, 0)
        if kind == "number_swap":  # half from entailed hypotheses, half from premises
            for p in entailed:
                if made[kind] >= want // 2:
                    break
                # Only exact figures: a changed bound ("exceeds 38,000" from "80,000") may stay true.
                if any(q.qualifier != "exact" for q in find_quantities(p.hypothesis)) or \
                        _COMPARATIVE_RE.search(p.hypothesis):
                    continue
                new = fn(p.hypothesis, rng)
                if new and new != p.hypothesis:
                    out.append(NLIPair(premise=p.premise, hypothesis=new, label=label, source=f"augment/{kind}"))
                    made[kind] += 1
        for premise in premises:
            if made[kind] >= want:
                break
            new = fn(premise, rng)
            if new and new != premise:
                out.append(NLIPair(premise=premise, hypothesis=new, label=label, source=f"augment/{kind}"))
                made[kind] += 1
    return out
