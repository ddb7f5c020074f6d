"""Fault matrix at a larger size than the tests: killed saves, concurrent writers, damaged indexes, input fuzz.

    .venv/bin/python scripts/fault_check.py                 # 200 articles, 20 kills, 4 writers, 1000 fuzz inputs
    .venv/bin/python scripts/fault_check.py --kills 5 --fuzz 200

Prints a table: case, runs, passed, data lost (articles of a committed index that went missing; must be 0).
Offline and model-free: the hash embedder of the tests stands in for all-MiniLM-L6-v2, no NLI.
A benchmark-style check, not a test: it takes about a minute.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from contradict.index import CorpusIndex  # noqa: E402
from contradict.ingest import ingest  # noqa: E402
from tests.conftest import HashEmbedder  # noqa: E402

WORDS = ("council budget vote strike boats officials said Monday police bridge school funding critics plan "
         "approved rejected million people killed least three four nine harbour court ruling minister").split()


def article_text(rng: random.Random, n: int) -> str:
    sentences = []
    for _ in range(6):
        words = rng.sample(WORDS, 8)
        sentences.append(f"The {' '.join(words)} at least {rng.randint(2, 90)} times in case {n}.")
    return " ".join(sentences)


def make_corpus(root: Path, count: int, seed: int, tag: str) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (root / f"{tag}{i:04d}.txt").write_text(article_text(rng, i))
    return root


SAVER = textwrap.dedent("""
    import sys
    from contradict.index import CorpusIndex
    from contradict.pipeline import index_articles
    from contradict.schema import Article
    from tests.conftest import HashEmbedder
    target = sys.argv[1]
    index = CorpusIndex.load(target)
    embedder = HashEmbedder()
    print("ready", flush=True)
    n = 0
    while True:  # save again and again until killed: the kill lands anywhere in a save
        extra = Article(id=f"extra{n}", outlet=f"o{n}", path="x", text=f"The extra vote {n} passed on Monday.")
        index_articles([extra], embedder, into=index)
        index.save(target)
        n += 1
""")


def kill_matrix(work: Path, articles: int, kills: int, rng: random.Random) -> tuple[int, int, int]:
    from contradict.pipeline import build_index

    index, _ = build_index([make_corpus(work / "kill-src", articles, 1, "k")], HashEmbedder())
    target = work / "kill-idx"
    index.save(target)
    committed = set(index.articles)
    passed = lost = 0
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(target)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:
            loaded = CorpusIndex.load(target)
        except Exception as exc:  # noqa: BLE001 - counted, reported
            print(f"  kill: index not loadable after the kill: {exc}", file=sys.stderr)
            lost += len(committed)
            continue
        missing = committed - set(loaded.articles)
        lost += len(missing)
        passed += not missing
        committed = set(loaded.articles)  # what is on disk now is committed
    return kills, passed, lost


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tests.conftest import HashEmbedder
    from contradict.cli import run_index
    code, summary = run_index([Path(sys.argv[1])], Path(sys.argv[2]), HashEmbedder(), max_bytes=1 << 20)
    sys.exit(code)
""")


def concurrency(work: Path, articles: int, writers: int) -> tuple[int, int, int]:
    per = articles // writers
    sources = [make_corpus(work / f"conc-{w}", per, 10 + w, f"w{w}-") for w in range(writers)]
    target = work / "conc-idx"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(src), str(target)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for src in sources]
    ok = sum(p.wait(timeout=600) == 0 for p in procs)
    found = len(CorpusIndex.load(target).articles)
    return writers, ok if found == per * writers else 0, per * writers - found


