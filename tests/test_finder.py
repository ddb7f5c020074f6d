"""The Finder: models loaded once, no global model cache keyed by nothing, no silently ignored argument."""

import pytest

from contradict import pipeline
from contradict.pipeline import index_articles, Finder, Judges, vet
from tests.conftest import HashEmbedder
from tests.test_index_pair import ARTICLES


class CountingJudges(Judges):
    """The pipeline's judges without the NLI model, counting their construction."""

    made = 0

    def __init__(self, embedder, **settings):
        CountingJudges.made += 1
        super().__init__(embedder, nli_model=None)


def test_judges_and_an_nli_model_together_are_refused():
    embedder = HashEmbedder()
    with pytest.raises(ValueError, match="either judges or nli_model"):
        Finder(embedder, Judges(embedder, nli_model=None), nli_model="models/other")
    with pytest.raises(ValueError, match="k must be"):
        Finder(embedder, k=0)


def test_each_embedder_gets_its_own_warm_judges(monkeypatch):

    monkeypatch.setattr(pipeline, "Judges", CountingJudges)
    first, second = HashEmbedder(), HashEmbedder()
    first.name = second.name = "hash-bow"
    index = index_articles(ARTICLES, first)
    CountingJudges.made = 0
    vet("The council rejected the budget on Monday.", index, embedder=first)
    vet("The council rejected the budget on Monday.", index, embedder=first)
    assert CountingJudges.made == 1  # warm: built once for this embedder
    vet("The council rejected the budget on Monday.", index, embedder=second)
    assert CountingJudges.made == 2  # another embedder, its own judges
    assert pipeline._warm_finder(second).judges.judges[0].embedder is second
    assert pipeline._warm_finder(first).judges.judges[0].embedder is first
    import gc
    import weakref

    gone = weakref.ref(second)
    del second
    gc.collect()
    assert gone() is None  # the warm finder keeps only the last embedder given


def test_a_finder_builds_scans_and_vets_with_one_set_of_models(tmp_path):
    embedder = HashEmbedder()
    finder = Finder(embedder, Judges(embedder, nli_model=None))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in ARTICLES:
        (corpus / f"{article.id}.txt").write_text(article.text)
    index, report = finder.build_index([corpus])
    assert report.articles == len(ARTICLES)
    findings, report = finder.scan([corpus], tmp_path / "flagged.jsonl")
    assert (tmp_path / "flagged.jsonl").exists() and report.judges_run == finder.judges.names
    calls = embedder.calls
    finder.vet("The council rejected the budget on Monday.", index)
    assert embedder.calls > calls  # the draft was embedded by the same model object


def test_an_embedder_call_can_take_its_own_batch_size():
    from contradict.embed import Embedder

    texts = [f"claim number {'x' * (n % 4)}" for n in range(10)]
    embedder = Embedder()  # batches are cut by the tokenizer, without loading the model
    lengths = embedder.token_lengths(texts)
    for size in (64, 3):
        batches = embedder.batches(texts, batch_size=size)
        assert sorted(i for b in batches for i in b) == list(range(10))
        assert all(len(b) <= size and len({lengths[i] for i in b}) == 1 for b in batches)  # one length each
    assert embedder.batches(texts, batch_size=3) == [[3, 7], [1, 2, 5], [6, 9], [0, 4, 8]]  # 6, 5, 5, 4 tokens
    assert [len(b) for b in embedder.batches(texts, batch_size=3, one_length=False)] == [3, 3, 3, 1]  # a draft's
    assert embedder._model is None
