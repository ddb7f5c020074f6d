"""The pure helpers of scripts/calibrate_news.py (the script itself reads every story: minutes of CPU)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "calibrate_news.py"


@pytest.fixture(scope="module")
def calibrate():
    spec = importlib.util.spec_from_file_location("calibrate_news", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_precision_curve_one_point_per_distinct_score_highest_first(calibrate):
    scores = np.array([0.2, 0.9, 0.5, 0.9, 0.7, 0.5])
    labels = np.array([False, True, True, False, True, False])
    assert calibrate.precision_curve(scores, labels) == [(0.9, 2, 1), (0.7, 3, 2), (0.5, 5, 3), (0.2, 6, 3)]
    assert calibrate.precision_curve(np.array([]), np.array([], dtype=bool)) == []


def test_lowest_as_precise_takes_the_lowest_qualifying_threshold(calibrate):
    curve = [(0.9, 2, 2), (0.7, 4, 3), (0.5, 8, 4), (0.3, 20, 5)]
    assert calibrate.lowest_as_precise(curve, base=0.5, min_flagged=1) == {
        "threshold": 0.5, "flagged": 8, "annotated": 4, "precision": 0.5}
    # too few flags to measure a precision: 0.9 and 0.7 do not count
    assert calibrate.lowest_as_precise(curve, base=0.6, min_flagged=5) == {
        "threshold": 1.0, "flagged": 0, "annotated": 0, "precision": None}
    assert calibrate.lowest_as_precise(curve, base=0.7, min_flagged=3)["threshold"] == 0.7
    assert calibrate.lowest_as_precise([], base=0.1, min_flagged=1)["threshold"] == 1.0


def test_write_is_refused_when_there_is_nothing_to_fit(calibrate):
    assert calibrate.write_refusal(pairs=0, annotated_pairs=0, base=0.3) == "no candidate pairs read by NLI"
    assert "must_flag" in calibrate.write_refusal(pairs=50, annotated_pairs=0, base=0.3)
    assert "precision 0" in calibrate.write_refusal(pairs=50, annotated_pairs=4, base=0.0)
    assert calibrate.write_refusal(pairs=50, annotated_pairs=4, base=0.2) is None



def test_missing_story_folders_are_named_and_exit_2(calibrate, tmp_path, capsys):
    gold = tmp_path / "gold.json"
    gold.write_text('{"clusters": {"flood-a": {"must_flag": [], "must_not_flag": []}, '
                    '"quake-b": {"must_flag": [], "must_not_flag": []}}}')
    (tmp_path / "corpus" / "flood-a").mkdir(parents=True)
    (tmp_path / "corpus" / "flood-a" / "manifest.jsonl").write_text("")
    assert calibrate.main(["--corpus", str(tmp_path / "corpus"), "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "quake-b" in err and "flood-a" not in err
