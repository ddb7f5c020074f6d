"""The shipped NLI model: loads offline from models/, gives probabilities, is grossly sane.

These check plumbing and gross sanity, never a benchmark figure (scripts/eval_nli.py reports those).
"""

import json

import numpy as np
import pytest

from contradict.judges.nli import NLIJudge
from contradict.nli_model import (
    DEFAULT_MODEL_DIR,
    THRESHOLDS_FILE,
    ModelNotCalibratedError,
    ModelNotFoundError,
    NLIModel,
    resolve_precision,
)
from contradict.schema import CandidatePair, Sentence


SHIPPED = sorted(p for p in DEFAULT_MODEL_DIR.parent.iterdir() if (p / "config.json").exists())


@pytest.fixture(scope="module", params=[(d, precision) for d in SHIPPED for precision in ("fp32", "int8", "bf16")],
                ids=lambda param: f"{param[0].name}-{param[1]}")
def model(request):
    # bf16 runs everywhere (emulated where the CPU lacks it), so all three paths are tested on any CI box
    model_dir, precision = request.param
    return NLIModel.load(model_dir, precision=precision)


def test_default_model_is_shipped():
    assert DEFAULT_MODEL_DIR in SHIPPED


@pytest.mark.parametrize("model_dir", SHIPPED, ids=lambda d: d.name)
def test_model_files_are_shipped(model_dir):
    config = json.loads((model_dir / "config.json").read_text())
    assert {v.lower() for v in config["id2label"].values()} == {"contradiction", "entailment", "neutral"}
    assert (model_dir / "model.safetensors").exists()
    assert (model_dir / "MODEL_CARD.md").exists()
    threshold = json.loads((model_dir / THRESHOLDS_FILE).read_text())
    assert 0.5 <= threshold["contradiction"] < 1 and threshold["data"]


def test_probabilities_sum_to_one(model):
    probs = model.predict_proba([("A man is playing a guitar.", "A person plays music."),
                                 ("The council met on Monday.", "It rained in the valley.")])
    assert probs.shape == (2, 3)
    assert np.allclose(probs.sum(1), 1.0, atol=1e-4) and (probs >= 0).all()


def test_negation_is_a_contradiction(model):
    probs = model.predict_proba([("The strikes were approved.", "The strikes were not approved.")])
    assert model.labels[int(probs[0].argmax())] == "contradiction"


def test_batching_and_order_do_not_change_scores(model):
    # A pair's scores never depend on the pairs beside it (a re-scan scores only new pairs, a vet only the
    # draft's): int8 and fp32 score one pair a call, bf16 batches only pairs of one length in tokens (exact
    # where the CPU does bf16 in hardware, the only place "auto" picks it; emulated bf16 is not checked for it).
    from contradict.nli_model import fast_bf16_available

    tolerance = 0.02 if model.precision == "bf16" and not fast_bf16_available() else 0.0
    pairs = [("The strikes were approved.", "The strikes were not approved."),
             ("Officials said at least four boats were hit in September.", "Boats were hit."),
             ("A dog runs.", "An animal is running outside in the park on a sunny day."),
             ("Venezuela serves as a significant transit point for the drug.",
              "More broadly, consultants level out that Venezuela performs a minimal position within the "
              "area's drug commerce.")]
    together = model.predict_proba(pairs, batch_size=4)
    one_by_one = np.vstack([model.predict_proba([p], batch_size=1) for p in pairs])
    reordered = model.predict_proba(pairs[::-1] + pairs[:1], batch_size=5)[:4][::-1]
    assert np.allclose(together, one_by_one, atol=tolerance)
    assert np.allclose(reordered, one_by_one, atol=tolerance)