def damage_matrix(work: Path, articles: int) -> tuple[int, int, int]:
    import shutil

    from contradict import cli
    from contradict.pipeline import build_index
    from tests.test_faults import DAMAGE, FastEmbedder

    import contradict.embed
    import contradict.pipeline

    contradict.embed.Embedder = contradict.pipeline.Embedder = FastEmbedder
    index, _ = build_index([make_corpus(work / "dmg-src", articles, 2, "d")], HashEmbedder())
    draft = work / "draft.txt"
    draft.write_text("The council approved the budget on Monday, officials said.")
    passed = 0
    for name, damage in DAMAGE.items():
        target = work / "dmg" / name.replace(" ", "-")
        index.save(target)
        if damage is None:
            shutil.rmtree(target)
            target.write_text("not an index")
        else:
            damage(target)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["vet", str(draft), "--index", str(target), "--no-nli"])
        lines = [line for line in err.getvalue().splitlines() if line.strip()]
        good = code == 2 and len(lines) == 1 and lines[0].startswith("error: ")
        passed += good
        if not good:
            print(f"  damage {name!r}: exit {code}, {len(lines)} lines", file=sys.stderr)
    return len(DAMAGE), passed, 0


def fuzz_input(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.randrange(8)
    if kind == 0:
        return ".txt", os.urandom(rng.randint(1, 3000))
    if kind == 1:
        return ".txt", "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 800))).encode("utf-8")
    if kind == 2:
        depth = rng.randint(1, 200_000)
        return rng.choice([".json", ".jsonl"]), ("[" * depth + "]" * depth).encode()
    if kind == 3:
        bom = rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00"])
        return ".txt", bom + os.urandom(rng.randint(0, 500))
    if kind == 4:
        return ".md", ("![" * rng.randint(1, 400) + "](" * rng.randint(0, 50)).encode()
    if kind == 5:
        item = {"text": rng.choice(["", " ", None, 3, ["a"], "The vote passed on Monday."]),
                "id": rng.choice([None, "", 0, True, "x", ["y"]]), "outlet": rng.choice([None, 5, "A"])}
        return ".jsonl", (json.dumps(item) + "\n" + "{oops\n").encode()
    if kind == 6:
        return ".html", b"<html><body>" + os.urandom(rng.randint(0, 800)) + b"</body>"
    return ".txt", ("The vote passed " + "and " * rng.randint(0, 2000) + ".").encode("latin-1")


def fuzz(work: Path, count: int, rng: random.Random) -> tuple[int, int, int]:
    root = work / "fuzz"
    passed = 0
    batch = 50
    for start in range(0, count, batch):
        folder = root / f"b{start}"
        folder.mkdir(parents=True)
        n = min(batch, count - start)
        for i in range(n):
            suffix, data = fuzz_input(rng)
            (folder / f"f{i}\n{rng.randrange(99)}{suffix}").write_bytes(data)  # newlines in names too
        try:
            result = ingest(str(folder))
        except Exception as exc:  # noqa: BLE001 - a crash is what this counts
            print(f"  fuzz batch {start}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        accounted = len({a.path for a in result.articles} | {s.path.split(":line")[0] for s in result.skipped})
        passed += n if accounted >= 1 and all("\n" not in s.path for s in result.skipped) else 0
    return count, passed, 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--fuzz", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = []
    with tempfile.TemporaryDirectory(prefix="fault-check-") as tmp:
        work = Path(tmp)
        for name, run in [
            (f"kill a saver at random moments ({args.articles} articles)",
             lambda: kill_matrix(work, args.articles, args.kills, rng)),
            (f"{args.writers} concurrent index writers ({args.articles} articles)",
             lambda: concurrency(work, args.articles, args.writers)),
            ("damaged indexes: one line, exit 2", lambda: damage_matrix(work, args.articles)),
            ("ingest fuzz (random/adversarial files)", lambda: fuzz(work, args.fuzz, rng)),
        ]:
            start = time.perf_counter()
            cases, passed, lost = run()
            rows.append((name, cases, passed, lost, time.perf_counter() - start))
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'runs':>5}  {'passed':>6}  {'data lost':>9}  {'seconds':>7}")
    for name, cases, passed, lost, seconds in rows:
        print(f"{name:<{width}}  {cases:>5}  {passed:>6}  {lost:>9}  {seconds:>7.1f}")
    ok = all(r[1] == r[2] and r[3] == 0 for r in rows)
    print("all passed, no data lost" if ok else "FAILURES above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
