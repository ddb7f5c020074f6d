"""A scan that keeps its index: the next scan embeds only new articles and judges only new pairs, and
finds exactly what a fresh scan of the same corpus finds (fast: hash embedder, no NLI model)."""

import json

import pytest

import contradict.pipeline as pipeline
from contradict import cli
from contradict.index import CorpusIndex
from contradict.pipeline import Finder, Judges
from contradict.settings import Settings
from contradict.verdict_cache import ATTACHMENT, VerdictCache
from tests.conftest import HashEmbedder
from tests.test_stories import EVENTS, write_corpus

LATER = ("daily", "Valtora toll", "At least 20 people died when houses collapsed in the old town of Valtora. The "
         "Mirenian geological institute measured the quake at magnitude 6.4. Rescue teams from Brasco searched the "
         "old town of Valtora overnight.")
FIRST = {"fire": EVENTS["fire"], "quake": EVENTS["quake"], "vote": EVENTS["vote"]}
SECOND = {**FIRST, "quake": EVENTS["quake"] + [LATER]}


def finder(settings: Settings | None = None) -> Finder:
    embedder = HashEmbedder()
    return Finder(embedder, Judges(embedder, nli_model=None, settings=settings), settings=settings)


def dump(findings) -> list[str]:
    return [f.model_dump_json() for f in findings]


@pytest.fixture
def judged(monkeypatch):
    """How many pairs the judges were actually run on, per call."""
    calls: list[int] = []
    real = pipeline.run_judges

    def counting(judges, pairs):
        calls.append(len(pairs))
        return real(judges, pairs)

    monkeypatch.setattr(pipeline, "run_judges", counting)
    return calls


def test_a_rescan_judges_only_new_pairs_and_finds_what_a_fresh_scan_finds(tmp_path, judged):
    corpus = write_corpus(tmp_path / "c", events=FIRST)
    _, first, index = finder().scan_index([corpus])
    assert first.reused_articles == 0 and first.reused_pairs == 0 and judged == [first.candidate_pairs]
    index.save(tmp_path / "idx")

    write_corpus(corpus, events=SECOND)  # one more article on the quake
    judged.clear()
    rescanning = finder()
    findings, report, index = rescanning.scan_index([corpus], CorpusIndex.load(tmp_path / "idx"))
    assert report.reused_articles == 8 and report.articles == 9
    assert 0 < judged[0] < report.candidate_pairs and report.reused_pairs == report.candidate_pairs - judged[0]

    fresh, fresh_report = finder().scan([corpus])
    assert dump(findings) == dump(fresh) and findings  # the same findings, byte for byte
    assert any("quake-daily" in (f.left.article_id + f.right.article_id) for f in findings)
    assert [c.model_dump_json() for c in report.claim_table] == [c.model_dump_json() for c in fresh_report.claim_table]
    assert [(c.article_id, c.index) for c in index.claims] == \
        [(c.article_id, c.index) for c in finder().build_index([corpus])[0].claims]


def test_articles_gone_from_the_corpus_leave_the_kept_index(tmp_path):
    corpus = write_corpus(tmp_path / "c", events=SECOND)
    _, _, index = finder().scan_index([corpus])
    for name in ("vote-courier.txt", "vote-herald.txt"):
        (corpus / name).unlink()
    write_corpus(corpus, events={k: v for k, v in SECOND.items() if k != "vote"})
    _, report, kept = finder().scan_index([corpus], index)
    assert report.articles == 7 and not any(a.startswith("vote-") for a in kept.articles)
    assert len(kept.attachments[ATTACHMENT]) - 1 == report.candidate_pairs  # only this scan's pairs are kept


def test_other_judges_do_not_read_the_saved_verdicts(tmp_path, judged):
    corpus = write_corpus(tmp_path / "c", events=SECOND)
    _, _, index = finder().scan_index([corpus])
    judged.clear()
    other = Settings(degree_confidence=0.55)
    findings, report, _ = finder(other).scan_index([corpus], index)
    assert report.reused_pairs == 0 and judged == [report.candidate_pairs]
    assert any("judges changed" in w for w in report.warnings)
    assert dump(findings) == dump(finder(other).scan([corpus])[0])


