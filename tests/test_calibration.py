"""The pure helpers of the calibration code (a full calibration reads every story: minutes of CPU), and the
file it writes: the values the runtime reads, with their provenance."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from contradict.calibration.record import write_calibrated
from contradict.calibration.stories import exact_range, middle
from contradict.settings import Settings
from contradict.thresholds import CALIBRATED, DATA_FILE, Calibrated, CalibrationFile

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


@pytest.fixture(scope="module")
def calibrate():
    from contradict.nli import calibrate as module

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
    assert calibrate.news(["--corpus", str(tmp_path / "corpus"), "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "quake-b" in err and "flood-a" not in err


def test_top_counts_are_annotated_pairs_among_the_highest_scores(calibrate):
    scores = np.array([0.9, 0.1, 0.8, 0.7, 0.2])
    labels = np.array([False, True, True, False, False])
    assert calibrate.top_counts(scores, labels, points=(1, 2, 5, 10)) == {"1": 0, "2": 1, "5": 2}


def test_story_distance_is_the_middle_of_the_exact_range_rounded_down():
    assert middle(0.68, 0.73) == 0.70  # the shipped story distance from its recorded range
    assert middle(0.78, 0.83) == 0.80
    assert middle(0.6, 0.6) == 0.6
    assert exact_range([0.6, 0.61, 0.62, 0.63], [False, True, True, False]) == (0.61, 0.62)
    assert exact_range([0.6, 0.61], [False, False]) is None


def test_every_calibrated_default_of_settings_comes_from_the_data_file():
    settings, fields = Settings(), Settings.model_fields
    for name, entry in CALIBRATED.items():
        assert getattr(settings, name) == entry.value
        assert fields[name].json_schema_extra["source"] == entry.source()
        assert entry.data and entry.rule and entry.written_by
    # and the runtime constants are those values, not copies
    from contradict import thresholds
    assert thresholds.MIN_PAIR_SIMILARITY == CALIBRATED["min_pair_similarity"].value
    assert thresholds.STORY_DISTANCE == CALIBRATED["story_distance"].value


def test_writing_a_calibration_replaces_its_entries_and_keeps_the_others(tmp_path):
    path = tmp_path / "calibrated.json"
    path.write_text(DATA_FILE.read_text())
    entry = Calibrated(value=0.31, unit="cosine", data="d", rule="r", figures={"f1": 0.5}, written_by="python -m x")
    write_calibrated({"min_pair_similarity": entry}, path)
    written = CalibrationFile.read(path).thresholds
    assert written["min_pair_similarity"] == entry
    assert {k: v for k, v in written.items() if k != "min_pair_similarity"} == \
        {k: v for k, v in CALIBRATED.items() if k != "min_pair_similarity"}
    assert json.loads(path.read_text())["schema_version"] == 1


def test_the_shipped_data_file_is_as_the_writer_writes_it(tmp_path):
    """No hand edits that the writer would undo (key order, number format)."""
    copy = tmp_path / "calibrated.json"
    write_calibrated(dict(CALIBRATED), copy)
    assert copy.read_text() == DATA_FILE.read_text()


@pytest.mark.parametrize("script", ["calibrate.py", "calibrate_news.py", "calibrate_stories.py"])
def test_calibration_scripts_are_thin_entry_points(script):
    text = (SCRIPTS / script).read_text()
    assert "sys.path" not in text and "spec_from_file_location" not in text
    assert len(text.splitlines()) < 15
    out = subprocess.run([sys.executable, str(SCRIPTS / script), "--help"], capture_output=True, text=True)
    assert out.returncode in (0, 2) and "usage" in (out.stdout + out.stderr).lower()
