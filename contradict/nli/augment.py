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
- ``wrapper``          news framing added around the premise and/or hypothesis of an existing pair, label
                       kept: an attribution frame ("Officials said ...", "According to the ministry, ...",
                       "Police told reporters that ..."), a trailing clause ("..., officials said on
                       Tuesday.") or a dateline ("GENEVA — ..."); news reports state facts this way.
- ``same_story``       two *different* premises of the pool that share a named entity (a capitalised word
                       sequence) but are otherwise unrelated: neutral (two facts about the same people).

WordNet is read from Debian's ``wordnet-base`` files through NLTK's reader (no download).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from contradict.nli.data import NLIPair
from contradict.quantities import Quantity, find_quantities, format_number, number_to_words

# Pairs generated per kind for one epoch of training (scaled by train's --augment / --news-augment).
AUGMENT_BUDGET = {"number_swap": 8000, "number_rewrite": 4000, "negation": 6000, "antonym": 4000,
                  "attribution": 2000}
NEWS_BUDGET = {"wrapper": 8000, "same_story": 1500}

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


# --- label-preserving news wrappers -------------------------------------------------------------------

_FRAME_SPEAKERS = ["officials", "police", "a spokesperson", "the ministry", "witnesses", "the agency",
                   "the company", "a government official", "local authorities", "investigators",
                   "a senior official", "the statement"]
_DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
         "last week", "in a statement", ""]
_CITIES = ["WASHINGTON", "LONDON", "PARIS", "BERLIN", "NEW YORK", "GENEVA", "NAIROBI", "TOKYO", "MADRID",
           "OTTAWA", "BRUSSELS", "CANBERRA", "MEXICO CITY", "NEW DELHI", "CAIRO", "JOHANNESBURG"]
# Sentence-initial words that are not names, so lower-casing them inside a frame is right.
_LOWERABLE = {"the", "a", "an", "this", "that", "these", "those", "it", "its", "there", "some", "many", "most",
              "all", "no", "one", "two", "three", "several", "he", "she", "they", "his", "her", "their",
              "in", "on", "at", "after", "before", "during", "more", "less", "about", "nearly", "only",
              "both", "each", "every", "another", "other", "such", "when", "while", "if", "as", "for"}
_SKIP_START = {"i", "we", "you", "my", "our", "your", "me", "us"}  # "Officials said we ..." shifts who "we" is


def _first_word(text: str) -> str:
    m = re.match(r"[A-Za-z']+", text)
    return m.group() if m else ""


def _frameable(text: str) -> bool:
    text = text.strip()
    return (10 <= len(text) <= 300 and text[0].isalpha() and text[0].isupper() and not text.endswith(("?", "!"))
            and _first_word(text).lower() not in _SKIP_START and not _ATTRIBUTION_RE.search(text[:60])
            and '"' not in text and "“" not in text)


def _lower_start(text: str) -> str:
    word = _first_word(text)
    return text[0].lower() + text[1:] if word.lower() in _LOWERABLE else text


def _end(text: str) -> str:
    return text.rstrip().rstrip(".").rstrip()


def attribution_frame(text: str, rng: random.Random) -> str | None:
    """``text`` as a statement someone made: "Officials said ...", "According to X, ...", "X told reporters
    that ..."."""
    if not _frameable(text):
        return None
    body = _lower_start(text.strip())
    speaker = rng.choice(_FRAME_SPEAKERS)
    form = rng.randrange(4)
    if form == 0:
        return f"{speaker[0].upper() + speaker[1:]} said {body}"
    if form == 1:
        return f"According to {speaker}, {body}"
    if form == 2:
        return f"{speaker[0].upper() + speaker[1:]} told reporters that {body}"
    return f"{speaker[0].upper() + speaker[1:]} said that {body}"


def trailing_clause(text: str, rng: random.Random) -> str | None:
    """``text`` with a news attribution clause at its end: "..., officials said on Tuesday."."""
    if not _frameable(text):
        return None
    when = rng.choice(_DAYS)
    return f"{_end(text)}, {rng.choice(_FRAME_SPEAKERS)} said{' ' + when if when else ''}."


