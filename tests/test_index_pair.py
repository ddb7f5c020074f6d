import numpy as np
import pytest

from contradict.index import CorpusIndex
from contradict.pipeline import index_articles
from contradict.pair import corpus_pairs, near_verbatim, query_pairs
from contradict.schema import Article, Sentence


def art(aid, outlet, text):
    return Article(id=aid, outlet=outlet, path=f"{aid}.txt", text=text)


ARTICLES = [
    art("a1", "Courier", "The council approved the budget on Monday after a long debate.\n\n"
                         "Police closed the bridge for repairs this week."),
    art("a2", "Courier", "The council approved the budget on Monday after a short debate."),
    art("b1", "Herald", "The council rejected the budget on Monday after a long debate.\n\n"
                        "Farmers expect a record harvest of apples in the valley."),
]


def test_index_round_trip_and_incremental_add(tmp_path, hash_embedder):
    index = index_articles(ARTICLES[:2], hash_embedder)
    assert len(index) == 3 and hash_embedder.texts_encoded == 3
    index.save(tmp_path / "idx")
    loaded = CorpusIndex.load(tmp_path / "idx")
    assert [s.text for s in loaded.claims] == [s.text for s in index.claims]
    assert loaded.articles["a1"].outlet == "Courier"
    assert [a.id for a in loaded.unseen(ARTICLES)] == ["b1"]
    index_articles(ARTICLES, hash_embedder, into=loaded)  # a1, a2 already there: only b1 is embedded
    assert hash_embedder.texts_encoded == 5 and list(loaded.articles) == ["a1", "a2", "b1"]
    assert (loaded.vectors()[:3] == index.vectors()).all()
    loaded.save(tmp_path / "idx")  # overwrite in place
    assert len(CorpusIndex.load(tmp_path / "idx")) == 5


def test_pairs_cross_outlets_once_above_floor(hash_embedder):
    index = index_articles(ARTICLES, hash_embedder)
    pairs = corpus_pairs(index, k=5, min_similarity=0.5)
    keys = [(p.left.article_id, p.right.article_id) for p in pairs]
    assert all(index.articles[a].outlet != index.articles[b].outlet for a, b in keys)
    assert len({frozenset((p.left.text, p.right.text)) for p in pairs}) == len(pairs)
    texts = {(p.left.text, p.right.text) for p in pairs}
    assert ("The council approved the budget on Monday after a long debate.",
            "The council rejected the budget on Monday after a long debate.") in texts
    assert not any("apples" in a or "apples" in b for a, b in texts)  # unrelated: below the floor


def test_near_verbatim_copies_agree_but_number_or_negation_changes_do_not():
    assert near_verbatim("The U.S. military struck at least three boats, officials said.",
                         "The US military struck at least three boats, officials said")
    assert not near_verbatim("The military struck at least three boats.", "The military struck at least four boats.")
    assert not near_verbatim("Trump has approved the strikes.", "Trump has not approved the strikes.")


def test_near_verbatim_pairs_are_not_candidates(hash_embedder):
    index = index_articles([art("x", "A", "The mayor resigned on Friday after the audit."),
                               art("y", "B", "The mayor resigned on Friday, after the audit.")], hash_embedder)
    assert corpus_pairs(index, min_similarity=0.1) == []


def test_query_pairs_put_the_draft_left(hash_embedder):
    index = index_articles(ARTICLES, hash_embedder)
    draft = Sentence(article_id="<draft>", index=0, start=0, end=10, text="The council rejected the budget on Monday.")
    pairs = query_pairs(index, [draft], hash_embedder.encode([draft.text]), min_similarity=0.5)
    assert pairs and all(p.left is draft for p in pairs)


def test_article_without_claims_is_skipped_with_a_reason(tmp_path, hash_embedder):
    from contradict.pipeline import build_index

    (tmp_path / "headline.txt").write_text("Breaking news from the coast\n\nWhat happens next?")
    (tmp_path / "story.txt").write_text("The council approved the budget on Monday after a long debate.")
    index, report = build_index([tmp_path], hash_embedder)
    assert [a.rsplit("@", 1)[0] for a in index.articles] == ["story"]
    (skip,) = report.skipped
    assert skip.path.endswith("headline.txt") and "no claim sentences" in skip.reason


