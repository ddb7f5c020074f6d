from contradict.index import CorpusIndex
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
    index = CorpusIndex.build(ARTICLES[:2], hash_embedder)
    assert len(index) == 3 and hash_embedder.texts_encoded == 3
    index.save(tmp_path / "idx")
    loaded = CorpusIndex.load(tmp_path / "idx")
    assert [s.text for s in loaded.claims] == [s.text for s in index.claims]
    assert loaded.articles["a1"].outlet == "Courier"
    added = loaded.add(ARTICLES, hash_embedder)  # a1, a2 already there: only b1 is embedded
    assert [a.id for a in added] == ["b1"] and hash_embedder.texts_encoded == 5
    assert (loaded.vectors()[:3] == index.vectors()).all()
    loaded.save(tmp_path / "idx")  # overwrite in place
    assert len(CorpusIndex.load(tmp_path / "idx")) == 5


def test_pairs_cross_outlets_once_above_floor(hash_embedder):
    index = CorpusIndex.build(ARTICLES, hash_embedder)
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
    index = CorpusIndex.build([art("x", "A", "The mayor resigned on Friday after the audit."),
                               art("y", "B", "The mayor resigned on Friday, after the audit.")], hash_embedder)
    assert corpus_pairs(index, min_similarity=0.1) == []


def test_query_pairs_put_the_draft_left(hash_embedder):
    index = CorpusIndex.build(ARTICLES, hash_embedder)
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
