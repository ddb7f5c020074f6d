"""Candidate pairs: each claim with its nearest claims from other outlets, found through the index.

No all-pairs loop: every claim asks FAISS for its ``k`` nearest neighbours.  A pair is kept when the
other claim comes from another outlet, the cosine similarity is at least ``min_similarity``, and the
two are not near-verbatim copies (copies agree; they are not candidates).  Each unordered pair once.
Claims that count the same kind of thing are also paired (``figure_pairs``): within each such group,
each claim's nearest claims of other outlets, found by blocked matrix products and a top-k selection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import numpy as np

from contradict.index import CorpusIndex
from contradict.quantities import NUMBER_WORDS
from contradict.schema import CandidatePair, Sentence
from contradict.settings import NeighbourSearch, defaults

_DEFAULT = defaults()  # the defaults of the keyword arguments below (Settings.pairing() gives a Finder's)

_WORD = re.compile(r"[a-z0-9]+(?:[.,'’][a-z0-9]+)*")
_NEGATIONS = {"not", "no", "never", "none", "nor", "without", "n't", "nothing", "neither", "cannot"}
_SENSITIVE = _NEGATIONS | set(NUMBER_WORDS)
_STOPWORDS = {"the", "a", "an", "of", "to", "in", "on", "and", "that", "said", "says", "has", "have", "had",
              "is", "was", "were", "are", "by", "for", "with", "as", "at", "its", "it", "this", "from"}


def _tokens(text: str) -> set[str]:
    text = text.lower().replace("n’t", " n't").replace("n't", " n't")
    words = {w.replace(".", "").replace(",", "") for w in _WORD.findall(text)}  # "U.S." = "US", "4,000" = "4000"
    return words | ({"n't"} if "n't" in text else set())


@lru_cache(maxsize=65536)  # a claim meets many partners: its words are read once
def _content_tokens(text: str) -> frozenset[str]:
    return frozenset(_tokens(text) - _STOPWORDS)


def near_verbatim(a: str, b: str, min_overlap: float = _DEFAULT.near_copy_overlap) -> bool:
    """True when ``b`` is a copy of ``a`` up to small wording changes that cannot flip meaning.

    A differing number or negation word is never "small": "at least three" vs "at least four" in an
    otherwise copied sentence is exactly the conflict this tool looks for.
    """
    ta, tb = _content_tokens(a), _content_tokens(b)
    if not ta or not tb:
        return False
    differing = ta ^ tb
    if any(t in _SENSITIVE or any(c.isdigit() for c in t) for t in differing):
        return False
    return len(ta & tb) / len(ta | tb) >= min_overlap


def _outlet(index: CorpusIndex, sentence: Sentence) -> str:
    return index.articles[sentence.article_id].outlet


def _published(index: CorpusIndex, sentence: Sentence) -> str | None:
    article = index.articles.get(sentence.article_id)
    return article.published if article else None


def _weekday(index: CorpusIndex, sentence: Sentence) -> int | None:
    """An undated article's reporting weekday (``judges.update.article_weekday``); None for a dated one."""
    from contradict.judges.update import article_weekday

    article = index.articles.get(sentence.article_id)
    return article_weekday(article.text) if article and not article.published else None


def _toll(index: CorpusIndex, sentence: Sentence) -> float | None:
    """An undated article's lead death toll (``judges.update.lead_toll``); None for a dated one."""
    from contradict.judges.update import lead_toll

    article = index.articles.get(sentence.article_id)
    return lead_toll(article.title or "", article.text) if article and not article.published else None


def _pair(index: CorpusIndex, left: Sentence, right: Sentence, similarity: float, oriented: bool = True,
          source: str = "neighbours") -> CandidatePair:
    """A candidate pair; ``oriented``: left is the sentence of the smaller (article id, position), so a
    pair reads the same whatever order the corpus was listed in."""
    if oriented and (right.article_id, right.index) < (left.article_id, left.index):
        left, right = right, left
    return CandidatePair(left=left, right=right, similarity=round(similarity, 4), source=source,
                         left_published=_published(index, left), right_published=_published(index, right),
                         left_weekday=_weekday(index, left), right_weekday=_weekday(index, right),
                         left_toll=_toll(index, left), right_toll=_toll(index, right))


