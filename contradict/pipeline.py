"""The whole path: files -> articles -> claims -> embeddings -> index -> pairs -> judges -> findings.

``scan`` runs it over a corpus; ``build_index``/``vet`` let an editor check a draft against a corpus.
"""

from __future__ import annotations

import inspect
import json
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from contradict.embed import Embedder, Encoder, embedder_in
from contradict.findings import combine, sort_findings
from contradict.index import CorpusIndex
from contradict.ingest import DEFAULT_MAX_BYTES, READ_FILES, IngestResult, ReadFiles, ingest
from contradict.judges.base import Judge, run_judges
from contradict.judges.degree import DegreeJudge
from contradict.judges.polarity import PolarityJudge
from contradict.judges.nli import NLIJudge
from contradict.judges.quantity import QuantityJudge
from contradict.judges.update import UpdateJudge
from contradict.nli_model import DEFAULT_MODEL_DIR, ModelNotCalibratedError, ModelNotFoundError, NLIModel
from contradict.pair import query_pairs
from contradict.schema import Article, CandidatePair, Finding, ScanReport, Sentence, SkippedFile
from contradict.segment import segment
from contradict.settings import Settings

DRAFT_ID = "<draft>"
ENGINES = ("local", "ray")  # where a scan's reading and model calls run (``Finder(engine=...)``)


class Judges:
    """The configured judges, in order: quantity, degree, polarity, update (time), and NLI when its model is
    present.  ``judges`` may be extended with any object that follows
    ``contradict.judges.base.Judge``; findings combine their verdicts without naming them."""

    def __init__(self, embedder: Embedder, nli_model: str | Path | NLIModel | None = DEFAULT_MODEL_DIR,
                 precision: str = "auto", progress: bool = False, settings: Settings | None = None) -> None:
        """``nli_model``: the model's directory, or a model already made (an ``NLIModel``, or anything with
        its ``predict_proba``, ``labels``, ``precision``, ``path`` and threshold: ``ray_engine.RemoteNLIModel``)."""
        settings = settings or Settings()
        self.settings, self.embedder = settings, embedder
        self.agreement_bonus, self.same_version = settings.agreement_bonus, settings.same_version
        self.judges: list[Judge] = [
            QuantityJudge(embedder, settings=settings), DegreeJudge(settings=settings),
            PolarityJudge(settings=settings), UpdateJudge(settings=settings)]
        self.missing: dict[str, str] = {}
        self.nli_precision: str | None = None
        self.nli_model_dir: Path | None = None
        self._fingerprint: str | None = None
        if nli_model is None:
            self.missing["nli"] = "turned off"
        else:
            try:
                model = nli_model if hasattr(nli_model, "predict_proba") else \
                    NLIModel.load(nli_model, precision=precision)
                nli = NLIJudge(model, progress=progress)
            except (ModelNotFoundError, ModelNotCalibratedError) as exc:
                self.missing["nli"] = str(exc)
            else:
                self.judges.append(nli)
                self.nli_precision = nli.model.precision
                self.nli_model_dir = Path(model.path) if getattr(model, "path", None) else None

    @property
    def names(self) -> list[str]:
        return [judge.name for judge in self.judges]

    @property
    def fingerprint(self) -> str:
        """What these judges' verdicts depend on besides the pairs (``verdict_cache.judges_fingerprint``)."""
        if self._fingerprint is None:
            from contradict.verdict_cache import judges_fingerprint

            model_files = ([self.nli_model_dir / name for name in ("model.safetensors", "thresholds.json")]
                           if self.nli_model_dir else [])
            self._fingerprint = judges_fingerprint(
                self.names, self.settings.model_dump_json(), model_files,
                extra=[f"encoder={getattr(self.embedder, 'name', '')}", f"precision={self.nli_precision}"])
        return self._fingerprint

    def judge(self, pairs: list[CandidatePair], articles: dict[str, Article], cache=None,
              sentences: Mapping[str, list[Sentence]] | None = None) -> list[Finding]:
        """Findings of the pairs, best first; ``cache``: a ``verdict_cache.VerdictCache`` of these judges
        (pairs it holds are not judged again); ``sentences``: the articles' sentences (``CorpusIndex.sentences``)."""
        if cache is not None and cache.fingerprint != self.fingerprint:
            raise ValueError("the verdict cache was made for other judges (see Judges.fingerprint)")
        rows = cache.run(lambda todo: run_judges(self.judges, todo), pairs) if cache is not None \
            else run_judges(self.judges, pairs)
        findings = []
        for pair, verdicts in zip(pairs, rows, strict=True):
            finding = combine(pair, verdicts, articles, agreement_bonus=self.agreement_bonus, sentences=sentences)
            if finding:
                findings.append(finding)
        return sort_findings(findings, self.same_version)