FIGURE_ARTICLES = [
    art("c1", "Courier", "At least 73 people have died in the floods, officials said.\n\n"
                         "The toll in the valley rose to 12 dead on Tuesday."),
    art("c2", "Courier", "Rescuers said 80 people were killed when the river burst its banks."),
    art("h1", "Herald", "The death toll has risen to 247, the ministry said.\n\n"
                        "At least 73 people have died in the floods, officials said on Monday."),
    art("h2", "Herald", "Rescuers said 81 people were killed when the river burst its banks."),
    art("h3", "Herald", "Four people died in the valley after the storm."),
    art("t1", "Tribune", "The death toll has risen to 250, the ministry said.\n\n"
                         "Nine people were killed in the valley, the mayor said."),
    art("t2", "Tribune", "The death toll has risen to 250, the ministry said."),  # a tie with t1's first claim
]


def _reference_figure_pairs(index, known, per_claim, min_similarity):
    """The plain reading of figure_pairs: in each group, each claim ranks every other-outlet member."""
    from contradict.pair import _figure_keys

    groups: dict[str, list[int]] = {}
    for i, claim in enumerate(index.claims):
        for key in _figure_keys(claim.text):
            groups.setdefault(key, []).append(i)
    vectors = index.vectors().astype(np.float64)
    outlet = [index.articles[c.article_id].outlet for c in index.claims]
    chosen = set()
    for members in groups.values():
        for i in members:
            ranked = sorted((j for j in members if outlet[j] != outlet[i]),
                            key=lambda j: (-round(float(vectors[i] @ vectors[j]), 6), j))
            for j in ranked[:per_claim]:
                key = (min(i, j), max(i, j))
                if vectors[i] @ vectors[j] >= min_similarity and key not in known:
                    chosen.add(key)
    return [(i, j) for i, j in sorted(chosen) if not near_verbatim(index.claims[i].text, index.claims[j].text)]


def test_figure_pairs_equal_the_brute_force_ranking(hash_embedder):
    from contradict.pair import _figure_keys, figure_pairs

    index = index_articles(FIGURE_ARTICLES, hash_embedder)
    assert len(index) == 10 and all(_figure_keys(c.text) == {"category:dead"} for c in index.claims)
    position = {(c.article_id, c.index): i for i, c in enumerate(index.claims)}
    vectors = index.vectors()
    for known in (set(), {(0, 3), (2, 4)}):
        for per_claim, min_similarity in ((20, 0.0), (2, 0.0), (1, 0.0), (3, 0.3)):
            pairs = figure_pairs(index, known=known, per_claim=per_claim, min_similarity=min_similarity)
            ids = [tuple(sorted((position[p.left.article_id, p.left.index],
                                 position[p.right.article_id, p.right.index]))) for p in pairs]
            assert ids == _reference_figure_pairs(index, known, per_claim, min_similarity), (known, per_claim)
            assert all(p.source == "figures" and p.similarity == round(float(vectors[i] @ vectors[j]), 4)
                       for p, (i, j) in zip(pairs, ids, strict=True))
            assert all((p.left.article_id, p.left.index) < (p.right.article_id, p.right.index) for p in pairs)
    assert figure_pairs(index, per_claim=1, min_similarity=0.0)  # the check above is not vacuous


def test_figure_pairs_of_a_large_group_are_not_all_pairs(monkeypatch):
    import time
    import tracemalloc

    from contradict import pair as pair_module

    rng = np.random.default_rng(0)
    n, dimension, outlets = 3000, 64, 12
    index = CorpusIndex(dimension, "random")
    claims = []
    for i in range(n):
        aid = f"a{i // 10}"
        index.articles.setdefault(aid, art(aid, f"Outlet{(i // 10) % outlets}", ""))
        text = f"At least {i + 10} people were killed in district {i % 97}."
        claims.append(Sentence(article_id=aid, index=i % 10, start=0, end=len(text), text=text))
    vectors = rng.normal(size=(n, dimension)) + 2.0  # a shared direction: most pairs pass the floor
    index._add_vectors(claims, (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32))
    monkeypatch.setattr(pair_module, "_figure_keys", lambda text: {"category:dead"})  # one group of all n

    tracemalloc.start()
    started = time.perf_counter()
    pairs = pair_module.figure_pairs(index, per_claim=5)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n * 5 // 2 <= len(pairs) <= n * 5
    assert elapsed < 6.0, elapsed
    assert peak < 100 * 2**20, peak  # n x n similarities alone: 72 MB; a set of the pairs, far more


