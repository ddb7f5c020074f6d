"""Faults a user meets: killed writers, two writers at once, damaged indexes, hostile inputs, bad outputs.

Every test here failed on the code before issue 8.  All offline and fast: the hash embedder, no NLI.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from contradict import cli
from contradict.index import CorpusIndex, IndexFormatError
from contradict.pipeline import index_articles
from contradict.ingest import ingest
from contradict.report import read_jsonl, write_jsonl
from contradict.schema import Article
from tests.conftest import ROOT, HashEmbedder

STORY = ("The council approved the budget on Monday after a long debate.\n\n"
         "Critics said the plan cuts school funding by at least four million dollars.")
OTHER = ("The council rejected the budget on Monday after a short debate.\n\n"
         "Critics said the plan cuts school funding by at least nine million dollars.")


class FastEmbedder(HashEmbedder):
    """The hash embedder standing in for the real one inside the CLI."""

    model = None

    def __init__(self, *args, **kwargs):
        super().__init__()


@pytest.fixture
def fast_cli(monkeypatch):
    monkeypatch.setattr("contradict.embed.Embedder", FastEmbedder)
    monkeypatch.setattr("contradict.pipeline.Embedder", FastEmbedder)
    return cli.main


def corpus(root: Path, n: int = 2, tag: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"story{i}.txt").write_text(f"{tag} " + (STORY if i % 2 == 0 else OTHER).replace("Monday", f"day {i}"))
    return root


def build(tmp_path, name="idx", n=3) -> Path:
    from contradict.pipeline import build_index

    index, _ = build_index([corpus(tmp_path / f"{name}-src", n)], HashEmbedder())
    return index.save(tmp_path / name)


def error_lines(capsys) -> list[str]:
    err = capsys.readouterr().err
    return [line for line in err.splitlines() if line.strip()]


# --- outputs: checked before the work, replaced only when complete --------------------------------------


@pytest.mark.parametrize("case", ["mistyped path", "nothing readable"])
def test_scan_that_reads_nothing_keeps_the_previous_output(tmp_path, fast_cli, capsys, case):
    out = tmp_path / "flagged.jsonl"
    out.write_text("previous findings\n")
    src = tmp_path / "corpus"
    if case == "nothing readable":
        src.mkdir()
        (src / "empty.txt").write_text("")
    assert fast_cli(["scan", str(src), "-o", str(out), "--no-nli", "--quiet"]) == 2
    assert out.read_text() == "previous findings\n"
    (line,) = error_lines(capsys)
    assert line.startswith("error: ") and ("nothing written" in line or "left as it was" in line)


@pytest.mark.parametrize("case", ["input file", "directory", "under /proc", "file of the corpus"])
def test_scan_refuses_a_bad_output_before_any_work(tmp_path, fast_cli, monkeypatch, capsys, case):
    src = corpus(tmp_path / "c")
    outs = {"input file": src / "story0.txt", "directory": src, "under /proc": Path("/proc/contradict.jsonl"),
            "file of the corpus": src / "notes.jsonl"}
    (src / "notes.jsonl").write_text(json.dumps({"text": STORY}) + "\n")
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    monkeypatch.setattr("contradict.pipeline.scan", lambda *a, **k: pytest.fail("work started"))
    assert fast_cli(["scan", str(src), "-o", str(outs[case]), "--no-nli", "--quiet"]) == 2
    (line,) = error_lines(capsys)
    assert line.startswith("error: ")
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before


def test_vet_refuses_to_overwrite_its_draft(tmp_path, fast_cli, capsys):
    from contradict.pipeline import build_index

    index, _ = build_index([corpus(tmp_path / "c")], FastEmbedder())
    index.save(tmp_path / "idx")
    draft = tmp_path / "draft.txt"
    draft.write_text(STORY)
    assert fast_cli(["vet", str(draft), "--index", str(tmp_path / "idx"), "-o", str(draft), "--no-nli"]) == 2
    assert draft.read_text() == STORY
    assert "one of the inputs" in capsys.readouterr().err


def test_written_files_follow_the_umask_or_keep_their_mode(tmp_path):
    old = os.umask(0o022)
    try:
        new = write_jsonl([], tmp_path / "new.jsonl")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.jsonl"
        kept.write_text("x\n")
        kept.chmod(0o640)
        write_jsonl([], kept)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_a_killed_writers_temporary_file_is_removed_by_the_next(tmp_path):
    out = tmp_path / "flagged.jsonl"
    code = textwrap.dedent(f"""
        import os, signal
        from contradict.report import write_jsonl
        def findings():
            os.kill(os.getpid(), signal.SIGKILL)
            yield None
        write_jsonl(findings(), {str(out)!r})
    """)
    out.write_text("previous\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != out.name]  # the killed writer's temporary file
    write_jsonl([], out)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_closed_pipe_exits_quietly(tmp_path):
    src = corpus(tmp_path / "c", 1)
    (src / "bad.txt").write_text("")
    code = textwrap.dedent(f"""
        import sys
        from tests.test_faults import FastEmbedder
        import contradict.embed, contradict.pipeline
        contradict.embed.Embedder = contradict.pipeline.Embedder = FastEmbedder
        from contradict.cli import main
        sys.exit(main(["index", {str(src)!r}, "-o", {str(tmp_path / "idx")!r}]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # like `| head` that has already gone
    err = proc.stderr.read().decode()
    assert proc.wait() == 3 and "Traceback" not in err and "BrokenPipe" not in err


# --- index directories: never replace what is not an index; crash-safe swap ------------------------------


def test_index_refuses_a_folder_of_documents_and_the_corpus_itself(tmp_path, fast_cli, capsys):
    src = corpus(tmp_path / "c")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "thesis.docx").write_text("years of work")
    for target in (docs, src, tmp_path):
        assert fast_cli(["index", str(src), "-o", str(target)]) == 2
        (line,) = error_lines(capsys)
        assert line.startswith("error: ")
    assert (docs / "thesis.docx").read_text() == "years of work"
    assert sorted(p.name for p in src.iterdir()) == ["story0.txt", "story1.txt"]
    with pytest.raises(ValueError, match="not an index directory"):
        index_articles([], HashEmbedder()).save(docs)
    assert (docs / "thesis.docx").exists()


def test_index_with_nothing_readable_exits_2_and_writes_nothing(tmp_path, fast_cli, capsys):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "empty.txt").write_text("")
    assert fast_cli(["index", str(tmp_path / "c"), "-o", str(tmp_path / "idx")]) == 2
    assert not (tmp_path / "idx").exists()