class _Stopwatch:
    """Wall and CPU seconds per stage (CPU: this process, all threads; on a busy machine wall time says
    little and CPU time still says where the work goes)."""

    def __init__(self, workers=None) -> None:
        """``workers``: an engine whose ``worker_cpu`` counts the CPU seconds of its other processes (the Ray
        engine's workers), told per stage in ``worker_cpu_seconds``."""
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self.worker_cpu_seconds: dict[str, float] = {}
        self.workers = workers

    @contextmanager
    def stage(self, name: str):
        start, cpu_start = time.perf_counter(), time.process_time()
        worker_start = self.workers.worker_cpu if self.workers is not None else 0.0
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 3)
            self.cpu_seconds[name] = round(self.cpu_seconds.get(name, 0.0) + time.process_time() - cpu_start, 3)
            if self.workers is not None:
                self.worker_cpu_seconds[name] = round(self.worker_cpu_seconds.get(name, 0.0)
                                                      + self.workers.worker_cpu - worker_start, 3)

    def tell(self, report: ScanReport) -> None:
        report.seconds, report.cpu_seconds = self.seconds, self.cpu_seconds
        report.worker_cpu_seconds = self.worker_cpu_seconds


def _drop_claimless(index: CorpusIndex, skipped: list[SkippedFile]) -> None:
    """Articles with no claim sentence leave the index and are reported as skipped."""
    for article in index.remove_claimless():
        skipped.append(SkippedFile(path=article.path, reason="no claim sentences after cleaning "
                                   "(only headings, questions or very short lines)"))


def build_index(paths: Iterable[str | Path], embedder: Embedder | None = None, progress: bool = False,
                max_bytes: int = DEFAULT_MAX_BYTES, into: CorpusIndex | None = None,
                settings: Settings | None = None) -> tuple[CorpusIndex, ScanReport]:
    """Read a corpus and index its claims (adding to ``into`` if given: articles already there are
    not re-embedded); the report says what was read and skipped; ``settings``: how articles are read
    and cut into claims (default ``defaults()``)."""
    return Finder(embedder, nli_model=None, progress=progress, max_bytes=max_bytes,
                  settings=settings).build_index(paths, into=into)


def index_articles(articles: Iterable[Article], encoder: Encoder, *, into: CorpusIndex | None = None,
                   progress: bool = False, settings: Settings | None = None) -> CorpusIndex:
    """Segment -> embed -> index: the articles not yet in ``into`` (a new index if not given) are split
    into sentences (``settings``: the segmenter's limits), their claim sentences encoded, and both handed
    to the index.  Articles with no claim sentence are stored too (``CorpusIndex.remove_claimless``)."""
    articles = list(articles)
    if into is not None:
        into.check_embedder(encoder)  # before the work
    # a new index is made once the vectors are there: an encoder whose model is elsewhere (the Ray engine's)
    # then tells its dimension from them
    fresh = into.unseen(articles) if into is not None else _first_of_each(articles)
    sentences = {article.id: segment(article, settings) for article in fresh}
    claims = [s for article in fresh for s in sentences[article.id] if s.is_claim]
    vectors = encoder.encode([c.text for c in claims], progress=progress) if claims else None
    index = into if into is not None else \
        CorpusIndex(vectors.shape[1] if vectors is not None else encoder.dimension, encoder.name)
    index.check_embedder(encoder)
    index.last_offered = [a.id for a in articles]
    index.add(fresh, sentences, vectors if vectors is not None else np.zeros((0, index.dimension), dtype=np.float32))
    return index


