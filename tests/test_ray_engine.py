"""The Ray engine (``scan --engine ray``) finds what the local engine finds, byte for byte, on a local Ray
instance: the seeds with a few written articles, an unreadable file skipped with its reason."""

import shutil
import sys

import pytest

from contradict.pipeline import Finder
from tests.conftest import SEEDS

# Ray Data reads deprecated settings of its own context when it runs: not this project's to mend
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_the_plain_install_needs_no_ray():
    """``import contradict`` and its command line load no Ray: Ray is the engine's own optional extra."""
    import subprocess

    code = ("import sys, contradict, contradict.pipeline, contradict.cli, contradict.ray_engine; "
            "print([m for m in sys.modules if m == 'ray' or m.startswith('ray.')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_missing_ray_is_said_plainly(monkeypatch):
    """Without Ray the engine fails at once, saying which extra to install (no ray needed for this test)."""
    from contradict.ray_engine import EngineError

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(EngineError, match=r"install the ray extra: pip install -e \.\[ray\]"):
        Finder(engine="ray")


def test_engine_arguments_are_checked():
    with pytest.raises(ValueError, match="engine must be one of"):
        Finder(engine="spark")
    with pytest.raises(ValueError, match="settings of the Ray engine"):
        Finder(ray_cpus=2)


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module (the engine uses it rather than starting its own)."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root / "seeds")
    extra = root / "more"
    extra.mkdir()
    (extra / "quake-a.txt").write_text(
        "An earthquake of magnitude 6.2 struck central Italy on Wednesday, killing at least 120 people.\n\n"
        "Rescuers said at least 368 people were injured and thousands were left homeless.\n\n"
        "The government declared a state of emergency in the four worst-hit regions.\n", encoding="utf-8")
    (extra / "quake-b.md").write_text(
        "# Quake in Italy\n\nA magnitude 6.2 earthquake hit central Italy on Wednesday, killing at least 159 "
        "people.\n\nOfficials said 368 people were injured, and the government declared a state of emergency "
        "in the four regions.\n\nRescue teams searched the rubble through the night.\n", encoding="utf-8")
    (extra / "broken.txt").write_bytes(b"\x00\x01\x02binary, not an article\x00")
    (extra / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def local_scan(corpus, tmp_path_factory, real_embedder):
    out = tmp_path_factory.mktemp("local") / "flagged.jsonl"
    findings, report = Finder(real_embedder).scan([corpus], out)
    return out, findings, report


def test_same_findings_as_the_local_engine(local_ray, corpus, local_scan, tmp_path):
    local_out, local_findings, local_report = local_scan
    out = tmp_path / "flagged.jsonl"
    finder = Finder(engine="ray")
    findings, report = finder.scan([corpus], out)
    finder.close()
    assert local_ray.is_initialized()  # the module's instance: the finder did not start one, nor shut it down
    assert local_findings, "the corpus must give findings for the comparison to mean something"
    assert out.read_bytes() == local_out.read_bytes()
    claims = "flagged.claims.jsonl"
    assert out.with_name(claims).read_bytes() == local_out.with_name(claims).read_bytes()
    assert [(s.path, s.reason) for s in report.skipped] == [(s.path, s.reason) for s in local_report.skipped]
    assert {s.reason for s in report.skipped} >= {"empty file", "binary file (contains NUL bytes), not text"}
    assert report.warnings == local_report.warnings
    assert (report.articles, report.claims, report.candidate_pairs) == \
        (local_report.articles, local_report.claims, local_report.candidate_pairs)
    assert report.nli_precision == local_report.nli_precision and report.judges_run == local_report.judges_run
    assert report.worker_cpu_seconds["embed"] > 0  # the model calls ran on the workers


def test_cli_with_a_kept_index(local_ray, corpus, local_scan, tmp_path, capsys):
    """``scan --engine ray --index DIR`` twice: the same findings as the local engine, and the second scan
    embeds and judges nothing again (the index and verdicts are the local engine's kind)."""
    from contradict.cli import main

    local_out = local_scan[0]
    args = ["scan", str(corpus), "--engine", "ray", "--index", str(tmp_path / "idx"), "--quiet"]
    assert main([*args, "-o", str(tmp_path / "a.jsonl")]) == 3  # findings, and skipped files
    assert (tmp_path / "a.jsonl").read_bytes() == local_out.read_bytes()
    assert main([*args, "-o", str(tmp_path / "b.jsonl")]) == 3
    assert (tmp_path / "b.jsonl").read_bytes() == local_out.read_bytes()
    out = capsys.readouterr().out
    assert "skipped" in out and "broken.txt" in out
    assert "reused from the saved index: 7 of 7 articles' claims" in out


def test_ray_options_need_the_ray_engine(corpus, tmp_path, capsys):
    from contradict.cli import main

    assert main(["scan", str(corpus), "-o", str(tmp_path / "x.jsonl"), "--ray-cpus", "2"]) == 2
    assert "go with --engine ray" in capsys.readouterr().err


def test_workers_running_other_code_are_refused(local_ray, corpus, tmp_path, monkeypatch):
    """On a Ray the caller started, workers that import another version of contradict would find otherwise:
    the engine refuses before any work."""
    import contradict.verdict_cache
    from contradict.ray_engine import EngineError

    monkeypatch.setattr(contradict.verdict_cache, "_code_digest", lambda: "another version")
    finder = Finder(engine="ray")
    with pytest.raises(EngineError, match="another version of contradict"):
        finder.scan([corpus], tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()


def test_an_address_where_nothing_listens_fails_at_once():
    """Ray itself retries a wrong address for minutes; the engine says so at once."""
    import socket

    from contradict.ray_engine import EngineError, _check_reachable

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EngineError, match=f"no Ray cluster answers at 127.0.0.1:{port}"):
        _check_reachable(f"127.0.0.1:{port}")
    _check_reachable("auto")  # left to Ray