def test_large_indexes_search_an_hnsw_graph_close_to_exact_and_the_same_every_time():
    from contradict.settings import Settings

    rng = np.random.default_rng(1)
    n, dimension = 2000, 32
    vectors = rng.normal(size=(n, dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    def build():
        index = CorpusIndex(dimension, "random")
        claims = [Sentence(article_id=f"a{i}", index=0, start=0, end=1, text=str(i)) for i in range(n)]
        index._add_vectors(claims, vectors)
        return index

    index = build()
    exact_sims, exact_ids = index.search(vectors, 6)  # below the size where the graph takes over
    assert index._hnsw[0] is None
    graph = Settings(approximate_from_claims=1000).neighbour_search()
    approx_sims, approx_ids = index.search(vectors, 6, how=graph)
    assert index._hnsw[0] is not None
    recall = np.mean([len(set(a) & set(b)) / 6 for a, b in zip(exact_ids, approx_ids, strict=True)])
    assert recall >= 0.98, recall
    again = build().search(vectors, 6, how=graph)
    assert np.array_equal(again[1], approx_ids)  # built on one thread: the same graph every run
    # the graph's knobs are the settings': a graph of another degree is another graph, not the cached one
    thin = Settings(approximate_from_claims=1000, hnsw_neighbours=4, hnsw_ef_search=8).neighbour_search()
    thin_ids = index.search(vectors, 6, how=thin)[1]
    assert index._hnsw[1] == thin and index._hnsw[0].hnsw.efSearch == 8
    assert np.mean([len(set(a) & set(b)) / 6 for a, b in zip(exact_ids, thin_ids, strict=True)]) < recall
    index._add_vectors([Sentence(article_id="new", index=0, start=0, end=1, text="x")], vectors[:1])
    assert index.search(vectors[:1], 2, how=graph)[1][0].tolist() in ([0, n], [n, 0])  # the graph follows an add


def test_a_draft_meets_corpus_claims_that_count_the_same_kind_of_thing(hash_embedder):
    articles = [*ARTICLES, art("c1", "Gazette", "Officials said no one was killed when the storm hit the coast.\n\n"
                                                "People fled the floods that followed the storm on the coast.")]
    index = index_articles(articles, hash_embedder)
    text = "At least 14 people died in the floods that followed the storm on the coast."
    draft = Sentence(article_id="<draft>", index=0, start=0, end=len(text), text=text)
    vectors = hash_embedder.encode([text])
    nearest_only = query_pairs(index, [draft], vectors, k=1, figures=False)
    with_figures = query_pairs(index, [draft], vectors, k=1)
    storm = [p for p in with_figures if "no one was killed" in p.right.text]
    assert not any("no one was killed" in p.right.text for p in nearest_only)
    assert storm and storm[0].source == "figures" and storm[0].left is draft


def test_the_index_receives_segmented_embedded_articles_and_checks_them(hash_embedder):
    from contradict.embed import Encoder
    from contradict.segment import segment

    assert isinstance(hash_embedder, Encoder)  # the tests' encoder plugs in through the protocol
    index = CorpusIndex(hash_embedder.dimension, hash_embedder.name)
    sentences = {a.id: segment(a) for a in ARTICLES}
    claims = [s for a in ARTICLES for s in sentences[a.id] if s.is_claim]
    with pytest.raises(ValueError, match="expected 5 vectors"):
        index.add(ARTICLES, sentences, np.zeros((4, index.dimension), dtype=np.float32))
    assert not index.articles  # nothing stored from a refused call
    with pytest.raises(ValueError, match="no sentences given for b1"):
        index.add(ARTICLES, {k: v for k, v in sentences.items() if k != "b1"}, np.zeros((3, 0)))
    index.add(ARTICLES, sentences, hash_embedder.encode([c.text for c in claims]))
    assert len(index) == 5 and index.unseen(ARTICLES + [art("c1", "X", "Another thing happened.")])[0].id == "c1"
    with pytest.raises(ValueError, match="already indexed: a1"):
        index.add(ARTICLES[:1], sentences, np.zeros((2, index.dimension), dtype=np.float32))
