"""The reviewer's path through the real command line on the seeds (real embedder; the NLI judge off for speed,
its model gives evidence only on these): scan with a report, review, add an article, re-scan with
--verdicts; and vet as a pre-publish gate."""

import io
import json
import re
import shutil

import pytest

import contradict.embed
import contradict.pipeline
from contradict.cli import main as cli_main
from contradict.ingest import ingest
from contradict.report import read_jsonl

from .conftest import SEEDS

UNRELATED = ("City council approves budget for the riverside park\n\n"
             "The city council voted on Tuesday evening to fund the riverside park renovation. Residents welcomed "
             "the plan, which adds a playground, new benches and a path along the water. Work is due to begin "
             "in the spring and to finish before the summer festival.\n")


@pytest.fixture
def shared_embedder(monkeypatch, real_embedder):
    """Every ``Embedder()`` the CLI makes is the session's one: the model loads once for the whole suite."""
    monkeypatch.setattr(contradict.embed, "Embedder", lambda *a, **k: real_embedder)
    monkeypatch.setattr(contradict.pipeline, "Embedder", lambda *a, **k: real_embedder)
    return real_embedder


def _lines(path):
    return {json.loads(line)["id"]: line for line in path.read_text().splitlines()}


def test_dismissed_in_review_stays_dismissed_after_the_corpus_grows(tmp_path, shared_embedder, monkeypatch, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    flagged, report = tmp_path / "flagged.jsonl", tmp_path / "report.html"
    assert cli_main(["scan", str(corpus), "-o", str(flagged), "--html", str(report), "--no-nli", "--quiet"]) == 0
    first = read_jsonl(flagged)
    boats = [f for f in first if f.type == "numeric" and "at least four" in f.left.sentence + f.right.sentence]
    assert len(first) >= 3 and len(boats) >= 2
    # The report shows the boat-count findings side by side with their figures highlighted.
    page = report.read_text()
    for f in boats:
        card = page[page.index(f'id="f-{f.id}"'):]
        card = card[:card.index("</article>")]
        assert card.count('<section class="side') == 2 and card.count('<mark class="hl fig">at least ') == 2
    # Review: skip findings until the first boat count, dismiss it, quit.
    target = boats[0]
    keys = "s\n" * [f.id for f in first].index(target.id) + "d\nq\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(keys))
    assert cli_main(["review", str(flagged), "--reviewer", "ann"]) == 0
    verdicts = tmp_path / "flagged.verdicts.jsonl"
    (recorded,) = [json.loads(line) for line in verdicts.read_text().splitlines()]
    assert recorded["finding_id"] == target.id and recorded["verdict"] == "dismissed"
    # An unrelated article joins the corpus; article ids, and so finding ids, of the others do not move.
    ids_before = sorted(a.id for a in ingest([corpus]).articles)
    (corpus / "zz_park.txt").write_text(UNRELATED)
    ids_after = sorted(a.id for a in ingest([corpus]).articles)
    assert len(ids_after) == 6 and set(ids_before) < set(ids_after)
    capsys.readouterr()
    again, report2 = tmp_path / "again.jsonl", tmp_path / "again.html"
    assert cli_main(["scan", str(corpus), "-o", str(again), "--html", str(report2), "--no-nli", "--quiet",
                     "--verdicts", str(verdicts)]) == 0
    summary = capsys.readouterr().out
    # The dismissed finding stays dismissed: in the file with its verdict, out of the summary.
    old, new = _lines(flagged), _lines(again)
    assert set(new) == set(old)  # nothing new, nothing lost
    kept, was = json.loads(new[target.id]), json.loads(old[target.id])
    assert kept.pop("verdict") == recorded and was.pop("verdict") is None
    assert kept == was
    # Nothing else changes: every other line is byte for byte what the first scan wrote.
    assert all(new[i] == old[i] for i in old if i != target.id)
    assert f"findings: {len(first) - 1} (" in summary and "1 more dismissed by a reviewer" in summary
    assert target.explanation not in summary
    assert "verdicts carried forward from" in summary and "1 dismissed" in summary
    card = report2.read_text()
    assert f'data-id="{target.id}"' in card and 'data-verdict="dismissed"' in card
    # Reviewing the re-scan asks only about the others.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli_main(["review", str(again), "--verdicts", str(tmp_path / "fresh.jsonl")]) == 0
    assert f"1 with a verdict already; {len(first) - 1} to review" in capsys.readouterr().out


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory, real_embedder):
    from contradict import build_index

    index, _ = build_index([SEEDS], real_embedder)
    path = tmp_path_factory.mktemp("vet") / "idx"
    index.save(path)
    return path


@pytest.fixture
def vet(tmp_path, seeds_index, shared_embedder, capsys):
    """``contradict vet`` of a draft text against the seeds' index: (exit status, stdout, stderr)."""
    def run(text, *args):
        draft = tmp_path / "draft.txt"
        draft.write_text(text)
        code = cli_main(["vet", str(draft), "--index", str(seeds_index), "--no-nli", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    run.index = seeds_index
    return run


def test_vet_fails_a_draft_that_conflicts_with_the_corpus(vet):
    code, out, _ = vet("President Trump has approved the strikes on targets inside Venezuela.")
    assert code == 1
    assert "draft: President Trump has approved the strikes on targets inside Venezuela." in out
    # the outlet, the date (unknown in the seeds) and the conflicting sentence
    assert re.search(r"\n    outlet-\d{3} \(date unknown\): .*has not yet approved the strikes", out), out


def test_vet_passes_an_unrelated_draft(vet):
    code, out, _ = vet("The city council voted on Tuesday to fund the riverside park renovation.")
    assert code == 0 and out.startswith("0 findings for the draft against 5 articles")


def test_vet_fail_on_and_jsonl_output(vet):
    draft = "President Trump has approved the strikes on targets inside Venezuela."
    code, out, err = vet(draft, "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and rows and all(r["left"]["outlet"] == "draft" for r in rows)
    assert "at or above --fail-on 0" in err  # the headline goes to standard error, the findings to output
    top = max(r["score"] for r in rows)
    assert vet(draft, "--fail-on", f"{min(1.0, top + 0.01):.2f}")[0] == 0  # below the bar: passes
    assert vet(draft, "--fail-on", f"{top:.4f}")[0] == 1


def test_vet_errors_exit_2(vet, tmp_path, capsys):
    code = cli_main(["vet", str(tmp_path / "missing.txt"), "--index", str(vet.index), "--no-nli"])
    assert code == 2 and "cannot read the draft" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli_main(["vet", "x.txt", "--index", str(vet.index), "--fail-on", "2"])
    assert exc.value.code == 2
