from contradict.judges.quantity import QuantityJudge, relation
from contradict.quantities import find_quantities
from contradict.schema import CandidatePair, Sentence


def pair(a, b):
    return CandidatePair(left=Sentence(article_id="a", index=0, start=0, end=len(a), text=a),
                         right=Sentence(article_id="b", index=0, start=0, end=len(b), text=b), similarity=0.8)


def q(text):
    return find_quantities(text)[0]


def test_relation_rules():
    assert relation(q("at least three boats"), q("at least four boats")) == "different_bounds"
    assert relation(q("11 people"), q("at least 17 people")) == "incompatible"
    assert relation(q("more than 4,000 personnel"), q("4,000 sailors")) is None  # equal figures agree
    assert relation(q("$50 million"), q("$50 million")) is None
    assert relation(q("about 100 boats"), q("105 boats")) is None
    assert relation(q("at least 10 boats"), q("12 boats")) is None


def test_flags_same_noun_count_clash(hash_embedder):
    (verdict,) = QuantityJudge(hash_embedder).judge([pair("Police said 11 people were killed in the blast.",
                                                          "At least 17 people were killed in the blast.")])
    assert verdict.conflict and verdict.quantities[0].relation == "incompatible"


def test_quiet_on_compatible_figures(hash_embedder):
    judge = QuantityJudge(hash_embedder)
    verdicts = judge.judge([
        pair("The US deployed more than 4,000 personnel to the region.",
             "Some 4,000 sailors and Marines are positioned near the coast."),
        pair("The reward for his arrest is $50 million.", "A $50 million bounty was announced."),
    ])
    assert all(v is not None and not v.conflict for v in verdicts)


def test_equal_figures_pair_first_so_other_counts_do_not_cross(hash_embedder):
    # "eight ships" must not be compared with "4,000 sailors": the 4,000s pair up first.
    (verdict,) = QuantityJudge(hash_embedder).judge([pair(
        "The navy deployed at least eight ships with more than 4,000 personnel.",
        "More than 4,000 sailors and ships are positioned nearby.")])
    assert not verdict.conflict


def test_different_things_are_not_compared(hash_embedder):
    (verdict,) = QuantityJudge(hash_embedder).judge([pair("Rebels seized three towns overnight.",
                                                          "Doctors treated 40 patients at the clinic.")])
    assert verdict is None or not verdict.conflict


def test_no_quantities_no_verdict(hash_embedder):
    assert QuantityJudge(hash_embedder).judge([pair("The plan was approved.", "The plan was rejected.")]) == [None]


def test_contexts_are_encoded_once_per_judge_and_verdicts_stay_the_same():
    from contradict.judges.quantity import QuantityJudge
    from tests.conftest import HashEmbedder
    from tests.test_judges import make_pair

    embedder = HashEmbedder()
    judge = QuantityJudge(embedder)
    pair, _ = make_pair("At least 12 people died in the flood.", "The flood killed 15 people.")
    first = judge.judge([pair])
    encoded = embedder.texts_encoded
    assert encoded > 0 and judge.judge([pair]) == first and embedder.texts_encoded == encoded  # vetting again
