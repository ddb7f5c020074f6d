import json

from contradict.findings import combine, finding_id, sort_findings
from contradict.judges.quantity import explain_comparison
from contradict.report import read_jsonl, write_jsonl
from contradict.schema import Article, CandidatePair, JudgeVerdict, QuantityComparison, Sentence


def make_pair():
    a = Article(id="002", outlet="Herald", path="002.txt", url="http://h/2", published="2025-09-26",
                text="It followed at least four attacks on boats.")
    b = Article(id="003", outlet="Courier", path="003.txt", text="There were at least three strikes on boats.")
    left = Sentence(article_id="002", index=0, start=0, end=len(a.text), text=a.text)
    right = Sentence(article_id="003", index=0, start=0, end=len(b.text), text=b.text)
    return CandidatePair(left=left, right=right, similarity=0.71), {"002": a, "003": b}


COMPARISON = QuantityComparison(left="at least four", right="at least three", counted_left="attacks",
                                counted_right="strikes", relation="different_bounds", counted_similarity=0.6)
QV = JudgeVerdict(judge="quantity", conflict=True, confidence=0.7, kind="numeric",
                  explanation=explain_comparison(COMPARISON), quantities=[COMPARISON])
NV = JudgeVerdict(judge="nli", conflict=False, confidence=0.3, kind="contradiction",
                  nli={"left->right": {"contradiction": 0.3, "entailment": 0.2, "neutral": 0.5},
                       "right->left": {"contradiction": 0.1, "entailment": 0.3, "neutral": 0.6}})


def test_finding_is_self_contained_and_explained(tmp_path):
    pair, articles = make_pair()
    finding = combine(pair, [QV, NV], articles)
    assert finding.type == "numeric" and finding.score == 0.7
    assert finding.explanation.startswith("Herald says at least four attacks; Courier says at least three strikes")
    write_jsonl([finding], tmp_path / "out.jsonl")
    row = json.loads((tmp_path / "out.jsonl").read_text())
    assert row["schema_version"] == 1 and row["id"] == finding.id
    assert row["left"]["url"] == "http://h/2" and row["left"]["published"] == "2025-09-26"
    assert row["left"]["sentence"] == articles["002"].text[row["left"]["start"]:row["left"]["end"]]
    assert {e["judge"] for e in row["evidence"]} == {"quantity", "nli"}
    assert read_jsonl(tmp_path / "out.jsonl") == [finding]


def test_no_flag_no_finding_and_nli_only_is_contradiction():
    pair, articles = make_pair()
    assert combine(pair, [None, NV], articles) is None
    nli_flag = NV.model_copy(update={"conflict": True, "confidence": 0.93})
    finding = combine(pair, [None, nli_flag], articles)
    assert finding.type == "contradiction" and finding.score == 0.93


def test_ids_are_stable_and_sorting_is_total():
    pair, articles = make_pair()
    assert finding_id(pair) == finding_id(pair.model_copy())
    a = combine(pair, [QV, None], articles)
    b = a.model_copy(update={"id": "0" * 16})
    assert sort_findings([a, b]) == sort_findings([b, a])


def test_atomic_write_leaves_old_file_on_failure(tmp_path):
    target = tmp_path / "flagged.jsonl"
    target.write_text("old\n")

    def broken():
        yield from ()
        raise RuntimeError("boom")

    try:
        write_jsonl(broken(), target)
    except RuntimeError:
        pass
    assert target.read_text() == "old\n" and list(tmp_path.iterdir()) == [target]