SAVE_AND_DIE = textwrap.dedent("""
    import os, shutil, signal, sys
    import contradict.index as m
    from contradict.pipeline import index_articles
    from contradict.schema import Article
    from tests.conftest import HashEmbedder
    target, kill_at = sys.argv[1], sys.argv[2]
    index = m.CorpusIndex.load(target)
    index_articles([Article(id=f"new{i}", outlet=f"o{i}", path="x", text=f"The vote number {i} passed on Monday.")
                    for i in range(4)], HashEmbedder(), into=index)
    def die_before(name, fn):
        def wrapped(*a, **k):
            if name == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*a, **k)
        return wrapped
    real_rename = os.rename
    renames = []
    def rename(a, b):
        renames.append(a)
        if kill_at == f"rename{len(renames)}":
            os.kill(os.getpid(), signal.SIGKILL)
        return real_rename(a, b)
    m.os.rename = rename
    m.fsync_file = die_before("write", m.fsync_file)
    m.shutil.rmtree = die_before("rmtree", shutil.rmtree)
    index.save(target)
""")


@pytest.mark.parametrize("moment", ["write", "rename1", "rename2", "rmtree"])
def test_a_writer_killed_mid_save_leaves_a_loadable_index(tmp_path, moment):
    target = build(tmp_path)
    old = CorpusIndex.load(target)
    proc = subprocess.run([sys.executable, "-c", SAVE_AND_DIE, str(target), moment], cwd=ROOT, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    loaded = CorpusIndex.load(target)  # restores or finishes what the killed save left
    assert set(old.articles) <= set(loaded.articles)
    assert len(loaded.articles) in (len(old.articles), len(old.articles) + 4)
    if moment in ("rename2", "rmtree"):
        assert len(loaded.articles) == len(old.articles) + (4 if moment == "rmtree" else 0)
    loaded.save(target)  # and the next save cleans up every leftover
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".idx")) == [".idx.lock"]


