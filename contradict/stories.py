"""Stories: which articles of a corpus report one event, found before any claim is paired.

A real corpus is rarely one story.  Paired across stories, a mudslide's death toll meets a boat-strike
campaign's, and the nearest neighbours a claim is allowed are spent on other events.  So articles are
grouped first and claims are paired within a story only (``story_pairs``; ``--across-stories`` turns it off).

Two articles are one story when they name the same places, people and bodies (TF-IDF over the capitalised
words of their claims and title: the names are what tells one earthquake from another, which embeddings
of "the death toll rose to N" cannot), talk about the same things (the cosine of the means of their
claim embeddings), and were published close in time.  The grouping is scikit-learn's agglomerative
clustering with complete linkage and a distance threshold: every two articles of a story are within
the threshold of each other, so a chain of loosely related articles never joins two events.

A corpus with no capitalised word at all stays one story (only the dates can split it).  A manifest
``story`` field fixes an article's story: articles with one label are one story, articles
with different labels are never one; articles without a label join a labelled story only when they are
within the threshold of all its (clustered) articles.

Stories are recomputed from the index contents on every scan: articles are taken in id order, so the
result does not depend on the order of the inputs, nor on how the index was built up.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from datetime import date

import numpy as np

from contradict.index import CorpusIndex
from contradict.pair import corpus_pairs
from contradict.schema import CandidatePair, Story
from contradict.settings import defaults

_DEFAULT = defaults()  # the defaults of the keyword arguments below (Settings.stories() gives a Finder's)
_LABEL_APART = 10.0  # distance between articles that the manifest puts in different stories: never merged
_NAME = re.compile(r"\b[A-Z][A-Za-z]+(?:['’][A-Za-z]+)?\b")
_LEADING = re.compile(r"^[\W\d_]*")  # quotes, dashes, bullets before a sentence's first word


def _names(text: str) -> list[str]:
    """Capitalised words of a sentence, except its first word (capitalised because it is first)."""
    first = _LEADING.match(text).end()
    return [m.group() for m in _NAME.finditer(text) if m.start() != first]


def _article_names(index: CorpusIndex, article_id: str) -> list[str]:
    article = index.articles[article_id]
    words = [w for s in index.sentences[article_id] if s.is_claim for w in _names(s.text)]
    if article.title:
        words.extend(_NAME.findall(article.title))  # a headline capitalises every word: its names count too
    return words


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def time_distance(a: date | None, b: date | None, same_time_days: float = _DEFAULT.story_same_time_days,
                  apart_days: float = _DEFAULT.story_apart_days) -> float:
    """What publication dates add to the distance of two articles: nothing within ``same_time_days`` (or
    when a date is unknown), rising linearly to 1 (never one story) at ``apart_days``."""
    if a is None or b is None:
        return 0.0
    gap = abs((a - b).days)
    return float(min(1.0, max(0.0, (gap - same_time_days) / (apart_days - same_time_days))))


def article_vectors(index: CorpusIndex, ids: list[str]) -> np.ndarray:
    """Each article's mean claim embedding, unit length (float64; claims in id order, so sums are repeatable).
    Kept on the index until claims are added: vetting draft after draft places each one among the same
    articles."""
    key = (len(index), len(index.articles), tuple(ids))
    cached = getattr(index, "_article_vectors_cache", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    out = _article_vectors(index, ids)
    out.setflags(write=False)  # shared between calls: nobody may change it in place
    index._article_vectors_cache = (key, out)
    return out


def _article_vectors(index: CorpusIndex, ids: list[str]) -> np.ndarray:
    vectors = index.vectors().astype(np.float64)
    rows: dict[str, list[int]] = defaultdict(list)
    for i, claim in enumerate(index.claims):
        rows[claim.article_id].append(i)
    out = np.zeros((len(ids), index.dimension), dtype=np.float64)
    for n, article_id in enumerate(ids):
        if rows.get(article_id):
            mean = vectors[rows[article_id]].mean(axis=0)
            norm = np.linalg.norm(mean)
            out[n] = mean / norm if norm else mean
    return out


def _name_matrix(docs: list[list[str]]):
    """(TF-IDF rows of the articles' names, the vectorizer) or (None, None) when no article names anything."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(lowercase=True, sublinear_tf=True, stop_words="english",
                                 token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b")
    try:
        return vectorizer.fit_transform([" ".join(d) for d in docs]), vectorizer
    except ValueError:  # empty vocabulary: no capitalised word anywhere
        return None, None


def story_distances(index: CorpusIndex, ids: list[str], embedding_weight: float = _DEFAULT.story_embedding_weight,
                    same_time_days: float = _DEFAULT.story_same_time_days,
                    apart_days: float = _DEFAULT.story_apart_days) -> tuple[np.ndarray, object, object]:
    """(distance matrix of the articles ``ids``, their name TF-IDF rows, the vectorizer).

    distance = 1 - (w * embedding cosine + (1 - w) * name cosine) + time distance, at least 0.
    """
    vectors = article_vectors(index, ids)
    names, vectorizer = _name_matrix([_article_names(index, a) for a in ids])
    if names is not None:
        similarity = embedding_weight * (vectors @ vectors.T) + (1.0 - embedding_weight) * (names @ names.T).toarray()
    else:
        # Nothing named anywhere (a lower-cased dump): embeddings alone cannot tell two events of a kind
        # apart at any threshold, so the corpus stays one story, as before stories existed.
        similarity = np.ones((len(ids), len(ids)))
    distance = 1.0 - similarity
    days = np.array([d.toordinal() if (d := _day(index.articles[a].published)) else np.nan for a in ids])
    gap = np.abs(days[:, None] - days[None, :])  # NaN where a date is unknown: no time term
    extra = np.clip((gap - same_time_days) / (apart_days - same_time_days), 0.0, 1.0)
    distance += np.nan_to_num(extra, nan=0.0)
    np.fill_diagonal(distance, 0.0)
    return np.clip(np.round(distance, 9), 0.0, None), names, vectorizer


def _label(rows: list[int], names, vectorizer, docs: list[list[str]], top: int = 3) -> list[str]:
    """The ``top`` names that weigh most in the story's articles, as they are usually written."""
    if names is None:
        return []
    weights = np.asarray(names[rows].sum(axis=0)).ravel()
    terms = vectorizer.get_feature_names_out()
    order = sorted(range(len(terms)), key=lambda t: (-round(float(weights[t]), 9), terms[t]))
    spelled: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        for word in docs[r]:
            spelled[word.lower()][word] += 1
    out = []
    for t in order[:top]:
        if weights[t] <= 0:
            break
        forms = spelled.get(terms[t])
        out.append(min(forms, key=lambda f: (-forms[f], f)) if forms else terms[t])
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def find_stories(index: CorpusIndex, threshold: float = _DEFAULT.story_distance,
                 embedding_weight: float = _DEFAULT.story_embedding_weight,
                 same_time_days: float = _DEFAULT.story_same_time_days,
                 apart_days: float = _DEFAULT.story_apart_days) -> list[Story]:
    """The stories of the indexed articles (each article in exactly one), ordered by id."""
    from sklearn.cluster import AgglomerativeClustering

    ids = sorted(index.articles)  # id order: the same stories whatever order the corpus was read in
    if not ids:
        return []
    docs = [_article_names(index, a) for a in ids]
    given = [index.articles[a].story for a in ids]
    if len(ids) == 1:
        groups = [[0]]
        names = vectorizer = None
        if not given[0]:
            names, vectorizer = _name_matrix(docs)
    else:
        distance, names, vectorizer = story_distances(index, ids, embedding_weight, same_time_days, apart_days)
        labelled = np.array([bool(g) for g in given])
        both = labelled[:, None] & labelled[None, :]
        label_of = np.array([g or "" for g in given], dtype=object)
        same = label_of[:, None] == label_of[None, :]
        distance[both & same] = 0.0
        distance[both & ~same] = _LABEL_APART
        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="complete",
                                        distance_threshold=threshold)
        labels = model.fit_predict(distance)
        clusters: dict[object, list[int]] = defaultdict(list)
        for row, label in enumerate(labels):
            clusters[int(label)].append(row)
        # A manifest label is one story even if complete linkage left its articles in several clusters
        # (each with unlabelled articles that are near some of them only): those clusters are merged.
        merged: dict[object, list[int]] = defaultdict(list)
        for rows in clusters.values():
            labelled = sorted({given[r] for r in rows if given[r]})
            merged[("given", labelled[0]) if labelled else ("found", min(rows))].extend(rows)
        groups = sorted((sorted(rows) for rows in merged.values()), key=lambda rows: ids[rows[0]])
    stories = []
    for rows in groups:
        members = [ids[r] for r in rows]
        outlets = sorted({index.articles[a].outlet for a in members})
        label = next((given[r] for r in rows if given[r]), None)
        if label:
            stories.append(Story(id=label, label=label, given=True, articles=members, outlets=outlets))
            continue
        words = _label(rows, names, vectorizer, docs)
        digest = hashlib.sha1("\n".join(members).encode("utf-8")).hexdigest()[:6]
        slug = _slug("-".join(words)) or "story"
        stories.append(Story(id=f"{slug}-{digest}", label=", ".join(words) or "(no names)", articles=members,
                             outlets=outlets))
    return stories


