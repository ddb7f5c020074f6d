"""Copies, relays and families: which articles are one report told several times.

Outlets reprint wire copy, lightly edit each other, run texts through synonym "spinners", and relay a
named upstream report ("four sources told NBC News", "NBC News reported").  A copy or a relay that agrees
is not a second confirmation, and a copy that disagrees is an editing error, not a dispute between
newsrooms; so the articles of a story are grouped into **families** before agreement is counted.

**Copies** (``copy_link``): the claims of two articles are aligned one to one (each the other's most
similar claim, by embedding cosine at least ``copy_align_similarity``, or sharing half their word 3-grams, or
close in meaning with the same skeleton of function words, figures and names: a spun sentence),
and the longest chain of aligned claims that keeps both texts' order is kept: a copy keeps the order of
its original, two reports of one event do not.  Two articles are copies when that chain is at least
``copy_min_chain`` claims and covers ``copy_min_coverage`` of the shorter text.  The word 3-grams of the shorter
text found in the other tell the kind: ``verbatim`` (nearly all), ``light_edit`` (half or more),
``spun`` (the sentences align but the wording does not: a synonym rewrite).

**Relays** (``upstream_of``): the reports an article names as its source, read from the attribution
frames (``contradict.attribution``: "told X", "X reported", "X's sources"); "according to X" counts
once X is known as a report somewhere in the story.  An article relays X when it names it twice, or
once in its first ``relay_lede_claims`` claims.  No list of outlets: what makes X a report is how it is cited.

A **family** joins copies and relays of one upstream (connected through copy links and shared
upstreams); its original is the upstream report, or among copies the earliest published (else the
longest, else the smallest id).  An article in no family is a family of its own.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict

import numpy as np
from pydantic import BaseModel

from contradict.attribution import name_key, sentence_attribution
from contradict.index import CorpusIndex
from contradict.schema import Family, FamilyMember, Sentence, Story
from contradict.settings import Settings, defaults
from contradict.unionfind import UnionFind

# The thresholds are Settings fields (copy_*, relay_lede_claims).  A spinner swaps content words for synonyms
# ("fire" -> "hearth") and keeps the function words, figures and names around them: two claims close in
# meaning whose skeletons (stopword n-grams, as in Stamatatos 2011, "Plagiarism detection using stopword
# n-grams") share enough are one sentence spun.
_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d[\d,.]*")


class CopyLink(BaseModel):
    """Two articles that are copies of one text: ``copy_id`` copies ``original``."""

    original: str
    copy_id: str
    kind: str  # verbatim / light_edit / spun
    coverage: float
    overlap: float
    aligned: list[tuple[int, int]]  # (claim position in original, claim position in copy), in order


def _grams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _skeleton(text: str, n: int = 3) -> set[tuple[str, ...]]:
    """Word n-grams of a sentence with its content words blanked: stopwords, figures and names are what a
    synonym spinner leaves in place."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = []
    for token in _TOKEN.findall(text):
        lower = token.lower()
        words.append(lower if lower in ENGLISH_STOP_WORDS or token[0].isdigit() or token[0].isupper() else "_")
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _ordered_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of ``pairs`` (sorted by first item) whose second items increase: the claims
    aligned in the same order in both texts (patience sorting, n log n)."""
    tails: list[int] = []  # tails[k]: second item ending the best chain of length k + 1
    tail_at: list[int] = []
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k] = j
            tail_at[k] = n
        back.append(tail_at[k - 1] if k else -1)
    chain, n = [], tail_at[-1] if tail_at else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def align(a_claims: list[Sentence], a_vectors: np.ndarray, b_claims: list[Sentence], b_vectors: np.ndarray,
          settings: Settings | None = None) -> list[tuple[int, int]]:
    """Claims of ``a`` and ``b`` aligned one to one, in an order both texts keep."""
    settings = settings or defaults()
    if not a_claims or not b_claims:
        return []
    sims = a_vectors.astype(np.float64) @ b_vectors.astype(np.float64).T
    best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
    pairs = []
    for i, j in enumerate(best_b.tolist()):
        if best_a[j] != i:
            continue  # not each other's best: a claim like it, not the claim copied
        a, b = a_claims[i].text, b_claims[j].text
        if sims[i, j] >= settings.copy_align_similarity or \
                _jaccard(_grams(a), _grams(b)) >= settings.copy_gram_overlap or \
                (sims[i, j] >= settings.copy_spun_similarity and
                 _jaccard(_skeleton(a), _skeleton(b)) >= settings.copy_skeleton_overlap):
            pairs.append((i, j))
    return _ordered_chain(pairs)


def copy_link(a_id: str, a_claims: list[Sentence], a_vectors: np.ndarray, b_id: str, b_claims: list[Sentence],
              b_vectors: np.ndarray, published: dict[str, str | None] | None = None,
              settings: Settings | None = None) -> CopyLink | None:
    """A ``CopyLink`` when one of the two articles copies the other (see the module), else None."""
    settings = settings or defaults()
    chain = align(a_claims, a_vectors, b_claims, b_vectors, settings)
    shorter = min(len(a_claims), len(b_claims))
    if len(chain) < settings.copy_min_chain or not shorter or len(chain) / shorter < settings.copy_min_coverage:
        return None
    a_grams = _grams(" ".join(c.text for c in a_claims))
    b_grams = _grams(" ".join(c.text for c in b_claims))
    small, large = (a_grams, b_grams) if len(a_grams) <= len(b_grams) else (b_grams, a_grams)
    overlap = len(small & large) / len(small) if small else 0.0
    kind = "verbatim" if overlap >= settings.copy_verbatim_overlap else \
        "light_edit" if overlap >= settings.copy_light_edit_overlap else "spun"
    published = published or {}

    def seniority(article_id: str, n_claims: int) -> tuple:  # smaller = more likely the original
        date = published.get(article_id)
        return (date is None, date or "", -n_claims, article_id)

    if seniority(a_id, len(a_claims)) <= seniority(b_id, len(b_claims)):
        original, copy, aligned = a_id, b_id, chain
    else:
        original, copy, aligned = b_id, a_id, [(j, i) for i, j in chain]
    return CopyLink(original=original, copy_id=copy, kind=kind, coverage=round(len(chain) / shorter, 4),
                    overlap=round(overlap, 4), aligned=aligned)


def _claims_by_article(index: CorpusIndex) -> tuple[dict[str, list[Sentence]], dict[str, list[int]]]:
    claims: dict[str, list[Sentence]] = defaultdict(list)
    rows: dict[str, list[int]] = defaultdict(list)
    for i, claim in enumerate(index.claims):
        claims[claim.article_id].append(claim)
        rows[claim.article_id].append(i)
    return claims, rows


def find_copies(index: CorpusIndex, stories: list[Story], settings: Settings | None = None) -> list[CopyLink]:
    """Every pair of articles of one story that are copies, in article id order."""
    claims, rows = _claims_by_article(index)
    vectors = index.vectors()
    published = {a: index.articles[a].published for a in index.articles}
    links = []
    for story in stories:
        members = sorted(story.articles)
        for x, a in enumerate(members):
            for b in members[x + 1:]:
                link = copy_link(a, claims[a], vectors[rows[a]], b, claims[b], vectors[rows[b]], published, settings)
                if link:
                    links.append(link)
    return links


def upstream_mentions(sentences: list[Sentence]) -> list[tuple[int, str, str, str | None]]:
    """(claim position, name key, name as written, who) of each report an article's claims cite."""
    out = []
    for n, sentence in enumerate(s for s in sentences if s.is_claim):
        _, who = sentence_attribution(sentence.text, sentence.antecedent)
        if who.via:
            out.append((n, name_key(who.via), who.via, None))
        elif who.kind == "named" and who.who:
            out.append((n, name_key(who.who), who.who, "according"))  # counts once the name is known as a report
    return out