CONCURRENT_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from tests.conftest import HashEmbedder
    from contradict.cli import run_index
    class Slow(HashEmbedder):
        def encode(self, texts, progress=False):
            time.sleep(0.4)  # both runs overlap
            return super().encode(texts)
    code, summary = run_index([Path(sys.argv[1])], Path(sys.argv[2]), Slow(), max_bytes=1 << 20)
    print(summary)
    sys.exit(code)
""")


def test_two_concurrent_index_writers_lose_nothing(tmp_path):
    a = corpus(tmp_path / "a", 3, tag="Alpha.")
    b = corpus(tmp_path / "b", 3, tag="Beta.")
    target = tmp_path / "idx"
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(src), str(target)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for src in (a, b)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert len(CorpusIndex.load(target).articles) == 6


# --- damaged indexes: one line, exit 2 -------------------------------------------------------------------


def _edit_meta(key, value):
    def edit(d):
        meta = json.loads((d / "meta.json").read_text())
        meta[key] = value
        (d / "meta.json").write_text(json.dumps(meta))
    return edit


DAMAGE = {
    "meta.json missing": lambda d: (d / "meta.json").unlink(),
    "meta.json empty": lambda d: (d / "meta.json").write_text(""),
    "meta.json garbled": lambda d: (d / "meta.json").write_text("{\"format\": 2, \"dimen"),
    "meta.json a list": lambda d: (d / "meta.json").write_text("[2]"),
    "meta.json claims edited": _edit_meta("claims", [["nope", 0]]),
    "meta.json dimension edited": _edit_meta("dimension", 384),
    "meta.json dimension nonsense": _edit_meta("dimension", -1),
    "meta.json counts edited": _edit_meta("articles", 99),
    "embedder name edited": _edit_meta("embedder", "all-MiniLM-L6-v2"),
    "old format": _edit_meta("format", 1),
    "index.faiss missing": lambda d: (d / "index.faiss").unlink(),
    "index.faiss empty": lambda d: (d / "index.faiss").write_bytes(b""),
    "index.faiss garbled": lambda d: (d / "index.faiss").write_bytes(b"IxMp" + os.urandom(200)),
    "articles.jsonl truncated": lambda d: (d / "articles.jsonl").write_text(
        (d / "articles.jsonl").read_text()[:-40]),
    "articles.jsonl empty": lambda d: (d / "articles.jsonl").write_text(""),
    "sentences.jsonl garbled": lambda d: (d / "sentences.jsonl").write_text("{oops\n"),
    "sentences.jsonl missing": lambda d: (d / "sentences.jsonl").unlink(),
    "a file instead of the directory": None,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_index_gives_one_line_and_exit_2(tmp_path, fast_cli, capsys, damage):
    target = build(tmp_path)
    if DAMAGE[damage] is None:
        import shutil

        shutil.rmtree(target)
        target.write_text("not an index")
    else:
        DAMAGE[damage](target)
    draft = tmp_path / "draft.txt"
    draft.write_text(STORY)
    capsys.readouterr()
    assert fast_cli(["vet", str(draft), "--index", str(target), "--no-nli"]) == 2
    (line,) = error_lines(capsys)
    assert line.startswith("error: ") and len(line) < 400
    if damage != "embedder name edited":
        with pytest.raises(IndexFormatError):
            CorpusIndex.load(target)


def test_extending_with_another_embedder_is_refused(tmp_path):
    target = build(tmp_path)
    index = CorpusIndex.load(target)

    class Other(HashEmbedder):
        name = "another-model"

    with pytest.raises(IndexFormatError, match="another-model"):
        index_articles([Article(id="x", outlet="o", path="x", text=STORY)], Other(), into=index)
    with pytest.raises(IndexFormatError):
        CorpusIndex.load(target, embedder=Other())


# --- article identity -------------------------------------------------------------------------------------


def test_same_name_in_another_folder_is_a_new_article(tmp_path, fast_cli, capsys):
    (tmp_path / "day1").mkdir()
    (tmp_path / "day2").mkdir()
    (tmp_path / "day1" / "story.txt").write_text(STORY)
    (tmp_path / "day2" / "story.txt").write_text(OTHER)
    target = tmp_path / "idx"
    assert fast_cli(["index", str(tmp_path / "day1"), "-o", str(target)]) == 0
    assert fast_cli(["index", str(tmp_path / "day2"), "-o", str(target)]) == 0
    assert "(1 new)" in capsys.readouterr().out
    assert len(CorpusIndex.load(target).articles) == 2


def test_ids_do_not_depend_on_order_or_on_other_articles(tmp_path):
    a, b = corpus(tmp_path / "a", 2), corpus(tmp_path / "b", 2, tag="Update.")
    one = [x.id for x in ingest([a, b]).articles]
    two = [x.id for x in ingest([b, a]).articles]
    assert one == two and len(set(one)) == 4
    (a / "story9.txt").write_text(OTHER)
    assert set(one) <= {x.id for x in ingest([a, b]).articles}
    assert all(x.id.startswith("story") and "@" in x.id for x in ingest([a]).articles)  # readable


# --- inputs --------------------------------------------------------------------------------------------------


def test_own_findings_file_in_the_corpus_is_not_an_article(tmp_path, fast_cli):
    src = corpus(tmp_path / "c")
    assert fast_cli(["scan", str(src), "-o", str(src / "flagged.jsonl"), "--no-nli", "--quiet"]) in (0, 3)
    assert read_jsonl(src / "flagged.jsonl")  # it holds findings, each with an article's fields inside
    result = ingest([src])
    assert len(result.articles) == 2
    assert any("findings file" in s.reason for s in result.skipped)


def test_rescanning_a_corpus_with_its_own_empty_output_inside_works(tmp_path, fast_cli):
    src = tmp_path / "c"
    src.mkdir()
    (src / "story0.txt").write_text(STORY)
    (src / "flagged.jsonl").write_text("")  # a scan that found nothing
    assert fast_cli(["scan", str(src), "-o", str(src / "flagged.jsonl"), "--no-nli", "--quiet"]) == 3
    (src / "out.txt").write_text((src / "story0.txt").read_text())
    assert fast_cli(["scan", str(src), "-o", str(src / "out.txt"), "--no-nli", "--quiet"]) == 2  # an article


def test_index_inside_the_corpus_is_not_read(tmp_path):
    src = corpus(tmp_path / "c")
    index_articles(ingest([src]).articles, HashEmbedder()).save(src / "index")
    assert len(ingest([src]).articles) == 2


def test_symlink_out_of_the_corpus_is_skipped(tmp_path):
    src = corpus(tmp_path / "c", 1)
    secret = tmp_path / "private.txt"
    secret.write_text("The password of the account is held by the bank since Monday.")
    (src / "link.txt").symlink_to(secret)
    result = ingest([src])
    assert len(result.articles) == 1 and "password" not in result.articles[0].text
    assert any("outside the corpus" in s.reason for s in result.skipped)


def test_a_string_path_is_one_path(tmp_path, monkeypatch):
    corpus(tmp_path / "good", 2)
    monkeypatch.chdir(tmp_path)
    assert len(ingest("good").articles) == 2
    from contradict.pipeline import build_index

    index, report = build_index("good/", HashEmbedder())
    assert len(index.articles) == 2 and not report.skipped


def test_deep_json_and_failing_stat_are_skip_reasons(tmp_path, monkeypatch):
    src = corpus(tmp_path / "c", 1)
    (src / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (src / "deep.jsonl").write_text('{"text": "x"}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    locked = src / "locked.txt"
    locked.write_text(STORY)
    real_is_file = Path.is_file

    def is_file(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    result = ingest([src])
    why = {s.path.rsplit("/", 1)[-1]: s.reason for s in result.skipped}
    assert "nested too deeply" in why["deep.json"]
    assert "nested too deeply" in why["deep.jsonl:line 2"]
    assert "Permission denied" in why["locked.txt"]
    assert len(result.articles) == 2  # story0 and the first line of deep.jsonl


def test_a_newline_in_a_file_name_stays_on_one_line(tmp_path):
    src = corpus(tmp_path / "c", 1)
    (src / "bad\nname.txt").write_text("")
    (skip,) = ingest([src]).skipped
    assert "\n" not in skip.path and "bad\\nname.txt" in skip.path


def test_utf16_and_latin1_are_decoded_and_named(tmp_path):
    src = tmp_path / "c"
    src.mkdir()
    (src / "wide.txt").write_bytes(STORY.encode("utf-16"))
    (src / "old.txt").write_bytes(("Le caf\xe9 a rouvert lundi apr\xe8s des travaux. " + OTHER).encode("latin-1"))
    result = ingest([src])
    texts = {a.path.rsplit("/", 1)[-1]: a.text for a in result.articles}
    assert "approved the budget" in texts["wide.txt"] and "caf\xe9" in texts["old.txt"]
    assert any("old.txt" in w and "cp1252" in w for w in result.warnings)
    assert any("wide.txt" in w and "utf-16" in w for w in result.warnings)


# --- CLI options that did nothing ----------------------------------------------------------------------------


def test_scan_save_index_saves_the_index(tmp_path, fast_cli):
    src = corpus(tmp_path / "c")
    out, idx = tmp_path / "f.jsonl", tmp_path / "idx"
    assert fast_cli(["scan", str(src), "-o", str(out), "--save-index", str(idx), "--no-nli", "--quiet"]) == 0
    assert len(CorpusIndex.load(idx).articles) == 2


@pytest.mark.parametrize("argv", [["vet", "d.txt", "--index", "i", "-k", "-5"],
                                  ["scan", "c", "-k", "0"], ["scan", "c", "--max-file-mb", "-1"]])
def test_nonsense_numbers_are_refused_by_the_parser(argv):
    with pytest.raises(SystemExit) as exc:
        cli.build_parser().parse_args(argv)
    assert exc.value.code == 2


def test_vet_max_file_mb_is_used(tmp_path, fast_cli, capsys):
    target = build(tmp_path)
    draft = tmp_path / "draft.txt"
    draft.write_text(STORY * 20_000)  # ~2.6 MB
    assert fast_cli(["vet", str(draft), "--index", str(target), "--no-nli", "--max-file-mb", "1"]) == 2
    assert "limit" in capsys.readouterr().err


def test_markdown_patterns_are_linear(tmp_path):
    import time

    src = tmp_path / "c"
    src.mkdir()
    (src / "images.md").write_text(("![" * 40 + "\n") * 12_000 + "\n\n" + STORY)  # ~1 MB of unclosed images
    (src / "links.md").write_text("[a](" * 250_000 + "\n\n" + STORY)
    start = time.perf_counter()
    result = ingest([src])
    assert time.perf_counter() - start < 10  # was minutes (quadratic backtracking)
    assert len(result.articles) == 2


def test_a_file_named_alone_keeps_its_manifest_metadata(tmp_path):
    src = corpus(tmp_path / "c", 1)
    (src / "manifest.jsonl").write_text(json.dumps({"file": "story0.txt", "outlet": "Courier"}) + "\n")
    (article,) = ingest([src / "story0.txt"]).articles
    assert article.outlet == "Courier"


def test_python_scan_checks_its_output_first_and_keeps_it_when_nothing_is_read(tmp_path):
    from contradict.pipeline import Judges, scan
    from contradict.safeio import OutputError

    embedder = HashEmbedder()
    judges = Judges(embedder, nli_model=None)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(STORY)
    with pytest.raises(OutputError):  # the output may not be one of the inputs
        scan([tmp_path / "corpus"], tmp_path / "corpus" / "a.txt", embedder=embedder, judges=judges)
    assert (tmp_path / "corpus" / "a.txt").read_text() == STORY
    previous = tmp_path / "flagged.jsonl"
    previous.write_text("kept\n")
    (tmp_path / "empty").mkdir()
    findings, report = scan(str(tmp_path / "empty"), previous, embedder=embedder, judges=judges)
    assert report.articles == 0 and previous.read_text() == "kept\n"


def test_python_vet_checks_its_arguments_early(tmp_path):
    from contradict.pipeline import Judges, build_index, vet

    embedder = HashEmbedder()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(STORY)
    index, _ = build_index(str(tmp_path / "corpus"), embedder)
    judges = Judges(embedder, nli_model=None)
    for bad in (None, 123):
        with pytest.raises(TypeError, match="draft_text"):
            vet(bad, index, judges=judges, embedder=embedder)
    with pytest.raises(ValueError, match="k must be"):
        vet(OTHER, index, judges=judges, embedder=embedder, k=-5)
    with pytest.raises(TypeError, match="index must be"):
        vet(OTHER, ["not an index"], judges=judges, embedder=embedder)
    index.save(tmp_path / "idx")
    assert vet(OTHER, str(tmp_path / "idx"), judges=judges, embedder=embedder)  # a path is loaded


def test_findings_do_not_depend_on_the_order_the_corpus_is_listed_in(tmp_path):
    from contradict.pipeline import Judges, scan

    from tests.conftest import SEEDS

    embedder = HashEmbedder()
    judges = Judges(embedder, nli_model=None)
    files = sorted(p for p in SEEDS.glob("*.txt"))
    outputs = []
    for n, order in enumerate((files, files[::-1], files[2:] + files[:2])):
        out = tmp_path / f"flagged-{n}.jsonl"
        findings, _ = scan(order, out, embedder=embedder, judges=judges)
        assert findings
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("damage", ["no weights", "truncated weights", "garbled tokenizer"])
def test_a_damaged_nli_model_is_reported_and_the_scan_goes_on(tmp_path, damage):
    from contradict.nli_model import DEFAULT_MODEL_DIR
    from contradict.pipeline import Judges

    model_dir = tmp_path / "model"
    model_dir.mkdir()
    for f in DEFAULT_MODEL_DIR.iterdir():
        if damage == "no weights" and f.suffix == ".safetensors":
            continue
        target = model_dir / f.name
        if damage == "truncated weights" and f.suffix == ".safetensors":
            target.write_bytes(f.read_bytes()[:4096])
        elif damage == "garbled tokenizer" and f.name == "tokenizer.json":
            target.write_text("{not json")
        else:
            target.symlink_to(f)
    judges = Judges(HashEmbedder(), nli_model=model_dir, precision="fp32")
    assert "nli" not in judges.names
    assert str(model_dir) in judges.missing["nli"] and "\n" not in judges.missing["nli"]


def test_outputs_of_one_scan_may_not_overwrite_each_other(tmp_path, capsys):
    from contradict.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Officials said 12 people died in the floods on Monday.\n")
    same = tmp_path / "out.jsonl"
    assert main(["scan", str(corpus), "-o", str(same), "--claims", str(same), "--no-nli"]) == 2
    assert "same place" in capsys.readouterr().err and not same.exists()
    html = tmp_path / "x.html"
    assert main(["scan", str(corpus), "-o", str(tmp_path / "f.jsonl"), "--claims", str(html), "--html", str(html),
                 "--no-nli"]) == 2
    assert not html.exists()
