import atexit
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Model traces (contradict.runtime) go to a cache of this test session, never the user's: the session makes
# them from transformers, checks them, and later tests and their subprocesses load them
_CACHE = tempfile.mkdtemp(prefix="contradict-tests-")
os.environ["CONTRADICT_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


class HashEmbedder:
    """A deterministic bag-of-words embedder for fast unit tests: shared words -> similar vectors."""

    name = "hash-bow"
    dimension = 256

    def __init__(self):
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts, progress=False):
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[i, h % self.dimension] += 1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out


@pytest.fixture
def hash_embedder():
    return HashEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from contradict.embed import Embedder

    return Embedder()
