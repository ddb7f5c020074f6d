"""Models run as cached TorchScript traces (contradict.runtime): the same numbers as transformers, bit for bit,
the same tokens, a cache that heals and never serves a trace of another model, and no transformers import."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from contradict import runtime
from contradict.embed import Embedder, base_encoder_path
from contradict.nli_model import DEFAULT_MODEL_DIR, NLIModel
from contradict.runtime import EagerRunner, Tokenizer, TracedRunner

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "At least three boats have been struck in the Caribbean since September, the Pentagon said.",
    "Venezuela is not a major producer but serves as a significant transit point for the drug.",
    "“It was chaos,” said María-José Peña, 34, whose café on Rua São Bento was destroyed.",
    "The toll rose to 1,250 (up from 980) as of 6 p.m. local time — officials warned it could rise further.",
    "U.S. officials said the strike on Tuesday killed 11 people; Caracas called it an 'execution'.",
    "Rescuers pulled a girl from the rubble.",
    "x",
    "Beirut's port silos, built in the 1960s, absorbed part of the 2,750-tonne ammonium-nitrate blast.",
    " ".join(["The death toll climbed again on Thursday as crews searched the collapsed buildings."] * 25),
]
PAIRS = [(a, b) for a in SENTENCES for b in SENTENCES[::-2]]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRADICT_CACHE", str(tmp_path))
    monkeypatch.delenv("CONTRADICT_TRACES", raising=False)
    return tmp_path / "traces"


def _eager_nli(precision: str, monkeypatch) -> NLIModel:
    with monkeypatch.context() as m:
        m.setenv("CONTRADICT_TRACES", "0")
        model = NLIModel.load(DEFAULT_MODEL_DIR, precision=precision)
    assert isinstance(model.runner, EagerRunner)
    return model


@pytest.mark.parametrize("model_dir,pairs", [(base_encoder_path(), False), (DEFAULT_MODEL_DIR, True)],
                         ids=["encoder", "nli"])
def test_tokenizer_gives_transformers_tokens(model_dir, pairs):
    from transformers import AutoTokenizer

    theirs = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    for limit in (128, 16):  # 16: truncation of most texts, and of both sides of a pair
        ours = Tokenizer(model_dir, limit, theirs.model_input_names)
        first = [a for a, _ in PAIRS] if pairs else SENTENCES
        second = [b for _, b in PAIRS] if pairs else None
        expected = theirs(first, second, padding=True, truncation=True, max_length=limit, return_tensors="pt")
        got = ours.batch(first, second)
        assert list(got) == list(theirs.model_input_names)
        for name in got:
            assert torch.equal(got[name], expected[name]), (limit, name)
        lengths = [len(ids) for ids in theirs(first, second, truncation=True, max_length=limit)["input_ids"]]
        assert ours.lengths(first, second) == lengths
        assert max(lengths) == limit and min(lengths) < limit


@pytest.mark.parametrize("precision", ["int8", "bf16"])
def test_traced_nli_model_scores_as_transformers_and_is_reused(cache, monkeypatch, precision):
    eager = _eager_nli(precision, monkeypatch)
    traced = NLIModel.load(DEFAULT_MODEL_DIR, precision=precision)
    assert isinstance(traced.runner, TracedRunner)
    assert [f.name.split("-")[:2] for f in cache.iterdir()] == [["nli", precision]]
    expected = eager.predict_proba(PAIRS)
    assert np.array_equal(traced.predict_proba(PAIRS), expected)
    assert traced.batches(PAIRS) == eager.batches(PAIRS)

    def no_tracing(*args, **kwargs):
        raise AssertionError("traced again: the cached trace was not used")

    monkeypatch.setattr(runtime, "make_trace", no_tracing)
    again = NLIModel.load(DEFAULT_MODEL_DIR, precision=precision)
    assert isinstance(again.runner, TracedRunner)
    assert np.array_equal(again.predict_proba(PAIRS), expected)


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_traced_encoder_gives_transformers_vectors(cache, monkeypatch, precision):
    with monkeypatch.context() as m:
        m.setenv("CONTRADICT_TRACES", "0")
        eager = Embedder(precision=precision)
        assert isinstance(eager.model.runner, EagerRunner)
    traced = Embedder(precision=precision)
    assert isinstance(traced.model.runner, TracedRunner)
    for one_length in (True, False):  # batches of one length (scans) and padded ones (drafts)
        assert np.array_equal(traced.encode(SENTENCES, one_length=one_length, batch_size=4),
                              eager.encode(SENTENCES, one_length=one_length, batch_size=4))
    assert traced.token_lengths(SENTENCES) == eager.token_lengths(SENTENCES)
    assert Embedder().token_lengths(SENTENCES) == eager.token_lengths(SENTENCES)  # tokenizer alone, model unloaded
    assert [f.name.split("-")[:2] for f in cache.iterdir()] == [["encoder", precision]]


def test_damaged_trace_is_made_again(cache, monkeypatch, caplog):
    expected = _eager_nli("int8", monkeypatch).predict_proba(PAIRS[:5])
    NLIModel.load(DEFAULT_MODEL_DIR, precision="int8")
    (trace,) = cache.iterdir()
    trace.write_bytes(trace.read_bytes()[: trace.stat().st_size // 2])  # a write cut short
    model = NLIModel.load(DEFAULT_MODEL_DIR, precision="int8")
    assert "unreadable" in caplog.text
    assert isinstance(model.runner, TracedRunner) and np.array_equal(model.predict_proba(PAIRS[:5]), expected)
    assert isinstance(NLIModel.load(DEFAULT_MODEL_DIR, precision="int8").runner, TracedRunner)  # whole again


def test_a_changed_model_never_meets_the_old_trace(tmp_path):
    model = tmp_path / "nli"
    shutil.copytree(DEFAULT_MODEL_DIR, model)
    before = runtime.trace_key(model, "nli", "int8", 128)
    assert runtime.trace_key(model, "nli", "bf16", 128) != before
    assert runtime.trace_key(model, "nli", "int8", 64) != before
    config = json.loads((model / "config.json").read_text())
    config["id2label"] = {"0": "contradiction", "1": "neutral", "2": "entailment"}
    (model / "config.json").write_text(json.dumps(config))
    assert runtime.trace_key(model, "nli", "int8", 128) != before
    (model / "MODEL_CARD.md").write_text("edited")  # not part of the model
    (model / "config.json").write_bytes((DEFAULT_MODEL_DIR / "config.json").read_bytes())
    assert runtime.trace_key(model, "nli", "int8", 128) == before


def test_a_trace_that_differs_by_one_bit_or_one_token_is_not_used(cache, monkeypatch):
    real_trace = torch.jit.trace

    def off_by_a_bit(module, example, **kwargs):
        traced = real_trace(module, example, **kwargs)

        class Shifted(torch.nn.Module):
            def forward(self, *inputs):
                out = traced(*inputs)
                return torch.nextafter(out, out + 1)

        return Shifted()

    monkeypatch.setattr(torch.jit, "trace", off_by_a_bit)
    assert isinstance(NLIModel.load(DEFAULT_MODEL_DIR, precision="int8").runner, EagerRunner)
    monkeypatch.setattr(torch.jit, "trace", real_trace)
    real_batch = Tokenizer.batch

    def one_token_off(self, texts, second=None):
        batch = real_batch(self, texts, second)
        batch["input_ids"][0, 1] += 1
        return batch

    monkeypatch.setattr(Tokenizer, "batch", one_token_off)
    assert isinstance(NLIModel.load(DEFAULT_MODEL_DIR, precision="int8").runner, EagerRunner)
    assert not cache.exists() or not any(cache.iterdir())


def test_the_cache_keeps_the_traces_used_most_recently_within_its_budget(tmp_path):
    last_used = {"older": 10, "old": 20, "recent": 30, "new": 40}
    for name, when in last_used.items():
        (tmp_path / f"{name}.pt").write_bytes(b"x" * 300)
        os.utime(tmp_path / f"{name}.pt", (0, when))
    (tmp_path / "notes.txt").write_text("not a trace")
    removed = runtime.prune_traces(tmp_path, keep=tmp_path / "new.pt", budget_bytes=700)
    assert sorted(p.name for p in removed) == ["old.pt", "older.pt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.pt", "notes.txt", "recent.pt"]
    assert runtime.prune_traces(tmp_path, keep=tmp_path / "new.pt", budget_bytes=1) == [tmp_path / "recent.pt"]
    assert (tmp_path / "new.pt").exists()  # the trace just written stays, whatever the budget


def test_loading_a_trace_marks_it_used(cache):
    NLIModel.load(DEFAULT_MODEL_DIR, precision="int8")
    (trace,) = cache.iterdir()
    os.utime(trace, (0, 0))
    NLIModel.load(DEFAULT_MODEL_DIR, precision="int8")
    assert trace.stat().st_mtime > 0


def test_traces_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("CONTRADICT_TRACES", "0")
    assert isinstance(NLIModel.load(DEFAULT_MODEL_DIR, precision="int8").runner, EagerRunner)
    assert not cache.exists()


def test_a_process_on_cached_traces_never_imports_transformers(cache):
    code = ("import sys\n"
            "from contradict.embed import Embedder\n"
            "from contradict.nli_model import NLIModel\n"
            "v = Embedder().encode(['Three boats were struck.', 'Four boats were struck.'])\n"
            "p = NLIModel.load(precision='int8').predict_proba([('Three boats were struck.', 'No boat was hit.')])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'transformers', 'sentence_transformers'}))\n")
    env = {**os.environ, "CONTRADICT_CACHE": str(cache.parent), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "transformers" in first.stdout  # the first process traces from transformers
    second = subprocess.run(run, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "[]"
    assert "deprecated" not in second.stderr  # torch's int8 notice on loading a trace is held back
