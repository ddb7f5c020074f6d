"""Split cleaned article text into sentences with character spans, and mark which are claims.

pysbd does the splitting (rule-based, handles "U.S.", "Sept. 2", "Sen.", quotations) - one line to
justify it: it is the well-kept rule-based splitter that needs no model download.  Non-claims are
kept with a reason (heading, question, byline, too short) so spans stay complete, but are not paired.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contradict.schema import Article, Sentence

MIN_CLAIM_WORDS = 5
_TERMINAL = re.compile(r"[.!…]['\"”’)\]]*$")
_QUESTION = re.compile(r"\?['\"”’)\]]*$")
_BYLINE = re.compile(r"^(by|photo( by)?|image( by)?|credit|source|reporting by|edited by)\b[\s:]", re.I)


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``paragraph``, trimmed of surrounding white space."""
    spans = []
    cursor = 0
    for piece in _segmenter().segment(paragraph):
        stripped = piece.strip()
        if not stripped:
            continue
        start = paragraph.find(stripped, cursor)
        if start < 0:  # pysbd altered the text; fall back to a forward search on its first words
            start = cursor
        end = start + len(stripped)
        spans.append((start, end))
        cursor = end
    return spans


def claim_status(sentence: str, paragraph_is_single_line_heading: bool) -> str | None:
    """None for a claim, else why the sentence is not one."""
    if paragraph_is_single_line_heading:
        return "heading"
    if _QUESTION.search(sentence):
        return "question"
    if _BYLINE.match(sentence):
        return "byline"
    if len(re.findall(r"\w+", sentence)) < MIN_CLAIM_WORDS:
        return "too short"
    return None


def segment(article: Article) -> list[Sentence]:
    """Sentences of ``article`` in order, spans into ``article.text``."""
    sentences: list[Sentence] = []
    for p_start, p_end in _paragraph_spans(article.text):
        paragraph = article.text[p_start:p_end]
        spans = split_sentences(paragraph)
        heading = len(spans) == 1 and not _TERMINAL.search(paragraph.strip()) and not _QUESTION.search(paragraph)
        for start, end in spans:
            text = paragraph[start:end]
            reason = claim_status(text, heading)
            sentences.append(Sentence(
                article_id=article.id, index=len(sentences), start=p_start + start, end=p_start + end, text=text,
                is_claim=reason is None, not_claim_reason=reason,
            ))
    return sentences
