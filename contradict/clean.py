"""Take page furniture and repeats out of extracted article text, keeping a record of what went.

Web copy arrives with more than the story: recommendation lists, social-media embeds, "READ MORE:"
link lines, investor disclaimers, mastheads and logos, and sometimes every paragraph twice.  The
rules here describe the *shape* of such blocks as they occur across sites (a heading followed by a
run of headline-like lines, an embed signature "— Name (@handle) Date", a label-colon link line),
not strings of any one site.  What is removed is returned as ``RemovedBlock``s so a reviewer can
see it and the run summary can count it.
"""

from __future__ import annotations

import re

from contradict.schema import RemovedBlock

# Headings that open a block of links to other stories.
_RECOMMENDATION_HEADING = re.compile(
    r"^(you (may|might) (also )?(like|enjoy)|recommended( for you| stories| reading)?|more (from|on|stories)\b.*"
    r"|read (next|more|also)|also read|related (stories|articles|news|coverage|content)|most (popular|read|viewed)"
    r"|trending( now| stories)?|top stories|latest (news|stories)|what to read next|don'?t miss|popular now"
    r"|in case you missed it|more to explore|editor'?s picks)\s*:?$", re.I)
# "LABEL: headline" lines that link elsewhere.
_LINK_LINE = re.compile(
    r"^(read more|related|see also|also read|watch|listen|more|recommended|click here|also see|read also"
    r"|further reading|must read|don'?t miss|trending)\s*[:|»>–—-]\s*\S", re.I)
# Social embeds: the signature line of an embedded post, and links to social platforms.
_EMBED_SIGNATURE = re.compile(r"^[—–-]\s*.{0,80}\(@\w{1,30}\)\s+\w+\.? \d{1,2},? \d{4}\s*$")
_SOCIAL_LINK = re.compile(r"\b(pic\.twitter\.com|twitter\.com/\w+/status|x\.com/\w+/status|t\.co/\w+"
                          r"|instagram\.com/p/|tiktok\.com/@|facebook\.com/\S+/posts)", re.I)
# Disclaimers: financial and editorial boilerplate.  A paragraph goes when it has two cues, one of them
# strong: weak cues alone ("the author has not been identified", "holds no positions in the company")
# occur in ordinary news sentences.
_STRONG_DISCLAIMER_CUES = [
    r"not (a|an) (recommendation|offer|solicitation) to (buy|sell)",
    r"(consult|speak (to|with)) a (qualified |financial |licensed )?(professional|adviser|advisor)",
    r"for informational purposes only",
    r"do (your own|additional) research", r"does not constitute (financial|investment) advice",
    r"information for this (story|article) was (found|sourced)",
    r"affiliate (links?|commission)", r"this (article|content) (is|was) (sponsored|generated)",
]
_WEAK_DISCLAIMER_CUES = [
    r"holds? no (licen[cs]es|positions?)", r"no (securities|positions|affiliations)\b",
    r"the author (has|holds|does not)", r"past performance",
]
_DISCLAIMER_CUES = _STRONG_DISCLAIMER_CUES + _WEAK_DISCLAIMER_CUES
_STRONG_DISCLAIMER_RE = [re.compile(c, re.I) for c in _STRONG_DISCLAIMER_CUES]
_DISCLAIMER_RE = [re.compile(c, re.I) for c in _DISCLAIMER_CUES]
# Mastheads: logos, bare dates, "Section N units ago" badges, a lone "Sources" footer.
_WEEKDAY_DATE = re.compile(
    r"^((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+\d{1,2},?\s+\d{4}$", re.I)
_MASTHEAD = re.compile(r"(\blogo\b|^\w+( \w+)? \d+ (minutes?|hours?|days?|weeks?|months?|years?) ago$"
                       r"|^(sources?|share|advertisement|subscribe|sign up|follow us)\s*:?$)", re.I)
_CREDIT = re.compile(r"(contributed (to )?(this )?report(ing)?|^(reporting|writing|editing) by\b"
                     r"|^(additional reporting|compiled by)\b)", re.I)