def corpus_pairs(index: CorpusIndex, k: int = 10, min_similarity: float = _DEFAULT.min_pair_similarity,
                 figures: bool = True, figure_partners: int = _DEFAULT.figure_partners,
                 min_figure_similarity: float = _DEFAULT.min_figure_pair_similarity,
                 near_copy_overlap: float = _DEFAULT.near_copy_overlap, search: NeighbourSearch | None = None
                 ) -> list[CandidatePair]:
    """Cross-outlet candidate pairs among the claims of ``index``, each unordered pair once: each
    claim's ``k`` nearest claims (found as ``search`` says), and (``figures``) claims that count the same
    kind of thing."""
    if len(index) < 2:
        return []
    sims, ids = index.search(index.vectors(), k + 1, how=search)  # +1: a claim finds itself first
    seen: set[tuple[int, int]] = set()
    pairs: list[CandidatePair] = []
    for i, (row_sims, row_ids) in enumerate(zip(sims, ids, strict=True)):
        left = index.claims[i]
        for sim, j in zip(row_sims, row_ids, strict=True):
            if j < 0 or j == i or sim < min_similarity:
                continue
            key = (min(i, int(j)), max(i, int(j)))
            if key in seen:
                continue
            right = index.claims[int(j)]
            if _outlet(index, left) == _outlet(index, right) or near_verbatim(left.text, right.text,
                                                                              near_copy_overlap):
                continue
            seen.add(key)
            a, b = (left, right) if key[0] == i else (right, left)
            pairs.append(_pair(index, a, b, float(sim)))
    if figures:
        pairs.extend(figure_pairs(index, known=seen, per_claim=figure_partners, min_similarity=min_figure_similarity,
                                  near_copy_overlap=near_copy_overlap))
    pairs.sort(key=lambda p: (p.left.article_id, p.left.index, p.right.article_id, p.right.index))
    return pairs


def _figure_keys(text: str) -> set[str]:
    """What a claim could be compared on, however it is worded: the event categories and measures it
    counts, and whether it grades something (the degree judge's "minimal damage" / "badly damaged")."""
    from contradict.frames import ZERO_COVERS, framed_quantities
    from contradict.judges.degree import degree

    keys = set()
    for q in framed_quantities(text):
        if q.kind == "year":
            continue
        if q.category:
            keys.add(f"category:{q.category}")
            if q.value == 0:  # "no casualties" is also no dead and no injured
                keys.update(f"category:{c}" for c in ZERO_COVERS.get(q.category, ()))
        elif q.measure:
            keys.add(f"measure:{q.measure}")
    if degree(text):
        keys.add("degree")
    return keys


def _top_partners(vectors: np.ndarray, outlets: np.ndarray, k: int, min_similarity: float,
                  block: int = 512) -> Iterator[tuple[int, np.ndarray]]:
    """For each row ``r`` of ``vectors`` (one group's claims, in claim-id order): the local indices of
    its ``k`` most similar rows of another outlet with a similarity of at least ``min_similarity``,
    most similar first (to 6 decimals), ties in row order.  Rows go in blocks of ``block``: memory is
    ``block`` x rows, never rows x rows, and the work is numpy's, not a Python loop over pairs."""
    vectors = vectors.astype(np.float64)  # float32 products are exact in float64; their sums nearly so
    m = len(vectors)
    k = min(k, m - 1)
    if k <= 0:
        return
    for start in range(0, m, block):
        stop = min(start + block, m)
        sims = vectors[start:stop] @ vectors.T
        sims[outlets[start:stop, None] == outlets[None, :]] = -np.inf  # same outlet, self included
        sims[sims < min_similarity] = -np.inf  # top-k then floor = floor then top-k
        np.round(sims, 6, out=sims)  # float noise (which differs between BLAS kernels) does not break ties
        top = np.argpartition(sims, m - k, axis=1)[:, m - k:]  # the k largest, in no order
        kth = np.take_along_axis(sims, top, axis=1).min(axis=1)
        ties = (sims >= kth[:, None]).sum(axis=1) > k  # the k-th value shared beyond the k: pick by row order
        for r in range(stop - start):
            row = sims[r]
            if ties[r]:
                cand = np.flatnonzero((row >= kth[r]) & np.isfinite(row))
            else:
                cand = top[r][np.isfinite(row[top[r]])]
            if not len(cand):
                continue
            cand = np.sort(cand)  # row (= claim id) order, so the stable sort below breaks ties by id
            cand = cand[np.argsort(-row[cand], kind="stable")][:k]
            yield start + r, cand


