"""The claim table, and stories, families and attribution on the findings of a scan of the seeds."""

import shutil

import pytest

from contradict.claim_table import build_claim_table, claims_path, read_claims
from contradict.cli import main as cli_main
from contradict.findings import combine
from contradict.judges.quantity import explain_comparison
from contradict.pipeline import Judges, scan
from contradict.report import format_summary, read_jsonl
from contradict.schema import Article, CandidatePair, JudgeVerdict, QuantityComparison, Sentence

from .conftest import SEEDS


def _article(aid, outlet, text):
    return Article(id=aid, outlet=outlet, path=f"{aid}.txt", text=text)


def _sentence(article):
    return Sentence(article_id=article.id, index=0, start=0, end=len(article.text), text=article.text)


def _numeric(left_figure, right_figure):
    c = QuantityComparison(left=left_figure, right=right_figure, counted_left="attacks", counted_right="strikes",
                           relation="different_bounds", counted_similarity=0.7)
    return JudgeVerdict(judge="quantity", conflict=True, confidence=0.7, kind="numeric",
                        explanation=explain_comparison(c), quantities=[c])


def test_versions_are_counted_by_outlet_and_by_family():
    a = _article("a", "Herald", "It followed at least four attacks on boats.")
    b = _article("b", "Courier", "There have been at least three strikes on boats.")
    c = _article("c", "Post", "There have been at least three strikes on drug boats.")  # Courier's copy
    d = _article("d", "Times", "The military has carried out at least 3 strikes.")
    e = _article("e", "Sun", "The weather in the Caribbean was calm at least 3 days.")  # same figure, unlike
    articles = {x.id: x for x in (a, b, c, d, e)}
    ab = CandidatePair(left=_sentence(a), right=_sentence(b), similarity=0.7)
    ad = CandidatePair(left=_sentence(a), right=_sentence(d), similarity=0.6)
    bc = CandidatePair(left=_sentence(b), right=_sentence(c), similarity=0.95)  # not flagged: they agree
    de = CandidatePair(left=_sentence(d), right=_sentence(e), similarity=0.3)
    findings = [combine(ab, [_numeric("at least four", "at least three")], articles),
                combine(ad, [_numeric("at least four", "at least 3")], articles)]
    table = build_claim_table(findings, [ab, ad, bc, de], articles, story_of={x: "boats" for x in articles},
                              family_of={"b": "courier-family", "c": "courier-family"})
    (cluster,) = table
    assert cluster.kind == "numeric" and cluster.story == "boats" and cluster.topic == "attacks"
    assert sorted(cluster.findings) == sorted(f.id for f in findings)
    three, four = cluster.versions
    assert three.outlets == ["Courier", "Post", "Times"] and three.n_outlets == 3
    assert three.families == ["courier-family", "d"] and three.n_families == 2  # a copy agreeing is one voice
    assert [m.basis for m in three.mentions] == ["finding", "agreement", "finding"]
    assert four.version == "at least four" and four.outlets == ["Herald"] and four.n_families == 1


def test_statement_versions_are_the_two_sides():
    a = _article("a", "Herald", "The council has approved the new bridge.")
    b = _article("b", "Courier", "The council has not approved the new bridge, officials said.")
    c = _article("c", "Post", "The council has approved the new bridge over the river.")
    articles = {x.id: x for x in (a, b, c)}
    ab = CandidatePair(left=_sentence(a), right=_sentence(b), similarity=0.8)
    ac = CandidatePair(left=_sentence(a), right=_sentence(c), similarity=0.9)
    verdict = JudgeVerdict(judge="polarity", conflict=True, confidence=0.8, kind="contradiction",
                           explanation="{right} denies what {left} asserts")
    (cluster,) = build_claim_table([combine(ab, [verdict], articles)], [ab, ac], articles, {}, {})
    assert cluster.kind == "statement" and cluster.story is None
    approved, denied = cluster.versions
    assert approved.outlets == ["Herald", "Post"] and denied.outlets == ["Courier"]
    assert denied.version == "The council has not approved the new bridge."  # the claim, its frame set aside
    assert denied.mentions[0].asserted_by.kind == "unnamed"


def test_claims_path():
    assert claims_path("out/flagged.jsonl").as_posix() == "out/flagged.claims.jsonl"
    assert claims_path("report").as_posix() == "report.claims.jsonl"


@pytest.fixture(scope="module")
def seeds_scan(tmp_path_factory, real_embedder):
    out = tmp_path_factory.mktemp("scan") / "flagged.jsonl"
    judges = Judges(real_embedder, nli_model=None)
    findings, report = scan([SEEDS], out, embedder=real_embedder, judges=judges)
    return findings, report, out, judges


def test_the_boat_count_table_shows_the_versions_with_their_outlets(seeds_scan):
    _, report, out, _ = seeds_scan
    table = read_claims(claims_path(out))
    assert table == report.claim_table
    boats = next(c for c in table if c.kind == "numeric" and any("at least four" == v.version for v in c.versions))
    versions = {v.version: v for v in boats.versions}
    three = versions["at least three"]
    assert three.outlets == ["The Express Gazette", "outlet-000", "outlet-001"]
    assert three.n_families == 1  # all three relay NBC News: one report, not three confirmations
    assert versions["at least four"].outlets == ["outlet-002"]


def test_findings_name_their_story_families_and_sources(seeds_scan):
    findings, report, _, _ = seeds_scan
    (story,) = report.stories
    assert len(story.articles) == 5 and "Venezuela" in story.label
    (family,) = report.families
    assert all(f.story == story.id for f in findings)
    for f in findings:
        for side in (f.left, f.right):
            assert side.asserted_by is not None
            assert side.family == (family.id if side.article_id[:3] in ("000", "001", "002", "003") else None)
    summary = format_summary(report, findings)
    assert "stories: 1 (claims paired within each story)" in summary and story.id in summary
    assert "NBC News: outlet-000 (relay)" in summary and "claim table: " in summary
    assert "findings between families: " in summary


def test_same_input_in_another_order_gives_the_same_bytes(seeds_scan, tmp_path, real_embedder):
    _, _, first, judges = seeds_scan
    again = tmp_path / "again.jsonl"
    files = sorted(SEEDS.glob("*.txt"), reverse=True)
    scan(files, again, embedder=real_embedder, judges=judges)
    assert first.read_bytes() == again.read_bytes()
    assert claims_path(first).read_bytes() == claims_path(again).read_bytes()


def test_cli_writes_the_claim_table_and_never_reads_it_back(seeds_scan, tmp_path, capsys):
    _, _, first, _ = seeds_scan
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    shutil.copy(first, corpus / "flagged.jsonl")  # a previous run's outputs, inside the corpus
    shutil.copy(claims_path(first), corpus / "table.jsonl")
    code = cli_main(["scan", str(corpus), "-o", str(corpus / "flagged.jsonl"), "--claims", str(corpus / "table.jsonl"),
                     "--no-nli", "--quiet", "--across-stories"])
    printed = capsys.readouterr().out
    assert code == 3 and "articles read: 5   skipped: 2" in printed, printed  # neither read as an article
    assert printed.count("claim table written by contradict (its own output)") == 2
    assert f"claim table -> {corpus / 'table.jsonl'}" in printed
    assert "claims paired across stories" in printed
    assert read_claims(corpus / "table.jsonl") and read_jsonl(corpus / "flagged.jsonl")