def _first_of_each(articles: list[Article]) -> list[Article]:
    """The articles in order, an id given twice counted once (``CorpusIndex.unseen`` of an empty index)."""
    seen: set[str] = set()
    return [a for a in articles if not (a.id in seen or seen.add(a.id))]


def _index_articles(result: IngestResult, embedder: Encoder, progress: bool, into: CorpusIndex | None = None,
                    only_read: bool = False, settings: Settings | None = None) -> tuple[CorpusIndex, ScanReport]:
    """Segment and embed what ingest read; articles left with no claim are reported as skipped.
    ``only_read``: the index returned holds just the articles read now, in the order read (``into`` lends
    the claims and vectors of those it holds), not whatever else ``into`` held."""
    report = ScanReport(skipped=result.skipped, warnings=result.warnings, reused_files=result.reused_files)
    if into is not None:
        report.reused_articles = len({a.id for a in result.articles}) - len(into.unseen(result.articles))
    index = index_articles(result.articles, embedder, into=into, progress=progress, settings=settings)
    if into is not None and only_read:
        index = index.subset(a.id for a in result.articles)
    _drop_claimless(index, report.skipped)
    _count(index, report)
    return index, report


def _count(index: CorpusIndex, report: ScanReport) -> None:
    report.articles = len(index.articles)
    report.sentences = sum(len(s) for s in index.sentences.values())
    report.claims = len(index)
    report.removed_blocks = dict(sorted(Counter(b.kind for a in index.articles.values() for b in a.removed).items()))


def scan(paths: Sequence[str | Path], output: str | Path | None = None, *, embedder: Embedder | None = None,
         judges: Judges | None = None, nli_model: str | Path | None = DEFAULT_MODEL_DIR, precision: str | None = None,
         k: int = 10, progress: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, by_story: bool = True,
         claims_output: str | Path | None = None) -> tuple[list[Finding], ScanReport]:
    """Find cross-outlet conflicts in a corpus; write them as JSONL to ``output`` if given (and the claim
    table beside it, ``flagged.claims.jsonl``, or to ``claims_output``)."""
    findings, report, _ = scan_with_pairs(paths, output, embedder=embedder, judges=judges, nli_model=nli_model,
                                          precision=precision, k=k, progress=progress, max_bytes=max_bytes,
                                          by_story=by_story, claims_output=claims_output)
    return findings, report


def scan_with_pairs(paths: Sequence[str | Path], output: str | Path | None = None, *,
                    embedder: Embedder | None = None, judges: Judges | None = None,
                    nli_model: str | Path | None = DEFAULT_MODEL_DIR, precision: str | None = None, k: int = 10,
                    progress: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, by_story: bool = True,
                    claims_output: str | Path | None = None
                    ) -> tuple[list[Finding], ScanReport, list[CandidatePair]]:
    """``scan``, also returning every candidate pair the judges saw (for evaluation and diagnosis)."""
    finder = Finder(embedder, judges, nli_model=nli_model, precision=precision, k=k, progress=progress,
                    max_bytes=max_bytes, by_story=by_story)
    return finder.scan_with_pairs(paths, output, claims_output=claims_output)


def vet(draft_text: str, index: CorpusIndex | str | Path, *, judges: Judges | None = None,
        embedder: Embedder | None = None, outlet: str = "draft", k: int = 10) -> list[Finding]:
    """Findings for a draft's claims against an indexed corpus, draft on the ``left`` side, best first.

    ``index``: a ``CorpusIndex`` or the path of a saved one.  The models load once per embedder given
    (and once for the default), so vetting draft after draft stays warm; a ``Finder`` gives full control.
    """
    warm = _warm_finder(embedder)
    finder = warm if judges is None else Finder(warm.embedder, judges)
    return finder.vet(draft_text, index, outlet=outlet, k=k)


# Finders kept warm for ``vet``: the default one, and the one of the last embedder given (held only until
# another is given, so no embedder is pinned for the life of the process); a call never gets the judges
# built for another embedder.
_WARM_DEFAULT: list[Finder] = []
_WARM_LAST: list[Finder] = []


