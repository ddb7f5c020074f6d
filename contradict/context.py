"""A finding's sentence in its paragraph: the few sentences around it, for the reviewer's report.

Written into each side of a finding at scan time, because the report is made from the JSONL file alone
(the article text is not kept there).  Only whole sentences of the same paragraph are taken, at most
``CONTEXT_SENTENCES`` each way and ``CONTEXT_CHARS`` characters a side, so a run-on paragraph does not
blow up the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from contradict.schema import SideContext
from contradict.segment import split_sentences

CONTEXT_SENTENCES = 2
CONTEXT_CHARS = 600


def sentence_context(text: str, start: int, end: int, sentences: int = CONTEXT_SENTENCES,
                     max_chars: int = CONTEXT_CHARS, spans: Sequence[tuple[int, int]] | None = None) -> SideContext:
    """The verbatim text before and after ``text[start:end]`` within its paragraph (a line of the cleaned text).

    ``spans``: the article's sentences as the segmenter cut them (an index keeps them); without them the
    paragraph is split again, by the same splitter (pysbd: ~3 ms a paragraph, once per side of a finding)."""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    p_end = len(text) if p_end < 0 else p_end
    if spans is not None:
        spans = [(s, e) for s, e in spans if p_start <= s and e <= p_end]
    else:
        spans = [(p_start + s, p_start + e) for s, e in split_sentences(text[p_start:p_end])]
    earlier = [span for span in spans if span[1] <= start]
    before_from = start
    for s, _ in reversed(earlier[max(0, len(earlier) - sentences):]):
        if start - s > max_chars:
            break
        before_from = s
    after_to = end
    for _, e in [span for span in spans if span[0] >= end][:sentences]:
        if e - end > max_chars:
            break
        after_to = e
    return SideContext(before=text[before_from:start], after=text[end:after_to])