def _normalise(paragraph: str) -> str:
    return re.sub(r"\W+", " ", paragraph.lower()).strip()


def _is_headline_like(line: str) -> bool:
    """A short line that does not end as a sentence does: a link title, not story text."""
    words = line.split()
    return 0 < len(words) <= 20 and not re.search(r"[.!?…:\"”’]$", line.strip())


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[RemovedBlock]]:
    """Kept paragraphs (in order) and the blocks removed, by kind."""
    kept: list[str] = []
    removed: list[RemovedBlock] = []
    seen: set[str] = set()
    paragraphs = [p.strip() for p in paragraphs]
    i = 0
    while i < len(paragraphs):
        para = paragraphs[i]
        if not para:
            i += 1
            continue
        if _RECOMMENDATION_HEADING.match(para):
            # The heading and the run of headline-like lines after it.
            j = i + 1
            while j < len(paragraphs) and (not paragraphs[j] or _is_headline_like(paragraphs[j])):
                j += 1
            removed.append(RemovedBlock(kind="recommendations", text="\n".join(p for p in paragraphs[i:j] if p)))
            i = j
            continue
        if _EMBED_SIGNATURE.match(para):
            # The post's text stands just before its signature line.
            if kept and len(kept[-1]) < 600 and not _SOCIAL_LINK.search(kept[-1]):
                removed.append(RemovedBlock(kind="social_embed", text=kept.pop()))
            removed.append(RemovedBlock(kind="social_embed", text=para))
            i += 1
            continue
        kind = None
        if _SOCIAL_LINK.search(para):
            kind = "social_embed"
        elif _LINK_LINE.match(para):
            kind = "link_line"
        elif sum(1 for rx in _DISCLAIMER_RE if rx.search(para)) >= 2 \
                and any(rx.search(para) for rx in _STRONG_DISCLAIMER_RE):
            kind = "disclaimer"
        elif len(para.split()) <= 12 and ((_MASTHEAD.search(para) and _is_headline_like(para))
                                          or _WEEKDAY_DATE.match(para)):  # "a new logo." is a sentence
            kind = "masthead"
        elif len(para.split()) <= 40 and _CREDIT.search(para):
            kind = "credit"
        if kind:
            removed.append(RemovedBlock(kind=kind, text=para))
            i += 1
            continue
        key = _normalise(para)
        if key in seen:
            removed.append(RemovedBlock(kind="repeat", text=para))
            i += 1
            continue
        seen.add(key)
        kept.append(para)
        i += 1
    # A trailing run of headline-like lines with no heading is a link list too (three or more).
    tail = len(kept)
    while tail > 0 and _is_headline_like(kept[tail - 1]):
        tail -= 1
    if len(kept) - tail >= 3 and tail > 0:
        removed.append(RemovedBlock(kind="recommendations", text="\n".join(kept[tail:])))
        kept = kept[:tail]
    return kept, removed


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: one per line, as web copy comes, except where lines are hard-wrapped.

    A block (between blank lines) of terminal-width lines that mostly run on without sentence-final
    punctuation is a wrapped paragraph and is joined; otherwise each line is its own paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    has_blank_lines = re.search(r"\n\s*\n", text.strip()) is not None
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        inner = lines[:-1]
        # Hard wrapping: blank lines separate paragraphs, every line fits a terminal width, and most
        # lines run on without sentence-final punctuation.  Web copy (a paragraph a line) never joins.
        wrapped = has_blank_lines and inner and max(map(len, lines)) <= 100 and sum(
            1 for line in inner if len(line) > 25 and not re.search(r"[.!?:\"”]$", line)) > len(inner) / 2
        paragraphs.extend([" ".join(lines)] if wrapped else lines)
    return paragraphs


def clean_text(text: str) -> tuple[str, list[RemovedBlock]]:
    """Cleaned text (paragraphs joined by blank lines) and what was removed."""
    kept, removed = clean_paragraphs(split_paragraphs(text))
    return "\n\n".join(kept), removed
