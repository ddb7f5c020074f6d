"""Verdicts: the append-only file, its torn last line, carrying forward by id, the review prompt loop."""

import io
import json
import os
import subprocess
import sys

import pytest

from contradict.cli import main as cli_main
from contradict.ingest import ingest
from contradict.pipeline import ScanReport
from contradict.report import format_summary, write_jsonl
from contradict.review import run_review
from contradict.schema import Verdict
from contradict.verdicts import (VerdictsError, append_verdict, apply_verdicts, read_all, read_verdicts,
                                 verdicts_path_for)

from .conftest import ROOT
from .findings_fixtures import make_findings


def verdict(finding_id: str, kind: str = "dismissed", time: str = "2025-10-01T09:00:00Z", note=None) -> Verdict:
    return Verdict(finding_id=finding_id, verdict=kind, note=note, reviewer="ann", time=time)


def test_verdicts_file_sits_beside_the_findings(tmp_path):
    assert verdicts_path_for(tmp_path / "flagged.jsonl") == tmp_path / "flagged.verdicts.jsonl"
    assert verdicts_path_for("out/findings") == verdicts_path_for("out/findings.jsonl")


def test_append_then_read_the_last_verdict_wins(tmp_path):
    path = tmp_path / "flagged.verdicts.jsonl"
    assert append_verdict(path, verdict("a", "confirmed")) is None
    before = path.read_bytes()
    append_verdict(path, verdict("b", note="same “event”, two counts"))
    append_verdict(path, verdict("a", "dismissed", time="2025-10-02T09:00:00Z"))
    assert path.read_bytes().startswith(before)  # appended: earlier lines are never rewritten
    log = read_verdicts(path)
    assert log.records == 3 and log.warnings == []
    assert log.latest["a"].verdict == "dismissed" and log.latest["b"].note == "same “event”, two counts"
    assert list(json.loads(path.read_text().splitlines()[0])) == ["finding_id", "verdict", "note", "reviewer", "time"]


def test_a_torn_last_line_is_skipped_with_a_warning_and_cut_before_the_next_append(tmp_path):
    path = tmp_path / "v.jsonl"
    append_verdict(path, verdict("a"))
    with path.open("ab") as fh:  # what a crash in the middle of a write leaves
        fh.write(b'{"finding_id": "b", "verdict": "dism')
    log = read_verdicts(path)
    assert set(log.latest) == {"a"} and len(log.warnings) == 1 and "v.jsonl:2: incomplete last line" in log.warnings[0]
    warning = append_verdict(path, verdict("c", "confirmed"))
    assert warning and "dropped an incomplete last line" in warning
    log = read_verdicts(path)
    assert set(log.latest) == {"a", "c"} and log.warnings == [] and path.read_text().count("\n") == 2


def test_a_complete_last_line_without_a_line_end_is_kept(tmp_path):
    path = tmp_path / "v.jsonl"
    path.write_text(verdict("a").model_dump_json())  # written by hand, no final newline
    assert set(read_verdicts(path).latest) == {"a"}
    assert append_verdict(path, verdict("b")) is None
    assert set(read_verdicts(path).latest) == {"a", "b"}


def test_a_bad_line_in_the_middle_is_an_error_naming_it(tmp_path):
    path = tmp_path / "v.jsonl"
    path.write_text(verdict("a").model_dump_json() + "\n{oops}\n" + verdict("b").model_dump_json() + "\n")
    with pytest.raises(VerdictsError, match=r"v\.jsonl:2: not a verdict"):
        read_verdicts(path)
    path.write_text('{"finding_id": "a", "verdict": "maybe", "reviewer": "x", "time": "t"}\n')
    with pytest.raises(VerdictsError, match=r"v\.jsonl:1: not a verdict"):
        read_verdicts(path)
    with pytest.raises(VerdictsError, match="no such file"):
        read_verdicts(tmp_path / "missing.jsonl")


def test_carry_forward_marks_findings_by_id_and_leaves_the_rest_alone():
    findings = make_findings()
    log = read_all([], [])
    log.latest = {findings[1].id: verdict(findings[1].id), "gone": verdict("gone", "confirmed")}
    marked, stats = apply_verdicts(findings, log)
    assert [f.id for f in marked] == [f.id for f in findings]
    assert marked[1].verdict.verdict == "dismissed" and marked[0].verdict is None
    assert marked[0] == findings[0] and marked[2] == findings[2]
    assert stats.applied == {"dismissed": 1} and stats.orphans == 1


