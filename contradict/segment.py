"""Split cleaned article text into sentences with character spans, and mark which are claims.

pysbd does the splitting (rule-based, handles "U.S.", "Sept. 2", "Sen.", quotations) - one line to
justify it: it is the well-kept rule-based splitter that needs no model download.  Non-claims are
kept with a reason (heading, question, byline, too short) so spans stay complete, but are not paired.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contradict.schema import Article, Sentence
from contradict.settings import Settings, defaults

# The limits are Settings fields: min_claim_words, headline_claim_words (a line this long without a full stop
# is a sentence, not a title), max_chunk_chars (pysbd is quadratic in its input: a 200 KB paragraph took a
# minute whole), max_claim_chars (a longer "sentence" is a run-on page fragment, not a claim to pair).
_DEFAULT = defaults()
_TERMINAL = re.compile(r"[.!…]['\"”’)\]]*$")
_QUESTION = re.compile(r"\?['\"”’)\]]*$")
_BYLINE = re.compile(r"^(by|photo( by)?|image( by)?|credit|source|reporting by|edited by)\b[\s:]", re.I)


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _chunks(paragraph: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) pieces of at most ``limit`` characters, cut after a sentence end (". ") where there is
    one, else at white space, else hard: pysbd's time grows with the square of what it is given."""
    pieces, start = [], 0
    while len(paragraph) - start > limit:
        window = paragraph[start:start + limit]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 2 if cut > limit // 4 else (window.rfind(" ") + 1 if window.rfind(" ") > limit // 4 else limit)
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(paragraph)))
    return pieces


def split_sentences(paragraph: str, max_chunk_chars: int = _DEFAULT.max_chunk_chars) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``paragraph``, trimmed of surrounding white space.

    Linear in the paragraph's length: long paragraphs go to pysbd in pieces of ``max_chunk_chars``."""
    spans = []
    for offset, chunk_end in _chunks(paragraph, max_chunk_chars):
        chunk = paragraph[offset:chunk_end]
        cursor = 0
        for piece in _segmenter().segment(chunk):
            stripped = piece.strip()
            if not stripped:
                continue
            start = chunk.find(stripped, cursor)
            if start < 0:  # pysbd altered the text; fall back to a forward search on its first words
                start = cursor
            end = start + len(stripped)
            spans.append((offset + start, offset + end))
            cursor = end
    return spans


def claim_status(sentence: str, paragraph_is_single_line_heading: bool, settings: Settings | None = None
                 ) -> str | None:
    """None for a claim, else why the sentence is not one.

    A line without closing punctuation is a heading, unless it states a figure or runs long: news
    headlines, subheads and bullet leads ("- At least 248 people have been killed") are claims.
    """
    settings = settings or _DEFAULT
    if paragraph_is_single_line_heading and not _states_a_claim(sentence, settings):
        return "heading"
    if _QUESTION.search(sentence):
        return "question"
    if _BYLINE.match(sentence):
        return "byline"
    if len(sentence) > settings.max_claim_chars:
        return "too long"
    if len(re.findall(r"\w+", sentence)) < settings.min_claim_words:
        return "too short"
    return None


_PRONOUN_START = re.compile(r"^It\s+(?!(?:is|was|has been|had been|remains|seems|appears)\s+"
                            r"(?:not\s+)?(?:believed|thought|expected|unclear|clear|likely|unlikely|possible|"
                            r"understood|reported|said|feared|hoped|known|time|too)\b)")
_NAMED_SUBJECT = re.compile(r"^((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:is|was|has|had|remains|plays|"
                            r"serves|will|would|can|could|does|did)\b")
# Groups and people are not "it": "Police said the driver ..." + "It ..." is about something else.
_NOT_IT = {"The", "A", "An", "This", "That", "It", "He", "She", "They", "But", "Police", "Officials", "Residents",
           "Witnesses", "Rescuers", "Authorities", "Experts", "Sources", "Mr", "Mrs", "Ms", "Dr"}


def antecedent(sentence: str, previous: str) -> str | None:
    """The name a sentence-initial "It" most likely stands for: the named subject of the
    sentence before it in the paragraph ("Venezuela is not a major producer ... It is not considered
    a source ...").  None for an expletive "It is believed/unclear/...", or when the sentence before
    does not open with a name."""
    if not _PRONOUN_START.match(sentence):
        return None
    m = _NAMED_SUBJECT.match(previous.strip())
    if not m or m.group(1).split()[0] in _NOT_IT:
        return None
    return m.group(1)


def _states_a_claim(line: str, settings: Settings) -> bool:
    from contradict.quantities import find_quantities

    words = len(re.findall(r"\w+", line))
    return words >= settings.headline_claim_words or (words >= settings.min_claim_words and any(
        q.kind in ("count", "money", "percent") for q in find_quantities(line)))


def segment(article: Article, settings: Settings | None = None) -> list[Sentence]:
    """Sentences of ``article`` in order, spans into ``article.text`` (``settings``: the claim limits;
    default ``defaults()``)."""
    settings = settings or _DEFAULT
    sentences: list[Sentence] = []
    for p_start, p_end in _paragraph_spans(article.text):
        paragraph = article.text[p_start:p_end]
        spans = split_sentences(paragraph, settings.max_chunk_chars)
        heading = len(spans) == 1 and not _TERMINAL.search(paragraph.strip()) and not _QUESTION.search(paragraph)
        previous: str | None = None
        for start, end in spans:
            text = paragraph[start:end]
            reason = claim_status(text, heading, settings)
            sentences.append(Sentence(
                article_id=article.id, index=len(sentences), start=p_start + start, end=p_start + end, text=text,
                is_claim=reason is None, not_claim_reason=reason,
                antecedent=antecedent(text, previous) if previous else None,
            ))
            previous = text
    return sentences