def test_judge_scores_both_directions(model):
    s = lambda t: Sentence(article_id="x", index=0, start=0, end=len(t), text=t)  # noqa: E731
    pair = CandidatePair(left=s("The strikes were approved."), right=s("The strikes were not approved."),
                         similarity=0.9)
    (verdict,) = NLIJudge(model, threshold=0.5).judge([pair])
    assert set(verdict.nli) == {"left->right", "right->left"}
    expected = max(verdict.nli["left->right"]["contradiction"], verdict.nli["right->left"]["contradiction"])
    assert verdict.confidence == pytest.approx(expected, abs=1e-4) and verdict.conflict


def test_precision_auto_picks_a_fast_path_and_unknown_is_refused():
    assert resolve_precision("auto") in {"bf16", "int8"}
    assert resolve_precision("fp32") == "fp32"
    with pytest.raises(ValueError, match="precision must be one of"):
        resolve_precision("fp8")


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no NLI model here"):
        NLIModel.load(tmp_path)


def test_judge_takes_the_models_own_threshold(model):
    assert NLIJudge(model).threshold == model.contradiction_threshold is not None


def test_uncalibrated_model_is_refused_by_the_judge_and_reported_by_the_pipeline(tmp_path):
    from contradict.pipeline import Judges

    from .conftest import HashEmbedder

    for f in DEFAULT_MODEL_DIR.iterdir():
        if f.name != THRESHOLDS_FILE:
            (tmp_path / f.name).symlink_to(f)
    model = NLIModel.load(tmp_path, precision="fp32")
    assert model.contradiction_threshold is None
    with pytest.raises(ModelNotCalibratedError, match="calibrate_news.py"):
        NLIJudge(model)
    judges = Judges(HashEmbedder(), nli_model=tmp_path, precision="fp32")
    assert "nli" not in judges.names and "thresholds.json" in judges.missing["nli"]


def test_each_arithmetic_reads_its_own_threshold(tmp_path):
    from contradict.nli_model import read_threshold

    (tmp_path / THRESHOLDS_FILE).write_text('{"arithmetic": "bf16", "contradiction": 0.93}')
    assert read_threshold(tmp_path, "bf16") == 0.93 and read_threshold(tmp_path, "int8") is None
    (tmp_path / THRESHOLDS_FILE).write_text('{"arithmetic": "bf16", "contradiction": 0.93, '
                                            '"by_arithmetic": {"int8": 0.95, "fp32": 0.96}}')
    assert (read_threshold(tmp_path, "int8"), read_threshold(tmp_path, "fp32")) == (0.95, 0.96)
    assert read_threshold(tmp_path, "bf16") == 0.96  # fp32's: the validation-slice 0.93 was not set on news


def test_the_shipped_model_loads_as_a_sentence_transformers_cross_encoder():
    """A user can read the model with the standard class; it scores as ours does in fp32."""
    import torch
    from sentence_transformers import CrossEncoder

    pairs = [("Trump has approved the strikes.", "Trump has not yet approved the strikes."),
             ("A man is eating.", "A man eats food.")]
    standard = CrossEncoder(str(DEFAULT_MODEL_DIR), local_files_only=True, model_kwargs={"dtype": torch.float32})
    assert standard.model.config.id2label == {0: "contradiction", 1: "entailment", 2: "neutral"}
    ours = NLIModel.load(DEFAULT_MODEL_DIR, precision="fp32").predict_proba(pairs)
    assert np.allclose(standard.predict(pairs, apply_softmax=True), ours, atol=1e-3)


def test_bf16_batches_hold_pairs_of_one_length_and_score_them_as_alone():
    from contradict.nli_model import pair_batches

    lengths = [12, 30, 12, 30, 12, 7]
    pairs = [("a", "b")] * len(lengths)
    batches = pair_batches(pairs, 2, "bf16", lengths)
    assert all(len({lengths[i] for i in batch}) == 1 for batch in batches) and max(map(len, batches)) == 2
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert all(len(batch) == 1 for precision in ("int8", "fp32") for batch in pair_batches(pairs, 4, precision))
    assert all(len(batch) == 1 for batch in pair_batches(pairs, 4, "bf16"))  # lengths unknown: one at a time