def story_index(stories: list[Story]) -> dict[str, str]:
    """Article id -> story id."""
    return {article: story.id for story in stories for article in story.articles}


def claim_rows(index: CorpusIndex) -> dict[str, list[int]]:
    """Article id -> the positions of its claims in ``index.claims``, ascending."""
    rows: dict[str, list[int]] = {}
    for row, claim in enumerate(index.claims):
        rows.setdefault(claim.article_id, []).append(row)
    return rows


def sub_index(index: CorpusIndex, article_ids: list[str], vectors: np.ndarray | None = None,
              rows_by_article: dict[str, list[int]] | None = None) -> CorpusIndex:
    """A new index holding only ``article_ids`` (their claims and vectors, no re-embedding); ``vectors``:
    ``index.vectors()``, ``rows_by_article``: ``claim_rows(index)``, when the caller already has them."""
    keep = set(article_ids)
    sub = CorpusIndex(index.dimension, index.embedder_name)
    for article_id in sorted(keep):
        sub.articles[article_id] = index.articles[article_id]
        sub.sentences[article_id] = index.sentences[article_id]
    if rows_by_article is None:
        rows = [i for i, claim in enumerate(index.claims) if claim.article_id in keep]
    else:  # the same rows, in the same order, without a pass over every claim of the corpus per story
        rows = sorted(row for article_id in keep for row in rows_by_article.get(article_id, ()))
    if rows:
        vectors = index.vectors() if vectors is None else vectors
        sub._add_vectors([index.claims[i] for i in rows], vectors[rows])
    return sub