def _warm_finder(embedder: Embedder | None) -> Finder:
    if embedder is None:
        if not _WARM_DEFAULT:
            _WARM_DEFAULT.append(Finder())
        return _WARM_DEFAULT[0]
    if not _WARM_LAST or _WARM_LAST[0].embedder is not embedder:
        _WARM_LAST[:] = [Finder(embedder)]
    return _WARM_LAST[0]




STORIES_ATTACHMENT = "stories"


def _stories_key(index: CorpusIndex, settings: Settings) -> str:
    """What an index's stories depend on: its articles, its claims and the story settings."""
    import hashlib

    articles = hashlib.blake2b("\n".join(sorted(index.articles)).encode(), digest_size=12).hexdigest()
    return json.dumps({"articles": articles, "claims": len(index), "settings": settings.stories()}, sort_keys=True)


def stories_of(index: CorpusIndex, settings: Settings, found: list | None = None) -> list:
    """The index's stories, kept on it (in memory, and as its ``stories`` attachment, saved with it) until
    articles or claims are added or the story settings change: a service vetting draft after draft groups
    the articles once, and a new process (``contradict vet``) reads them from the saved index instead of
    grouping them again (1.7 s on 1,000 articles).  ``found``: the stories a scan has just found."""
    from contradict.schema import Story
    from contradict.stories import find_stories

    key = _stories_key(index, settings)
    cached = getattr(index, "_stories_cache", None)
    if found is None and cached is not None and cached[0] == key:
        return cached[1]
    saved = index.attachments.get(STORIES_ATTACHMENT, [])
    if found is None and saved and saved[0] == key:
        try:
            found = [Story.model_validate_json(line) for line in saved[1:]]
        except ValueError:
            found = None  # written by another version: grouped again below
    if found is None:
        found = find_stories(index, **settings.stories())
    index._stories_cache = (key, found)
    index.attachments[STORIES_ATTACHMENT] = [key, *(story.model_dump_json() for story in found)]
    return found



def _neighbours(k: int) -> int:
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1 (neighbours looked at per claim), not {k!r}")
    return k


