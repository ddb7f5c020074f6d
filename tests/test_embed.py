"""The shipped encoder without sentence-transformers: the same vectors, bit for bit, and a lighter import."""

import json
import shutil
import subprocess
import sys

import numpy as np

from contradict.embed import Embedder, MeanPoolingEncoder, base_encoder_path

TEXTS = [
    "The navy said at least three boats had been struck since September.",
    "  Officials said four strikes had hit vessels in the Caribbean.  ",  # stripped, as the library does
    "Venezuela plays a minimal role in the region's drug trade, analysts said.",
    "Rescuers pulled a girl from the rubble of the school.",
    "Short.",
    " ".join(["The toll rose again on Thursday as more bodies were found in the collapsed buildings."] * 30),
]


def test_vectors_equal_those_of_sentence_transformers():
    from sentence_transformers import SentenceTransformer

    library = SentenceTransformer(str(base_encoder_path()), device="cpu", local_files_only=True)
    embedder = Embedder()
    assert isinstance(embedder.model, MeanPoolingEncoder)
    for size in (1, 2, 64):  # every batch pads differently: the vectors must agree batch for batch
        ours = embedder.encode(TEXTS, batch_size=size)
        for positions in embedder.batches(TEXTS, size):
            batch = [TEXTS[i] for i in positions]
            theirs = library.encode(batch, batch_size=len(batch), normalize_embeddings=True, convert_to_numpy=True,
                                    show_progress_bar=False)
            assert np.array_equal(ours[positions], theirs), size
    assert embedder.dimension == 384


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

