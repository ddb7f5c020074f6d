"""One configuration: defaults with their sources, a TOML file, the command line on top, clear errors."""

import pytest

from contradict.cli import main
from contradict.pipeline import Finder
from contradict.settings import Settings, SettingsError
from tests.conftest import HashEmbedder


def test_the_printed_settings_read_back_as_the_same_settings(tmp_path):
    changed = Settings(k=7, min_pair_similarity=0.4, by_story=False, nli=False)
    path = tmp_path / "contradict.toml"
    path.write_text(changed.describe())
    assert Settings.load(path) == changed
    # each calibrated default says which command wrote it, on which data (contradict/data/calibrated.json)
    from contradict.thresholds import CALIBRATED
    described = Settings().describe()
    assert CALIBRATED["min_pair_similarity"].written_by in described
    assert CALIBRATED["story_distance"].data in described


@pytest.mark.parametrize("text,problem", [
    ("min_pair_similarit = 0.3\n", "unknown setting 'min_pair_similarit'"),
    ("k = 0\n", "k:"),
    ("k = \n", "not valid TOML"),
])
def test_a_bad_settings_file_is_named_with_its_problem(tmp_path, text, problem):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=problem) as info:
        Settings.load(path)
    assert str(path) in str(info.value)


def test_the_command_line_overrides_the_file_and_the_finder_uses_both(tmp_path):
    finder = Finder(HashEmbedder(), settings=Settings(k=7, min_counted_similarity=0.9), k=3, nli_model=None)
    assert finder.k == 3 and finder.settings.min_counted_similarity == 0.9
    assert finder.judges.judges[0].min_counted_similarity == 0.9 and "nli" in finder.judges.missing


def test_cli_config_prints_and_a_bad_file_stops_a_scan(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contradict.toml").write_text("[contradict]\nk = 4\n")
    assert main(["config"]) == 0
    assert "k = 4" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("nearest = 3\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Officials said 12 people died in the floods on Monday.\n")
    assert main(["scan", str(corpus), "-o", str(tmp_path / "f.jsonl"), "--config", str(bad), "--no-nli"]) == 2
    assert "bad.toml: unknown setting 'nearest'" in capsys.readouterr().err
    assert not (tmp_path / "f.jsonl").exists()


def test_scoring_settings_reach_the_judges_and_the_ordering():
    settings = Settings(incompatible_confidence=0.5, degree_confidence=0.6, polarity_confidence=0.65,
                        agreement_bonus=0.1, same_version=0.2, nli=False)
    judges = Finder(HashEmbedder(), settings=settings).judges
    quantity, degree, polarity = judges.judges[:3]
    assert quantity.confidence["incompatible"] == 0.5 and degree.confidence == 0.6 and polarity.confidence == 0.65
    assert (judges.agreement_bonus, judges.same_version) == (0.1, 0.2)