def test_the_cache_reads_back_what_it_wrote_and_refuses_what_is_damaged():
    from contradict.schema import CandidatePair, Sentence

    cache = VerdictCache("f1")
    calls = []

    def judge_pairs(pairs):
        calls.append(len(pairs))
        return [[] for _ in pairs]

    def pair(n):
        s = Sentence(article_id=f"a{n}", index=0, start=0, end=10, text=f"Claim {n}.", is_claim=True)
        t = Sentence(article_id=f"b{n}", index=0, start=0, end=10, text=f"Other {n}.", is_claim=True)
        return CandidatePair(left=s, right=t, similarity=0.9)

    assert cache.run(judge_pairs, [pair(1), pair(2)]) == [[], []] and calls == [2]
    lines = cache.to_lines()
    again = VerdictCache.from_lines(lines, "f1")
    again.run(judge_pairs, [pair(1), pair(2), pair(3)])
    assert calls == [2, 1] and again.reused == 2 and again.judged == 1
    assert VerdictCache.from_lines(lines, "f2").dropped_reason.startswith("the judges changed")
    broken = VerdictCache.from_lines(lines[:1] + ["{not json"], "f1")
    assert broken.dropped_reason == "saved verdicts are damaged"
    broken.run(judge_pairs, [pair(1)])
    assert calls == [2, 1, 1]