def upstream_of(mentions: list[tuple[int, str, str, str | None]], reports: set[str], outlet: str,
                lede: int | None = None) -> str | None:
    """The name key of the upstream an article relays, or None (see the module)."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for n, key, _, how in mentions:
        if how == "according" and key not in reports:
            continue
        if key == name_key(outlet):
            continue  # an outlet citing its own report is the original, not a relay
        counts[key] += 1
        first.setdefault(key, n)
    lede = defaults().relay_lede_claims if lede is None else lede
    chosen = [k for k in counts if counts[k] >= 2 or first[k] < lede]
    return min(chosen, key=lambda k: (-counts[k], first[k], k)) if chosen else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:30] or "family"


def find_families(index: CorpusIndex, stories: list[Story], settings: Settings | None = None
                  ) -> tuple[list[Family], list[CopyLink]]:
    """Families of each story (copies and relays of one upstream; see the module) and the copy links."""
    settings = settings or defaults()
    links = find_copies(index, stories, settings)
    families: list[Family] = []
    for story in stories:
        members = sorted(story.articles)
        mentions = {a: upstream_mentions(index.sentences[a]) for a in members}
        reports = {key for a in members for _, key, _, how in mentions[a] if how is None}
        spelled: dict[str, Counter] = defaultdict(Counter)
        for a in members:
            for _, key, written, _ in mentions[a]:
                spelled[key][written] += 1
        upstream = {a: upstream_of(mentions[a], reports, index.articles[a].outlet, settings.relay_lede_claims)
                    for a in members}
        groups = UnionFind()  # articles and upstream names
        story_links = [link for link in links if link.original in story.articles]
        for link in story_links:
            groups.union(link.original, link.copy_id)
        for a, key in upstream.items():
            if key:
                groups.union(a, "upstream:" + key)
        by_outlet = {name_key(index.articles[a].outlet): a for a in members}
        for key in {k for k in upstream.values() if k} & set(by_outlet):
            groups.union(by_outlet[key], "upstream:" + key)  # the upstream's own article is in the corpus
        for a in members:
            groups.add(a)
        for nodes in groups.groups():
            articles = sorted({n for n in nodes if not n.startswith("upstream:")})
            keys = sorted({n.split(":", 1)[1] for n in nodes if n.startswith("upstream:")})
            if not articles or (len(articles) < 2 and not keys):
                continue
            families.append(_family(index, story, articles, keys, upstream, story_links, by_outlet, spelled))
    families.sort(key=lambda f: (f.story or "", f.original, f.id))
    return families, links


def _family(index: CorpusIndex, story: Story, articles: list[str], keys: list[str], upstream: dict[str, str | None],
            links: list[CopyLink], by_outlet: dict[str, str], spelled: dict[str, Counter]) -> Family:
    def written(key: str) -> str:
        forms = spelled.get(key)
        return min(forms, key=lambda f: (-forms[f], f)) if forms else key

    key = max(keys, key=lambda k: (sum(upstream[a] == k for a in articles), -keys.index(k))) if keys else None
    best_link: dict[str, CopyLink] = {}
    for link in links:
        if link.copy_id in articles and (link.copy_id not in best_link
                                         or link.coverage > best_link[link.copy_id].coverage):
            best_link[link.copy_id] = link
    if key is not None:
        upstream_name = written(key)
        original_article = by_outlet.get(key)
        original = original_article or upstream_name
    else:
        upstream_name = None
        copied = {link.original for link in links if link.copy_id in articles or link.original in articles}
        roots = [a for a in articles if a not in best_link] or sorted(copied)
        original_article = original = roots[0]
    members = []
    for a in articles:
        outlet = index.articles[a].outlet
        if a == original_article:
            members.append(FamilyMember(article_id=a, outlet=outlet, role="original"))
        elif a in best_link:
            link = best_link[a]
            members.append(FamilyMember(article_id=a, outlet=outlet, role=link.kind, of=link.original,
                                        coverage=link.coverage, overlap=link.overlap))
        elif upstream.get(a):
            members.append(FamilyMember(article_id=a, outlet=outlet, role="relay", of=written(upstream[a])))
        else:  # the original of copies that also relay: named by its link
            members.append(FamilyMember(article_id=a, outlet=outlet, role="original"))
    digest = hashlib.sha1("\n".join(articles).encode("utf-8")).hexdigest()[:6]
    label = upstream_name or index.articles[original].outlet
    return Family(id=f"{_slug(label)}-{digest}", story=story.id, original=original, upstream=upstream_name,
                  members=members)


def family_index(families: list[Family]) -> dict[str, str]:
    """Article id -> family id (articles in no family are absent: each is a family of its own)."""
    return {m.article_id: family.id for family in families for m in family.members}


def copy_pairs(links: list[CopyLink]) -> set[frozenset[str]]:
    """The pairs of articles that are copies of one text, directly or through other copies."""
    groups = UnionFind()
    for link in links:
        groups.union(link.original, link.copy_id)
    return {frozenset((a, b)) for members in groups.groups() for a in members for b in members if a < b}
