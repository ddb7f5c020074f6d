"""The supplement under the split policy, on a tiny synthetic data dir (fast, offline)."""

import gzip
import json

from contradict.nli.data import split_pool, split_with_extra


def _write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")


def _row(i, source, label="neutral"):
    return {"premise": f"premise {i}", "hypothesis": f"hypothesis {i}", "label": label, "source": source}


def test_supplement_follows_the_policy(tmp_path):
    main = [_row(i, "lingnli/train") for i in range(200)] + [_row(1000, "mnli/dev_mismatched")]
    main.append(_row(2000, "sick/train"))  # also appears in the supplement's held-out ANLI test below
    extra = [_row(3000 + i, "mnli/train_nyu_hw2_subset") for i in range(100)]
    extra += [_row(2000, "anli_r1/test"), _row(1000, "healthver/train"), _row(5, "healthver/train"),
              _row(3000, "mnli/train_nyu_hw2_subset"), _row(4000, "climate_fever/test")]
    _write(tmp_path / "nli-data" / "nli_pairs.jsonl.gz", main)
    _write(tmp_path / "nli-data" / "extra_pairs.jsonl.gz", extra)
    (tmp_path / "eval").mkdir()

    _, val_before, _, _ = split_pool(tmp_path)
    split = split_with_extra(tmp_path)
    assert split.val == val_before  # the main validation slice does not move
    assert {"anli_r1/test", "climate_fever/test"} <= set(split.held_out)
    train_texts = {p.premise for p in split.train + split.extra_train}
    assert "premise 2000" not in train_texts  # main pair found in a supplement held-out set: dropped
    assert "premise 1000" not in train_texts and "premise 4000" not in train_texts  # held-out rows never train
    assert split.counts["main_dropped_as_extra_held_out_duplicates"] == 1
    assert split.counts["extra_dropped_held_out"] == 1 and split.counts["extra_dropped_duplicate"] == 1
    assert split.counts["extra_dropped_main_train"] + split.counts["extra_dropped_main_val"] == 1  # premise 5
    assert len(split.extra_val) == 3
    assert not {p.premise for p in split.extra_val} & {p.premise for p in split.extra_train}
    assert split_with_extra(tmp_path).extra_val == split.extra_val  # fixed seed


def test_the_shared_data_is_found_beside_the_checkout():
    from pathlib import Path

    from contradict.nli.data import default_data_dir

    assert default_data_dir() == Path(__file__).resolve().parents[1].parent / "shared"
