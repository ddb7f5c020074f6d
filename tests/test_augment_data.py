import random

from contradict.nli.augment import _antonym_pairs, negation, number_rewrite, number_swap
from contradict.nli.data import is_trainable
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


# --- news-framing kinds -------------------------------------------------------------------------------

from contradict.nli.augment import (  # noqa: E402
    attribution_frame, augment_news, dateline, first_sentence, named_entities, same_story_pairs, trailing_clause,
    wrap_pair)
from contradict.nli.data import NLIPair  # noqa: E402


def test_attribution_frame_keeps_the_claim():
    text = "The council approved three new strikes."
    outs = {attribution_frame(text, random.Random(seed)) for seed in range(20)}
    assert all(o and o.endswith("the council approved three new strikes.") for o in outs)
    assert any(o.startswith("According to ") for o in outs) and any(" told reporters that " in o for o in outs)
    # a name at the start keeps its capital; first-person text and existing attributions are left alone
    assert attribution_frame("Smith won the vote.", random.Random(0)).endswith("Smith won the vote.")
    assert attribution_frame("We lost the vote.", random.Random(0)) is None
    assert attribution_frame("The vote was lost, officials said.", random.Random(0)) is None
    assert attribution_frame("Did the council vote?", random.Random(0)) is None


def test_trailing_clause_and_dateline():
    out = trailing_clause("The bridge reopened to traffic.", random.Random(3))
    assert out.startswith("The bridge reopened to traffic, ") and " said" in out and out.endswith(".")
    out = dateline("The bridge reopened to traffic.", random.Random(3))
    assert out.endswith(" — The bridge reopened to traffic.") and out.split(" — ")[0].isupper()
    assert dateline("GENEVA — Talks resumed.", random.Random(3)) is None  # already has one


def test_wrap_pair_keeps_label_and_content():
    pair = NLIPair(premise="The council approved three new strikes.", hypothesis="No strikes were approved.",
                   label="contradiction", source="x/train")
    for seed in range(10):
        new = wrap_pair(pair, random.Random(seed))
        assert new.label == "contradiction" and new.source == "augment/wrapper"
        assert "pproved three new strikes" in new.premise and "trikes were approved" in new.hypothesis
        assert (new.premise, new.hypothesis) != (pair.premise, pair.hypothesis)


def test_named_entities_skip_sentence_initial_common_words():
    found = named_entities("The mayor of New York met John Smith. Then Smith left for Brussels.")
    assert {"New York", "John Smith", "Brussels"} <= found
    assert not found & {"The", "Then", "Mayor"}


def test_same_story_pairs_share_an_entity_and_are_neutral():
    premises = ["Maria Lopez opened a bakery on Main Street in 2010.",
                "Critics praised the new opera, and Maria Lopez sang the lead role.",
                "The river flooded twice during the spring.",
                "Maria Lopez opened a bakery on Main Street in 2010 and sold bread."]
    out = same_story_pairs(premises, 5, random.Random(0))
    assert out and all(p.label == "neutral" and p.source == "augment/same_story" for p in out)
    for p in out:
        assert any(name in p.premise and name in p.hypothesis for name in named_entities(p.premise))
        # near-copies (high word overlap) are never paired: they could entail each other
        assert {p.premise, p.hypothesis} != {premises[0], premises[3]}
    assert first_sentence("One fact. Another fact.") == "One fact."


def test_augment_news_budget_and_determinism():
    pairs = [NLIPair(premise=f"The council in Springfield approved plan {i} on Monday.",
                     hypothesis=f"Plan {i} was approved.", label="entailment", source="mnli/train_x")
             for i in range(30)]
    a = augment_news(pairs, {"wrapper": 10, "same_story": 0}, seed=5)
    b = augment_news(pairs, {"wrapper": 10, "same_story": 0}, seed=5)
    assert a == b and len(a) == 10 and all(p.label == "entailment" for p in a)