def figure_pairs(index: CorpusIndex, known: set[tuple[int, int]] | None = None,
                 per_claim: int = _DEFAULT.figure_partners, min_similarity: float = _DEFAULT.min_figure_pair_similarity,
                 near_copy_overlap: float = _DEFAULT.near_copy_overlap) -> list[CandidatePair]:
    """Pairs of claims from other outlets that count the same kind of thing (an event category such
    as the dead, or a measure such as a magnitude), however differently worded: "At least 73 people
    have died" and "the toll has risen to 247" are far apart as sentences but state one figure.
    Each claim keeps, in each of its groups (one per figure key), its ``per_claim`` most similar such
    partners (ties: the smaller claim id); pairs in ``known`` are then skipped.  A group of thousands
    of claims costs a few matrix products, not a Python loop over its pairs.
    """
    known = known if known is not None else set()
    groups = _figure_groups(index)
    if not groups:
        return []
    vectors = index.vectors()
    outlet_ids: dict[str, int] = {}
    outlets = np.array([outlet_ids.setdefault(_outlet(index, c), len(outlet_ids)) for c in index.claims],
                       dtype=np.int64)
    chosen: set[tuple[int, int]] = set()
    for members in groups.values():
        ids = np.array(members, dtype=np.int64)  # ascending: claims were grouped in id order
        for r, cand in _top_partners(vectors[ids], outlets[ids], per_claim, min_similarity):
            i = members[r]
            for j in ids[cand].tolist():
                key = (min(i, j), max(i, j))
                if key not in known:
                    chosen.add(key)
    pairs = []
    for i, j in sorted(chosen):
        left, right = index.claims[i], index.claims[j]
        if near_verbatim(left.text, right.text, near_copy_overlap):
            continue
        pairs.append(_pair(index, left, right, float(vectors[i] @ vectors[j]), source="figures"))
    return pairs


def query_pairs(index: CorpusIndex, claims: list[Sentence], vectors: np.ndarray, k: int = 10,
                min_similarity: float = _DEFAULT.min_pair_similarity, figures: bool = True,
                per_claim: int = _DEFAULT.figure_partners,
                min_figure_similarity: float = _DEFAULT.min_figure_pair_similarity,
                near_copy_overlap: float = _DEFAULT.near_copy_overlap, search: NeighbourSearch | None = None
                ) -> list[CandidatePair]:
    """Pairs of outside claims (a draft's) with their nearest corpus claims, and (``figures``) with the
    ``per_claim`` most similar corpus claims that count the same kind of thing, as a scan pairs them
    (``figure_pairs``); the draft is ``left``."""
    if not claims or len(index) == 0:
        return []
    sims, ids = index.search(vectors, k, how=search)
    pairs = []
    seen: set[tuple[int, int]] = set()
    for n, (claim, row_sims, row_ids) in enumerate(zip(claims, sims, ids, strict=True)):
        for sim, j in zip(row_sims, row_ids, strict=True):
            if j < 0 or sim < min_similarity:
                continue
            right = index.claims[int(j)]
            if near_verbatim(claim.text, right.text, near_copy_overlap):
                continue
            seen.add((n, int(j)))
            pairs.append(_pair(index, claim, right, float(sim), oriented=False))  # the draft stays left
    if figures:
        members = _figure_groups(index)
        corpus_vectors = index.vectors() if members else None
        for n, claim in enumerate(claims):
            for key in sorted(_figure_keys(claim.text)):
                ids_in_group = members.get(key)
                if not ids_in_group:
                    continue
                group_sims = corpus_vectors[ids_in_group] @ vectors[n]
                order = np.argsort(-np.round(group_sims, 6), kind="stable")
                for r in order[:per_claim]:
                    j, sim = ids_in_group[r], float(group_sims[r])
                    if sim < min_figure_similarity or (n, j) in seen:
                        continue
                    right = index.claims[j]
                    if near_verbatim(claim.text, right.text, near_copy_overlap):
                        continue
                    seen.add((n, j))
                    pairs.append(_pair(index, claim, right, sim, oriented=False, source="figures"))
    return pairs


def _figure_groups(index: CorpusIndex) -> dict[str, list[int]]:
    """Claim ids of the index by figure key (``_figure_keys``), kept on the index until claims are added:
    a draft vetted against a loaded index asks again and again."""
    cached = getattr(index, "_figure_groups_cache", None)
    if cached is not None and cached[0] == len(index):
        return cached[1]
    groups: dict[str, list[int]] = {}
    for i, claim in enumerate(index.claims):
        for key in _figure_keys(claim.text):
            groups.setdefault(key, []).append(i)
    index._figure_groups_cache = (len(index), groups)
    return groups
