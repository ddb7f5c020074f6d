import random

from contradict.augment import _antonym_pairs, negation, number_rewrite, number_swap
from contradict.nli_data import is_trainable
from contradict.quantities import find_quantities


def test_split_policy():
    assert is_trainable("lingnli/train") and is_trainable("mnli/train_taxinli_subset")
    assert is_trainable("snli/dev") and is_trainable("mnli/dev_matched") and is_trainable("xnli_en/test")
    for held in ("mnli/dev_mismatched", "anli_r1/dev", "breaking_nli/test", "lingnli/val", "sick/test"):
        assert not is_trainable(held)


def test_number_swap_changes_the_figure_only():
    rng = random.Random(0)
    for text in ["Police said at least 17 people were killed.", "Three boats were struck on Tuesday.",
                 "The reward is $50 million."]:
        new = number_swap(text, rng)
        assert new and new != text
        before, after = find_quantities(text)[0], find_quantities(new)[0]
        assert before.value != after.value and before.qualifier == after.qualifier


def test_number_rewrite_keeps_the_value():
    rng = random.Random(0)
    for text in ["Officials counted 4 boats.", "Officials counted more than 4,000 troops."]:
        new = number_rewrite(text, rng)
        assert new and new != text
        assert find_quantities(new)[0].value == find_quantities(text)[0].value


def test_negation_inserts_or_removes_not():
    rng = random.Random(1)
    outs = {negation("The strikes were approved by the council.", rng) for _ in range(5)}
    assert "The strikes were not approved by the council." in outs
    removed = {negation("The plan is not legal.", random.Random(seed)) for seed in range(8)}
    assert "The plan is legal." in removed
    assert negation("Could you say more?", rng) is None


def test_wordnet_antonym_parser(tmp_path):
    # Two adjective synsets pointing at each other with "!" (wndb format).
    data = tmp_path / "data.adj"
    data.write_text(
        "  1 license header line\n"
        "00001 00 a 01 legal 0 001 ! 00002 a 0101 | allowed by law\n"
        "00002 00 a 01 illegal 0 001 ! 00001 a 0101 | prohibited by law\n")
    assert _antonym_pairs(data) == {"legal": "illegal", "illegal": "legal"}