def test_a_damaged_verdict_file_costs_a_rejudging_not_the_index(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("contradict.embed.Embedder", HashEmbedder)
    corpus = write_corpus(tmp_path / "c", events=SECOND)
    args = ["scan", str(corpus), "-o", str(tmp_path / "out.jsonl"), "--no-nli", "--quiet", "--index",
            str(tmp_path / "idx")]
    assert cli.main(args) == 0
    first = (tmp_path / "out.jsonl").read_bytes()
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "reused from the saved index: 9 of 9 articles' claims" in out and "9 unchanged files not read again" in out
    assert (tmp_path / "out.jsonl").read_bytes() == first
    verdicts = tmp_path / "idx" / "verdicts.jsonl"
    verdicts.write_text(verdicts.read_text()[:-20])
    assert cli.main(args) == 0
    captured = capsys.readouterr()
    assert "verdicts.jsonl is missing or differs" in captured.err
    assert "of 9 articles' claims, 0 of" in captured.out  # vectors reused, every pair judged again
    assert (tmp_path / "out.jsonl").read_bytes() == first
    meta = json.loads((tmp_path / "idx" / "meta.json").read_text())
    assert "verdicts.jsonl" in meta["files"]  # written again, whole


def test_an_index_cut_into_sentences_under_other_limits_is_read_again(tmp_path):
    corpus = write_corpus(tmp_path / "c", events=SECOND)
    _, _, index = finder().scan_index([corpus])
    other = Settings(min_claim_words=7)
    findings, report, _ = finder(other).scan_index([corpus], index)
    assert report.reused_articles == 0 and any("segmented with other settings" in w for w in report.warnings)
    assert dump(findings) == dump(finder(other).scan([corpus])[0])


def test_contradict_index_cuts_claims_under_the_settings_file_and_says_so_in_the_index(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("contradict.embed.Embedder", HashEmbedder)
    corpus = write_corpus(tmp_path / "c", events=SECOND)
    config = tmp_path / "strict.toml"
    config.write_text("min_claim_words = 12\n")
    assert cli.main(["index", str(corpus), "-o", str(tmp_path / "idx"), "--config", str(config)]) == 0
    strict = CorpusIndex.load(tmp_path / "idx")
    assert strict.attachments["segmenting"] == [json.dumps(Settings(min_claim_words=12).segmenting(), sort_keys=True)]
    assert all(len(c.text.split()) >= 12 for c in strict.claims)
    _, report, _ = finder().scan_index([corpus], strict)  # default limits: the articles are read again
    assert report.reused_articles == 0 and any("segmented with other settings" in w for w in report.warnings)


def test_a_saved_index_keeps_its_stories_and_vet_reads_them_instead_of_grouping_again(tmp_path, monkeypatch):
    import contradict.stories as stories_module

    corpus = write_corpus(tmp_path / "corpus", FIRST)
    finder_ = finder()
    index, _ = finder_.build_index([corpus])
    found = pipeline.stories_of(index, finder_.settings)
    index.save(tmp_path / "idx")
    loaded = CorpusIndex.load(tmp_path / "idx")
    assert loaded.attachments[pipeline.STORIES_ATTACHMENT][0] == pipeline._stories_key(index, finder_.settings)

    def no_grouping(*args, **kwargs):
        raise AssertionError("stories grouped again")

    monkeypatch.setattr(stories_module, "find_stories", no_grouping)
    assert pipeline.stories_of(loaded, finder_.settings) == found  # read from the saved index
    other = Settings(story_distance=0.3)
    with pytest.raises(AssertionError, match="grouped again"):
        pipeline.stories_of(loaded, other)  # other story settings: grouped again, not the saved ones
    monkeypatch.undo()
    finder_.build_index([write_corpus(tmp_path / "more", SECOND)], into=loaded)
    assert pipeline.stories_of(loaded, finder_.settings) != found  # new articles: grouped again


@pytest.fixture
def files_read(monkeypatch):
    """The files the reader actually parsed, by name."""
    import contradict.ingest as ingest

    names: list[str] = []
    real = ingest.read_file

    def counting(path, *args, **kwargs):
        names.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "read_file", counting)
    return names


def test_a_rescan_reads_only_the_files_that_changed(tmp_path, files_read):
    corpus = write_corpus(tmp_path / "c", events=FIRST)
    (corpus / "fire-old.txt").write_bytes("The caf\xe9 fire was put out by 40 firefighters on Tuesday night, the "
                                          "brigade said in a statement.".encode("latin-1"))
    _, first, index = finder().scan_index([corpus])
    assert "fire-old.txt" in files_read and any("not UTF-8" in w for w in first.warnings)
    index.save(tmp_path / "idx")

    write_corpus(corpus, events=SECOND)  # one file more; the others as they were
    files_read.clear()
    findings, report, kept = finder().scan_index([corpus], CorpusIndex.load(tmp_path / "idx"))
    assert files_read == ["quake-daily.txt"] and report.reused_files == 9  # 8 articles and fire-old.txt
    assert any("not UTF-8" in w for w in report.warnings)  # what an unchanged file gave is said again
    fresh, fresh_report = finder().scan([corpus])
    assert dump(findings) == dump(fresh) and report.warnings == fresh_report.warnings
    assert report.skipped == fresh_report.skipped

    # an edited file, and a file whose manifest line changed, are read again
    edited = corpus / "vote-herald.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nTurnout was 61 percent, officials said.\n",
                      encoding="utf-8")
    with open(corpus / "manifest.jsonl", "a", encoding="utf-8") as manifest:
        manifest.write(json.dumps({"file": "fire-old.txt", "outlet": "Gazette"}) + "\n")
    files_read.clear()
    findings, report, kept = finder().scan_index([corpus], kept)
    assert sorted(files_read) == ["fire-old.txt", "vote-herald.txt"]
    assert dump(findings) == dump(finder().scan([corpus])[0])
    assert kept.articles[next(a for a in kept.articles if a.startswith("fire-old"))].outlet == "Gazette"

    # a damaged record of what was read costs a reading, never a wrong article
    kept.attachments["read_files"] = ["{not json", *kept.attachments["read_files"][1:]]
    files_read.clear()
    findings, _, _ = finder().scan_index([corpus], kept)
    assert len(files_read) == 1 and dump(findings) == dump(finder().scan([corpus])[0])