def dateline(text: str, rng: random.Random) -> str | None:
    """``text`` behind a wire-story dateline: "GENEVA — ..."."""
    text = text.strip()
    if not text or not text[0].isupper() or re.match(r"[A-Z ]{3,}\s+[—-]", text):
        return None
    return f"{rng.choice(_CITIES)} — {text}"


WRAPPERS: dict[str, Callable[[str, random.Random], str | None]] = {
    "frame": attribution_frame, "trailing": trailing_clause, "dateline": dateline}


def wrap_pair(pair: NLIPair, rng: random.Random) -> NLIPair | None:
    """``pair`` with news framing on its premise (half), hypothesis (a quarter) or both; label kept.

    Datelines go on premises only (a hypothesis is a claim, not a story's first line).
    """
    where = rng.choices(("premise", "hypothesis", "both"), weights=(2, 1, 1))[0]
    premise, hypothesis = pair.premise, pair.hypothesis
    if where in ("premise", "both"):
        premise = WRAPPERS[rng.choice(("frame", "trailing", "dateline"))](premise, rng)
    if where in ("hypothesis", "both"):
        hypothesis = WRAPPERS[rng.choice(("frame", "trailing"))](hypothesis, rng)
    if not premise or not hypothesis:
        return None
    return NLIPair(premise=premise, hypothesis=hypothesis, label=pair.label, source="augment/wrapper")


# --- same-story neutrals --------------------------------------------------------------------------------

_ENTITY_RE = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|of|de|van|von|al))*(?: [A-Z][a-z]+)*\b")
_NOT_NAMES = {"The", "This", "That", "These", "Those", "There", "Then", "They", "He", "She", "It", "We", "You",
              "His", "Her", "Their", "Its", "Our", "And", "But", "Or", "If", "When", "While", "After", "Before",
              "In", "On", "At", "For", "From", "With", "By", "As", "A", "An", "Mr", "Mrs", "Ms", "Dr", "Monday",
              "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
              "March", "April", "May", "June", "July", "August", "September", "October", "November",
              "December", "God", "Yes", "No", "Oh", "Well", "So", "What", "Who", "Why", "How", "I"}
# Sources whose premises are independent texts (not edits of one another, not captions of one scene).
SAME_STORY_SOURCES = ("mnli/", "lingnli/", "xnli_en/", "nli_new_protocols_base/")


def named_entities(text: str) -> set[str]:
    """Capitalised word sequences that are not sentence-initial and not common capitalised words."""
    found = set()
    for m in _ENTITY_RE.finditer(text):
        before = text[:m.start()].rstrip()
        if not before or before[-1] in ".!?\"“:":  # sentence-initial: capitalised for position, not name
            words = m.group().split(" ", 1)
            if len(words) == 1:
                continue
            # "The White House" -> "White House"; "Maria Lopez" stays whole
            name = words[1] if words[0] in _NOT_NAMES else m.group()
        else:
            name = m.group()
        name = name.strip()
        if name in _NOT_NAMES or len(name) < 4 or name.split()[0] in _NOT_NAMES:
            continue
        found.add(name)
    return found


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def first_sentence(text: str) -> str:
    m = re.search(r"(?<=[a-z0-9][.!?])\s+(?=[A-Z])", text)
    return text[:m.start()] if m else text


def same_story_pairs(premises: list[str], want: int, rng: random.Random, max_overlap: float = 0.25,
                     max_entity_uses: int = 30) -> list[NLIPair]:
    """Neutral pairs of different premises sharing a named entity, at most ``want``.

    Guards against related texts: the two must share under ``max_overlap`` of their words (Jaccard) and
    neither may contain the other; an entity found in more than ``max_entity_uses`` premises is too
    generic to tie two facts to one story, and is skipped.
    """
    by_entity: dict[str, list[int]] = {}
    for i, text in enumerate(premises):
        for name in named_entities(text):
            by_entity.setdefault(name, []).append(i)
    entities = sorted(n for n, ids in by_entity.items() if 2 <= len(ids) <= max_entity_uses)
    rng.shuffle(entities)
    out: list[NLIPair] = []
    used: set[int] = set()
    for name in entities:
        if len(out) >= want:
            break
        ids = [i for i in by_entity[name] if i not in used]
        if len(ids) < 2:
            continue
        a, b = rng.sample(ids, 2)
        premise, hypothesis = premises[a], first_sentence(premises[b])
        if name not in hypothesis or hypothesis in premise or premise in hypothesis:
            continue
        wa, wb = _words(premise), _words(hypothesis)
        if len(wa & wb) / max(1, len(wa | wb)) >= max_overlap:
            continue
        used.update((a, b))
        out.append(NLIPair(premise=premise, hypothesis=hypothesis, label="neutral", source="augment/same_story"))
    return out