def test_summary_leaves_out_dismissed_findings_and_marks_confirmed_ones():
    findings = make_findings()
    log = read_all([], [])
    log.latest = {findings[0].id: verdict(findings[0].id), findings[1].id: verdict(findings[1].id, "confirmed")}
    marked, _ = apply_verdicts(findings, log)
    report = ScanReport(articles=4, findings_by_type={"contradiction": 1, "numeric": 1, "update": 1})
    text = format_summary(report, marked, "flagged.jsonl", top=5)
    assert "findings: 2 (numeric 1, update 1) -> flagged.jsonl; 1 more dismissed by a reviewer" in text
    assert findings[0].explanation not in text  # the dismissed one is not listed
    assert f"1. numeric score 0.49 [confirmed by ann]: {findings[1].explanation}" in text
    assert "findings: 3 (contradiction 1, numeric 1, update 1) -> flagged.jsonl\n" in \
        format_summary(report, findings, "flagged.jsonl") + "\n"


def test_review_walks_the_unreviewed_findings_and_resumes(tmp_path):
    findings = make_findings()
    path = tmp_path / "flagged.verdicts.jsonl"
    out = io.StringIO()
    # dismiss the first; a note then confirm on the second; skip the third
    result = run_review(findings, path, reviewer="ann", stdin=io.StringIO("d\nn\ncounts differ\nc\ns\n"), out=out)
    assert (result.recorded, result.skipped, result.remaining, result.quit) == (2, 1, 1, False)
    log = read_verdicts(path)
    assert log.latest[findings[0].id].verdict == "dismissed" and log.latest[findings[0].id].note is None
    assert log.latest[findings[1].id].verdict == "confirmed" and log.latest[findings[1].id].note == "counts differ"
    assert log.latest[findings[1].id].reviewer == "ann"
    text = out.getvalue()
    assert "3 to review" in text and "[at least three]" in text and "outlet-000 · 2025-09-20 · Strikes on boats" in text
    # again: only the skipped one is asked; an unknown key shows the help, then "u" marks it an update
    out = io.StringIO()
    result = run_review(findings, path, reviewer="bo", stdin=io.StringIO("x\nu\n"), out=out)
    assert "1 to review" in out.getvalue() and "u  update: the figure changed" in out.getvalue()
    assert result.recorded == 1 and result.remaining == 0
    assert read_verdicts(path).latest[findings[2].id].verdict == "update"
    assert "0 to review" in _review(findings, path, "")


def _review(findings, path, keys):
    out = io.StringIO()
    run_review(findings, path, reviewer="x", stdin=io.StringIO(keys), out=out)
    return out.getvalue()


def test_review_quit_and_end_of_input_keep_what_was_given(tmp_path):
    findings = make_findings()
    path = tmp_path / "v.jsonl"
    assert "1 verdicts recorded" in _review(findings, path, "c\nq\nd\n")
    assert len(read_verdicts(path).latest) == 1
    assert "0 verdicts recorded" in _review(findings, path, "")  # end of input at once
    assert len(read_verdicts(path).latest) == 1
    # findings that carry a verdict from an earlier scan count as reviewed
    marked, _ = apply_verdicts(findings, read_all([path]))
    assert "1 with a verdict already; 2 to review" in _review(marked, tmp_path / "other.jsonl", "")


def test_cli_review_reads_keys_from_standard_input(tmp_path):
    findings = make_findings()
    flagged = tmp_path / "flagged.jsonl"
    write_jsonl(findings, flagged)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "contradict", "review", str(flagged), "--reviewer", "cy"],
                          input="s\nd\nq\n", capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1 verdicts recorded" in done.stdout and "2 findings unreviewed (run again to resume)" in done.stdout
    (line,) = (tmp_path / "flagged.verdicts.jsonl").read_text().splitlines()
    assert json.loads(line)["finding_id"] == findings[1].id and json.loads(line)["reviewer"] == "cy"


def test_cli_review_errors_are_one_line(tmp_path, capsys):
    flagged = tmp_path / "flagged.jsonl"
    write_jsonl(make_findings(), flagged)
    (tmp_path / "flagged.verdicts.jsonl").write_text("{oops}\n{}\n")
    assert cli_main(["review", str(flagged)]) == 2
    assert "flagged.verdicts.jsonl:1: not a verdict" in capsys.readouterr().err


def test_ingest_skips_the_tools_own_report_and_verdicts(tmp_path):
    from contradict.html_report import render_report

    (tmp_path / "a.txt").write_text("The council approved the new budget for the city park on Tuesday evening.")
    (tmp_path / "report.html").write_text(render_report(make_findings()))
    append_verdict(tmp_path / "flagged.verdicts.jsonl", verdict("a"))
    result = ingest([tmp_path])
    assert [a.path for a in result.articles] == [str(tmp_path / "a.txt")]
    reasons = {os.path.basename(s.path): s.reason for s in result.skipped}
    assert "an HTML report written by contradict" in reasons["report.html"]
    assert "a verdicts file written by contradict" in reasons["flagged.verdicts.jsonl"]
