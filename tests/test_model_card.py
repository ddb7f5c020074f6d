"""The shipped model card is what ``python -m contradict.nli.card`` makes from the model's JSON files, so its
figures cannot drift from the files the code wrote."""

import json
import shutil

from contradict.nli.card import CARD_FILE, main, render
from contradict.nli_model import DEFAULT_MODEL_DIR


def test_the_shipped_card_is_generated_from_the_shipped_files():
    assert (DEFAULT_MODEL_DIR / CARD_FILE).read_text(encoding="utf-8") == render(DEFAULT_MODEL_DIR)
    assert main(["--model", str(DEFAULT_MODEL_DIR), "--check"]) == 0


def _copy(tmp_path):
    model = tmp_path / DEFAULT_MODEL_DIR.name  # the card names its directory
    model.mkdir()
    for path in DEFAULT_MODEL_DIR.iterdir():
        if path.suffix == ".safetensors":
            (model / path.name).symlink_to(path)  # only its header is read
        else:
            shutil.copy(path, model / path.name)
    return model


def test_check_fails_when_a_figure_changes_and_writing_mends_it(tmp_path, capsys):
    model = _copy(tmp_path)
    assert main(["--model", str(model), "--check"]) == 0
    record = json.loads((model / "evaluation.json").read_text())
    run = next(iter(record["runs"].values()))
    run["rows"][0]["accuracy"] = 0.123456
    (model / "evaluation.json").write_text(json.dumps(record))
    assert main(["--model", str(model), "--check"]) == 1
    assert "differs" in capsys.readouterr().err
    assert "| 12.3 |" in render(model)  # the changed figure is what the card would show
    assert main(["--model", str(model)]) == 0
    assert main(["--model", str(model), "--check"]) == 0


def test_check_fails_on_a_hand_edit(tmp_path):
    model = _copy(tmp_path)
    card = model / CARD_FILE
    card.write_text(card.read_text().replace("non-commercial", "commercial"))
    assert main(["--model", str(model), "--check"]) == 1


def test_a_recorded_evaluation_command_leaves_out_where_its_output_went():
    from contradict.nli.evaluate import recorded_command

    argv = ["--precision", "int8", "--json", "/tmp/rows.json", "--subset", "2000", "--write", "--json=/tmp/x"]
    assert recorded_command(argv) == "python -m contradict.nli.evaluate --precision int8 --subset 2000"