class Finder:
    """The finder with its models loaded once: ``build_index``, ``scan``, ``vet``.

        finder = Finder()                       # all-MiniLM-L6-v2 and the shipped NLI model
        index, report = finder.build_index(["seeds/"])
        findings = finder.vet(draft_text, index)
        findings, report = finder.scan(["corpus/"], "flagged.jsonl")

    ``embedder``: any object with ``name``, ``dimension`` and ``encode(texts)`` (default: all-MiniLM-L6-v2).
    ``settings``: the knobs (``contradict.settings.Settings``: defaults, or ``Settings.load(FILE)``); ``k``,
    ``by_story``, ``nli_model`` and ``precision`` given here override them.  ``judges``: a ``Judges``
    (default: built from the settings on first use; giving both ``judges`` and an ``nli_model`` or
    ``precision`` is an error, not a silent choice).

    ``engine``: ``"local"`` (this process), or ``"ray"``: reading, embedding and the judges' model calls run
    as Ray Data batches on a Ray cluster (``contradict.ray_engine``; ``ray_address``: an existing cluster,
    default a local Ray instance of ``ray_cpus`` CPUs, or the one this process already started; ``ray_cpus``
    also caps the workers), with the same findings.  ``judges`` given are run as they are, on this process.
    ``close()`` shuts down a Ray instance the finder started.
    """

    def __init__(self, embedder: Embedder | None = None, judges: Judges | None = None, *,
                 settings: Settings | None = None, nli_model: str | Path | None = DEFAULT_MODEL_DIR,
                 precision: str | None = None, k: int | None = None, by_story: bool | None = None,
                 progress: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, engine: str = "local",
                 ray_address: str | None = None, ray_cpus: int | None = None) -> None:
        if judges is not None and (nli_model != DEFAULT_MODEL_DIR or precision is not None):
            raise ValueError("give either judges or nli_model/precision (the judges already hold their NLI model)")
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
        if engine != "ray" and (ray_address is not None or ray_cpus is not None):
            raise ValueError("ray_address and ray_cpus are settings of the Ray engine (engine='ray')")
        self.engine = engine
        self._ray = None
        if engine == "ray":
            from contradict.ray_engine import RayEngine

            self._ray = RayEngine(ray_address, ray_cpus, progress=progress)  # no Ray: fails here, before any work
        settings = settings or Settings()
        overrides = {"k": k if k is None else _neighbours(k), "by_story": by_story, "nli_precision": precision}
        if nli_model is None:
            overrides["nli"] = False
        elif nli_model != DEFAULT_MODEL_DIR:
            overrides["nli_model"] = Path(nli_model)
        self.settings = settings.model_copy(update={name: v for name, v in overrides.items() if v is not None})
        self.embedder = embedder or embedder_in(Embedder, self.settings.embedding_precision)
        self._judges = judges
        self.k, self.by_story = self.settings.k, self.settings.by_story
        self.progress, self.max_bytes = progress, max_bytes
        self.last_draft_story: str | None = None  # the story the last vetted draft was placed in; "" for none

    @property
    def judges(self) -> Judges:
        if self._judges is None:
            settings = self.settings
            model = (settings.nli_model or DEFAULT_MODEL_DIR) if settings.nli else None
            if model is not None and self._ray is not None:
                try:
                    model = self._ray.nli_model(model, settings.nli_precision)
                except ModelNotFoundError:
                    pass  # Judges.__init__ says so, as it does locally
            self._judges = Judges(self.encoder, nli_model=model, precision=settings.nli_precision,
                                  progress=self.progress, settings=settings)
        return self._judges

    @property
    def encoder(self) -> Encoder:
        """What encodes claims for a scan: the embedder, or under the Ray engine the embedder run on the
        cluster (``ray_engine.RayEncoder``: same name, same vectors)."""
        if self._ray is None:
            return self.embedder
        if getattr(self, "_ray_encoder", None) is None or self._ray_encoder.local is not self.embedder:
            self._ray_encoder = self._ray.encoder(self.embedder)
        return self._ray_encoder

    def close(self) -> None:
        """Shut down the Ray instance this finder started (nothing for the local engine)."""
        if self._ray is not None:
            self._ray.close()

    def _ingest(self, paths, previous: CorpusIndex | None = None) -> IngestResult:
        """Read the corpus; with ``previous`` (a saved index), files unchanged since it was made are not read
        again (``ingest.ReadFiles``; the local engine: Ray workers read every file)."""
        if self._ray is not None:
            return self._ray.ingest(paths, max_bytes=self.max_bytes, language=self.settings.language_check())
        known = ReadFiles(previous.attachments.get(READ_FILES), previous.articles) if previous is not None else None
        return ingest(paths, max_bytes=self.max_bytes, progress=self.progress, language=self.settings.language_check(),
                      known=known)

    @staticmethod
    def _keep_read_files(index: CorpusIndex, result: IngestResult, keep: list[str] | None = None) -> None:
        """What each file gave, kept with the index: the files read now, after ``keep`` (the records of an
        index being extended, whose articles it keeps)."""
        lines = ReadFiles.merge(keep or (), result.read_files)
        if lines:
            index.attachments[READ_FILES] = lines
        else:
            index.attachments.pop(READ_FILES, None)

    def _load(self, watch: _Stopwatch) -> None:
        with watch.stage("load"):
            if self._ray is None:
                getattr(self.embedder, "model", None)  # load now (a lazy Embedder): the timings say where time goes
            else:
                self._ray.start()  # the cluster reached (or a local Ray started); the models load on the workers
            self.judges  # noqa: B018 - loaded here, not inside the judge stage's time

    def build_index(self, paths: Iterable[str | Path], into: CorpusIndex | None = None
                    ) -> tuple[CorpusIndex, ScanReport]:
        """Read a corpus and index its claims (adding to ``into`` if given: articles already there are not
        re-embedded); the report says what was read and skipped."""
        result = self._ingest(paths, into)
        before = list(into.attachments.get(READ_FILES, ())) if into is not None else []
        index, report = _index_articles(result, self.encoder, self.progress, into, settings=self.settings)
        # the limits its sentences were cut under: a scan with other limits reads the articles again
        index.attachments.setdefault("segmenting", [json.dumps(self.settings.segmenting(), sort_keys=True)])
        self._keep_read_files(index, result, before)
        return index, report

    def scan(self, paths: Sequence[str | Path], output: str | Path | None = None,
             claims_output: str | Path | None = None) -> tuple[list[Finding], ScanReport]:
        findings, report, _ = self.scan_with_pairs(paths, output, claims_output=claims_output)
        return findings, report

    def scan_with_pairs(self, paths: Sequence[str | Path], output: str | Path | None = None,
                        claims_output: str | Path | None = None
                        ) -> tuple[list[Finding], ScanReport, list[CandidatePair]]:
        """``scan``, also returning every candidate pair the judges saw (for evaluation and diagnosis).

        ``output`` (and the claim table's path) is checked before any work (``safeio.check_output_file``:
        not an input, not a directory, writable) and written only when at least one article was read: a
        scan that reads nothing leaves a previous output as it was.
        """
        from contradict.claim_table import claims_path, write_claims
        from contradict.ingest import is_findings_file
        from contradict.report import write_jsonl
        from contradict.safeio import check_distinct_outputs, check_output_file

        if isinstance(paths, (str, Path)):
            paths = [paths]
        if output is not None or claims_output is not None:
            claims_output = claims_output if claims_output is not None else claims_path(output)
            check_distinct_outputs({"findings": output, "claim table": claims_output})
            for target in ([output] if output is not None else []) + [claims_output]:
                check_output_file(target, inputs=paths,
                                  may_replace=lambda p: p.stat().st_size == 0 or is_findings_file(p))
        watch = _Stopwatch(self._ray)
        self._load(watch)
        with watch.stage("ingest"):
            result = self._ingest(paths)
        with watch.stage("embed"):
            index, report = _index_articles(result, self.encoder, self.progress, settings=self.settings)
        findings, pairs = self.judge_index(index, report, watch)
        if report.articles and (output is not None or claims_output is not None):
            with watch.stage("write"):
                if output is not None:
                    write_jsonl(findings, output)
                write_claims(report.claim_table, claims_output)
        watch.tell(report)
        return findings, report, pairs

    def scan_index(self, paths: Sequence[str | Path], previous: CorpusIndex | None = None
                   ) -> tuple[list[Finding], ScanReport, CorpusIndex]:
        """A scan that keeps its index, to be saved (``CorpusIndex.save``) for the next scan: articles
        ``previous`` (the index of an earlier scan) already holds are not embedded again, and pairs it
        saw judged by these same judges are not judged again (``contradict.verdict_cache``).  The index
        returned holds this corpus only, in the order read, with the verdicts attached; its findings are
        those of a fresh scan of the same corpus."""
        from contradict.verdict_cache import ATTACHMENT, VerdictCache

        if isinstance(paths, (str, Path)):
            paths = [paths]
        segmenting = json.dumps(self.settings.segmenting(), sort_keys=True)
        notes = []
        # verdicts are keyed by the pairs themselves: they stay good even when the sentences are cut anew
        saved = previous.attachments.get(ATTACHMENT) if previous is not None else None
        if previous is not None:
            previous.check_embedder(self.encoder)
            if previous.attachments.get("segmenting", [segmenting]) != [segmenting]:
                # its sentences were cut under other limits: a fresh scan would cut them as now
                notes.append("the saved index was segmented with other settings: every article is read again")
                previous = None
        watch = _Stopwatch(self._ray)
        self._load(watch)
        with watch.stage("ingest"):
            result = self._ingest(paths, previous)
        with watch.stage("embed"):
            index, report = _index_articles(result, self.encoder, self.progress, into=previous, only_read=True,
                                            settings=self.settings)
        self._keep_read_files(index, result)
        report.warnings.extend(notes)
        cache = VerdictCache.from_lines(saved, self.judges.fingerprint)
        if cache.dropped_reason:
            report.warnings.append(f"{cache.dropped_reason}: every pair is judged again")
        findings, _ = self.judge_index(index, report, watch, cache=cache)
        report.reused_pairs = cache.reused
        index.attachments[ATTACHMENT] = cache.to_lines()
        index.attachments["segmenting"] = [segmenting]
        watch.tell(report)
        return findings, report, index

    def judge_index(self, index: CorpusIndex, report: ScanReport, watch=None, cache=None
                    ) -> tuple[list[Finding], list[CandidatePair]]:
        """The scan's work after indexing (stories, pairs, judges, families, the claim table), told in
        ``report``; ``watch``: a stopwatch with ``stage(name)`` to time the stages; ``cache``: a
        ``verdict_cache.VerdictCache`` of these judges."""
        from contradict.story_context import judge_corpus

        findings, pairs, context = judge_corpus(index, self.judges, k=self.k, by_story=self.by_story, watch=watch,
                                                pairing=self.settings.pairing(), stories=self.settings.stories(),
                                                settings=self.settings, cache=cache)
        report.by_story = self.by_story
        report.stories, report.families, report.claim_table = context.stories, context.families, context.claim_table
        stories_of(index, self.settings, found=context.stories)  # saved with the index (--index): vet reads them
        report.candidate_pairs = len(pairs)
        report.findings_by_type = dict(sorted(Counter(f.type for f in findings).items()))
        report.judges_run = self.judges.names
        report.judges_missing = self.judges.missing
        report.nli_precision = self.judges.nli_precision
        return findings, pairs

    def vet(self, draft_text: str, index: CorpusIndex | str | Path, outlet: str = "draft",
            k: int | None = None) -> list[Finding]:
        """Findings for a draft's claims against an indexed corpus, draft on the ``left`` side, best first.
        ``index``: a ``CorpusIndex`` or the path of a saved one; ``k``: this call's neighbours per claim."""
        from contradict.clean import clean_text

        k = self.k if k is None else _neighbours(k)

        if not isinstance(draft_text, str):
            raise TypeError(f"draft_text must be the draft's text (str), not {type(draft_text).__name__}")
        if isinstance(index, (str, Path)):
            index = CorpusIndex.load(index)
        if not isinstance(index, CorpusIndex):
            raise TypeError(f"index must be a CorpusIndex or the path of a saved index, not {type(index).__name__}")
        index.check_embedder(self.encoder)
        text, removed = clean_text(draft_text)
        draft = Article(id=DRAFT_ID, outlet=outlet, path="<draft>", text=text, removed=removed)
        draft_sentences = segment(draft, self.settings)
        claims = [s for s in draft_sentences if s.is_claim]
        self.last_draft_story = None
        if not claims:
            return []
        texts = [c.text for c in claims]
        # a draft's few dozen claims encode faster in small padded batches than in the one-length batches of
        # a corpus (Embedder.batches).  An encoder without the options batches as it does (the Encoder protocol
        # asks only for encode(texts)).
        if "one_length" in inspect.signature(self.encoder.encode).parameters:
            vectors = self.encoder.encode(texts, batch_size=self.settings.draft_batch_size, one_length=False)
        else:
            vectors = self.encoder.encode(texts)
        target = index
        if self.by_story and len(claims) >= self.settings.draft_story_min_claims and len(index.articles) > 1:
            # Vetted against its own story only, as a scan pairs within stories: a flood's toll is no
            # answer to a quake's.  A draft of a few claims cannot be placed (thresholds.DRAFT_STORY_DISTANCE).
            from contradict.stories import draft_story, sub_index

            story = draft_story(index, stories_of(index, self.settings), [c.text for c in claims],
                                vectors, threshold=self.settings.draft_story_distance,
                                embedding_weight=self.settings.story_embedding_weight)
            self.last_draft_story = story.id if story else ""
            if story is None:
                return []  # it reports none of the indexed stories: nothing here to contradict it
            target = sub_index(index, story.articles)
        pairing = self.settings.pairing()
        pairs = query_pairs(target, claims, vectors, k=k, min_similarity=pairing["min_similarity"],
                            per_claim=pairing["figure_partners"],
                            min_figure_similarity=pairing["min_figure_similarity"],
                            near_copy_overlap=pairing["near_copy_overlap"], search=pairing["search"])
        findings = self.judges.judge(pairs, {**index.articles, DRAFT_ID: draft},
                                     sentences={**index.sentences, DRAFT_ID: draft_sentences})
        if self.last_draft_story:
            findings = [f.model_copy(update={"story": self.last_draft_story}) for f in findings]
        return findings