def augment_news(pairs: list[NLIPair], budget: dict[str, int], seed: int = 13) -> list[NLIPair]:
    """The news-framing kinds: ``budget["wrapper"]`` wrapped copies of ``pairs`` (label kept) and
    ``budget["same_story"]`` same-story neutrals from premises of the independent-text sources."""
    rng = random.Random(seed * 7919 + 1)
    out: list[NLIPair] = []
    want = budget.get("wrapper", 0)
    if want:
        order = list(range(len(pairs)))
        rng.shuffle(order)
        for i in order:
            if len(out) >= want:
                break
            new = wrap_pair(pairs[i], rng)
            if new:
                out.append(new)
    want = budget.get("same_story", 0)
    if want:
        premises = sorted({p.premise for p in pairs if p.source.startswith(SAME_STORY_SOURCES)
                           and 30 <= len(p.premise) <= 300})
        out.extend(same_story_pairs(premises, want, rng))
    return out


_INSPECT_DOC = """Write the news-style NLI augmentation to a JSONL file for inspection, and print its make-up.

    python -m contradict.nli.augment -o augment.jsonl.gz [--scale 1.0] [--news-scale 0] [--extra] [--show 10]

The same pairs contradict.nli.train generates in memory (same budget, same seed), from trainable pairs only;
``--news-scale`` adds the news-framing kinds (wrappers, same-story neutrals), ``--extra`` draws from the
supplement's trainable pairs too (as a ``--extra`` training run does).
"""


def main(argv: list[str] | None = None) -> int:
    """Write the augmentation to a JSONL file for inspection and print its make-up (see the module doc)."""
    import argparse
    import gzip

    from contradict.nli.data import default_data_dir, split_pool, split_with_extra

    ap = argparse.ArgumentParser(description=_INSPECT_DOC, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", type=Path, default=None)
    ap.add_argument("--data-dir", type=Path, default=default_data_dir())
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--news-scale", type=float, default=0.0)
    ap.add_argument("--extra", action="store_true", help="draw from the supplement's trainable pairs too")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=10, help="examples printed")
    args = ap.parse_args(argv)
    if args.extra:
        split = split_with_extra(args.data_dir)
        train = split.train + split.extra_train
    else:
        train, _, _, _ = split_pool(args.data_dir)  # split seed 13, as contradict.nli.train
    pairs = augment(train, {k: int(v * args.scale) for k, v in AUGMENT_BUDGET.items()}, seed=args.seed)
    if args.news_scale > 0:
        pairs += augment_news(train, {k: int(v * args.news_scale) for k, v in NEWS_BUDGET.items()}, seed=args.seed)
    counts = Counter(p.source for p in pairs)
    print(f"{len(pairs)} augmented pairs = {len(pairs) / (len(pairs) + len(train)):.1%} of the training data "
          f"({len(train)} trainable pairs)")
    for source, n in sorted(counts.items()):
        print(f"  {source:<28} {n:6d}  {next(p.label for p in pairs if p.source == source)}")
    for p in random.Random(args.seed).sample(pairs, min(args.show, len(pairs))):
        print(f"- [{p.source} -> {p.label}]\n    P: {p.premise[:160]}\n    H: {p.hypothesis[:160]}")
    if args.output:
        with gzip.open(args.output, "wt", encoding="utf-8") if args.output.suffix == ".gz" else \
                open(args.output, "w", encoding="utf-8") as fh:
            for p in pairs:
                fh.write(p.model_dump_json() + "\n")
        print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