def story_pairs(index: CorpusIndex, stories: list[Story], k: int = 10, **pairing) -> list[CandidatePair]:
    """Candidate pairs within each story only: each story is paired as if it had been scanned alone
    (its claims' ``k`` nearest neighbours are all of its own story); ``pairing``: ``corpus_pairs``'s knobs."""
    pairs: list[CandidatePair] = []
    vectors, rows = index.vectors(), claim_rows(index)
    for story in stories:
        if len(story.outlets) > 1:  # pairs join claims of different outlets only
            pairs.extend(corpus_pairs(sub_index(index, story.articles, vectors, rows), k=k, **pairing))
    pairs.sort(key=lambda p: (p.left.article_id, p.left.index, p.right.article_id, p.right.index))
    return pairs


def draft_story(index: CorpusIndex, stories: list[Story], claim_texts: list[str], claim_vectors: np.ndarray,
                threshold: float = _DEFAULT.story_distance,
                embedding_weight: float = _DEFAULT.story_embedding_weight) -> Story | None:
    """The story a draft belongs to, or None when it belongs to none: the story whose articles are, on
    average, within ``threshold`` of the draft (the scan's distance without the time term, a draft having
    no date), the nearest if several.  A draft about another event is vetted against nothing rather than
    against an event it does not report (a flood's toll is no answer to a quake's)."""
    if not stories or not claim_texts:
        return None
    if len(stories) == 1 and not _name_matrix([[w for t in claim_texts for w in _names(t)]])[1]:
        return stories[0]  # nothing named in the draft: it cannot be told apart, as a nameless corpus
    ids = sorted(index.articles)
    mean = claim_vectors.astype(np.float64).mean(axis=0)
    mean = mean / (np.linalg.norm(mean) or 1.0)
    embedding = article_vectors(index, ids) @ mean
    docs = [_article_names(index, a) for a in ids] + [[w for t in claim_texts for w in _names(t)]]
    names, _ = _name_matrix(docs)
    if names is None:
        similarity = np.ones(len(ids))
    else:
        name_similarity = (names[:-1] @ names[-1].T).toarray()[:, 0]
        similarity = embedding_weight * embedding + (1.0 - embedding_weight) * name_similarity
    distance = dict(zip(ids, 1.0 - similarity, strict=True))
    scored = sorted((float(np.mean([distance[a] for a in story.articles])), story.id, story) for story in stories)
    best_distance, _, best = scored[0]
    return best if best_distance <= threshold else None
