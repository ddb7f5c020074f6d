"""The shipped encoder without sentence-transformers: the same vectors, bit for bit, and a lighter import."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from contradict.embed import Embedder, MeanPoolingEncoder, base_encoder_path

TEXTS = [
    "The navy said at least three boats had been struck since September.",
    "  Officials said four strikes had hit vessels in the Caribbean.  ",  # stripped, as the library does
    "Venezuela plays a minimal role in the region's drug trade, analysts said.",
    "Rescuers pulled a girl from the rubble of the school.",
    "Short.",
    " ".join(["The toll rose again on Thursday as more bodies were found in the collapsed buildings."] * 30),
]


def test_vectors_equal_those_of_sentence_transformers_each_text_alone():
    from sentence_transformers import SentenceTransformer

    library = SentenceTransformer(str(base_encoder_path()), device="cpu", local_files_only=True)
    alone = np.concatenate([library.encode([text], normalize_embeddings=True, convert_to_numpy=True,
                                           show_progress_bar=False) for text in TEXTS])
    embedder = Embedder()
    assert isinstance(embedder.model, MeanPoolingEncoder)
    for size in (1, 2, 64):
        assert np.array_equal(embedder.encode(TEXTS, batch_size=size), alone), size
    assert embedder.dimension == 384


def test_a_text_s_vector_does_not_depend_on_what_it_is_batched_with():
    # texts of one token length share a batch, unpadded; padding a batch would move the last bits of most rows
    texts = [f"Officials said {n} people had died in the {place} by the evening."
             for n in (12, 40, 7, 300) for place in ("capital", "north", "port city", "old town of Arbil")]
    embedder = Embedder()
    together = embedder.encode(texts)
    for i in (0, 5, 15):
        assert np.array_equal(embedder.encode([texts[i]])[0], together[i])
        assert np.array_equal(embedder.encode(texts[i:] + TEXTS)[0], together[i])
    lengths = embedder.token_lengths(texts)
    assert len(set(lengths)) > 1 and max(map(len, embedder.batches(texts))) > 1  # mixed lengths, real batches


def test_other_model_shapes_go_through_sentence_transformers(tmp_path):
    model = tmp_path / "cls-pooled"
    shutil.copytree(base_encoder_path(), model)
    assert MeanPoolingEncoder.fits(model)
    config = json.loads((model / "1_Pooling/config.json").read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    (model / "1_Pooling/config.json").write_text(json.dumps(config))
    assert not MeanPoolingEncoder.fits(model)
    assert not MeanPoolingEncoder.fits(tmp_path / "missing")
    vectors = Embedder(model).encode(TEXTS[:2])  # still encodes, through the library
    assert vectors.shape == (2, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_encoding_does_not_import_sentence_transformers():
    code = ("import sys; from contradict.embed import Embedder; Embedder().encode(['One claim.']); "
            "print('sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"



def test_bf16_embedding_is_close_to_fp32_and_named_apart():
    fp32, bf16 = Embedder(), Embedder(precision="bf16")
    assert bf16.name == fp32.name + "+bf16" and bf16.dimension == fp32.dimension
    a, b = fp32.encode(TEXTS), bf16.encode(TEXTS)
    cosine = (a * b).sum(axis=1)
    assert cosine.min() > 0.9999 and not np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    # a text's vector does not depend on its batch in bf16 either (one-length batches)
    assert np.array_equal(bf16.encode([TEXTS[2]])[0], b[2])
    with pytest.raises(ValueError, match="embedding precision 'fp16'"):
        Embedder(precision="fp16")
